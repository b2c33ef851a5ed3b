/* rc_diag.h — compiler diagnostics.
 *
 * Errors are collected, never thrown: the lexer, parser, resolver and
 * codegen all record into one RcDiags and keep going. Printing produces
 *     file:line:col: error: message
 *         source line
 *         ^
 */
#ifndef RC_DIAG_H
#define RC_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef struct RcDiag {
    uint32_t line, col;
    char *msg;              /* malloc-owned by the RcDiags */
} RcDiag;

typedef struct RcDiags {
    const char *file;       /* display name, borrowed */
    const char *src;        /* whole source, borrowed (NUL-terminated) */
    RcDiag *v;
    int n, cap;
    int limit;              /* stop recording after this many (default 50) */
} RcDiags;

/* Initialise with borrowed file name and source. */
void rc_diags_init(RcDiags *d, const char *file, const char *src);
/* Free every recorded message. */
void rc_diags_free(RcDiags *d);
/* Record an error at line:col (1-based). printf-style. Never throws. */
void rc_diag_error(RcDiags *d, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Print all diagnostics, sorted by position, in the format above. */
void rc_diags_print(const RcDiags *d, FILE *out);

#endif
