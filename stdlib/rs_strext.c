/* rs_strext.c — more string methods (§9.1 and the SPECIFICATION list):
 * padding, counted replace and split, reverse splitting, counting, ASCII
 * character predicates, to_digit, and the ord/chr builtins.
 *
 * A character is a 1-char string, so the Rust `char` methods
 * (is_ascii_digit, to_digit, ...) are string methods that look at every
 * code point (true only for a non-empty string whose characters all
 * qualify). Widths and counts are in code points; offsets of find/rfind
 * stay bytes as in rs_string.c.
 */
#include <string.h>
#include "rs.h"
#include "rs_text.h"

#define RECV(argv) RV_AS_STR((argv)[0])
#define RS_MAX_STR (1u << 30)

/* Method argument i (>= 1) of fn as a string. */
static RvStr *rs_sarg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_STR(argv[i]))
        rs_bad_arg(vm, fn, i, "a string", argv[i]);
    return RV_AS_STR(argv[i]);
}

/* Method argument i (>= 1) of fn as a non-negative integer. */
static int64_t rs_narg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_INT(argv[i]))
        rs_bad_arg(vm, fn, i, "an integer", argv[i]);
    if (RV_AS_INT(argv[i]) < 0)
        rv_throw(vm, RV_E_VALUE, "%s() argument %d must be >= 0, got %lld", fn, i,
                 (long long)RV_AS_INT(argv[i]));
    return RV_AS_INT(argv[i]);
}

/* ------------------------------------------------------- padding --- */

/* Pad s to width code points with fill (default " ", repeated and cut at a
 * character boundary) at the start or the end. */
static RvValue rs_pad(RvVM *vm, int argc, RvValue *argv, const char *fn, bool at_start)
{
    RvStr *s = RECV(argv);
    int64_t width = rs_narg(vm, fn, argv, 1);
    RvStr *fill = argc > 2 ? rs_sarg(vm, fn, argv, 2) : NULL;
    if (fill && fill->len == 0)
        rv_throw(vm, RV_E_VALUE, "%s() argument 2 must be a non-empty string", fn);
    size_t have = rs_char_count(s->data, s->len);
    if ((uint64_t)width <= have)
        return argv[0];
    if (width > RS_MAX_STR)
        rv_throw(vm, RV_E_MEMORY, "%s(): width %lld is too large", fn, (long long)width);
    const char *f = fill ? fill->data : " ";
    size_t fn_len = fill ? fill->len : 1, fchars = fill ? rs_char_count(f, fn_len) : 1;
    size_t need = (size_t)width - have;
    RvBuf b;
    rv_buf_init(&b, vm);
    if (!at_start)
        rv_buf_add(&b, s->data, s->len);
    for (size_t done = 0; done < need; done += fchars) {
        size_t take = need - done < fchars ? need - done : fchars;
        rv_buf_add(&b, f, rs_char_offset(f, fn_len, take));
    }
    if (at_start)
        rv_buf_add(&b, s->data, s->len);
    return rv_buf_str(&b);
}

/* pad_start(width[, fill]) / pad_end(width[, fill]). */
RS_DEF(s_pad_start) { RS_RETURN(rs_pad(vm, argc, argv, "pad_start", true)); }
RS_DEF(s_pad_end)   { RS_RETURN(rs_pad(vm, argc, argv, "pad_end", false)); }

/* ----------------------------------------------- replace / split --- */

/* replace_all(from, to): replace under its own name (error messages). */
RS_DEF(s_replace_all)
{
    (void)rs_sarg(vm, "replace_all", argv, 1);
    (void)rs_sarg(vm, "replace_all", argv, 2);
    RS_RETURN(rs_s_replace(vm, argc, argv));
}

/* replacen(from, to, n): the first n non-overlapping occurrences. */
RS_DEF(s_replacen)
{
    RvStr *s = RECV(argv), *from = rs_sarg(vm, "replacen", argv, 1);
    RvStr *to = rs_sarg(vm, "replacen", argv, 2);
    int64_t n = rs_narg(vm, "replacen", argv, 3);
    if (from->len == 0)
        rv_throw(vm, RV_E_VALUE, "replacen() argument 1 must be a non-empty string");
    RvBuf b;
    rv_buf_init(&b, vm);
    size_t i = 0;
    for (int64_t k = 0; k < n; k++) {
        const char *at = rs_find(s->data + i, s->len - i, from->data, from->len);
        if (!at)
            break;
        size_t off = (size_t)(at - s->data);
        rv_buf_add(&b, s->data + i, off - i);
        rv_buf_add(&b, to->data, to->len);
        i = off + from->len;
    }
    rv_buf_add(&b, s->data + i, s->len - i);
    RS_RETURN(rv_buf_str(&b));
}

/* splitn(n, sep): at most n pieces, the last holding the rest (Rust). */
RS_DEF(s_splitn)
{
    RvStr *s = RECV(argv);
    int64_t n = rs_narg(vm, "splitn", argv, 1);
    RvStr *sep = rs_sarg(vm, "splitn", argv, 2);
    if (sep->len == 0)
        rv_throw(vm, RV_E_VALUE, "splitn() argument 2 must be a non-empty string");
    RvValue out = rv_array_new(vm, 4);
    size_t from = 0;
    for (int64_t k = 0; k < n; k++) {
        const char *at = k + 1 < n ? rs_find(s->data + from, s->len - from, sep->data,
                                             sep->len) : NULL;
        size_t to = at ? (size_t)(at - s->data) : s->len;
        rv_array_push(vm, RV_AS_ARRAY(out), rv_str_new(vm, s->data + from, to - from));
        if (!at)
            break;
        from = to + sep->len;
    }
    RS_RETURN(out);
}

/* Offset of the last occurrence of p in s[0..end), or SIZE_MAX. */
static size_t rs_rfind_in(const RvStr *s, size_t end, const RvStr *p)
{
    if (p->len > end)
        return SIZE_MAX;
    for (size_t i = end - p->len + 1; i-- > 0;)
        if (memcmp(s->data + i, p->data, p->len) == 0)
            return i;
    return SIZE_MAX;
}

/* rsplit(sep): the pieces from the end backwards (Rust rsplit). */
RS_DEF(s_rsplit)
{
    RvStr *s = RECV(argv), *sep = rs_sarg(vm, "rsplit", argv, 1);
    if (sep->len == 0)
        rv_throw(vm, RV_E_VALUE, "rsplit() argument 1 must be a non-empty string");
    RvValue out = rv_array_new(vm, 4);
    size_t end = s->len;
    for (;;) {
        size_t at = rs_rfind_in(s, end, sep);
        size_t from = at == SIZE_MAX ? 0 : at + sep->len;
        rv_array_push(vm, RV_AS_ARRAY(out), rv_str_new(vm, s->data + from, end - from));
        if (at == SIZE_MAX)
            break;
        end = at;
    }
    RS_RETURN(out);
}

/* rsplit_once(sep) -> Some((before, after)) split at the last sep, or None. */
RS_DEF(s_rsplit_once)
{
    RvStr *s = RECV(argv), *sep = rs_sarg(vm, "rsplit_once", argv, 1);
    size_t at = rs_rfind_in(s, s->len, sep);
    if (at == SIZE_MAX)
        RS_RETURN(rv_none(vm));
    RvValue parts[2];
    parts[0] = rv_str_new(vm, s->data, at);
    parts[1] = rv_str_new(vm, s->data + at + sep->len, s->len - at - sep->len);
    RS_RETURN(rv_some(vm, rv_tuple_new(vm, 2, parts)));
}

/* count(sub): number of non-overlapping occurrences (sub non-empty). */
RS_DEF(s_count)
{
    RvStr *s = RECV(argv), *p = rs_sarg(vm, "count", argv, 1);
    if (p->len == 0)
        rv_throw(vm, RV_E_VALUE, "count() argument 1 must be a non-empty string");
    int64_t n = 0;
    size_t i = 0;
    const char *at;
    while ((at = rs_find(s->data + i, s->len - i, p->data, p->len)) != NULL) {
        n++;
        i = (size_t)(at - s->data) + p->len;
    }
    RS_RETURN(RV_INT(n));
}

/* eq_ignore_ascii_case(other) -> bool. */
RS_DEF(s_eq_ignore_case)
{
    RvStr *s = RECV(argv), *o = rs_sarg(vm, "eq_ignore_ascii_case", argv, 1);
    if (s->len != o->len)
        RS_RETURN(RV_FALSE);
    for (size_t i = 0; i < s->len; i++) {
        unsigned char a = (unsigned char)s->data[i], c = (unsigned char)o->data[i];
        if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (c >= 'A' && c <= 'Z' ? c + 32 : c))
            RS_RETURN(RV_FALSE);
    }
    RS_RETURN(RV_TRUE);
}

/* ---------------------------------------------- ASCII predicates --- */

typedef bool (*RsBytePred)(unsigned char c);

static bool rs_b_ascii(unsigned char c) { return c < 0x80; }
static bool rs_b_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static bool rs_b_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool rs_b_alnum(unsigned char c) { return rs_b_alpha(c) || rs_b_digit(c); }
static bool rs_b_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool rs_b_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool rs_b_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13 && c != 11); }
static bool rs_b_hex(unsigned char c)
{
    return rs_b_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f');
}
static bool rs_b_punct(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !rs_b_alnum(c);
}
static bool rs_b_ctrl(unsigned char c) { return c < 0x20 || c == 0x7f; }

/* True when s is non-empty and every byte satisfies pred ("" is false;
 * is_ascii is true for "" as in Rust's str::is_ascii). */
static RvValue rs_all_bytes(const RvStr *s, RsBytePred pred, bool empty_ok)
{
    if (s->len == 0)
        return RV_BOOL(empty_ok);
    for (size_t i = 0; i < s->len; i++)
        if (!pred((unsigned char)s->data[i]))
            return RV_FALSE;
    return RV_TRUE;
}

RS_DEF(s_is_ascii)             { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_ascii, true)); }
RS_DEF(s_is_ascii_alphabetic)  { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_alpha, false)); }
RS_DEF(s_is_ascii_alphanumeric) { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_alnum, false)); }
RS_DEF(s_is_ascii_uppercase)   { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_upper, false)); }
RS_DEF(s_is_ascii_lowercase)   { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_lower, false)); }
RS_DEF(s_is_ascii_whitespace)  { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_space, false)); }
RS_DEF(s_is_ascii_hexdigit)    { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_hex, false)); }
RS_DEF(s_is_ascii_punctuation) { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_punct, false)); }
RS_DEF(s_is_control)           { RS_RETURN(rs_all_bytes(RECV(argv), rs_b_ctrl, false)); }

/* to_digit([radix]) on a 1-char string: Some(value) or None (radix 2..36,
 * default 10). ValueError for a longer or empty receiver or a bad radix. */
RS_DEF(s_to_digit)
{
    RvStr *s = RECV(argv);
    int64_t radix = 10;
    if (argc > 1) {
        if (!RV_IS_INT(argv[1]))
            rs_bad_arg(vm, "to_digit", 1, "an integer", argv[1]);
        radix = RV_AS_INT(argv[1]);
        if (radix < 2 || radix > 36)
            rv_throw(vm, RV_E_VALUE, "to_digit() argument 1 must be a radix in 2..=36, "
                     "got %lld", (long long)radix);
    }
    if (rs_char_count(s->data, s->len) != 1)
        rv_throw(vm, RV_E_VALUE, "to_digit() receiver must be a single character, "
                 "got a string of %zu characters", rs_char_count(s->data, s->len));
    unsigned char c = (unsigned char)s->data[0];
    int d = rs_b_digit(c) ? c - '0' : rs_b_alpha(c) ? (c | 32) - 'a' + 10 : 99;
    if (d >= radix)
        RS_RETURN(rv_none(vm));
    RS_RETURN(rv_some(vm, RV_INT(d)));
}

/* ---------------------------------------------------- ord / chr --- */

/* ord(c) -> code point of the single character c. */
RS_DEF(ord)
{
    RvStr *s = rv_arg_str(vm, "ord", argv, 0);
    size_t i = 0;
    if (s->len == 0 || rs_char_count(s->data, s->len) != 1)
        rv_throw(vm, RV_E_VALUE, "ord() argument 1 must be a single character, got a "
                 "string of %zu characters", rs_char_count(s->data, s->len));
    RS_RETURN(RV_INT(rs_utf8_next(s->data, s->len, &i)));
}

/* chr(n) -> 1-char string of code point n (0..=0x10FFFF, no surrogates). */
RS_DEF(chr)
{
    int64_t n = rv_arg_int(vm, "chr", argv, 0);
    if (n < 0 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
        rv_throw(vm, RV_E_VALUE, "chr() argument 1 must be a Unicode scalar value "
                 "(0..=0x10FFFF, not a surrogate), got %lld", (long long)n);
    char out[4];
    RS_RETURN(rv_str_new(vm, out, rs_utf8_put((uint32_t)n, out)));
}
