/* test_lexer.c — the re2c lexer (compiler/rc_lexer.re): literals, escapes,
 * comments, operators, keywords, labels, f-string splitting, positions and
 * lexical errors. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rc_token.h"
#include "rc_grammar.h"

static RcArena *ar;
static RcDiags diags;
static RcTokVec toks;

static void setup(void)
{
    ar = rc_arena_new();
    memset(&toks, 0, sizeof toks);
    rc_diags_init(&diags, "t.ruchy", "");
}

static void teardown(void)
{
    rc_tokvec_free(&toks);
    rc_diags_free(&diags);
    rc_arena_free(ar);
}

TestSuite(lexer, .init = setup, .fini = teardown);

/* Lex src (copied, so the source outlives nothing but the arena). */
static const RcToken *lex(const char *src)
{
    size_t n = strlen(src);
    char *copy = rc_arena_strdup(ar, src, n);
    RcLexer lx;
    rc_diags_free(&diags);
    rc_diags_init(&diags, "t.ruchy", copy);
    rc_tokvec_free(&toks);
    rc_lex_init(&lx, ar, &diags, copy, n);
    cr_assert_eq(rc_lex_all(&lx, &toks), 0);
    cr_assert_gt(toks.n, 0);
    cr_assert_eq(toks.v[toks.n - 1].kind, 0, "ends with end of input");
    return toks.v;
}

/* The single token of src (plus end of input). */
static const RcToken *one(const char *src, int kind)
{
    const RcToken *t = lex(src);
    cr_assert_eq(toks.n, 2, "one token in <%s>, got %d", src, toks.n - 1);
    cr_assert_eq(t[0].kind, kind, "kind of <%s>: %d != %d", src, t[0].kind, kind);
    return t;
}

static void kinds(const char *src, const int *want, int n)
{
    const RcToken *t = lex(src);
    cr_assert_eq(toks.n - 1, n, "token count of <%s>: %d", src, toks.n - 1);
    for (int i = 0; i < n; i++)
        cr_assert_eq(t[i].kind, want[i], "<%s> token %d: %d != %d", src, i,
                     t[i].kind, want[i]);
}

#define KINDS(src, ...) do { \
    static const int w_[] = { __VA_ARGS__ }; \
    kinds(src, w_, (int)(sizeof w_ / sizeof w_[0])); } while (0)

static void str_is(const RcToken *t, const char *want, uint32_t n)
{
    cr_assert_eq(t->len, n, "length %u != %u", t->len, n);
    cr_assert(memcmp(t->str, want, n) == 0);
}

static int has_error(const char *needle, uint32_t line, uint32_t col)
{
    for (int i = 0; i < diags.n; i++)
        if (strstr(diags.v[i].msg, needle) && diags.v[i].line == line &&
            diags.v[i].col == col)
            return 1;
    return 0;
}

/* ---- identifiers and keywords ---- */

Test(lexer, identifiers)
{
    const RcToken *t = one("_foo_Bar9", TK_IDENT);
    str_is(t, "_foo_Bar9", 9);
    one("_", TK_UNDERSCORE);
    one("nil", TK_IDENT);
    one("main", TK_IDENT);
    one("println", TK_IDENT);
    one("handler", TK_IDENT); /* the Lambda entry point, not reserved */
    one("handle", TK_IDENT);
    one("input", TK_IDENT); /* not the keyword `in` */
    one("iffy", TK_IDENT);
    /* near misses of keywords (keyword_kind's table search) */
    static const char *const near[] = {
        "O", "Okay", "a", "asa", "fu", "funn", "lett", "Nonee", "Some_", "Resul",
        "Results", "continues", "implementss", "yieldx", "zz", "Err2", "invariants",
    };
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
        one(near[i], TK_IDENT);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, core_keywords)
{
    static const struct { const char *s; int k; } kw[] = {
        {"fun", TK_FUN}, {"fn", TK_FUN}, {"let", TK_LET}, {"var", TK_VAR},
        {"mut", TK_MUT}, {"const", TK_CONST}, {"if", TK_IF}, {"else", TK_ELSE},
        {"match", TK_MATCH}, {"for", TK_FOR}, {"in", TK_IN},
        {"while", TK_WHILE}, {"loop", TK_LOOP}, {"break", TK_BREAK},
        {"continue", TK_CONTINUE}, {"return", TK_RETURN}, {"true", TK_TRUE},
        {"false", TK_FALSE}, {"null", TK_NULL}, {"self", TK_SELF},
        {"struct", TK_STRUCT}, {"enum", TK_ENUM}, {"impl", TK_IMPL},
        {"trait", TK_TRAIT}, {"type", TK_TYPE}, {"pub", TK_PUB},
        {"use", TK_USE}, {"mod", TK_MOD}, {"as", TK_AS}, {"where", TK_WHERE},
        {"try", TK_TRY}, {"catch", TK_CATCH}, {"finally", TK_FINALLY},
        {"throw", TK_THROW}, {"Some", TK_SOME}, {"None", TK_NONE},
        {"Ok", TK_OK}, {"Err", TK_ERR}, {"Option", TK_OPTION},
        {"Result", TK_RESULT},
    };
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        one(kw[i].s, kw[i].k);
}

Test(lexer, p2_keywords_are_reserved)
{
    static const char *const words[] = {
        "async", "await", "lazy", "extend", "actor", "spawn", "effect",
        "property", "private", "protected", "sealed",
        "final", "abstract", "mixin", "operator", "interface", "implements",
        "override", "receive", "send", "ask", "unsafe", "static", "import",
        "with", "from", "module", "export", "default", "class", "super",
        "crate", "df", "requires", "ensures", "invariant", "decreases",
        "infra", "signal", "yield",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const RcToken *t = one(words[i], TK_RESERVED);
        str_is(t, words[i], (uint32_t)strlen(words[i]));
    }
}

/* ---- numbers ---- */

Test(lexer, integers)
{
    cr_assert_eq(one("0", TK_INT)->v.i, 0);
    cr_assert_eq(one("42", TK_INT)->v.i, 42);
    cr_assert_eq(one("0xff", TK_INT)->v.i, 255);
    cr_assert_eq(one("0XFF", TK_INT)->v.i, 255);
    cr_assert_eq(one("42i32", TK_INT)->v.i, 42);
    cr_assert_eq(one("7usize", TK_INT)->v.i, 7);
    cr_assert_eq(one("3u8", TK_INT)->v.i, 3);
    cr_assert_eq(one("5i128", TK_INT)->v.i, 5);
    cr_assert_eq(one("0x10i64", TK_INT)->v.i, 16);
    cr_assert_eq(one("9223372036854775807", TK_INT)->v.i, INT64_MAX);
    cr_assert_eq(one("0x7fffffffffffffff", TK_INT)->v.i, INT64_MAX);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, integer_out_of_range_is_an_error)
{
    one("9223372036854775808", TK_INT);
    cr_assert(has_error("out of range", 1, 1));
    lex("x = 0x10000000000000000");
    cr_assert(has_error("out of range", 1, 5));
    lex("99999999999999999999999");
    cr_assert_eq(diags.n, 1);
}

Test(lexer, no_digit_separators)
{
    KINDS("1_000", TK_INT, TK_IDENT);
    KINDS("123abc", TK_INT, TK_IDENT);
}

Test(lexer, floats)
{
    cr_assert_float_eq(one("1.5", TK_FLOAT)->v.f, 1.5, 1e-12);
    cr_assert_float_eq(one("1e3", TK_FLOAT)->v.f, 1000.0, 1e-9);
    cr_assert_float_eq(one("2.5e-3", TK_FLOAT)->v.f, 0.0025, 1e-12);
    cr_assert_float_eq(one("6E+2", TK_FLOAT)->v.f, 600.0, 1e-9);
    cr_assert_float_eq(one("1.0f64", TK_FLOAT)->v.f, 1.0, 1e-12);
    cr_assert_float_eq(one("2f32", TK_FLOAT)->v.f, 2.0, 1e-12);
    cr_assert_float_eq(one("16.0", TK_FLOAT)->v.f, 16.0, 1e-12);
}

Test(lexer, dots_after_integers)
{
    KINDS("1..5", TK_INT, TK_DOTDOT, TK_INT);
    KINDS("1..=5", TK_INT, TK_DOTDOTEQ, TK_INT);
    KINDS("1.", TK_INT, TK_DOT);
    KINDS("1.foo()", TK_INT, TK_DOT, TK_IDENT, TK_LPAREN, TK_RPAREN);
    KINDS(".5", TK_DOT, TK_INT);
    KINDS("16.0.sqrt()", TK_FLOAT, TK_DOT, TK_IDENT, TK_LPAREN, TK_RPAREN);
    KINDS("1e", TK_INT, TK_IDENT);
}

/* ---- strings ---- */

Test(lexer, string_escapes)
{
    str_is(one("\"a\\nb\\tc\\rd\"", TK_STRING), "a\nb\tc\rd", 7);
    str_is(one("\"\\\\ \\\" \\' \\0\"", TK_STRING), "\\ \" ' \0", 7);
    str_is(one("\"\\u{48}\\u{49}\"", TK_STRING), "HI", 2);
    str_is(one("\"\\u{e9}\"", TK_STRING), "\xc3\xa9", 2);
    str_is(one("\"\\u{20AC}\"", TK_STRING), "\xe2\x82\xac", 3);
    str_is(one("\"\\u{1F600}\"", TK_STRING), "\xf0\x9f\x98\x80", 4);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, unknown_and_invalid_escapes_kept_literally)
{
    str_is(one("\"\\q\"", TK_STRING), "\\q", 2);
    str_is(one("\"\\u{110000}\"", TK_STRING), "\\u{110000}", 10);
    str_is(one("\"\\u{D800}\"", TK_STRING), "\\u{D800}", 8);
    str_is(one("\"\\u{}\"", TK_STRING), "\\u{}", 4);
    str_is(one("\"\\u41\"", TK_STRING), "\\u41", 4);
    str_is(one("\"\\u{1234567}\"", TK_STRING), "\\u{1234567}", 11);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, strings_span_lines_and_are_not_interpolated)
{
    const RcToken *t = lex("\"a\nb {x}\" y");
    str_is(&t[0], "a\nb {x}", 7);
    cr_assert_eq(t[1].kind, TK_IDENT);
    cr_assert_eq(t[1].line, 2);
    cr_assert_eq(t[1].col, 8);
    str_is(one("\"\"", TK_STRING), "", 0);
}

Test(lexer, raw_strings)
{
    str_is(one("r\"a\\nb\"", TK_STRING), "a\\nb", 4);
    str_is(one("r#\"say \"hi\"\"#", TK_STRING), "say \"hi\"", 8);
    str_is(one("r##\"a\"#b\"##", TK_STRING), "a\"#b", 4);
    KINDS("r", TK_IDENT);
    lex("r#\"open");
    cr_assert(has_error("unterminated raw string", 1, 1));
}

Test(lexer, single_quotes_chars_and_strings)
{
    str_is(one("'a'", TK_STRING), "a", 1);
    str_is(one("'\\n'", TK_STRING), "\n", 1);
    str_is(one("'\\''", TK_STRING), "'", 1);
    str_is(one("'ab'", TK_STRING), "ab", 2);
    str_is(one("'hello world'", TK_STRING), "hello world", 11);
    str_is(one("''", TK_STRING), "", 0);
    str_is(one("' '", TK_STRING), " ", 1);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, labels_and_lifetimes)
{
    const RcToken *t = lex("'outer: for x in xs { if x == 'a' { break 'outer } }");
    cr_assert_eq(t[0].kind, TK_LIFETIME);
    str_is(&t[0], "outer", 5);
    cr_assert_eq(t[1].kind, TK_COLON);
    cr_assert_eq(t[10].kind, TK_STRING);
    cr_assert_eq(t[13].kind, TK_LIFETIME);
    KINDS("fn f<'a, 'b>(x: &'a str) -> &'b str",
          TK_FUN, TK_IDENT, TK_LT, TK_LIFETIME, TK_COMMA, TK_LIFETIME, TK_GT,
          TK_LPAREN, TK_IDENT, TK_COLON, TK_AMP, TK_LIFETIME, TK_IDENT,
          TK_RPAREN, TK_ARROW, TK_AMP, TK_LIFETIME, TK_IDENT);
    KINDS("continue 'a", TK_CONTINUE, TK_LIFETIME);
}

Test(lexer, byte_literals_not_supported)
{
    lex("let b = b'x'");
    cr_assert(has_error("not supported", 1, 9));
    lex("b\"bytes\"");
    cr_assert(has_error("not supported", 1, 1));
}

Test(lexer, unterminated_strings)
{
    lex("let s = \"abc\nmore");
    cr_assert(has_error("unterminated string literal", 1, 9));
    lex("x '+abc");
    cr_assert(has_error("unterminated character literal", 1, 3));
    one("'abc", TK_LIFETIME); /* a quote, a name, no closing quote: a label */
    lex("f\"abc");
    cr_assert(has_error("unterminated f-string", 1, 1));
    lex("\"abc\\");
    cr_assert_eq(diags.n, 1);
}

/* ---- comments ---- */

Test(lexer, comments)
{
    KINDS("a // c\nb", TK_IDENT, TK_IDENT);
    KINDS("a /// doc\nb", TK_IDENT, TK_IDENT);
    KINDS("a /* x /* nested */ still */ b", TK_IDENT, TK_IDENT);
    KINDS("a # hash comment\nb", TK_IDENT, TK_IDENT);
    KINDS("#\na", TK_IDENT);
    KINDS("#[derive(Debug, \"]\")]\nstruct", TK_STRUCT);
    KINDS("#[a[b]] fn", TK_FUN);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, block_comment_tracks_lines)
{
    const RcToken *t = lex("/* one\ntwo /* three\n */ */ x");
    cr_assert_eq(t[0].line, 3);
    cr_assert_eq(t[0].col, 8);
}

Test(lexer, unterminated_comments_and_attributes)
{
    lex("a\n  /* never /* closed */");
    cr_assert(has_error("unterminated block comment", 2, 3));
    lex("#[derive(Debug)");
    cr_assert(has_error("unterminated attribute", 1, 1));
}

Test(lexer, shebang_only_on_first_line)
{
    const RcToken *t = lex("#!/usr/bin/env ruchy\nx");
    cr_assert_eq(t[0].kind, TK_IDENT);
    cr_assert_eq(t[0].line, 2);
    KINDS("x\n#!not a shebang but a comment\ny", TK_IDENT, TK_IDENT);
}

/* ---- operators ---- */

Test(lexer, operators_longest_match)
{
    static const struct { const char *s; int k; } ops[] = {
        {"+", TK_PLUS}, {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH},
        {"%", TK_PERCENT}, {"**", TK_POW}, {"==", TK_EQEQ}, {"!=", TK_NE},
        {"<", TK_LT}, {"<=", TK_LE}, {">", TK_GT}, {">=", TK_GE},
        {"&&", TK_ANDAND}, {"||", TK_OROR}, {"!", TK_BANG}, {"&", TK_AMP},
        {"|", TK_PIPE}, {"^", TK_CARET}, {"~", TK_TILDE}, {"<<", TK_SHL},
        {"=", TK_ASSIGN}, {"+=", TK_PLUSEQ}, {"-=", TK_MINUSEQ},
        {"*=", TK_STAREQ}, {"/=", TK_SLASHEQ}, {"%=", TK_PERCENTEQ},
        {"**=", TK_POWEQ}, {"&=", TK_AMPEQ}, {"|=", TK_PIPEEQ},
        {"^=", TK_CARETEQ}, {"<<=", TK_SHLEQ}, {"++", TK_PLUSPLUS},
        {"--", TK_MINUSMINUS}, {"|>", TK_PIPEGT}, {"->", TK_ARROW},
        {"=>", TK_FATARROW}, {"..", TK_DOTDOT}, {"..=", TK_DOTDOTEQ},
        {"...", TK_DOTDOTDOT}, {"??", TK_QQ}, {"?", TK_QUESTION},
        {"(", TK_LPAREN}, {")", TK_RPAREN}, {"[", TK_LBRACKET},
        {"]", TK_RBRACKET}, {"{", TK_LBRACE}, {"}", TK_RBRACE},
        {",", TK_COMMA}, {".", TK_DOT}, {":", TK_COLON},
        {"::", TK_COLONCOLON}, {";", TK_SEMI}, {"@", TK_AT},
        {"\\", TK_BACKSLASH}, {"<?", TK_LTQ},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        one(ops[i].s, ops[i].k);
    KINDS("a**=b", TK_IDENT, TK_POWEQ, TK_IDENT);
    KINDS("a<<=b", TK_IDENT, TK_SHLEQ, TK_IDENT);
    KINDS("x?.y", TK_IDENT, TK_QUESTION, TK_DOT, TK_IDENT);
    KINDS("a...b", TK_IDENT, TK_DOTDOTDOT, TK_IDENT);
    KINDS("a!==b", TK_IDENT, TK_NE, TK_ASSIGN, TK_IDENT);
}

Test(lexer, shift_right_is_two_tokens)
{
    KINDS("a >> b", TK_IDENT, TK_GTJ, TK_GT, TK_IDENT);
    KINDS("Vec<Vec<i32>>", TK_IDENT, TK_LT, TK_IDENT, TK_LT, TK_IDENT,
          TK_GTJ, TK_GT);
    KINDS("a >>= b", TK_IDENT, TK_GTJ, TK_GE, TK_IDENT);
    KINDS("a > > b", TK_IDENT, TK_GT, TK_GT, TK_IDENT);
}

Test(lexer, actor_send_needs_spaces)
{
    KINDS("a <- b", TK_IDENT, TK_LARROW, TK_IDENT);
    KINDS("x<-1", TK_IDENT, TK_LT, TK_MINUS, TK_INT);
    KINDS("x <-1", TK_IDENT, TK_LT, TK_MINUS, TK_INT);
}

/* ---- layout and positions ---- */

Test(lexer, newline_and_space_flags)
{
    const RcToken *t = lex("a b\n  // c\n\nd(e)");
    cr_assert_eq(t[0].nl, 0);
    cr_assert_eq(t[1].sp, 1);
    cr_assert_eq(t[1].nl, 0);
    cr_assert_eq(t[2].nl, 1);
    cr_assert_eq(t[2].line, 4);
    cr_assert_eq(t[3].sp, 0);
    cr_assert_eq(t[4].sp, 0);
}

Test(lexer, columns_count_bytes)
{
    const RcToken *t = lex("\"\xc3\xa9\xc3\xa9\" x\n\tyy");
    cr_assert_eq(t[1].col, 8);
    cr_assert_eq(t[2].line, 2);
    cr_assert_eq(t[2].col, 2);
    cr_assert_eq(t[3].kind, 0);
    cr_assert_eq(t[3].line, 2);
    cr_assert_eq(t[3].col, 4);
}

Test(lexer, bad_characters)
{
    lex("a $ b");
    cr_assert(has_error("unexpected character '$'", 1, 3));
    lex("x \xe2\x82\xac y");
    cr_assert_eq(diags.n, 1, "one error per multi-byte character");
    cr_assert(has_error("unexpected byte 0xe2", 1, 3));
    cr_assert_eq(toks.n, 3);
}

Test(lexer, embedded_nul_is_an_error_not_the_end)
{
    static const char src[] = "a\0b";
    RcLexer lx;
    rc_lex_init(&lx, ar, &diags, src, 3);
    cr_assert_eq(rc_lex_all(&lx, &toks), 0);
    cr_assert_eq(toks.n, 3);
    cr_assert_eq(toks.v[1].kind, TK_IDENT);
    cr_assert_eq(diags.n, 1);
    cr_assert(has_error("unexpected byte 0x00", 1, 2));
}

/* ---- f-strings ---- */

Test(lexer, fstring_parts)
{
    static const int want[] = {
        TK_FSTR_BEGIN, TK_FSTR_PART, TK_FEXPR_BEGIN, TK_IDENT, TK_PLUS,
        TK_INT, TK_FEXPR_END, TK_FSTR_PART, TK_FEXPR_BEGIN, TK_IDENT,
        TK_FSPEC, TK_FEXPR_END, TK_FSTR_PART, TK_FSTR_END,
    };
    kinds("f\"a {x + 1} b {y:.2} {{lit}} {}\"", want, 14);
    const RcToken *t = toks.v;
    str_is(&t[1], "a ", 2);
    str_is(&t[7], " b ", 3);
    str_is(&t[10], ".2", 2);
    str_is(&t[12], " {lit} {}", 9);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, fstring_spec_rules)
{
    KINDS("f\"{a::b}\"", TK_FSTR_BEGIN, TK_FEXPR_BEGIN, TK_IDENT,
          TK_COLONCOLON, TK_IDENT, TK_FEXPR_END, TK_FSTR_END);
    const RcToken *t = lex("f\"{x:>8}{y:?}\"");
    str_is(&t[3], ">8", 2);
    str_is(&t[7], "?", 1);
    KINDS("f\"{m[\\\"a:b\\\"]}\"", TK_FSTR_BEGIN, TK_FEXPR_BEGIN, TK_IDENT,
          TK_LBRACKET, TK_STRING, TK_RBRACKET, TK_FEXPR_END, TK_FSTR_END);
    t = lex("f\"{f(a, {b: 1}):x}\"");
    cr_assert_eq(t[toks.n - 4].kind, TK_FSPEC);
}

Test(lexer, fstring_escapes_processed_first)
{
    const RcToken *t = lex("f\"\\t{m[\\\"k\\\"]}\\n\"");
    str_is(&t[1], "\t", 1);
    cr_assert_eq(t[5].kind, TK_STRING);
    str_is(&t[5], "k", 1);
    str_is(&t[8], "\n", 1);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, fstring_inner_positions)
{
    const RcToken *t = lex("x\n  f\"a\\t{b +\n  cc} {d}\"");
    cr_assert_eq(t[1].kind, TK_FSTR_BEGIN);
    cr_assert_eq(t[1].line, 2);
    cr_assert_eq(t[1].col, 3);
    cr_assert_eq(t[1].nl, 1);
    cr_assert_eq(t[4].kind, TK_IDENT);   /* b */
    cr_assert_eq(t[4].line, 2);
    cr_assert_eq(t[4].col, 9);
    cr_assert_eq(t[6].kind, TK_IDENT);   /* cc */
    cr_assert_eq(t[6].line, 3);
    cr_assert_eq(t[6].col, 3);
    cr_assert_eq(t[10].line, 3);         /* d */
    cr_assert_eq(t[10].col, 8);
}

Test(lexer, fstring_errors)
{
    lex("f\"a } b\"");
    cr_assert(has_error("unmatched '}'", 1, 5));
    lex("  f\"a {x\"");
    cr_assert(has_error("unterminated '{'", 1, 7));
    lex("f\"{\\\"open}\"");
    cr_assert(has_error("unterminated '{'", 1, 3));
    lex("f\"{ \"q }\"");
    cr_assert_gt(diags.n, 0);
}

Test(lexer, nested_fstrings)
{
    const RcToken *t = lex("f\"{f\\\"<{x}>\\\"}\"");
    cr_assert_eq(t[0].kind, TK_FSTR_BEGIN);
    cr_assert_eq(t[2].kind, TK_FSTR_BEGIN);
    cr_assert_eq(t[5].kind, TK_IDENT);
    cr_assert_eq(t[5].col, 9);
    cr_assert_eq(diags.n, 0);
}

Test(lexer, random_bytes_never_crash)
{
    srand(12345);
    char buf[4097];
    for (int round = 0; round < 200; round++) {
        size_t n = (size_t)(rand() % 4096);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(rand() % 256);
        buf[n] = '\0';
        RcLexer lx;
        rc_tokvec_free(&toks);
        rc_diags_free(&diags);
        rc_diags_init(&diags, "r", buf);
        rc_lex_init(&lx, ar, &diags, buf, n);
        cr_assert_eq(rc_lex_all(&lx, &toks), 0);
        cr_assert_eq(toks.v[toks.n - 1].kind, 0);
    }
}
