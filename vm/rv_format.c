/* rv_format.c — Rust-style format specs: the text after ':' in "{:spec}".
 *
 *   spec := [[fill]align][sign]['#']['0'][width]['.' precision][type]
 *   align := '<' | '^' | '>'      sign := '+' | '-'
 *   type  := '?' | 'x' | 'X' | 'b' | 'o' | 'e' | 'E'
 *
 * Numbers align right by default, everything else left. Precision gives
 * fixed decimals on floats (and on integers, converted to float: language doc
 * §2.8), truncates strings to that many characters. The '0' flag pads numbers
 * with zeros after the sign and radix prefix. Width counts code points.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rv_vm.h"

/* Width and precision beyond this are rejected as malformed. */
#define FMT_MAX_NUM 100000

typedef struct FmtSpec {
    char fill[5];       /* UTF-8 code point, NUL-terminated */
    size_t filln;
    char align;         /* 0 (default), '<', '^', '>' */
    char sign;          /* 0, '+', '-' */
    bool alt, zero;
    int width;          /* -1 = none */
    int prec;           /* -1 = none */
    char type;          /* 0 = display */
} FmtSpec;

static _Noreturn void bad_spec(RvVM *vm, const char *s, size_t n)
{
    rv_throw(vm, RV_E_VALUE, "invalid format spec '%.*s'", (int)n, s);
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static size_t utf8_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static bool is_align(char c)
{
    return c == '<' || c == '^' || c == '>';
}

/* Read a decimal number at s[*i]; -1 when there is no digit. */
static int read_num(RvVM *vm, const char *s, size_t n, size_t *i)
{
    if (*i >= n || s[*i] < '0' || s[*i] > '9')
        return -1;
    long v = 0;
    for (; *i < n && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
        v = v * 10 + (s[*i] - '0');
        if (v > FMT_MAX_NUM)
            bad_spec(vm, s, n);
    }
    return (int)v;
}

static void parse_spec(RvVM *vm, const char *s, size_t n, FmtSpec *f)
{
    memset(f, 0, sizeof *f);
    f->fill[0] = ' ';
    f->filln = 1;
    f->width = f->prec = -1;
    size_t i = 0, cl = n ? utf8_len((unsigned char)s[0]) : 0;
    if (n > cl && is_align(s[cl])) {
        memcpy(f->fill, s, cl);
        f->fill[cl] = '\0';
        f->filln = cl;
        f->align = s[cl];
        i = cl + 1;
    } else if (n > 0 && is_align(s[0])) {
        f->align = s[0];
        i = 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-'))
        f->sign = s[i++];
    if (i < n && s[i] == '#')
        f->alt = true, i++;
    if (i < n && s[i] == '0')
        f->zero = true, i++;
    f->width = read_num(vm, s, n, &i);
    if (i < n && s[i] == '.') {
        i++;
        if ((f->prec = read_num(vm, s, n, &i)) < 0)
            bad_spec(vm, s, n);
    }
    if (i < n && strchr("?xXboeE", s[i]))
        f->type = s[i++];
    if (i != n)
        bad_spec(vm, s, n);
}

static void add_fill(RvBuf *b, const FmtSpec *f, size_t k)
{
    for (size_t i = 0; i < k; i++)
        rv_buf_add(b, f->fill, f->filln);
}

/* Emit prefix (sign, radix) + body padded to the width. numeric selects right
 * alignment by default and allows the '0' flag. */
static void pad_out(RvBuf *b, const FmtSpec *f, const char *pre, const char *body,
                    size_t blen, bool numeric)
{
    size_t plen = strlen(pre);
    size_t have = utf8_count(pre, plen) + utf8_count(body, blen);
    size_t pad = f->width > 0 && (size_t)f->width > have ? (size_t)f->width - have : 0;
    if (pad && numeric && f->zero) {
        rv_buf_add(b, pre, plen);
        for (size_t i = 0; i < pad; i++)
            rv_buf_addc(b, '0');
        rv_buf_add(b, body, blen);
        return;
    }
    char align = f->align ? f->align : numeric ? '>' : '<';
    size_t left = align == '<' ? 0 : align == '>' ? pad : pad / 2;
    add_fill(b, f, left);
    rv_buf_add(b, pre, plen);
    rv_buf_add(b, body, blen);
    add_fill(b, f, pad - left);
}

/* The sign prefix of a number: "-" when negative, "+" when asked. */
static const char *sign_of(const FmtSpec *f, bool neg)
{
    return neg ? "-" : f->sign == '+' ? "+" : "";
}

static void fmt_int(RvBuf *b, const FmtSpec *f, int64_t i)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    pad_out(b, f, sign_of(f, i < 0), p, (size_t)(tmp + sizeof tmp - p), true);
}

/* NaN and infinities: never zero-padded, NaN never signed. */
static bool fmt_nonfinite(RvBuf *b, const FmtSpec *f, double d)
{
    if (isfinite(d))
        return false;
    FmtSpec g = *f;
    g.zero = false;
    if (isnan(d))
        pad_out(b, &g, "", "NaN", 3, true);
    else
        pad_out(b, &g, sign_of(f, d < 0), "inf", 3, true);
    return true;
}

static void fmt_float(RvVM *vm, RvBuf *b, const FmtSpec *f, double d)
{
    if (fmt_nonfinite(b, f, d))
        return;
    if (f->prec < 0) {
        char tmp[400];
        size_t n = rv_fmt_float(fabs(d), true, tmp);
        pad_out(b, f, sign_of(f, signbit(d)), tmp, n, true);
        return;
    }
    RvBuf body;
    rv_buf_init(&body, vm);
    rv_buf_printf(&body, "%.*f", f->prec, fabs(d));
    pad_out(b, f, sign_of(f, signbit(d)), body.p, body.len, true);
    rv_buf_release(&body);
}

/* {:e}: Rust LowerExp — `1.2345e3`, `1e-7`, `0e0`; with precision fixed
 * mantissa digits. */
static void fmt_exp(RvVM *vm, RvBuf *b, const FmtSpec *f, double d)
{
    if (fmt_nonfinite(b, f, d))
        return;
    char out[48], dig[24];
    char e = f->type == 'E' ? 'E' : 'e';
    int ex = 0;
    size_t len;
    if (f->prec >= 0) {
        RvBuf body;
        rv_buf_init(&body, vm);
        rv_buf_printf(&body, "%.*e", f->prec, fabs(d));
        char *ep = strchr(body.p, 'e');
        ex = atoi(ep + 1);
        body.len = (size_t)(ep - body.p);       /* keep the mantissa */
        rv_buf_printf(&body, "%c%d", e, ex);
        pad_out(b, f, sign_of(f, signbit(d)), body.p, body.len, true);
        rv_buf_release(&body);
        return;
    }
    if (d == 0) {
        len = (size_t)snprintf(out, sizeof out, "0%c0", e);
    } else {
        int nd = rv_float_digits(d, dig, &ex);
        len = (size_t)snprintf(out, sizeof out, "%c%s%s%c%d", dig[0], nd > 1 ? "." : "",
                               dig + 1, e, ex);
    }
    pad_out(b, f, sign_of(f, signbit(d)), out, len, true);
}

/* {:x} {:X} {:b} {:o}: integers, two's complement for negatives (Rust). */
static void fmt_radix(RvVM *vm, RvBuf *b, const FmtSpec *f, RvValue v)
{
    if (!RV_IS_INT(v))
        rv_throw(vm, RV_E_VALUE, "format spec '%c' requires an integer, got %s", f->type,
                 rv_type_name(v));
    unsigned base = f->type == 'b' ? 2 : f->type == 'o' ? 8 : 16;
    const char *digs = f->type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[72], *p = tmp + sizeof tmp;
    uint64_t u = (uint64_t)v.as.i;
    do {
        *--p = digs[u % base];
        u /= base;
    } while (u);
    char pre[4] = { 0 };
    size_t k = 0;
    if (f->sign == '+')
        pre[k++] = '+';
    if (f->alt) {
        pre[k++] = '0';
        pre[k++] = base == 2 ? 'b' : base == 8 ? 'o' : 'x';
    }
    pad_out(b, f, pre, p, (size_t)(tmp + sizeof tmp - p), true);
}

/* Everything that is not a number: display (or debug) text, padded. */
static void fmt_other(RvVM *vm, RvBuf *b, const FmtSpec *f, RvValue v)
{
    RvBuf body;
    rv_buf_init(&body, vm);
    rv_show(vm, &body, v, f->type == '?' ? RV_SHOW_DEBUG : RV_SHOW_RAW);
    size_t n = body.len;
    if (f->prec >= 0 && f->type != '?' && RV_IS_STR(v)) {
        size_t chars = 0, i = 0;
        for (; i < n; i++) {
            if (((unsigned char)body.p[i] & 0xC0) != 0x80 && chars++ == (size_t)f->prec)
                break;
        }
        n = i;
    }
    pad_out(b, f, "", body.p, n, false);
    rv_buf_release(&body);
}

/* Append v formatted by spec[0..n) to b. Throws ValueError for a
 * malformed spec or a type the spec cannot format. */
void rv_format_spec(RvVM *vm, RvBuf *b, RvValue v, const char *spec, size_t n)
{
    if (n == 0) {
        rv_show(vm, b, v, RV_SHOW_RAW);
        return;
    }
    FmtSpec f;
    parse_spec(vm, spec, n, &f);
    switch (f.type) {
    case 'x': case 'X': case 'b': case 'o':
        fmt_radix(vm, b, &f, v);
        return;
    case 'e': case 'E':
        if (!RV_IS_NUM(v))
            rv_throw(vm, RV_E_VALUE, "format spec '%c' requires a number, got %s", f.type,
                     rv_type_name(v));
        fmt_exp(vm, b, &f, RV_AS_NUM(v));
        return;
    default:
        break;
    }
    if (RV_IS_INT(v) && f.prec < 0)
        fmt_int(b, &f, v.as.i);
    else if (RV_IS_NUM(v))
        fmt_float(vm, b, &f, RV_AS_NUM(v));
    else
        fmt_other(vm, b, &f, v);
}
