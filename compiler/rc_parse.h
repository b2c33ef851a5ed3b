/* rc_parse.h — the parser driver and the lemon-generated parser (private to
 * compiler/). Lemon 3.40's generated header only defines the TK_ codes, so
 * the parser entry points are declared here.
 */
#ifndef RC_PARSE_H
#define RC_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "rc_ast.h"
#include "rc_diag.h"
#include "rc_token.h"

/* State shared by the driver and the grammar actions (%extra_context). */
typedef struct RcParseCtx {
    RcArena *ar;            /* nodes go here */
    RcDiags *d;             /* errors go here */
    RcAst *root;            /* set when the PROGRAM rule is reduced */
    const RcToken *toks;    /* the token array being fed */
    int ntok;
    int cur;                /* index of the raw token being fed */
    const RcToken *prev;    /* last token fed before the current one */
    int errored;            /* a syntax error was recorded while feeding */
    int fatal;              /* stop feeding (nesting too deep) */
    int quiet_eof;          /* an unclosed delimiter was already reported */
    char want_close;        /* closer the innermost open bracket expects,
                               set while feeding a closer that differs */
} RcParseCtx;

/* Lemon entry points (rc_grammar.c). The parser state lives in memory of
 * RcParserSize() bytes that the caller provides (the compile arena):
 * RcParserInit sets it up, RcParserFinalize releases what it holds. */
size_t RcParserSize(void);
void RcParserInit(void *p, RcParseCtx *ctx);
void RcParser(void *p, int kind, RcToken tok);
void RcParserFinalize(void *p);
/* Re-arm error reporting after the driver resynchronised (rc_grammar.y). */
void RcParserResetErrors(void *p);

/* Walk root without recursion (rc_ast.c): report assignments to anything
 * but a name, field, index or t.N, and refuse a tree deeper than max_depth
 * (a chain like `1 + 1 + ...`, which bracket nesting does not bound; the
 * later passes recurse on the tree). Returns false after reporting the
 * first node that is too deep. Its work stack lives in ar. */
bool rc_check_tree(RcArena *ar, RcDiags *d, const RcAst *root, int max_depth);

/* Called from %syntax_error: records "unexpected X" / "expected expression,
 * found X" / "'X' is not supported" at tok's position. */
void rc_parse_syntax_error(RcParseCtx *ctx, int kind, const RcToken *tok);
/* Called from %stack_overflow: records "nesting too deep" and stops. */
void rc_parse_overflow(RcParseCtx *ctx);

#endif
