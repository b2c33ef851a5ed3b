/* rc_keywords.c — the reserved words of the lexer (rc_lexer.re).
 *
 * Every keyword of the reference lexer is reserved except `handle` and
 * `handler` (effect handlers, P2): `fun handler(event, context)` is the
 * Lambda entry point of every user program. P2 keywords scan as
 * TK_RESERVED so that using one as a name gets a clear error.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rc_token.h"
#include "rc_grammar.h"

/* Keywords, ordered by length and then bytes (rc_keyword_kind searches it):
 * an identifier is looked up here rather than spelled out as DFA rules,
 * which keeps the generated scanner a fraction of the size. */
static const struct RcKeyword {
    char name[12];
    uint8_t kind;
} keywords[] = {
    {"Ok", TK_OK}, {"as", TK_AS}, {"df", TK_RESERVED}, {"fn", TK_FUN}, {"if", TK_IF},
    {"in", TK_IN}, {"Err", TK_ERR}, {"ask", TK_RESERVED}, {"for", TK_FOR}, {"fun", TK_FUN},
    {"let", TK_LET}, {"mod", TK_MOD}, {"mut", TK_MUT}, {"pub", TK_PUB}, {"try", TK_TRY},
    {"use", TK_USE}, {"var", TK_VAR}, {"None", TK_NONE}, {"Some", TK_SOME}, {"else", TK_ELSE},
    {"enum", TK_ENUM}, {"from", TK_RESERVED}, {"impl", TK_IMPL}, {"lazy", TK_RESERVED},
    {"loop", TK_LOOP}, {"null", TK_NULL}, {"self", TK_SELF}, {"send", TK_RESERVED},
    {"true", TK_TRUE}, {"type", TK_TYPE}, {"with", TK_RESERVED}, {"actor", TK_RESERVED},
    {"async", TK_RESERVED}, {"await", TK_RESERVED}, {"break", TK_BREAK}, {"catch", TK_CATCH},
    {"class", TK_RESERVED}, {"const", TK_CONST}, {"crate", TK_RESERVED}, {"false", TK_FALSE},
    {"final", TK_RESERVED}, {"infra", TK_RESERVED}, {"match", TK_MATCH}, {"mixin", TK_RESERVED},
    {"spawn", TK_RESERVED}, {"super", TK_RESERVED}, {"throw", TK_THROW}, {"trait", TK_TRAIT},
    {"where", TK_WHERE}, {"while", TK_WHILE}, {"yield", TK_RESERVED}, {"Option", TK_OPTION},
    {"Result", TK_RESULT}, {"effect", TK_RESERVED}, {"export", TK_RESERVED},
    {"extend", TK_RESERVED}, {"import", TK_RESERVED}, {"module", TK_RESERVED},
    {"return", TK_RETURN}, {"sealed", TK_RESERVED}, {"signal", TK_RESERVED},
    {"static", TK_RESERVED}, {"struct", TK_STRUCT}, {"unsafe", TK_RESERVED},
    {"default", TK_RESERVED}, {"ensures", TK_RESERVED}, {"finally", TK_FINALLY},
    {"private", TK_RESERVED}, {"receive", TK_RESERVED}, {"abstract", TK_RESERVED},
    {"continue", TK_CONTINUE}, {"operator", TK_RESERVED}, {"override", TK_RESERVED},
    {"property", TK_RESERVED}, {"requires", TK_RESERVED}, {"decreases", TK_RESERVED},
    {"interface", TK_RESERVED}, {"invariant", TK_RESERVED}, {"protected", TK_RESERVED},
    {"implements", TK_RESERVED},
};

/* See rc_token.h. */
int rc_keyword_kind(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
    if (n >= sizeof keywords[0].name)
        return TK_IDENT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct RcKeyword *k = &keywords[mid];
        size_t klen = strlen(k->name);
        int c = klen != n ? (klen < n ? -1 : 1) : memcmp(k->name, s, n);
        if (c == 0)
            return k->kind;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return TK_IDENT;
}
