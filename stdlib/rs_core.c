/* rs_core.c — output, Rust-style formatting, conversions, assertions.
 *
 * println/print never quote a top-level string (decision 2). With two or
 * more arguments whose first is a string holding a placeholder, the first
 * argument is a Rust format string (decision 6); otherwise the arguments
 * are printed separated by single spaces.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rs.h"

/* ------------------------------------------------------- formatting --- */

typedef enum { RS_PH_NEXT, RS_PH_INDEX, RS_PH_NAME } RsPhKind;

/* One parsed placeholder "{arg:spec}". */
typedef struct RsPh {
    RsPhKind kind;
    size_t index;                /* RS_PH_INDEX */
    const char *name;            /* RS_PH_NAME */
    size_t nlen;
    const char *spec;            /* text after ':' (may be empty) */
    size_t slen;
    size_t end;                  /* offset just past '}' */
} RsPh;

/* Parse the placeholder starting at s[i] == '{' (not "{{"). Returns false
 * when the text there is not a well-formed placeholder. */
static bool rs_ph_parse(const char *s, size_t n, size_t i, RsPh *ph)
{
    size_t j = i + 1;
    memset(ph, 0, sizeof *ph);
    if (j < n && isdigit((unsigned char)s[j])) {
        ph->kind = RS_PH_INDEX;
        while (j < n && isdigit((unsigned char)s[j])) {
            if (ph->index > 100000)
                return false;
            ph->index = ph->index * 10 + (size_t)(s[j++] - '0');
        }
    } else if (j < n && (isalpha((unsigned char)s[j]) || s[j] == '_')) {
        ph->kind = RS_PH_NAME;
        ph->name = s + j;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
            j++;
        ph->nlen = (size_t)(s + j - ph->name);
    }
    if (j < n && s[j] == ':') {
        ph->spec = s + ++j;
        while (j < n && s[j] != '}' && s[j] != '{')
            j++;
        ph->slen = (size_t)(s + j - ph->spec);
    }
    if (j >= n || s[j] != '}')
        return false;
    ph->end = j + 1;
    return true;
}

/* See rs.h. */
bool rs_has_placeholder(const char *s, size_t n)
{
    RsPh ph;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{')
            continue;
        if (i + 1 < n && s[i + 1] == '{') {
            i++;
            continue;
        }
        if (rs_ph_parse(s, n, i, &ph))
            return true;
    }
    return false;
}

/* The argument a placeholder refers to; false when there is none. */
static bool rs_ph_arg(RvVM *vm, const RsPh *ph, size_t *next, int nargs,
                      const RvValue *args, RvValue *out)
{
    if (ph->kind == RS_PH_NAME) {
        char name[128];
        if (ph->nlen >= sizeof name)
            return false;
        memcpy(name, ph->name, ph->nlen);
        name[ph->nlen] = '\0';
        return rv_global_get(vm, name, out);
    }
    size_t k = ph->kind == RS_PH_INDEX ? ph->index : (*next)++;
    if (k >= (size_t)nargs)
        return false;
    *out = args[k];
    return true;
}

/* See rs.h. */
void rs_format_into(RvVM *vm, RvBuf *b, const char *fmt, size_t n, int nargs,
                    const RvValue *args)
{
    size_t next = 0, i = 0, lit = 0;
    while (i < n) {
        char c = fmt[i];
        if ((c == '{' || c == '}') && i + 1 < n && fmt[i + 1] == c) {
            rv_buf_add(b, fmt + lit, i + 1 - lit);   /* keep one brace */
            i += 2;
            lit = i;
            continue;
        }
        RsPh ph;
        RvValue v;
        if (c != '{' || !rs_ph_parse(fmt, n, i, &ph)) {
            i++;
            continue;
        }
        rv_buf_add(b, fmt + lit, i - lit);
        if (rs_ph_arg(vm, &ph, &next, nargs, args, &v))
            rv_format_spec(vm, b, v, ph.spec ? ph.spec : "", ph.slen);
        else
            rv_buf_add(b, fmt + i, ph.end - i);
        i = lit = ph.end;
    }
    rv_buf_add(b, fmt + lit, n - lit);
}

/* The text println/print/panic produce for their arguments: a first string
 * with placeholders is a format, otherwise the display forms (strings raw)
 * separated by spaces. Appends to b (current heap); may throw ValueError. */
void rs_render_args(RvVM *vm, RvBuf *b, int argc, RvValue *argv)
{
    if (argc >= 2 && RV_IS_STR(argv[0])) {
        RvStr *f = RV_AS_STR(argv[0]);
        if (rs_has_placeholder(f->data, f->len)) {
            rs_format_into(vm, b, f->data, f->len, argc - 1, argv + 1);
            return;
        }
    }
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            rv_buf_addc(b, ' ');
        rv_show(vm, b, argv[i], RV_SHOW_RAW);
    }
}

/* Render and write to the VM output (to_err false) or stderr. */
static void rs_emit(RvVM *vm, int argc, RvValue *argv, bool newline, bool to_err)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_render_args(vm, &b, argc, argv);
    if (newline)
        rv_buf_addc(&b, '\n');
    if (b.len == 0)
        return;
    if (to_err) {
        rv_flush(vm);
        fwrite(b.p, 1, b.len, stderr);
        fflush(stderr);
    } else {
        rv_write(vm, b.p, b.len);
    }
}

RS_DEF(println)  { rs_emit(vm, argc, argv, true, false); RS_RETURN(RV_NIL); }
RS_DEF(print)    { rs_emit(vm, argc, argv, false, false); RS_RETURN(RV_NIL); }
RS_DEF(eprintln) { rs_emit(vm, argc, argv, true, true); RS_RETURN(RV_NIL); }
RS_DEF(eprint)   { rs_emit(vm, argc, argv, false, true); RS_RETURN(RV_NIL); }

/* format(fmt, args...) -> string. */
RS_DEF(format)
{
    RvStr *f = rv_arg_str(vm, "format", argv, 0);
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_format_into(vm, &b, f->data, f->len, argc - 1, argv + 1);
    RS_RETURN(rv_buf_str(&b));
}

/* dbg(x): prints "[DEBUG] <display form, strings quoted>" and returns x. */
RS_DEF(dbg)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_buf_adds(&b, "[DEBUG] ");
    rv_show(vm, &b, argv[0], RV_SHOW_REPR);
    rv_buf_addc(&b, '\n');
    rv_write(vm, b.p, b.len);
    RS_RETURN(argv[0]);
}

/* ------------------------------------------------- number parsing --- */

/* See rs.h. Accumulates negatively so that INT64_MIN parses. */
int rs_parse_i64(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == n)
        return 1;
    int64_t acc = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 1;
        int d = s[i] - '0';
        if (__builtin_mul_overflow(acc, 10, &acc) || __builtin_sub_overflow(acc, d, &acc)) {
            for (i++; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                    return 1;
            return 2;
        }
    }
    if (!neg && acc == INT64_MIN)
        return 2;
    *out = neg ? acc : -acc;
    return 0;
}

/* Case-insensitive equality of s[0..n) with the lowercase word w. */
static bool rs_word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != w[i])
            return false;
    return true;
}

/* True when s[0..n) is digits [. digits] [e [sign] digits], Rust style. */
static bool rs_float_syntax(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    while (i < n && isdigit((unsigned char)s[i]))
        i++, digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            digits++;
    if (digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i == n || !isdigit((unsigned char)s[i]))
            return false;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
    }
    return i == n;
}

/* See rs.h. */
bool rs_parse_f64(const char *s, size_t n, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    const char *t = s + i;
    size_t m = n - i;
    if (rs_word_is(t, m, "inf") || rs_word_is(t, m, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (rs_word_is(t, m, "nan")) {
        *out = NAN;
        return true;
    }
    if (!rs_float_syntax(t, m))
        return false;
    char small[128];
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return true;
}

/* ----------------------------------------------------- conversions --- */

RS_DEF(type_of) { RS_RETURN(rv_str_cstr(vm, rv_type_name(argv[0]))); }
RS_DEF(str)     { RS_RETURN(rv_to_str(vm, argv[0])); }
RS_DEF(is_nil)  { RS_RETURN(RV_BOOL(RV_IS_NIL(argv[0]))); }

/* Bounds of the string s with ASCII/Unicode whitespace trimmed. */
static void rs_trimmed(const RvStr *s, const char **p, size_t *n)
{
    size_t a = 0, z = s->len;
    while (a < z && isspace((unsigned char)s->data[a]))
        a++;
    while (z > a && isspace((unsigned char)s->data[z - 1]))
        z--;
    *p = s->data + a;
    *n = z - a;
}

/* int(x): float truncates, bool -> 0/1, string parsed (ValueError). */
RS_DEF(int)
{
    RvValue v = argv[0];
    if (RV_IS_INT(v))
        RS_RETURN(v);
    if (RV_IS_BOOL(v))
        RS_RETURN(RV_INT(RV_AS_BOOL(v) ? 1 : 0));
    if (RV_IS_FLOAT(v)) {
        double d = RV_AS_FLOAT(v);
        if (isnan(d) || isinf(d))
            rv_throw(vm, RV_E_VALUE, "int(): cannot convert %s to an integer",
                     isnan(d) ? "NaN" : "infinity");
        if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
            rv_throw(vm, RV_E_OVERFLOW, "int(): %g does not fit in an integer", d);
        RS_RETURN(RV_INT((int64_t)d));
    }
    if (RV_IS_STR(v)) {
        const char *p;
        size_t n;
        int64_t r = 0;
        rs_trimmed(RV_AS_STR(v), &p, &n);
        int rc = rs_parse_i64(p, n, &r);
        if (rc == 2)
            rv_throw(vm, RV_E_OVERFLOW, "int(): \"%.*s\" does not fit in an integer",
                     (int)(n > 64 ? 64 : n), p);
        if (rc != 0)
            rv_throw(vm, RV_E_VALUE, "int(): invalid integer literal \"%.*s\"",
                     (int)(n > 64 ? 64 : n), p);
        RS_RETURN(RV_INT(r));
    }
    rs_bad_arg(vm, "int", 1, "a number, bool or string", v);
}

/* float(x): integers convert, bool -> 0.0/1.0, string parsed (ValueError). */
RS_DEF(float)
{
    RvValue v = argv[0];
    if (RV_IS_FLOAT(v))
        RS_RETURN(v);
    if (RV_IS_INT(v))
        RS_RETURN(RV_FLOAT((double)RV_AS_INT(v)));
    if (RV_IS_BOOL(v))
        RS_RETURN(RV_FLOAT(RV_AS_BOOL(v) ? 1.0 : 0.0));
    if (RV_IS_STR(v)) {
        const char *p;
        size_t n;
        double d;
        rs_trimmed(RV_AS_STR(v), &p, &n);
        if (!rs_parse_f64(p, n, &d))
            rv_throw(vm, RV_E_VALUE, "float(): invalid float literal \"%.*s\"",
                     (int)(n > 64 ? 64 : n), p);
        RS_RETURN(RV_FLOAT(d));
    }
    rs_bad_arg(vm, "float", 1, "a number, bool or string", v);
}

/* bool(x): bools as is; nil false; numbers non-zero; strings and
 * collections non-empty; everything else true. */
RS_DEF(bool)
{
    RvValue v = argv[0];
    if (RV_IS_BOOL(v))
        RS_RETURN(v);
    if (RV_IS_NIL(v))
        RS_RETURN(RV_FALSE);
    if (RV_IS_INT(v))
        RS_RETURN(RV_BOOL(RV_AS_INT(v) != 0));
    if (RV_IS_FLOAT(v))
        RS_RETURN(RV_BOOL(RV_AS_FLOAT(v) != 0.0));
    if (RV_IS_STR(v))
        RS_RETURN(RV_BOOL(RV_AS_STR(v)->len != 0));
    if (RV_IS_ARRAY(v))
        RS_RETURN(RV_BOOL(RV_AS_ARRAY(v)->len != 0));
    if (RV_IS_MAP(v))
        RS_RETURN(RV_BOOL(RV_AS_MAP(v)->len != 0));
    RS_RETURN(RV_TRUE);
}

/* Digit value of c in any base up to 36, or 99. */
static int rs_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Parse s[0..n) in base; 0 ok, 1 invalid, 2 overflow. */
static int rs_parse_radix(const char *s, size_t n, int base, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == n)
        return 1;
    int64_t acc = 0;
    int rc = 0;
    for (; i < n; i++) {
        int d = rs_digit(s[i]);
        if (d >= base)
            return 1;
        if (rc == 0 && (__builtin_mul_overflow(acc, base, &acc) ||
                        __builtin_sub_overflow(acc, d, &acc)))
            rc = 2;
    }
    if (rc == 0 && !neg && acc == INT64_MIN)
        rc = 2;
    if (rc == 0)
        *out = neg ? acc : -acc;
    return rc;
}

/* parse_int(s[, radix]) -> integer; ValueError when s is not a number. */
RS_DEF(parse_int)
{
    RvStr *s = rv_arg_str(vm, "parse_int", argv, 0);
    int64_t base = argc > 1 ? rv_arg_int(vm, "parse_int", argv, 1) : 10;
    if (base < 2 || base > 36)
        rv_throw(vm, RV_E_VALUE, "parse_int(): radix must be 2..36, got %lld",
                 (long long)base);
    const char *p;
    size_t n;
    int64_t r = 0;
    rs_trimmed(s, &p, &n);
    int rc = rs_parse_radix(p, n, (int)base, &r);
    if (rc == 2)
        rv_throw(vm, RV_E_OVERFLOW, "parse_int(): \"%.*s\" does not fit in an integer",
                 (int)(n > 64 ? 64 : n), p);
    if (rc != 0)
        rv_throw(vm, RV_E_VALUE, "parse_int(): invalid integer \"%.*s\"",
                 (int)(n > 64 ? 64 : n), p);
    RS_RETURN(RV_INT(r));
}

/* parse_float(s) -> float; ValueError when s is not a number. */
RS_DEF(parse_float)
{
    RvStr *s = rv_arg_str(vm, "parse_float", argv, 0);
    const char *p;
    size_t n;
    double d;
    rs_trimmed(s, &p, &n);
    if (!rs_parse_f64(p, n, &d))
        rv_throw(vm, RV_E_VALUE, "parse_float(): invalid float \"%.*s\"",
                 (int)(n > 64 ? 64 : n), p);
    RS_RETURN(RV_FLOAT(d));
}

/* len(x): string bytes, array, tuple, map, range. */
RS_DEF(len)
{
    RvValue v = argv[0];
    if (RV_IS_STR(v))
        RS_RETURN(RV_INT(RV_AS_STR(v)->len));
    if (RV_IS_ARRAY(v))
        RS_RETURN(RV_INT(RV_AS_ARRAY(v)->len));
    if (RV_IS_TUPLE(v))
        RS_RETURN(RV_INT(RV_AS_TUPLE(v)->len));
    if (RV_IS_MAP(v))
        RS_RETURN(RV_INT(RV_AS_MAP(v)->len));
    if (RV_IS_RANGE(v))
        RS_RETURN(rs_g_len(vm, 1, argv));
    rs_bad_arg(vm, "len", 1, "a string, array, tuple, map or range", v);
}

/* ---------------------------------------------- Rust constructors --- */

RS_DEF(string_from)
{
    RS_RETURN(RV_IS_STR(argv[0]) ? argv[0] : rv_to_str(vm, argv[0]));
}
RS_DEF(string_new) { RS_RETURN(rv_str_new(vm, "", 0)); }
RS_DEF(string_new_cap)
{
    (void)rv_arg_int(vm, "String::with_capacity", argv, 0);
    RS_RETURN(rv_str_new(vm, "", 0));
}
RS_DEF(vec_new) { RS_RETURN(rv_array_new(vm, 0)); }
RS_DEF(vec_new_cap)
{
    int64_t n = rv_arg_int(vm, "Vec::with_capacity", argv, 0);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "Vec::with_capacity(): capacity must be >= 0");
    RS_RETURN(rv_array_new(vm, n > 1024 ? 1024 : (uint32_t)n));
}
RS_DEF(hashmap_new) { RS_RETURN(rv_map_new(vm, 0)); }
RS_DEF(box_new) { RS_RETURN(argv[0]); }

/* ----------------------------------------------------- assertions --- */

/* Throw AssertionError "Assertion failed: <what>[: <msg>]" plus details. */
static _Noreturn void rs_assert_fail(RvVM *vm, const char *what, RvValue *msg,
                                     const RvValue *l, const RvValue *r)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_buf_adds(&b, "Assertion failed");
    if (msg) {
        rv_buf_adds(&b, ": ");
        rv_show(vm, &b, *msg, RV_SHOW_RAW);
    } else if (what) {
        rv_buf_adds(&b, ": ");
        rv_buf_adds(&b, what);
    }
    if (l) {
        rv_buf_adds(&b, " (left: ");
        rv_show(vm, &b, *l, RV_SHOW_REPR);
        rv_buf_adds(&b, ", right: ");
        rv_show(vm, &b, *r, RV_SHOW_REPR);
        rv_buf_addc(&b, ')');
    }
    rv_throw(vm, RV_E_ASSERT, "%.*s", (int)b.len, b.p);
}

/* assert(cond[, msg]): cond must be a bool. */
RS_DEF(assert)
{
    if (!RV_IS_BOOL(argv[0]))
        rs_bad_arg(vm, "assert", 1, "a bool", argv[0]);
    if (!RV_AS_BOOL(argv[0]))
        rs_assert_fail(vm, NULL, argc > 1 ? &argv[1] : NULL, NULL, NULL);
    RS_RETURN(RV_NIL);
}

RS_DEF(assert_eq)
{
    if (!rv_equal(argv[0], argv[1]))
        rs_assert_fail(vm, "left == right", argc > 2 ? &argv[2] : NULL, &argv[0], &argv[1]);
    RS_RETURN(RV_NIL);
}

RS_DEF(assert_ne)
{
    if (rv_equal(argv[0], argv[1]))
        rs_assert_fail(vm, "left != right", argc > 2 ? &argv[2] : NULL, &argv[0], &argv[1]);
    RS_RETURN(RV_NIL);
}

/* panic(msg...): RuntimeError with the message rendered like println. */
RS_DEF(panic)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    if (argc == 0)
        rv_buf_adds(&b, "explicit panic");
    else
        rs_render_args(vm, &b, argc, argv);
    rv_throw(vm, RV_E_RUNTIME, "%.*s", (int)b.len, b.p);
}

/* ------------------------------------------------------------ range --- */

/* Number of values of lo, lo+step, ... before hi (exclusive). */
static uint64_t rs_range_count(int64_t lo, int64_t hi, int64_t step)
{
    if (step > 0 && lo < hi) {
        uint64_t d = (uint64_t)hi - (uint64_t)lo;
        return d / (uint64_t)step + (d % (uint64_t)step != 0);
    }
    if (step < 0 && lo > hi) {
        uint64_t d = (uint64_t)lo - (uint64_t)hi;
        uint64_t s = (uint64_t)0 - (uint64_t)step;
        return d / s + (d % s != 0);
    }
    return 0;
}

/* Array lo, lo+step, ... (count values). Throws ValueError when too big. */
static RvValue rs_range_fill(RvVM *vm, const char *fn, int64_t lo, int64_t step,
                             uint64_t count)
{
    if (count > RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "%s(): too many elements (%llu)", fn,
                 (unsigned long long)count);
    RvValue out = rv_array_new(vm, (uint32_t)count);
    RvArray *a = RV_AS_ARRAY(out);
    int64_t v = lo;
    for (uint64_t i = 0; i < count; i++) {
        rv_array_push(vm, a, RV_INT(v));
        if (i + 1 < count)
            v += step;
    }
    return out;
}

/* range(n) / range(a, b) / range(a, b, step) -> array. */
RS_DEF(range)
{
    int64_t lo = 0, hi, step = 1;
    if (argc == 1) {
        hi = rv_arg_int(vm, "range", argv, 0);
    } else {
        lo = rv_arg_int(vm, "range", argv, 0);
        hi = rv_arg_int(vm, "range", argv, 1);
        if (argc > 2)
            step = rv_arg_int(vm, "range", argv, 2);
    }
    if (step == 0)
        rv_throw(vm, RV_E_VALUE, "range(): step must not be zero");
    RS_RETURN(rs_range_fill(vm, "range", lo, step, rs_range_count(lo, hi, step)));
}

/* See rs.h. */
RvValue rs_range_to_array(RvVM *vm, RvRange *r)
{
    if (!r->has_lo || !r->has_hi)
        rv_throw(vm, RV_E_VALUE, "cannot iterate an open range");
    uint64_t n = rs_range_count(r->lo, r->hi, 1);
    if (r->incl && r->hi >= r->lo)
        n++;
    return rs_range_fill(vm, "range", r->lo, 1, n);
}

/* ------------------------------------------------ any-value methods --- */

RS_DEF(any_to_string) { RS_RETURN(rv_to_str(vm, argv[0])); }

/* clone(): arrays and maps are copied (one level); other values are
 * immutable or value-like and returned as is. */
RS_DEF(any_clone)
{
    if (RV_IS_ARRAY(argv[0]))
        RS_RETURN(rs_a_clone(vm, argc, argv));
    if (RV_IS_MAP(argv[0]))
        RS_RETURN(rs_m_clone(vm, argc, argv));
    RS_RETURN(argv[0]);
}

/* a.cmp(b) -> -1, 0 or 1 (for sort_by comparators). */
RS_DEF(any_cmp)
{
    int c = rv_compare(vm, argv[0], argv[1]);
    RS_RETURN(RV_INT(c < 0 ? -1 : c > 0));
}
