/* rs_string.c — string methods (language doc §9.1).
 *
 * Strings are immutable UTF-8; every method returns a new value. Lengths
 * are in bytes (len), positions for substring/char_at/index_of are in code
 * points, and find/rfind return byte offsets like Rust. Arguments that must
 * be strings raise TypeError naming the method.
 */
#include <string.h>
#include "rs.h"
#include "rs_text.h"

#define RS_MAX_STR (1u << 30)   /* largest string a method builds */

#define RECV(argv) RV_AS_STR((argv)[0])

/* Argument i (>= 1) of method fn as a string. */
static RvStr *rs_sarg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_STR(argv[i]))
        rs_bad_arg(vm, fn, i, "a string", argv[i]);
    return RV_AS_STR(argv[i]);
}

/* Argument i (>= 1) of method fn as an integer. */
static int64_t rs_iarg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_INT(argv[i]))
        rs_bad_arg(vm, fn, i, "an integer", argv[i]);
    return RV_AS_INT(argv[i]);
}

static RvValue rs_sub(RvVM *vm, const RvStr *s, size_t a, size_t z)
{
    return rv_str_new(vm, s->data + a, z - a);
}

RS_DEF(s_len)      { RS_RETURN(RV_INT(RECV(argv)->len)); }
RS_DEF(s_is_empty) { RS_RETURN(RV_BOOL(RECV(argv)->len == 0)); }
RS_DEF(s_identity) { RS_RETURN(argv[0]); }

/* ------------------------------------------------------------ case --- */

static RvValue rs_s_case(RvVM *vm, const RvStr *s, bool upper)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    size_t i = 0;
    char enc[4];
    while (i < s->len) {
        uint32_t cp = rs_utf8_next(s->data, s->len, &i);
        if (upper && cp == 0xDF) {
            rv_buf_add(&b, "SS", 2);
            continue;
        }
        rv_buf_add(&b, enc, rs_utf8_put(rs_case(cp, upper), enc));
    }
    return rv_buf_str(&b);
}

RS_DEF(s_upper) { RS_RETURN(rs_s_case(vm, RECV(argv), true)); }
RS_DEF(s_lower) { RS_RETURN(rs_s_case(vm, RECV(argv), false)); }

/* ------------------------------------------------------------ trim --- */

/* Offset after the leading whitespace. */
static size_t rs_lead_ws(const RvStr *s)
{
    size_t i = 0;
    while (i < s->len) {
        size_t j = i;
        if (!rs_is_space(rs_utf8_next(s->data, s->len, &j)))
            break;
        i = j;
    }
    return i;
}

/* Offset where the trailing whitespace starts (>= from). */
static size_t rs_trail_ws(const RvStr *s, size_t from)
{
    size_t i = from, end = from;
    while (i < s->len) {
        uint32_t cp = rs_utf8_next(s->data, s->len, &i);
        if (!rs_is_space(cp))
            end = i;
    }
    return end;
}

RS_DEF(s_trim)
{
    RvStr *s = RECV(argv);
    size_t a = rs_lead_ws(s);
    RS_RETURN(rs_sub(vm, s, a, rs_trail_ws(s, a)));
}
RS_DEF(s_trim_start) { RvStr *s = RECV(argv); RS_RETURN(rs_sub(vm, s, rs_lead_ws(s), s->len)); }
RS_DEF(s_trim_end)   { RvStr *s = RECV(argv); RS_RETURN(rs_sub(vm, s, 0, rs_trail_ws(s, 0))); }

/* Remove repeated occurrences of pattern p at the start and/or end. */
static RvValue rs_trim_pat(RvVM *vm, RvValue *argv, const char *fn, bool start, bool end)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, fn, argv, 1);
    size_t a = 0, z = s->len;
    if (p->len > 0) {
        while (start && z - a >= p->len && memcmp(s->data + a, p->data, p->len) == 0)
            a += p->len;
        while (end && z - a >= p->len && memcmp(s->data + z - p->len, p->data, p->len) == 0)
            z -= p->len;
    }
    return rs_sub(vm, s, a, z);
}

RS_DEF(s_trim_matches)       { RS_RETURN(rs_trim_pat(vm, argv, "trim_matches", true, true)); }
RS_DEF(s_trim_start_matches) { RS_RETURN(rs_trim_pat(vm, argv, "trim_start_matches", true, false)); }
RS_DEF(s_trim_end_matches)   { RS_RETURN(rs_trim_pat(vm, argv, "trim_end_matches", false, true)); }

/* -------------------------------------------------------- searching --- */

RS_DEF(s_contains)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "contains", argv, 1);
    RS_RETURN(RV_BOOL(rs_find(s->data, s->len, p->data, p->len) != NULL));
}

RS_DEF(s_starts_with)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "starts_with", argv, 1);
    RS_RETURN(RV_BOOL(p->len <= s->len && memcmp(s->data, p->data, p->len) == 0));
}

RS_DEF(s_ends_with)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "ends_with", argv, 1);
    RS_RETURN(RV_BOOL(p->len <= s->len &&
                      memcmp(s->data + s->len - p->len, p->data, p->len) == 0));
}

RS_DEF(s_strip_prefix)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "strip_prefix", argv, 1);
    if (p->len <= s->len && memcmp(s->data, p->data, p->len) == 0)
        RS_RETURN(rv_some(vm, rs_sub(vm, s, p->len, s->len)));
    RS_RETURN(rv_none(vm));
}

RS_DEF(s_strip_suffix)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "strip_suffix", argv, 1);
    if (p->len <= s->len && memcmp(s->data + s->len - p->len, p->data, p->len) == 0)
        RS_RETURN(rv_some(vm, rs_sub(vm, s, 0, s->len - p->len)));
    RS_RETURN(rv_none(vm));
}

/* find(p) -> Some(byte offset of the first match) or None. */
RS_DEF(s_find)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "find", argv, 1);
    const char *at = rs_find(s->data, s->len, p->data, p->len);
    RS_RETURN(at ? rv_some(vm, RV_INT(at - s->data)) : rv_none(vm));
}

/* rfind(p) -> Some(byte offset of the last match) or None. */
RS_DEF(s_rfind)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "rfind", argv, 1);
    if (p->len > s->len)
        RS_RETURN(rv_none(vm));
    for (size_t i = s->len - p->len + 1; i-- > 0;)
        if (memcmp(s->data + i, p->data, p->len) == 0)
            RS_RETURN(rv_some(vm, RV_INT(i)));
    RS_RETURN(rv_none(vm));
}

/* index_of(p) -> Some(char index of the first match) or None. */
RS_DEF(s_index_of)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "index_of", argv, 1);
    const char *at = rs_find(s->data, s->len, p->data, p->len);
    if (!at)
        RS_RETURN(rv_none(vm));
    RS_RETURN(rv_some(vm, RV_INT(rs_char_count(s->data, (size_t)(at - s->data)))));
}

/* -------------------------------------------------------- splitting --- */

/* Array of the pieces between occurrences of sep (non-empty). */
static RvValue rs_split_sep(RvVM *vm, const RvStr *s, const RvStr *sep)
{
    RvValue out = rv_array_new(vm, 4);
    RvArray *a = RV_AS_ARRAY(out);
    size_t from = 0;
    for (;;) {
        const char *at = rs_find(s->data + from, s->len - from, sep->data, sep->len);
        size_t to = at ? (size_t)(at - s->data) : s->len;
        rv_array_push(vm, a, rs_sub(vm, s, from, to));
        if (!at)
            break;
        from = to + sep->len;
    }
    return out;
}

/* Array of the code points of s as strings; with_ends adds "" at both
 * ends (Rust's split("")). */
static RvValue rs_split_chars(RvVM *vm, const RvStr *s, bool with_ends)
{
    RvValue out = rv_array_new(vm, s->len + 2 < 1024 ? (uint32_t)s->len + 2 : 1024);
    RvArray *a = RV_AS_ARRAY(out);
    if (with_ends)
        rv_array_push(vm, a, rv_str_new(vm, "", 0));
    size_t i = 0;
    while (i < s->len) {
        size_t j = i;
        (void)rs_utf8_next(s->data, s->len, &j);
        rv_array_push(vm, a, rs_sub(vm, s, i, j));
        i = j;
    }
    if (with_ends)
        rv_array_push(vm, a, rv_str_new(vm, "", 0));
    return out;
}

/* Array of the whitespace-separated words of s. */
static RvValue rs_words(RvVM *vm, const RvStr *s)
{
    RvValue out = rv_array_new(vm, 4);
    RvArray *a = RV_AS_ARRAY(out);
    size_t i = 0, start = 0;
    bool in_word = false;
    while (i < s->len) {
        size_t j = i;
        bool sp = rs_is_space(rs_utf8_next(s->data, s->len, &j));
        if (sp && in_word)
            rv_array_push(vm, a, rs_sub(vm, s, start, i));
        if (!sp && !in_word)
            start = i;
        in_word = !sp;
        i = j;
    }
    if (in_word)
        rv_array_push(vm, a, rs_sub(vm, s, start, s->len));
    return out;
}

/* split(sep) with Rust semantics; split() splits on whitespace. */
RS_DEF(s_split)
{
    RvStr *s = RECV(argv);
    if (argc < 2)
        RS_RETURN(rs_words(vm, s));
    RvStr *sep = rs_sarg(vm, "split", argv, 1);
    if (sep->len == 0)
        RS_RETURN(rs_split_chars(vm, s, true));
    RS_RETURN(rs_split_sep(vm, s, sep));
}

RS_DEF(s_split_whitespace) { RS_RETURN(rs_words(vm, RECV(argv))); }
RS_DEF(s_chars)            { RS_RETURN(rs_split_chars(vm, RECV(argv), false)); }

/* split_once(sep) -> Some((before, after)) or None. */
RS_DEF(s_split_once)
{
    RvStr *s = RECV(argv), *sep = rs_sarg(vm, "split_once", argv, 1);
    const char *at = rs_find(s->data, s->len, sep->data, sep->len);
    if (!at)
        RS_RETURN(rv_none(vm));
    size_t k = (size_t)(at - s->data);
    RvValue parts[2];
    parts[0] = rs_sub(vm, s, 0, k);
    parts[1] = rs_sub(vm, s, k + sep->len, s->len);
    RS_RETURN(rv_some(vm, rv_tuple_new(vm, 2, parts)));
}

/* lines(): split at \n, drop a final empty line, strip a trailing \r. */
RS_DEF(s_lines)
{
    RvStr *s = RECV(argv);
    RvValue out = rv_array_new(vm, 4);
    RvArray *a = RV_AS_ARRAY(out);
    size_t from = 0;
    while (from < s->len) {
        const char *nl = memchr(s->data + from, '\n', s->len - from);
        size_t to = nl ? (size_t)(nl - s->data) : s->len;
        size_t z = to;
        if (z > from && s->data[z - 1] == '\r')
            z--;
        rv_array_push(vm, a, rs_sub(vm, s, from, z));
        from = to + 1;
    }
    RS_RETURN(out);
}

/* bytes()/as_bytes(): array of byte values. */
RS_DEF(s_bytes)
{
    RvStr *s = RECV(argv);
    RvValue out = rv_array_new(vm, s->len);
    for (size_t i = 0; i < s->len; i++)
        rv_array_push(vm, RV_AS_ARRAY(out), RV_INT((unsigned char)s->data[i]));
    RS_RETURN(out);
}

/* ------------------------------------------------------- building --- */

/* replace(from, to): every occurrence; "" inserts `to` around each char. */
RS_DEF(s_replace)
{
    RvStr *s = RECV(argv);
    RvStr *from = rs_sarg(vm, "replace", argv, 1), *to = rs_sarg(vm, "replace", argv, 2);
    RvBuf b;
    rv_buf_init(&b, vm);
    size_t i = 0;
    if (from->len == 0) {
        rv_buf_add(&b, to->data, to->len);
        while (i < s->len) {
            size_t j = i;
            (void)rs_utf8_next(s->data, s->len, &j);
            rv_buf_add(&b, s->data + i, j - i);
            rv_buf_add(&b, to->data, to->len);
            if (b.len > RS_MAX_STR)
                rv_throw(vm, RV_E_MEMORY, "replace(): result too large");
            i = j;
        }
        RS_RETURN(rv_buf_str(&b));
    }
    for (;;) {
        const char *at = rs_find(s->data + i, s->len - i, from->data, from->len);
        size_t k = at ? (size_t)(at - s->data) : s->len;
        rv_buf_add(&b, s->data + i, k - i);
        if (!at)
            break;
        rv_buf_add(&b, to->data, to->len);
        if (b.len > RS_MAX_STR)
            rv_throw(vm, RV_E_MEMORY, "replace(): result too large");
        i = k + from->len;
    }
    RS_RETURN(rv_buf_str(&b));
}

/* repeat(n), n >= 0. */
RS_DEF(s_repeat)
{
    RvStr *s = RECV(argv);
    int64_t n = rs_iarg(vm, "repeat", argv, 1);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "repeat(): count must be >= 0, got %lld", (long long)n);
    if (s->len > 0 && (uint64_t)n > RS_MAX_STR / s->len)
        rv_throw(vm, RV_E_MEMORY, "repeat(): result too large");
    size_t total = s->len * (size_t)n;
    RvStr *r = rv_str_alloc(vm, total);
    for (int64_t k = 0; k < n && s->len > 0; k++)
        memcpy(r->data + (size_t)k * s->len, s->data, s->len);
    RS_RETURN(RV_OBJ(r));
}

RS_DEF(s_append)
{
    RvStr *s = RECV(argv), *t = rs_sarg(vm, "append", argv, 1);
    RS_RETURN(rv_str_concat(vm, s, t));
}

/* reverse(): code points in reverse order. */
RS_DEF(s_reverse)
{
    RvStr *s = RECV(argv);
    RvStr *r = rv_str_alloc(vm, s->len);
    size_t i = 0;
    while (i < s->len) {
        size_t j = i;
        (void)rs_utf8_next(s->data, s->len, &j);
        memcpy(r->data + s->len - j, s->data + i, j - i);
        i = j;
    }
    RS_RETURN(RV_OBJ(r));
}

/* substring(start[, end]) / slice: by char index, end clamped. */
RS_DEF(s_substring)
{
    RvStr *s = RECV(argv);
    int64_t a = rs_iarg(vm, "substring", argv, 1);
    size_t nchars = rs_char_count(s->data, s->len);
    int64_t z = argc > 2 ? rs_iarg(vm, "substring", argv, 2) : (int64_t)nchars;
    if (a < 0 || z < 0)
        rv_throw(vm, RV_E_VALUE, "substring(): indices must be >= 0, got %lld..%lld",
                 (long long)a, (long long)z);
    if ((uint64_t)z > nchars)
        z = (int64_t)nchars;
    if (a > z)
        rv_throw(vm, RV_E_VALUE, "substring(): start %lld is greater than end %lld",
                 (long long)a, (long long)z);
    size_t ba = rs_char_offset(s->data, s->len, (size_t)a);
    size_t bz = ba + rs_char_offset(s->data + ba, s->len - ba, (size_t)(z - a));
    RS_RETURN(rs_sub(vm, s, ba, bz));
}

/* char_at(i): 1-char string, negative from the end, nil when outside. */
RS_DEF(s_char_at)
{
    RvStr *s = RECV(argv);
    int64_t i = rs_iarg(vm, "char_at", argv, 1);
    size_t nchars = rs_char_count(s->data, s->len);
    if (i < 0)
        i += (int64_t)nchars;
    if (i < 0 || (uint64_t)i >= nchars)
        RS_RETURN(RV_NIL);
    size_t a = rs_char_offset(s->data, s->len, (size_t)i);
    size_t z = a;
    (void)rs_utf8_next(s->data, s->len, &z);
    RS_RETURN(rs_sub(vm, s, a, z));
}

/* format(args...): the receiver is a Rust format string. */
RS_DEF(s_format)
{
    RvStr *s = RECV(argv);
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_format_into(vm, &b, s->data, s->len, argc - 1, argv + 1);
    RS_RETURN(rv_buf_str(&b));
}

/* ------------------------------------------------------- parsing --- */

/* The receiver without surrounding whitespace, as pointer + length. */
static const char *rs_trim_view(const RvStr *s, size_t *n)
{
    size_t a = rs_lead_ws(s);
    *n = rs_trail_ws(s, a) - a;
    return s->data + a;
}

static _Noreturn void rs_parse_fail(RvVM *vm, const char *fn, const char *what,
                                    const char *p, size_t n, int rc)
{
    rv_throw(vm, rc == 2 ? RV_E_OVERFLOW : RV_E_VALUE, "%s(): %s \"%.*s\"", fn,
             rc == 2 ? "integer out of range:" : what, (int)(n > 64 ? 64 : n), p);
}

/* to_int()/to_integer(): trimmed decimal i64. */
RS_DEF(s_to_int)
{
    size_t n;
    const char *p = rs_trim_view(RECV(argv), &n);
    int64_t r = 0;
    int rc = rs_parse_i64(p, n, &r);
    if (rc != 0)
        rs_parse_fail(vm, "to_int", "invalid integer", p, n, rc);
    RS_RETURN(RV_INT(r));
}

/* to_float()/parse_float(): trimmed float. */
RS_DEF(s_to_float)
{
    size_t n;
    const char *p = rs_trim_view(RECV(argv), &n);
    double d;
    if (!rs_parse_f64(p, n, &d))
        rs_parse_fail(vm, "parse_float", "invalid float", p, n, 1);
    RS_RETURN(RV_FLOAT(d));
}

/* parse(): an integer when the text is one, else a float, else ValueError. */
RS_DEF(s_parse)
{
    size_t n;
    const char *p = rs_trim_view(RECV(argv), &n);
    int64_t r = 0;
    double d;
    int rc = rs_parse_i64(p, n, &r);
    if (rc == 0)
        RS_RETURN(RV_INT(r));
    if (rc == 1 && rs_parse_f64(p, n, &d))
        RS_RETURN(RV_FLOAT(d));
    rs_parse_fail(vm, "parse", "invalid number", p, n, rc);
}

/* ------------------------------------------------ character classes --- */

typedef bool (*RsCharPred)(uint32_t cp, int radix);

/* True when s is non-empty and every code point satisfies pred. */
static bool rs_all_chars(const RvStr *s, RsCharPred pred, int radix)
{
    if (s->len == 0)
        return false;
    size_t i = 0;
    while (i < s->len)
        if (!pred(rs_utf8_next(s->data, s->len, &i), radix))
            return false;
    return true;
}

static bool rs_p_digit(uint32_t cp, int radix)
{
    int d = cp >= '0' && cp <= '9' ? (int)(cp - '0')
          : cp >= 'a' && cp <= 'z' ? (int)(cp - 'a' + 10)
          : cp >= 'A' && cp <= 'Z' ? (int)(cp - 'A' + 10) : 99;
    return d < radix;
}
static bool rs_p_alpha(uint32_t cp, int r) { (void)r; return rs_is_alpha(cp); }
static bool rs_p_alnum(uint32_t cp, int r) { (void)r; return rs_is_alpha(cp) || rs_p_digit(cp, 10); }
static bool rs_p_space(uint32_t cp, int r) { (void)r; return rs_is_space(cp); }
static bool rs_p_upper(uint32_t cp, int r) { (void)r; return rs_is_upper(cp); }
static bool rs_p_lower(uint32_t cp, int r) { (void)r; return rs_is_lower(cp); }

/* is_numeric()/is_digit([radix])/is_ascii_digit(). */
RS_DEF(s_is_numeric)
{
    int64_t radix = argc > 1 ? rs_iarg(vm, "is_digit", argv, 1) : 10;
    if (radix < 2 || radix > 36)
        rv_throw(vm, RV_E_VALUE, "is_digit(): radix must be 2..36, got %lld",
                 (long long)radix);
    RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_digit, (int)radix)));
}

RS_DEF(s_is_alphabetic)   { RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_alpha, 0))); }
RS_DEF(s_is_alphanumeric) { RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_alnum, 0))); }
RS_DEF(s_is_whitespace)   { RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_space, 0))); }
RS_DEF(s_is_uppercase)    { RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_upper, 0))); }
RS_DEF(s_is_lowercase)    { RS_RETURN(RV_BOOL(rs_all_chars(RECV(argv), rs_p_lower, 0))); }
