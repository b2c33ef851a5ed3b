/* rs_text.c — UTF-8 and character classes for the string methods.
 *
 * Decoding is strict (no overlongs, surrogates or values past U+10FFFF);
 * an invalid byte b decodes as U+DC00+b ("surrogate escape") and encodes
 * back to the same raw byte, so every string round-trips unchanged.
 * Case mapping and the letter class cover ASCII, Latin-1, Latin
 * Extended-A, Greek and Cyrillic; other scripts have no case.
 */
#include "rs.h"
#include "rs_text.h"

/* Continuation byte? */
static bool rs_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* See rs.h. */
uint32_t rs_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    unsigned char c = p[0];
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        goto bad;
    }
    if (left < len)
        goto bad;
    for (size_t k = 1; k < len; k++) {
        if (!rs_cont(p[k]))
            goto bad;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        goto bad;
    *i += len;
    return cp;
bad:
    *i += 1;
    return 0xDC00u + c;
}

/* See rs.h. */
size_t rs_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) {          /* escaped raw byte */
        o[0] = (unsigned char)(cp - 0xDC00);
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* See rs_text.h. */
bool rs_is_space(uint32_t cp)
{
    if (cp <= 0x20)
        return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
    if (cp < 0x85)
        return false;
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Latin Extended-A pairing: returns the partner or cp. */
static uint32_t rs_case_latin_ext(uint32_t cp, bool upper)
{
    bool even_upper = (cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
    bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (even_upper) {
        bool is_upper = (cp & 1) == 0;
        if (upper && !is_upper)
            return cp - 1;
        if (!upper && is_upper)
            return cp + 1;
    } else if (odd_upper) {
        bool is_upper = (cp & 1) == 1;
        if (upper && !is_upper)
            return cp - 1;
        if (!upper && is_upper)
            return cp + 1;
    }
    return cp;
}

/* See rs_text.h. */
uint32_t rs_case(uint32_t cp, bool upper)
{
    if (cp < 0x80) {
        if (upper && cp >= 'a' && cp <= 'z')
            return cp - 32;
        if (!upper && cp >= 'A' && cp <= 'Z')
            return cp + 32;
        return cp;
    }
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7 && cp != 0xDF) {
        if (cp == 0xFF)
            return upper ? 0x178 : cp;
        if (upper)
            return cp >= 0xE0 ? cp - 32 : cp;
        return cp < 0xE0 ? cp + 32 : cp;
    }
    if (cp == 0x178)
        return upper ? cp : 0xFF;
    if (cp >= 0x100 && cp <= 0x17F)
        return rs_case_latin_ext(cp, upper);
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return upper ? cp : cp + 32;
    if (cp >= 0x3B1 && cp <= 0x3C9)
        return upper ? (cp == 0x3C2 ? 0x3A3 : cp - 32) : cp;
    if (cp >= 0x410 && cp <= 0x42F)
        return upper ? cp : cp + 32;
    if (cp >= 0x430 && cp <= 0x44F)
        return upper ? cp - 32 : cp;
    if (cp >= 0x400 && cp <= 0x40F)
        return upper ? cp : cp + 80;
    if (cp >= 0x450 && cp <= 0x45F)
        return upper ? cp - 80 : cp;
    return cp;
}

/* See rs_text.h. */
bool rs_is_alpha(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp >= 0xDC80 && cp <= 0xDCFF)
        return false;                      /* escaped invalid byte */
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA)
        return true;
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7;
    return (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
           (cp >= 0x400 && cp <= 0x52F) || (cp >= 0x5D0 && cp <= 0x5EA) ||
           (cp >= 0x620 && cp <= 0x64A) || (cp >= 0x3041 && cp <= 0x30FF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* See rs_text.h. */
bool rs_is_upper(uint32_t cp)
{
    return rs_case(cp, false) != cp;
}

/* See rs_text.h. */
bool rs_is_lower(uint32_t cp)
{
    return rs_case(cp, true) != cp || cp == 0xDF;
}

/* See rs_text.h. */
size_t rs_char_offset(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (k > 0 && i < n) {
        (void)rs_utf8_next(s, n, &i);
        k--;
    }
    return i;
}

/* See rs_text.h. */
size_t rs_char_count(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    while (i < n) {
        (void)rs_utf8_next(s, n, &i);
        k++;
    }
    return k;
}

/* See rs_text.h. */
const char *rs_find(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn == 0)
        return h;
    if (nn > hn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++)
        if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
            return h + i;
    return NULL;
}
