/* rs_text.h — character classes and UTF-8 offsets (private to stdlib/).
 * All functions are pure and never throw. */
#ifndef RS_TEXT_H
#define RS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Unicode White_Space (Rust char::is_whitespace). */
bool rs_is_space(uint32_t cp);
/* Simple one-to-one case mapping (ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic); other code points map to themselves. */
uint32_t rs_case(uint32_t cp, bool upper);
/* Letters of the scripts above plus Hebrew, Arabic, kana, CJK, Hangul. */
bool rs_is_alpha(uint32_t cp);
bool rs_is_upper(uint32_t cp);
bool rs_is_lower(uint32_t cp);
/* Byte offset of code point k of s[0..n) (n when k is past the end). */
size_t rs_char_offset(const char *s, size_t n, size_t k);
/* Number of code points (invalid bytes count one each). */
size_t rs_char_count(const char *s, size_t n);
/* First occurrence of nd[0..nn) in h[0..hn), or NULL; "" is found at h. */
const char *rs_find(const char *h, size_t hn, const char *nd, size_t nn);

#endif
