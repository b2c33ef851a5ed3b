/* rv_show.c — the display form of values (language doc §11 with the §0
 * decisions) and shortest round-trip float text.
 *
 * Floats never print in exponent form: the shortest digit string that reads
 * back as the same double (found with snprintf("%.*e") / strtod) is laid out
 * positionally. Maps print in insertion order, structs in declaration order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rv_vm.h"

/* Nesting beyond this prints "..." (guards cyclic structures). */
#define RV_SHOW_MAX_DEPTH 512

/* ------------------------------------------------------------- floats --- */

/* Digits and exponent of d printed with p significant digits; returns true
 * when they read back as d. */
static bool try_digits(double d, int p, char *digits, int *nd, int *exp10)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
    if (strtod(tmp, NULL) != d)
        return false;
    int n = 0;
    const char *s = tmp + (tmp[0] == '-');
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *nd = n;
    *exp10 = atoi(s + 1);
    return true;
}

/* Shortest round-trip significant digits of d (see rv.h). Never throws. */
int rv_float_digits(double d, char *digits, int *exp10)
{
    int lo = 1, hi = 17, nd = 0, best = 0;
    /* Round-tripping is monotone in the precision: binary search. */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (try_digits(d, mid, digits, &nd, exp10)) {
            hi = mid;
            best = mid;
        } else {
            lo = mid + 1;
        }
    }
    if (best != lo)
        try_digits(d, lo, digits, &nd, exp10);
    return nd;
}

/* Append n zeros to out at *len. */
static void put_zeros(char *out, size_t *len, int n)
{
    for (int i = 0; i < n; i++)
        out[(*len)++] = '0';
}

/* Positional shortest text of d into out (>= 400 bytes). Never throws. */
size_t rv_fmt_float(double d, bool with_point, char *out)
{
    if (isnan(d))
        return (size_t)sprintf(out, "NaN");
    if (isinf(d))
        return (size_t)sprintf(out, d < 0 ? "-inf" : "inf");
    size_t len = 0;
    if (signbit(d))
        out[len++] = '-';
    if (d == 0) {
        len += (size_t)sprintf(out + len, with_point ? "0.0" : "0");
        return len;
    }
    char dig[24];
    int e, nd = rv_float_digits(d, dig, &e);
    if (e >= nd - 1) {                       /* whole number */
        memcpy(out + len, dig, (size_t)nd);
        len += (size_t)nd;
        put_zeros(out, &len, e - (nd - 1));
        if (with_point) {
            out[len++] = '.';
            out[len++] = '0';
        }
    } else if (e >= 0) {                     /* ddd.ddd */
        memcpy(out + len, dig, (size_t)e + 1);
        len += (size_t)e + 1;
        out[len++] = '.';
        memcpy(out + len, dig + e + 1, (size_t)(nd - e - 1));
        len += (size_t)(nd - e - 1);
    } else {                                 /* 0.000ddd */
        out[len++] = '0';
        out[len++] = '.';
        put_zeros(out, &len, -e - 1);
        memcpy(out + len, dig, (size_t)nd);
        len += (size_t)nd;
    }
    out[len] = '\0';
    return len;
}

static void show_int(RvBuf *b, int64_t i)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (i < 0)
        *--p = '-';
    rv_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void show_float(RvBuf *b, double d)
{
    char tmp[400];
    rv_buf_add(b, tmp, rv_fmt_float(d, true, tmp));
}

/* ------------------------------------------------------------ strings --- */

/* Rust's str Debug: quoted, with \" \\ \n \r \t \0 and \u{..} escapes. */
static void show_str_debug(RvBuf *b, const RvStr *s)
{
    rv_buf_addc(b, '"');
    for (uint32_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        switch (c) {
        case '"': rv_buf_add(b, "\\\"", 2); break;
        case '\\': rv_buf_add(b, "\\\\", 2); break;
        case '\n': rv_buf_add(b, "\\n", 2); break;
        case '\r': rv_buf_add(b, "\\r", 2); break;
        case '\t': rv_buf_add(b, "\\t", 2); break;
        case '\0': rv_buf_add(b, "\\0", 2); break;
        default:
            if (c < 0x20 || c == 0x7f)
                rv_buf_printf(b, "\\u{%x}", c);
            else
                rv_buf_addc(b, (char)c);
        }
    }
    rv_buf_addc(b, '"');
}

/* A string value at nesting level `nested` (false = top level). */
static void show_str(RvBuf *b, const RvStr *s, int mode, bool nested)
{
    if (mode == RV_SHOW_DEBUG) {
        show_str_debug(b, s);
    } else if (mode == RV_SHOW_FLAT || (mode == RV_SHOW_RAW && !nested)) {
        rv_buf_add(b, s->data, s->len);
    } else {
        rv_buf_addc(b, '"');
        rv_buf_add(b, s->data, s->len);
        rv_buf_addc(b, '"');
    }
}

/* --------------------------------------------------------- containers --- */

static void show_at(RvVM *vm, RvBuf *b, RvValue v, int mode, int depth);

static void show_list(RvVM *vm, RvBuf *b, const RvValue *items, uint32_t n, int mode,
                      int depth)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            rv_buf_add(b, ", ", 2);
        show_at(vm, b, items[i], mode, depth + 1);
    }
}

/* A map key: strings unquoted in display modes, quoted in debug. */
static void show_key(RvVM *vm, RvBuf *b, RvValue k, int mode, int depth)
{
    if (RV_IS_STR(k) && mode != RV_SHOW_DEBUG)
        rv_buf_add(b, RV_AS_STR(k)->data, RV_AS_STR(k)->len);
    else
        show_at(vm, b, k, mode, depth + 1);
}

static void show_map(RvVM *vm, RvBuf *b, const RvMap *m, int mode, int depth)
{
    uint32_t it = 0;
    RvValue k, v;
    bool first = true;
    rv_buf_addc(b, '{');
    while (rv_map_next(m, &it, &k, &v)) {
        if (!first)
            rv_buf_add(b, ", ", 2);
        first = false;
        show_key(vm, b, k, mode, depth);
        rv_buf_add(b, ": ", 2);
        show_at(vm, b, v, mode, depth + 1);
    }
    rv_buf_addc(b, '}');
}

/* `Name {a: 1, b: 2}` (display) or `Name { a: 1, b: 2 }` (debug). */
static void show_fields(RvVM *vm, RvBuf *b, RvStr *name, RvStr **names, const RvValue *f,
                        uint32_t n, int mode, int depth)
{
    bool dbg = mode == RV_SHOW_DEBUG;
    rv_buf_add(b, name->data, name->len);
    if (n == 0) {
        if (!dbg)
            rv_buf_add(b, " {}", 3);
        return;
    }
    rv_buf_add(b, dbg ? " { " : " {", dbg ? 3 : 2);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            rv_buf_add(b, ", ", 2);
        if (names && names[i])
            rv_buf_add(b, names[i]->data, names[i]->len);
        else
            rv_buf_printf(b, "%u", i);
        rv_buf_add(b, ": ", 2);
        show_at(vm, b, f[i], mode, depth + 1);
    }
    rv_buf_add(b, dbg ? " }" : "}", dbg ? 2 : 1);
}

static void show_enum(RvVM *vm, RvBuf *b, const RvEnum *e, int mode, int depth)
{
    const RvType *t = e->type;
    if (!t || e->variant >= t->nvariants) {
        rv_buf_adds(b, "<enum>");
        return;
    }
    const RvVariant *var = &t->variants[e->variant];
    if (var->fields && e->n) {
        show_fields(vm, b, var->name, var->fields, e->f, e->n, mode, depth);
        return;
    }
    rv_buf_add(b, var->name->data, var->name->len);
    if (e->n) {
        rv_buf_addc(b, '(');
        show_list(vm, b, e->f, e->n, mode, depth);
        rv_buf_addc(b, ')');
    }
}

static void show_range(RvBuf *b, const RvRange *r)
{
    if (r->has_lo)
        rv_buf_printf(b, "%lld", (long long)r->lo);
    rv_buf_adds(b, r->incl ? "..=" : "..");
    if (r->has_hi)
        rv_buf_printf(b, "%lld", (long long)r->hi);
}

static void show_obj(RvVM *vm, RvBuf *b, RvObj *o, int mode, int depth)
{
    switch (o->kind) {
    case RV_K_STR: show_str(b, (RvStr *)o, mode, depth > 0); break;
    case RV_K_ARRAY:
        rv_buf_addc(b, '[');
        show_list(vm, b, ((RvArray *)o)->items, ((RvArray *)o)->len, mode, depth);
        rv_buf_addc(b, ']');
        break;
    case RV_K_TUPLE: {
        RvTuple *t = (RvTuple *)o;
        rv_buf_addc(b, '(');
        show_list(vm, b, t->items, t->len, mode, depth);
        rv_buf_adds(b, mode == RV_SHOW_DEBUG && t->len == 1 ? ",)" : ")");
        break;
    }
    case RV_K_MAP: show_map(vm, b, (RvMap *)o, mode, depth); break;
    case RV_K_RANGE: show_range(b, (RvRange *)o); break;
    case RV_K_ENUM: show_enum(vm, b, (RvEnum *)o, mode, depth); break;
    case RV_K_STRUCT: {
        RvStruct *s = (RvStruct *)o;
        uint32_t n = s->n < s->type->nfields ? s->n : s->type->nfields;
        show_fields(vm, b, s->type->name, s->type->field_names, s->f, n, mode, depth);
        break;
    }
    case RV_K_NATIVE: rv_buf_printf(b, "<builtin function: %s>", ((RvNative *)o)->name); break;
    case RV_K_ERROR: {
        RvError *e = (RvError *)o;
        if (e->msg)
            rv_buf_add(b, e->msg->data, e->msg->len);
        else
            show_at(vm, b, e->value, RV_SHOW_RAW, 0);
        break;
    }
    case RV_K_TYPE: {
        RvStr *name = ((RvType *)o)->name;
        rv_buf_add(b, name->data, name->len);
        break;
    }
    case RV_K_UPVAL: show_at(vm, b, *((RvUpval *)o)->loc, mode, depth); break;
    default: rv_buf_adds(b, "<function>"); break;   /* closure, bound, proto */
    }
}

static void show_at(RvVM *vm, RvBuf *b, RvValue v, int mode, int depth)
{
    switch (v.tag) {
    case RV_T_NIL: rv_buf_add(b, "nil", 3); return;
    case RV_T_BOOL:
        if (v.as.b)
            rv_buf_add(b, "true", 4);
        else
            rv_buf_add(b, "false", 5);
        return;
    case RV_T_INT: show_int(b, v.as.i); return;
    case RV_T_FLOAT: show_float(b, v.as.f); return;
    default: break;
    }
    if (depth > RV_SHOW_MAX_DEPTH) {
        rv_buf_add(b, "...", 3);
        return;
    }
    show_obj(vm, b, v.as.o, mode, depth);
}

/* Append the display form of v to b in mode (RV_SHOW_*). Throws
 * MemoryError only. */
void rv_show(RvVM *vm, RvBuf *b, RvValue v, int mode)
{
    show_at(vm, b, v, mode, 0);
}

/* Display text as a string (target heap); strings returned as is. Throws
 * MemoryError only. */
RvValue rv_to_str(RvVM *vm, RvValue v)
{
    if (RV_IS_STR(v))
        return v;
    RvBuf b;
    rv_buf_init(&b, vm);
    show_at(vm, &b, v, RV_SHOW_RAW, 0);
    return rv_buf_str(&b);
}
