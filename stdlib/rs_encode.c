/* rs_encode.c — byte encodings handlers need: base64 (RFC 4648 standard
 * and URL-safe alphabets), hex, percent-encoding (RFC 3986) and query
 * strings (application/x-www-form-urlencoded, as in API Gateway events).
 *
 * Strings are byte strings: encoders read the UTF-8 bytes, decoders return
 * the decoded bytes as a string (which need not be valid UTF-8). Every
 * decoder rejects malformed input with a ValueError naming the function,
 * the position and the offending character.
 *
 * Query strings: parse_query keeps the LAST value of a repeated key (as
 * API Gateway's queryStringParameters does); parse_query_all collects every
 * value in an array per key. Keys keep their first-seen order.
 */
#include <string.h>
#include "rs.h"

static const char rs_b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char rs_b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char rs_hexdig[] = "0123456789ABCDEF";

/* ValueError "fn(): invalid BASE input: invalid character 'c' at position
 * i" (non-printable bytes shown as \xNN). Never returns. */
static _Noreturn void rs_bad_char(RvVM *vm, const char *fn, const char *what,
                                  const RvStr *s, size_t i)
{
    unsigned char c = (unsigned char)s->data[i];
    if (c >= 0x20 && c < 0x7f)
        rv_throw(vm, RV_E_VALUE, "%s(): argument 1 is not valid %s: invalid character "
                 "'%c' at position %zu", fn, what, c, i);
    rv_throw(vm, RV_E_VALUE, "%s(): argument 1 is not valid %s: invalid byte \\x%02x "
             "at position %zu", fn, what, c, i);
}

/* ------------------------------------------------------- base64 --- */

static RvValue rs_b64_encode(RvVM *vm, const RvStr *s, const char *alpha, bool pad)
{
    size_t n = s->len, full = n / 3 * 3, rest = n - full;
    size_t outn = n / 3 * 4 + (rest == 0 ? 0 : pad ? 4 : rest + 1);
    RvStr *o = rv_str_alloc(vm, outn);
    const unsigned char *p = (const unsigned char *)s->data;
    size_t k = 0;
    for (size_t i = 0; i < full; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        for (int j = 3; j >= 0; j--)
            o->data[k++] = alpha[(v >> (6 * j)) & 63];
    }
    if (rest > 0) {
        uint32_t v = (uint32_t)p[full] << 16 | (rest == 2 ? (uint32_t)p[full + 1] << 8 : 0);
        o->data[k++] = alpha[v >> 18];
        o->data[k++] = alpha[(v >> 12) & 63];
        if (rest == 2)
            o->data[k++] = alpha[(v >> 6) & 63];
        while (pad && k < outn)
            o->data[k++] = '=';
    }
    return RV_OBJ(o);
}

/* Value of c in alpha, or -1. */
static int rs_b64_val(const char *alpha, unsigned char c)
{
    const char *q = c ? strchr(alpha, c) : NULL;
    return q ? (int)(q - alpha) : -1;
}

/* Decode s with alpha; padding '=' is optional, but where present it must
 * complete the last group. ValueError for anything else. */
static RvValue rs_b64_decode(RvVM *vm, const RvStr *s, const char *alpha, const char *fn)
{
    size_t n = s->len;
    while (n > 0 && s->data[n - 1] == '=' && s->len - n < 2)
        n--;
    for (size_t i = 0; i < n; i++)
        if (rs_b64_val(alpha, (unsigned char)s->data[i]) < 0)
            rs_bad_char(vm, fn, "base64", s, i);
    if (n != s->len && s->len % 4 != 0)
        rv_throw(vm, RV_E_VALUE, "%s(): argument 1 is not valid base64: bad padding", fn);
    if (n % 4 == 1)
        rv_throw(vm, RV_E_VALUE, "%s(): argument 1 is not valid base64: truncated input "
                 "(length %zu)", fn, n);
    RvBuf b;
    rv_buf_init(&b, vm);
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = acc << 6 | (uint32_t)rs_b64_val(alpha, (unsigned char)s->data[i]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            rv_buf_addc(&b, (char)(acc >> bits & 0xff));
        }
    }
    return rv_buf_str(&b);
}

/* base64_encode(s) -> standard alphabet with '=' padding. */
RS_DEF(base64_encode)
{
    RS_RETURN(rs_b64_encode(vm, rv_arg_str(vm, "base64_encode", argv, 0), rs_b64_std, true));
}

/* base64_decode(s) -> bytes; padding optional; ValueError when invalid. */
RS_DEF(base64_decode)
{
    RvStr *s = rv_arg_str(vm, "base64_decode", argv, 0);
    RS_RETURN(rs_b64_decode(vm, s, rs_b64_std, "base64_decode"));
}

/* base64url_encode(s) -> URL-safe alphabet ('-', '_'), no padding (JWT). */
RS_DEF(base64url_encode)
{
    RS_RETURN(rs_b64_encode(vm, rv_arg_str(vm, "base64url_encode", argv, 0), rs_b64_url,
                            false));
}

/* base64url_decode(s) -> bytes; padding optional; ValueError when invalid. */
RS_DEF(base64url_decode)
{
    RvStr *s = rv_arg_str(vm, "base64url_decode", argv, 0);
    RS_RETURN(rs_b64_decode(vm, s, rs_b64_url, "base64url_decode"));
}

/* ---------------------------------------------------------- hex --- */

/* Value of hex digit c (either case), or -1. */
static int rs_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* hex_encode(s) -> two lowercase hex digits per byte. */
RS_DEF(hex_encode)
{
    static const char lower[] = "0123456789abcdef";
    RvStr *s = rv_arg_str(vm, "hex_encode", argv, 0);
    RvStr *o = rv_str_alloc(vm, 2 * (size_t)s->len);
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        o->data[2 * i] = lower[c >> 4];
        o->data[2 * i + 1] = lower[c & 15];
    }
    RS_RETURN(RV_OBJ(o));
}

/* hex_decode(s) -> bytes; even length, digits of either case. */
RS_DEF(hex_decode)
{
    RvStr *s = rv_arg_str(vm, "hex_decode", argv, 0);
    for (size_t i = 0; i < s->len; i++)
        if (rs_hexval((unsigned char)s->data[i]) < 0)
            rs_bad_char(vm, "hex_decode", "hex", s, i);
    if (s->len % 2 != 0)
        rv_throw(vm, RV_E_VALUE, "hex_decode(): argument 1 is not valid hex: odd length %u",
                 s->len);
    RvStr *o = rv_str_alloc(vm, s->len / 2);
    for (size_t i = 0; i < s->len / 2; i++)
        o->data[i] = (char)(rs_hexval((unsigned char)s->data[2 * i]) << 4 |
                            rs_hexval((unsigned char)s->data[2 * i + 1]));
    RS_RETURN(RV_OBJ(o));
}

/* ---------------------------------------------- percent-encoding --- */

/* Append s[0..n) percent-encoded: every byte except the RFC 3986
 * unreserved set (ALPHA DIGIT - . _ ~) becomes %XX. */
static void rs_pct_encode(RvBuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            rv_buf_addc(b, (char)c);
        } else {
            char e[3] = { '%', rs_hexdig[c >> 4], rs_hexdig[c & 15] };
            rv_buf_add(b, e, 3);
        }
    }
}

/* Append s[0..n) percent-decoded to b; plus_space turns '+' into ' '.
 * Returns the offset of a malformed escape, or SIZE_MAX when all is well. */
static size_t rs_pct_decode(RvBuf *b, const char *s, size_t n, bool plus_space)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < n ? rs_hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? rs_hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return i;
            rv_buf_addc(b, (char)(hi << 4 | lo));
            i += 2;
        } else {
            rv_buf_addc(b, plus_space && c == '+' ? ' ' : c);
        }
    }
    return SIZE_MAX;
}

/* Decode s[0..n) as a new string value; ValueError naming fn on a bad
 * escape. */
static RvValue rs_pct_value(RvVM *vm, const char *fn, const char *s, size_t n,
                            bool plus_space)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    size_t bad = rs_pct_decode(&b, s, n, plus_space);
    if (bad != SIZE_MAX) {
        size_t k = n - bad < 3 ? n - bad : 3;
        rv_buf_release(&b);
        rv_throw(vm, RV_E_VALUE, "%s(): invalid percent-escape '%.*s' at position %zu", fn,
                 (int)k, s + bad, bad);
    }
    return rv_buf_str(&b);
}

/* url_encode(s) -> percent-encoded (RFC 3986 unreserved kept, space %20). */
RS_DEF(url_encode)
{
    RvStr *s = rv_arg_str(vm, "url_encode", argv, 0);
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_pct_encode(&b, s->data, s->len);
    RS_RETURN(rv_buf_str(&b));
}

/* url_decode(s) -> bytes; '+' is kept (use parse_query for form data). */
RS_DEF(url_decode)
{
    RvStr *s = rv_arg_str(vm, "url_decode", argv, 0);
    RS_RETURN(rs_pct_value(vm, "url_decode", s->data, s->len, false));
}

/* ------------------------------------------------- query strings --- */

/* Parse query text s (leading '?' ignored) into a new map. all: every
 * value in an array per key; else the last value wins. */
static RvValue rs_query_parse(RvVM *vm, const RvStr *s, bool all, const char *fn)
{
    RvValue out = rv_map_new(vm, 0);
    size_t i = s->len > 0 && s->data[0] == '?' ? 1 : 0;
    while (i < s->len) {
        const char *p = s->data + i;
        const char *amp = memchr(p, '&', s->len - i);
        size_t n = amp ? (size_t)(amp - p) : s->len - i;
        i += n + 1;
        if (n == 0)
            continue;
        const char *eq = memchr(p, '=', n);
        size_t kn = eq ? (size_t)(eq - p) : n;
        RvValue k = rs_pct_value(vm, fn, p, kn, true);
        RvValue v = eq ? rs_pct_value(vm, fn, eq + 1, n - kn - 1, true) : rv_str_new(vm, "", 0);
        if (!all) {
            rv_map_set(vm, RV_AS_MAP(out), k, v);
            continue;
        }
        RvValue list;
        if (!rv_map_get(RV_AS_MAP(out), k, &list)) {
            list = rv_array_new(vm, 1);
            rv_map_set(vm, RV_AS_MAP(out), k, list);
        }
        rv_array_push(vm, RV_AS_ARRAY(list), v);
    }
    return out;
}

/* parse_query("a=1&b=x%20y") -> {a: "1", b: "x y"}; '+' is a space; a
 * repeated key keeps its last value; "k" alone maps to "". */
RS_DEF(parse_query)
{
    RvStr *s = rv_arg_str(vm, "parse_query", argv, 0);
    RS_RETURN(rs_query_parse(vm, s, false, "parse_query"));
}

/* parse_query_all(s) -> {key: [values...]} keeping every value. */
RS_DEF(parse_query_all)
{
    RvStr *s = rv_arg_str(vm, "parse_query_all", argv, 0);
    RS_RETURN(rs_query_parse(vm, s, true, "parse_query_all"));
}

/* Append "key=value" (encoded, '&' first unless at the start) for one
 * scalar value; nil and None add nothing. TypeError for other kinds. */
static void rs_query_pair(RvVM *vm, RvBuf *b, RvValue key, RvValue v)
{
    int o = RV_IS_OBJ(v) ? rv_optres(vm, v) : 0;
    if (RV_IS_NIL(v) || o == RV_OPT_NONE)
        return;
    if (o == RV_OPT_SOME)
        v = RV_AS_ENUM(v)->f[0];
    bool scalar = RV_IS_STR(v) || RV_IS_INT(v) || RV_IS_FLOAT(v) || RV_IS_BOOL(v);
    if (!scalar) {
        RvStr *ks = RV_AS_STR(rv_to_str(vm, key));
        rv_throw(vm, RV_E_TYPE, "build_query(): value of key '%s' must be a string, number, "
                 "bool, nil or array of those, got %s", ks->data, rv_type_name(v));
    }
    RvStr *ks = RV_AS_STR(rv_to_str(vm, key)), *vs = RV_AS_STR(rv_to_str(vm, v));
    if (b->len > 0)
        rv_buf_addc(b, '&');
    rs_pct_encode(b, ks->data, ks->len);
    rv_buf_addc(b, '=');
    rs_pct_encode(b, vs->data, vs->len);
}

/* build_query(map) -> "k=v&k2=v2" in the map's order, percent-encoded; an
 * array value repeats its key; nil/None values are left out. */
RS_DEF(build_query)
{
    RvMap *m = rv_arg_map(vm, "build_query", argv, 0);
    RvBuf b;
    rv_buf_init(&b, vm);
    uint32_t it = 0;
    RvValue k, v;
    while (rv_map_next(m, &it, &k, &v)) {
        if (!RV_IS_ARRAY(v)) {
            rs_query_pair(vm, &b, k, v);
            continue;
        }
        for (uint32_t i = 0; i < RV_AS_ARRAY(v)->len; i++) {
            RvValue x = RV_AS_ARRAY(v)->items[i];
            if (RV_IS_ARRAY(x))
                rv_throw(vm, RV_E_TYPE, "build_query(): nested arrays are not allowed");
            rs_query_pair(vm, &b, k, x);
        }
    }
    RS_RETURN(rv_buf_str(&b));
}
