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

/* The keywords by length (RC_KW<n>: the n-letter ones), each group in byte
 * order: an identifier is looked up here rather than spelled out as DFA
 * rules, which keeps the generated scanner a fraction of the size. Stored
 * as one string of the names back to back plus one kind byte each (no
 * per-name padding or terminator); rc_keyword_kind binary-searches the
 * group of the identifier's length. */

#define RC_KW2(X) X("Ok", TK_OK) X("as", TK_AS) X("df", TK_RESERVED) X("fn", TK_FUN) \
    X("if", TK_IF) X("in", TK_IN)

#define RC_KW3(X) X("Err", TK_ERR) X("ask", TK_RESERVED) X("for", TK_FOR) \
    X("fun", TK_FUN) X("let", TK_LET) X("mod", TK_MOD) X("mut", TK_MUT) \
    X("pub", TK_PUB) X("try", TK_TRY) X("use", TK_USE) X("var", TK_VAR)

#define RC_KW4(X) X("None", TK_NONE) X("Some", TK_SOME) X("else", TK_ELSE) \
    X("enum", TK_ENUM) X("from", TK_RESERVED) X("impl", TK_IMPL) \
    X("lazy", TK_RESERVED) X("loop", TK_LOOP) X("null", TK_NULL) X("self", TK_SELF) \
    X("send", TK_RESERVED) X("true", TK_TRUE) X("type", TK_TYPE) \
    X("with", TK_RESERVED)

#define RC_KW5(X) X("actor", TK_RESERVED) X("async", TK_RESERVED) \
    X("await", TK_RESERVED) X("break", TK_BREAK) X("catch", TK_CATCH) \
    X("class", TK_RESERVED) X("const", TK_CONST) X("crate", TK_RESERVED) \
    X("false", TK_FALSE) X("final", TK_RESERVED) X("infra", TK_RESERVED) \
    X("match", TK_MATCH) X("mixin", TK_RESERVED) X("spawn", TK_RESERVED) \
    X("super", TK_RESERVED) X("throw", TK_THROW) X("trait", TK_TRAIT) \
    X("where", TK_WHERE) X("while", TK_WHILE) X("yield", TK_RESERVED)

#define RC_KW6(X) X("Option", TK_OPTION) X("Result", TK_RESULT) \
    X("effect", TK_RESERVED) X("export", TK_RESERVED) X("extend", TK_RESERVED) \
    X("import", TK_RESERVED) X("module", TK_RESERVED) X("return", TK_RETURN) \
    X("sealed", TK_RESERVED) X("signal", TK_RESERVED) X("static", TK_RESERVED) \
    X("struct", TK_STRUCT) X("unsafe", TK_RESERVED)

#define RC_KW7(X) X("default", TK_RESERVED) X("ensures", TK_RESERVED) \
    X("finally", TK_FINALLY) X("private", TK_RESERVED) X("receive", TK_RESERVED)

#define RC_KW8(X) X("abstract", TK_RESERVED) X("continue", TK_CONTINUE) \
    X("operator", TK_RESERVED) X("override", TK_RESERVED) X("property", TK_RESERVED) \
    X("requires", TK_RESERVED)

#define RC_KW9(X) X("decreases", TK_RESERVED) X("interface", TK_RESERVED) \
    X("invariant", TK_RESERVED) X("protected", TK_RESERVED)

#define RC_KW10(X) X("implements", TK_RESERVED)

#define RC_KW_ALL(X) \
    RC_KW2(X) RC_KW3(X) RC_KW4(X) RC_KW5(X) RC_KW6(X) RC_KW7(X) RC_KW8(X) RC_KW9(X) RC_KW10(X)
#define RC_KW_MAXLEN 10

#define RC_KW_TEXT(name, kind) name
#define RC_KW_KIND(name, kind) kind,

static const char kw_text[] = RC_KW_ALL(RC_KW_TEXT);
static const uint8_t kw_kind[] = { RC_KW_ALL(RC_KW_KIND) };

/* Per length n: KW_Nn keywords, the first at index KW_Fn of kw_kind and at
 * offset KW_On of kw_text (running sums). */
#define RC_KW_ONE(name, kind) +1
enum {
    KW_N2 = 0 RC_KW2(RC_KW_ONE), KW_N3 = 0 RC_KW3(RC_KW_ONE), KW_N4 = 0 RC_KW4(RC_KW_ONE),
    KW_N5 = 0 RC_KW5(RC_KW_ONE), KW_N6 = 0 RC_KW6(RC_KW_ONE), KW_N7 = 0 RC_KW7(RC_KW_ONE),
    KW_N8 = 0 RC_KW8(RC_KW_ONE), KW_N9 = 0 RC_KW9(RC_KW_ONE), KW_N10 = 0 RC_KW10(RC_KW_ONE),
    KW_F2 = 0, KW_F3 = KW_F2 + KW_N2, KW_F4 = KW_F3 + KW_N3, KW_F5 = KW_F4 + KW_N4,
    KW_F6 = KW_F5 + KW_N5, KW_F7 = KW_F6 + KW_N6, KW_F8 = KW_F7 + KW_N7, KW_F9 = KW_F8 + KW_N8,
    KW_F10 = KW_F9 + KW_N9, KW_F11 = KW_F10 + KW_N10,
    KW_O2 = 0, KW_O3 = KW_O2 + 2 * KW_N2, KW_O4 = KW_O3 + 3 * KW_N3, KW_O5 = KW_O4 + 4 * KW_N4,
    KW_O6 = KW_O5 + 5 * KW_N5, KW_O7 = KW_O6 + 6 * KW_N6, KW_O8 = KW_O7 + 7 * KW_N7,
    KW_O9 = KW_O8 + 8 * KW_N8, KW_O10 = KW_O9 + 9 * KW_N9, KW_O11 = KW_O10 + 10 * KW_N10,
};

/* Every name of group n has n letters, and the tables agree. */
#define RC_KW_CHECK(n)                                                        \
    _Static_assert(sizeof("" RC_KW##n(RC_KW_TEXT)) - 1 == n * KW_N##n,        \
                   "RC_KW" #n " holds a name of another length")
RC_KW_CHECK(2); RC_KW_CHECK(3); RC_KW_CHECK(4); RC_KW_CHECK(5); RC_KW_CHECK(6);
RC_KW_CHECK(7); RC_KW_CHECK(8); RC_KW_CHECK(9); RC_KW_CHECK(10);
_Static_assert(sizeof kw_kind == KW_F11 && sizeof kw_text - 1 == KW_O11, "keyword tables disagree");

static const uint8_t kw_first[] = {
    KW_F2, KW_F3, KW_F4, KW_F5, KW_F6, KW_F7, KW_F8, KW_F9, KW_F10, KW_F11,
};
static const uint16_t kw_off[] = {
    KW_O2, KW_O3, KW_O4, KW_O5, KW_O6, KW_O7, KW_O8, KW_O9, KW_O10, KW_O11,
};

/* See rc_token.h. */
int rc_keyword_kind(const char *s, size_t n)
{
    if (n < 2 || n > RC_KW_MAXLEN)
        return TK_IDENT;
    size_t first = kw_first[n - 2], lo = 0, hi = kw_first[n - 1] - first;
    const char *group = kw_text + kw_off[n - 2];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(group + mid * n, s, n);
        if (c == 0)
            return kw_kind[first + mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return TK_IDENT;
}
