/* rc_token.h — tokens and the re2c lexer (rc_lexer.re).
 *
 * Token kinds are the TK_ codes of the generated lemon header rc_grammar.h,
 * so lexer, driver and grammar share one numbering. Kind 0 is end of input.
 * The lexer reads one NUL-terminated buffer, records lexical errors in an
 * RcDiags and always produces a best-effort token, so parsing continues.
 */
#ifndef RC_TOKEN_H
#define RC_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "rc_ast.h"
#include "rc_diag.h"

typedef struct RcToken {
    int kind;              /* TK_* code, 0 = end of input */
    const char *s;         /* raw text (source, or an f-string's arena copy) */
    uint32_t n;            /* raw length in bytes */
    uint32_t line, col;    /* 1-based position of the first byte */
    uint8_t nl;            /* a newline precedes this token */
    uint8_t sp;            /* whitespace or a comment precedes this token */
    union { int64_t i; double f; } v;  /* INT / FLOAT value */
    const char *str;       /* decoded text: string contents, identifier or
                              label name, f-string part or format spec */
    uint32_t len;          /* length of str */
} RcToken;

/* Growable token array, in the lexer's arena (rc_tokvec_free forgets it). */
typedef struct RcTokVec {
    RcToken *v;
    int n, cap;
    struct RcArena *ar;    /* where v lives; set by rc_lex_all */
} RcTokVec;

typedef struct RcLexer {
    const char *buf;          /* start of the buffer */
    const char *cur;          /* next byte to scan */
    const char *lim;          /* the terminating NUL */
    const char *line_start;   /* first byte of the current line */
    uint32_t line;
    int prev;                 /* kind of the previous token */
    int depth;                /* f-string nesting of this lexer */
    RcArena *ar;              /* decoded strings go here */
    RcDiags *d;
    /* Sub-lexers over a decoded f-string expression: byte i of buf sits at
     * plines[i]:pcols[i] of the file (len + 1 entries); NULL for the root. */
    const uint32_t *plines, *pcols;
} RcLexer;

/* Prepare lx to scan src[0..len) (src[len] must be NUL). Skips a first-line
 * shebang. Allocates nothing; strings decoded later live in ar. */
void rc_lex_init(RcLexer *lx, RcArena *ar, RcDiags *d, const char *src,
                 size_t len);

/* Scan the next token into *t and return its kind (0 at end of input).
 * Errors are recorded in lx->d; a token is still returned. An f-string is
 * returned raw as TK_FSTRING (s/n = the text between the quotes). */
int rc_lex_next(RcLexer *lx, RcToken *t);

/* Token kind of the identifier s[0..n): its keyword's, else TK_IDENT.
 * Allocates nothing. (rc_keywords.c) */
int rc_keyword_kind(const char *s, size_t n);

/* Scan the whole input into out (appending), expanding every f-string into
 * FSTR_BEGIN (FSTR_PART | FEXPR_BEGIN tokens [FSPEC] FEXPR_END)* FSTR_END,
 * with the inner tokens at their real line:col. Ends with one kind-0 token.
 * Returns 0 on success, -1 when memory for the array ran out. */
int rc_lex_all(RcLexer *lx, RcTokVec *out);

/* Forget the token array (its memory and the strings live in the arena). */
void rc_tokvec_free(RcTokVec *v);

/* Decode the escapes of a string body raw[0..n) into a NUL-terminated arena
 * copy; *outlen receives its length. If map is non-NULL it must have room
 * for n + 1 entries and receives, for each output byte (and the end), the
 * offset in raw it came from. Never fails. */
char *rc_lex_decode(RcArena *ar, const char *raw, size_t n, uint32_t *outlen,
                    uint32_t *map);

#endif
