/* test_parser.c — rc_parse (driver + lemon grammar) and diagnostics.
 *
 * Trees are compared through rc_ast_dump, folded into one-line
 * S-expressions: "(BINARY + (INT 1) (INT 2))". */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc.h"

static RcArena *ar;
static RcDiags diags;
static char *src_copy;
static char out[1 << 16];

static void setup(void)
{
    ar = rc_arena_new();
    rc_diags_init(&diags, "t.ruchy", "");
    src_copy = NULL;
}

static void teardown(void)
{
    rc_diags_free(&diags);
    rc_arena_free(ar);
    free(src_copy);
}

TestSuite(parser, .init = setup, .fini = teardown);
TestSuite(diag, .init = setup, .fini = teardown);

/* Fold an indented dump into an S-expression. */
static void fold(const char *dump, char *dst, size_t cap)
{
    size_t o = 0;
    int open = 0;
    for (const char *p = dump; *p; ) {
        int depth = 0;
        while (p[0] == ' ' && p[1] == ' ') { depth++; p += 2; }
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int leaf = (n == 1 && *p == '_') || (n == 2 && p[0] == '-' && p[1] == '-');
        for (; open > depth; open--)
            o += (size_t)snprintf(dst + o, cap - o, ")");
        o += (size_t)snprintf(dst + o, cap - o, "%s%s%.*s", o ? " " : "",
                              leaf ? "" : "(", (int)n, p);
        if (!leaf)
            open = depth + 1;
        p += n + (e != NULL);
    }
    for (; open > 0; open--)
        o += (size_t)snprintf(dst + o, cap - o, ")");
}

static RcAst *parse_n(const char *src, size_t n)
{
    free(src_copy);
    src_copy = malloc(n + 1);
    memcpy(src_copy, src, n);
    src_copy[n] = '\0';
    rc_diags_free(&diags);
    rc_diags_init(&diags, "t.ruchy", src_copy);
    RcAst *root = rc_parse(ar, &diags, src_copy, n);
    cr_assert_not_null(root);
    cr_assert_eq(root->kind, RC_AST_PROGRAM);
    return root;
}

/* Statements of src as S-expressions, separated by spaces. */
static const char *sx_any(const char *src)
{
    RcAst *root = parse_n(src, strlen(src));
    char dump[1 << 16];
    FILE *f = fmemopen(dump, sizeof dump, "w");
    for (int i = 0; i < root->list.n; i++)
        rc_ast_dump(f, root->list.v[i], 0);
    fclose(f);
    fold(dump, out, sizeof out);
    return out;
}

static const char *first_diag(void)
{
    return diags.n ? diags.v[0].msg : "(none)";
}

static const char *sx(const char *src)
{
    const char *s = sx_any(src);
    cr_assert_eq(diags.n, 0, "unexpected error in <%s>: %s", src, first_diag());
    return s;
}

#define SX(src, want) cr_assert_str_eq(sx(src), want, "for <%s>", src)

/* Is there a diagnostic containing needle at line:col (0 = any)? */
static int has(const char *needle, uint32_t line, uint32_t col)
{
    for (int i = 0; i < diags.n; i++)
        if (strstr(diags.v[i].msg, needle) &&
            (line == 0 || diags.v[i].line == line) &&
            (col == 0 || diags.v[i].col == col))
            return 1;
    return 0;
}

#define ERR(src, needle, line, col) do { sx_any(src); \
    cr_assert(has(needle, line, col), "<%s>: want '%s' at %d:%d, first: %s", \
              src, needle, line, col, first_diag()); } while (0)

/* ---- precedence and associativity ---- */

Test(parser, arithmetic_precedence)
{
    SX("1 + 2 * 3", "(BINARY + (INT 1) (BINARY * (INT 2) (INT 3)))");
    SX("1 - 2 - 3", "(BINARY - (BINARY - (INT 1) (INT 2)) (INT 3))");
    SX("8 / 4 % 3", "(BINARY % (BINARY / (INT 8) (INT 4)) (INT 3))");
    SX("(1 + 2) * 3", "(BINARY * (BINARY + paren (INT 1) (INT 2)) (INT 3))");
}

Test(parser, power_is_right_associative_and_binds_below_unary)
{
    SX("2 ** 3 ** 2", "(BINARY ** (INT 2) (BINARY ** (INT 3) (INT 2)))");
    SX("-2 ** 2", "(BINARY ** (UNARY neg (INT 2)) (INT 2))");
    SX("2 * 3 ** 2", "(BINARY * (INT 2) (BINARY ** (INT 3) (INT 2)))");
    SX("2 ** -1", "(BINARY ** (INT 2) (UNARY neg (INT 1)))");
}

Test(parser, logic_comparison_bitwise)
{
    SX("a || b && c", "(BINARY || (IDENT \"a\") (BINARY && (IDENT \"b\") (IDENT \"c\")))");
    SX("a ?? b || c", "(BINARY || (BINARY ?? (IDENT \"a\") (IDENT \"b\")) (IDENT \"c\"))");
    SX("a ?? b && c", "(BINARY ?? (IDENT \"a\") (BINARY && (IDENT \"b\") (IDENT \"c\")))");
    SX("a == b < c", "(BINARY == (IDENT \"a\") (BINARY < (IDENT \"b\") (IDENT \"c\")))");
    SX("a < b < c", "(BINARY < (BINARY < (IDENT \"a\") (IDENT \"b\")) (IDENT \"c\"))");
    SX("a | b ^ c & d", "(BINARY | (IDENT \"a\") (BINARY ^ (IDENT \"b\") "
       "(BINARY & (IDENT \"c\") (IDENT \"d\"))))");
    SX("1 << 2 + 3", "(BINARY << (INT 1) (BINARY + (INT 2) (INT 3)))");
    SX("a >> 1", "(BINARY >> (IDENT \"a\") (INT 1))");
    SX("!a && b", "(BINARY && (UNARY ! (IDENT \"a\")) (IDENT \"b\"))");
    SX("~a != b", "(BINARY != (UNARY ~ (IDENT \"a\")) (IDENT \"b\"))");
    SX("a <= b >= c > d", "(BINARY > (BINARY >= (BINARY <= (IDENT \"a\") "
       "(IDENT \"b\")) (IDENT \"c\")) (IDENT \"d\"))");
    SX("x in xs", "(BINARY in (IDENT \"x\") (IDENT \"xs\"))");
    SX("v |> f |> g", "(BINARY |> (BINARY |> (IDENT \"v\") (IDENT \"f\")) (IDENT \"g\"))");
}

Test(parser, ranges)
{
    SX("0..n+1", "(RANGE (INT 0) (BINARY + (IDENT \"n\") (INT 1)))");
    SX("0..=9", "(RANGE incl (INT 0) (INT 9))");
    SX("a[..2]", "(INDEX (IDENT \"a\") (RANGE _ (INT 2)))");
    SX("a[1..]", "(INDEX (IDENT \"a\") (RANGE (INT 1)))");
    SX("a[..]", "(INDEX (IDENT \"a\") (RANGE))");
    SX("a[..=2]", "(INDEX (IDENT \"a\") (RANGE incl _ (INT 2)))");
    SX("let r = 5..\nx", "(LET (PAT_BIND \"r\") (RANGE (INT 5))) (IDENT \"x\")");
    SX("for i in 0.. { }", "(FOR (PAT_BIND \"i\") (RANGE (INT 0)) (BLOCK))");
}

Test(parser, assignment_and_ternary)
{
    SX("x = y = 3", "(ASSIGN (IDENT \"x\") (ASSIGN (IDENT \"y\") (INT 3)))");
    SX("x += 1", "(ASSIGN + (IDENT \"x\") (INT 1))");
    SX("a.b -= 1", "(ASSIGN - (FIELD \"b\" (IDENT \"a\")) (INT 1))");
    SX("a[i] *= 2", "(ASSIGN * (INDEX (IDENT \"a\") (IDENT \"i\")) (INT 2))");
    SX("t.0 /= 2", "(ASSIGN / (TUPLE_INDEX 0 (IDENT \"t\")) (INT 2))");
    SX("x %= 2\nx **= 2\nx &= 1\nx |= 1\nx ^= 1\nx <<= 1",
       "(ASSIGN % (IDENT \"x\") (INT 2)) (ASSIGN ** (IDENT \"x\") (INT 2)) "
       "(ASSIGN & (IDENT \"x\") (INT 1)) (ASSIGN | (IDENT \"x\") (INT 1)) "
       "(ASSIGN ^ (IDENT \"x\") (INT 1)) (ASSIGN << (IDENT \"x\") (INT 1))");
    SX("x = c ? a : b ? d : e", "(ASSIGN (IDENT \"x\") (TERNARY (IDENT \"c\") "
       "(IDENT \"a\") (TERNARY (IDENT \"b\") (IDENT \"d\") (IDENT \"e\"))))");
    SX("a || b ? 1 : 2", "(TERNARY (BINARY || (IDENT \"a\") (IDENT \"b\")) (INT 1) (INT 2))");
}

Test(parser, ternary_versus_try)
{
    SX("f()? + 1", "(BINARY + (TRY_OP (CALL (IDENT \"f\"))) (INT 1))");
    SX("g(a?, b)", "(CALL (IDENT \"g\") (TRY_OP (IDENT \"a\")) (IDENT \"b\"))");
    SX("{a: x?, b: 2}", "(MAP (MAP_ENTRY (STRING \"a\") (TRY_OP (IDENT \"x\"))) "
       "(MAP_ENTRY (STRING \"b\") (INT 2)))");
    SX("let v = x?\nlet w: i32 = 1", "(LET (PAT_BIND \"v\") (TRY_OP (IDENT \"x\"))) "
       "(LET (PAT_BIND \"w\") (INT 1))");
    SX("x?.len()", "(METHOD_CALL \"len\" (TRY_OP (IDENT \"x\")))");
    SX("c ? f(a, b) : [1, 2]", "(TERNARY (IDENT \"c\") (CALL (IDENT \"f\") "
       "(IDENT \"a\") (IDENT \"b\")) (ARRAY (INT 1) (INT 2)))");
}

Test(parser, casts_and_prefix_noops)
{
    SX("x as f64 / 2.0", "(BINARY / (CAST \"f64\" (IDENT \"x\")) (FLOAT 2))");
    SX("-x as i64", "(CAST \"i64\" (UNARY neg (IDENT \"x\")))");
    SX("c as u8 as char", "(CAST \"char\" (CAST \"u8\" (IDENT \"c\")))");
    SX("&x", "(IDENT \"x\")");
    SX("&mut x", "(IDENT \"x\")");
    SX("*p = 5", "(ASSIGN (IDENT \"p\") (INT 5))");
    SX("+x", "(IDENT \"x\")");
    SX("&&x", "(IDENT \"x\")");
}

/* ---- literals, postfix, paths ---- */

Test(parser, literals)
{
    SX("1\n2.5\n\"s\"\ntrue\nfalse\nnull\n()", "(INT 1) (FLOAT 2.5) (STRING \"s\") "
       "(BOOL 1) (BOOL 0) (NIL) (NIL)");
    cr_assert_eq(diags.n, 0);
    SX("'c'", "(STRING \"c\")");
    SX("None", "(NONE)");
    SX("Some(1)", "(SOME (INT 1))");
    SX("Ok(x)", "(OK (IDENT \"x\"))");
    SX("Err(\"e\")", "(ERR (STRING \"e\"))");
    SX("self", "(IDENT \"self\")");
}

/* `t.A.B` lexes A.B as one float; both halves become tuple indices, and
 * an index too large for int64 is INT64_MAX (out of range at run time). */
Test(parser, tuple_index_pair_from_one_float_token)
{
    SX("t.12.34", "(TUPLE_INDEX 34 (TUPLE_INDEX 12 (IDENT \"t\")))");
    SX("t.007.010", "(TUPLE_INDEX 10 (TUPLE_INDEX 7 (IDENT \"t\")))");
    SX("t.1.9223372036854775807",
       "(TUPLE_INDEX 9223372036854775807 (TUPLE_INDEX 1 (IDENT \"t\")))");
    SX("t.0.9223372036854775808",
       "(TUPLE_INDEX 9223372036854775807 (TUPLE_INDEX 0 (IDENT \"t\")))");
    SX("t.99999999999999999999999.2",
       "(TUPLE_INDEX 2 (TUPLE_INDEX 9223372036854775807 (IDENT \"t\")))");
}

Test(parser, postfix_chains)
{
    SX("f()[0]", "(INDEX (CALL (IDENT \"f\")) (INT 0))");
    SX("\"abc\"[0]", "(INDEX (STRING \"abc\") (INT 0))");
    SX("a.b.c()", "(METHOD_CALL \"c\" (FIELD \"b\" (IDENT \"a\")))");
    SX("t.0.1", "(TUPLE_INDEX 1 (TUPLE_INDEX 0 (IDENT \"t\")))");
    SX("x.parse::<i32>()", "(METHOD_CALL \"parse\" (IDENT \"x\"))");
    SX("v.iter().collect::<Vec<_>>()", "(METHOD_CALL \"collect\" "
       "(METHOD_CALL \"iter\" (IDENT \"v\")))");
    SX("f(1)(2)", "(CALL (CALL (IDENT \"f\") (INT 1)) (INT 2))");
    SX("a[1][2]", "(INDEX (INDEX (IDENT \"a\") (INT 1)) (INT 2))");
    SX("16.0.sqrt()", "(METHOD_CALL \"sqrt\" (FLOAT 16))");
    SX("f(a, b,)", "(CALL (IDENT \"f\") (IDENT \"a\") (IDENT \"b\"))");
}

Test(parser, slices)
{
    SX("a[i:j]", "(INDEX slice (IDENT \"a\") (IDENT \"i\") (IDENT \"j\"))");
    SX("a[:j]", "(INDEX slice (IDENT \"a\") _ (IDENT \"j\"))");
    SX("a[i:]", "(INDEX slice (IDENT \"a\") (IDENT \"i\"))");
    SX("a[:]", "(INDEX slice (IDENT \"a\"))");
    SX("a[1..3]", "(INDEX (IDENT \"a\") (RANGE (INT 1) (INT 3)))");
}

Test(parser, paths)
{
    SX("Color::Red", "(PATH \"Color\" \"Red\")");
    SX("String::from(\"x\")", "(CALL (PATH \"String\" \"from\") (STRING \"x\"))");
    SX("std::collections::HashMap::new()", "(CALL (PATH \"HashMap\" \"new\"))");
    SX("Vec::<i32>::new()", "(CALL (PATH \"Vec\" \"new\"))");
    SX("Option::Some(1)", "(CALL (PATH \"Option\" \"Some\") (INT 1))");
    SX("Result::Ok(2)", "(CALL (PATH \"Result\" \"Ok\") (INT 2))");
    SX("Option::None", "(PATH \"Option\" \"None\")");
}

Test(parser, keywords_as_names)
{
    SX("x.type", "(FIELD \"type\" (IDENT \"x\"))");
    SX("x.match(1)", "(METHOD_CALL \"match\" (IDENT \"x\") (INT 1))");
    SX("x.from", "(FIELD \"from\" (IDENT \"x\"))");
    SX("{type: 1, if: 2}", "(MAP (MAP_ENTRY (STRING \"type\") (INT 1)) "
       "(MAP_ENTRY (STRING \"if\") (INT 2)))");
    SX("Tok { type: 1 }", "(STRUCT_LIT \"Tok\" (FIELD_INIT \"type\" (INT 1)))");
    SX("struct Tok { type: String }", "(STRUCT_DECL \"Tok\" (FIELD_DECL \"type\"))");
}

Test(parser, tuples_and_arrays)
{
    SX("(a, b)", "(TUPLE (IDENT \"a\") (IDENT \"b\"))");
    SX("(a,)", "(TUPLE (IDENT \"a\"))");
    SX("(a)", "(IDENT \"a\" paren)");
    SX("(1, 2, 3,)", "(TUPLE (INT 1) (INT 2) (INT 3))");
    SX("[]", "(ARRAY)");
    SX("[1, 2,]", "(ARRAY (INT 1) (INT 2))");
    SX("[0; n]", "(ARRAY_REPEAT (INT 0) (IDENT \"n\"))");
    SX("[\n 1,\n 2\n]", "(ARRAY (INT 1) (INT 2))");
}

Test(parser, macros)
{
    SX("println!(\"{}\", x)", "(MACRO \"println\" (STRING \"{}\") (IDENT \"x\"))");
    SX("print!(\"a\")", "(MACRO \"print\" (STRING \"a\"))");
    SX("format!(\"{}\", 1)", "(MACRO \"format\" (STRING \"{}\") (INT 1))");
    SX("vec![1, 2]", "(MACRO \"vec\" (INT 1) (INT 2))");
    SX("vec![0; 5]", "(ARRAY_REPEAT (INT 0) (INT 5))");
    SX("assert!(a, \"m\")", "(MACRO \"assert\" (IDENT \"a\") (STRING \"m\"))");
    SX("assert_eq!(a, b)", "(MACRO \"assert_eq\" (IDENT \"a\") (IDENT \"b\"))");
    SX("panic!(\"x\")\neprintln!(\"y\")", "(MACRO \"panic\" (STRING \"x\")) "
       "(MACRO \"eprintln\" (STRING \"y\"))");
    SX("!x", "(UNARY ! (IDENT \"x\"))");
}

Test(parser, fstrings)
{
    SX("f\"a {x + 1} b {y:.2} {{lit}} {}\"", "(FSTRING (STRING \"a \") "
       "(FMT (BINARY + (IDENT \"x\") (INT 1))) (STRING \" b \") "
       "(FMT \".2\" (IDENT \"y\")) (STRING \" {lit} {}\"))");
    SX("f\"{m[\\\"k\\\"]}\"", "(FSTRING (FMT (INDEX (IDENT \"m\") (STRING \"k\"))))");
    SX("f\"\"", "(FSTRING)");
    SX("f\"{a::b(1)}\"", "(FSTRING (FMT (CALL (PATH \"a\" \"b\") (INT 1))))");
    SX("f\"{x:>8} {y:?}\"", "(FSTRING (FMT \">8\" (IDENT \"x\")) (STRING \" \") "
       "(FMT \"?\" (IDENT \"y\")))");
    SX("f\"{ {a: 1}.a }\"", "(FSTRING (FMT (FIELD \"a\" (MAP (MAP_ENTRY "
       "(STRING \"a\") (INT 1))))))");
}

/* ---- blocks, maps and struct literals ---- */

Test(parser, block_versus_map)
{
    SX("let e = {}", "(LET (PAT_BIND \"e\") (MAP))");
    SX("{a: 1, \"b\": 2,}", "(MAP (MAP_ENTRY (STRING \"a\") (INT 1)) "
       "(MAP_ENTRY (STRING \"b\") (INT 2)))");
    SX("{\"a\" => 1}", "(MAP (MAP_ENTRY (STRING \"a\") (INT 1)))");
    SX("{ a }", "(BLOCK (IDENT \"a\"))");
    SX("{ a; b }", "(BLOCK (IDENT \"a\") (IDENT \"b\"))");
    SX("{ f(x) }", "(BLOCK (CALL (IDENT \"f\") (IDENT \"x\")))");
    SX("{\n  a: 1\n  b: {c: 2}\n}", "(MAP (MAP_ENTRY (STRING \"a\") (INT 1)) "
       "(MAP_ENTRY (STRING \"b\") (MAP (MAP_ENTRY (STRING \"c\") (INT 2)))))");
    SX("fun f() {}", "(FUN \"f\" (MAP))");
    SX("if c {}", "(IF (IDENT \"c\") (BLOCK))");
    SX("loop {}", "(LOOP _ (BLOCK))");
}

Test(parser, struct_literals)
{
    SX("Point { x: 1, y }", "(STRUCT_LIT \"Point\" (FIELD_INIT \"x\" (INT 1)) "
       "(FIELD_INIT \"y\"))");
    SX("Point {\n x: 1\n y: 2\n}", "(STRUCT_LIT \"Point\" (FIELD_INIT \"x\" (INT 1)) "
       "(FIELD_INIT \"y\" (INT 2)))");
    SX("Shape::Named { id: 1 }", "(STRUCT_LIT \"Shape\" \"Named\" (FIELD_INIT \"id\" (INT 1)))");
    SX("P {}.x", "(FIELD \"x\" (STRUCT_LIT \"P\"))");
}

Test(parser, no_struct_literal_in_conditions)
{
    SX("if P { 1 }", "(IF (IDENT \"P\") (BLOCK (INT 1)))");
    SX("while X { 2 }", "(WHILE (IDENT \"X\") (BLOCK (INT 2)))");
    SX("for x in XS { 3 }", "(FOR (PAT_BIND \"x\") (IDENT \"XS\") (BLOCK (INT 3)))");
    SX("match X { _ => 1 }", "(MATCH (IDENT \"X\") (ARM (PAT_WILD) _ (INT 1)))");
    SX("if (P { x: 1 }).x > 0 { }", "(IF (BINARY > (FIELD \"x\" (STRUCT_LIT \"P\" "
       "paren (FIELD_INIT \"x\" (INT 1)))) (INT 0)) (BLOCK))");
    SX("if let P { x } = p { x }", "(IF_LET (PAT_STRUCT \"P\" (PAT_FIELD \"x\")) "
       "(IDENT \"p\") (BLOCK (IDENT \"x\")))");
    SX("if a { P { x: 1 } }", "(IF (IDENT \"a\") (BLOCK (STRUCT_LIT \"P\" "
       "(FIELD_INIT \"x\" (INT 1)))))");
    SX("match x { 1 => P { x: 1 }, _ => Q {} }", "(MATCH (IDENT \"x\") (ARM (PAT_LIT "
       "(INT 1)) _ (STRUCT_LIT \"P\" (FIELD_INIT \"x\" (INT 1)))) (ARM (PAT_WILD) _ "
       "(STRUCT_LIT \"Q\")))");
}

/* ---- newlines ---- */

Test(parser, newline_rules)
{
    SX("x\n(y)", "(IDENT \"x\") (IDENT \"y\" paren)");
    SX("x\n[1]", "(IDENT \"x\") (ARRAY (INT 1))");
    SX("a\n  .b()\n  // note\n  .c", "(FIELD \"c\" (METHOD_CALL \"b\" (IDENT \"a\")))");
    SX("a\n+ b\n- c", "(BINARY - (BINARY + (IDENT \"a\") (IDENT \"b\")) (IDENT \"c\"))");
    SX("a &&\n b", "(BINARY && (IDENT \"a\") (IDENT \"b\"))");
    SX("f(a,\n  b)", "(CALL (IDENT \"f\") (IDENT \"a\") (IDENT \"b\"))");
    SX("if a { 1 }\nelse { 2 }", "(IF (IDENT \"a\") (BLOCK (INT 1)) (BLOCK (INT 2)))");
    SX("x = a\n  ?? b", "(ASSIGN (IDENT \"x\") (BINARY ?? (IDENT \"a\") (IDENT \"b\")))");
    SX("return\nx", "(RETURN) (IDENT \"x\")");
    SX("a; b;; c\n\n\nd", "(IDENT \"a\") (IDENT \"b\") (IDENT \"c\") (IDENT \"d\")");
    SX("let p = &x\n*p = 1", "(LET (PAT_BIND \"p\") (IDENT \"x\")) "
       "(ASSIGN (IDENT \"p\") (INT 1))");
    SX("fun f()\n{\n  1\n}", "(FUN \"f\" (BLOCK (INT 1)))");
    SX("if a\n{ 1 }", "(IF (IDENT \"a\") (BLOCK (INT 1)))");
    SX("x\n  as i32", "(CAST \"i32\" (IDENT \"x\"))");
    /* A closure at the start of a line is a new statement (returning one). */
    SX("let k = 2\n|x| x", "(LET (PAT_BIND \"k\") (INT 2)) (FUN lambda (IDENT \"x\") (PARAM \"x\"))");
    SX("let c = 0\n|| { c }", "(LET (PAT_BIND \"c\") (INT 0)) (FUN lambda (BLOCK (IDENT \"c\")))");
    SX("a\n  || b", "(BINARY || (IDENT \"a\") (IDENT \"b\"))");
}

/* ---- functions and lambdas ---- */

Test(parser, function_declarations)
{
    SX("fun add(a, b: i32) -> i32 { a + b }", "(FUN \"add\" (BLOCK (BINARY + "
       "(IDENT \"a\") (IDENT \"b\"))) (PARAM \"a\") (PARAM \"b\"))");
    SX("fn f(mut d, c = 10) { }", "(FUN \"f\" (MAP) (PARAM \"d\" mut) "
       "(PARAM \"c\" (INT 10)))");
    SX("pub fun g() { 1 }", "(FUN \"g\" pub (BLOCK (INT 1)))");
    SX("pub(crate) fn g() { 1 }", "(FUN \"g\" pub (BLOCK (INT 1)))");
    SX("fun id<T: Clone + Debug, 'a, const N: usize>(x: &'a T) -> Vec<Option<T>>\n"
       "where\n    T: Clone,\n{\n    x\n}", "(FUN \"id\" (BLOCK (IDENT \"x\")) (PARAM \"x\"))");
    SX("fun m(&self) { }", "(FUN \"m\" self (MAP) (PARAM \"self\"))");
    SX("fun m(&mut self, x) { }", "(FUN \"m\" self (MAP) (PARAM \"self\") (PARAM \"x\"))");
    SX("fun m(self) { }", "(FUN \"m\" self (MAP) (PARAM \"self\"))");
    SX("fun m(&'a self) { }", "(FUN \"m\" self (MAP) (PARAM \"self\"))");
    SX("fun f(g: fn(i32) -> i32, h: impl Fn(i32) -> i32, d: &dyn Show, t: (i32, [u8; 4])) { }",
       "(FUN \"f\" (MAP) (PARAM \"g\") (PARAM \"h\") (PARAM \"d\") (PARAM \"t\"))");
    SX("fun outer() {\n  fun inner() { 1 }\n  inner()\n}", "(FUN \"outer\" (BLOCK "
       "(FUN \"inner\" (BLOCK (INT 1))) (CALL (IDENT \"inner\"))))");
    SX("fun f() -> Point { Point { x: 1 } }", "(FUN \"f\" (BLOCK (STRUCT_LIT \"Point\" "
       "(FIELD_INIT \"x\" (INT 1)))))");
}

Test(parser, lambdas)
{
    SX("|x, y| x + y", "(FUN lambda (BINARY + (IDENT \"x\") (IDENT \"y\")) "
       "(PARAM \"x\") (PARAM \"y\"))");
    SX("|x: i32| -> i32 { x }", "(FUN lambda (BLOCK (IDENT \"x\")) (PARAM \"x\"))");
    SX("|| 1", "(FUN lambda (INT 1))");
    SX("| | 1", "(FUN lambda (INT 1))");
    SX("xs.map(x => x * 2)", "(METHOD_CALL \"map\" (IDENT \"xs\") (FUN lambda "
       "(BINARY * (IDENT \"x\") (INT 2)) (PARAM \"x\")))");
    SX("(x, y) => x", "(FUN lambda (IDENT \"x\") (PARAM \"x\") (PARAM \"y\"))");
    SX("() => 1", "(FUN lambda (INT 1))");
    SX("f(|a| a, 2)", "(CALL (IDENT \"f\") (FUN lambda (IDENT \"a\") (PARAM \"a\")) (INT 2))");
    SX("let add = |x| |y| x + y", "(LET (PAT_BIND \"add\") (FUN lambda (FUN lambda "
       "(BINARY + (IDENT \"x\") (IDENT \"y\")) (PARAM \"y\")) (PARAM \"x\")))");
}

/* ---- statements and control flow ---- */

Test(parser, let_forms)
{
    SX("let x = 1", "(LET (PAT_BIND \"x\") (INT 1))");
    SX("let mut x = 1", "(LET mut (PAT_BIND \"x\" mut) (INT 1))");
    SX("var x = 1", "(LET mut (PAT_BIND \"x\") (INT 1))");
    SX("let x: Vec<Vec<i32>> = []", "(LET (PAT_BIND \"x\") (ARRAY))");
    SX("let (a, b) = t", "(LET (PAT_TUPLE (PAT_BIND \"a\") (PAT_BIND \"b\")) (IDENT \"t\"))");
    SX("let [x, ..rest] = arr", "(LET (PAT_ARRAY (PAT_BIND \"x\") (PAT_REST \"rest\")) "
       "(IDENT \"arr\"))");
    SX("let Some(v) = o else { return }", "(LET (PAT_ENUM \"Some\" tuple (PAT_BIND \"v\")) "
       "(IDENT \"o\") (BLOCK (RETURN)))");
    SX("let x = if a { 1 } else { 2 }", "(LET (PAT_BIND \"x\") (IF (IDENT \"a\") "
       "(BLOCK (INT 1)) (BLOCK (INT 2))))");
    SX("let x", "(LET (PAT_BIND \"x\") (NIL))");
    SX("const MAX: i32 = 5", "(CONST (PAT_BIND \"MAX\") (INT 5))");
    SX("pub const A = 1", "(CONST pub (PAT_BIND \"A\") (INT 1))");
}

Test(parser, conditionals)
{
    SX("if a { 1 } else if b { 2 } else { 3 }", "(IF (IDENT \"a\") (BLOCK (INT 1)) "
       "(IF (IDENT \"b\") (BLOCK (INT 2)) (BLOCK (INT 3))))");
    SX("if let Some(x) = o { x } else { 0 }", "(IF_LET (PAT_ENUM \"Some\" tuple "
       "(PAT_BIND \"x\")) (IDENT \"o\") (BLOCK (IDENT \"x\")) (BLOCK (INT 0)))");
    SX("if (a) { 1 }", "(IF (IDENT \"a\" paren) (BLOCK (INT 1)))");
}

Test(parser, loops_and_labels)
{
    SX("while i < 10 { i += 1 }", "(WHILE (BINARY < (IDENT \"i\") (INT 10)) "
       "(BLOCK (ASSIGN + (IDENT \"i\") (INT 1))))");
    SX("while let Some(x) = it.next() { }", "(WHILE_LET (PAT_ENUM \"Some\" tuple "
       "(PAT_BIND \"x\")) (METHOD_CALL \"next\" (IDENT \"it\")) (BLOCK))");
    SX("loop { break 5 }", "(LOOP _ (BLOCK (BREAK (INT 5))))");
    SX("for (i, v) in xs.enumerate() { }", "(FOR (PAT_TUPLE (PAT_BIND \"i\") "
       "(PAT_BIND \"v\")) (METHOD_CALL \"enumerate\" (IDENT \"xs\")) (BLOCK))");
    SX("'outer: for x in xs { continue 'outer }", "(FOR \"outer\" (PAT_BIND \"x\") "
       "(IDENT \"xs\") (BLOCK (CONTINUE \"outer\")))");
    SX("@outer: loop { break @outer 1 }", "(LOOP \"outer\" _ (BLOCK (BREAK \"outer\" (INT 1))))");
    SX("'a: while x { break 'a }", "(WHILE \"a\" (IDENT \"x\") (BLOCK (BREAK \"a\")))");
    SX("loop { break; continue }", "(LOOP _ (BLOCK (BREAK) (CONTINUE)))");
    SX("fun f() { return x + 1 }", "(FUN \"f\" (BLOCK (RETURN (BINARY + (IDENT \"x\") (INT 1)))))");
    SX("throw \"bad\"", "(THROW (STRING \"bad\"))");
}

Test(parser, match_arms_and_guards)
{
    SX("match x {\n 0 => \"z\",\n n if n < 0 => \"neg\"\n _ => { \"o\" }\n}",
       "(MATCH (IDENT \"x\") (ARM (PAT_LIT (INT 0)) _ (STRING \"z\")) "
       "(ARM (PAT_BIND \"n\") (BINARY < (IDENT \"n\") (INT 0)) (STRING \"neg\")) "
       "(ARM (PAT_WILD) _ (BLOCK (STRING \"o\"))))");
    SX("match x { y => y, }", "(MATCH (IDENT \"x\") (ARM (PAT_BIND \"y\") _ (IDENT \"y\")))");
    SX("match x { 1 => if a { 2 } else { 3 }, _ => 4 }", "(MATCH (IDENT \"x\") "
       "(ARM (PAT_LIT (INT 1)) _ (IF (IDENT \"a\") (BLOCK (INT 2)) (BLOCK (INT 3)))) "
       "(ARM (PAT_WILD) _ (INT 4)))");
    SX("match x { _ => {} }", "(MATCH (IDENT \"x\") (ARM (PAT_WILD) _ (MAP)))");
    SX("match x { (a, b) => a }", "(MATCH (IDENT \"x\") (ARM (PAT_TUPLE (PAT_BIND \"a\") "
       "(PAT_BIND \"b\")) _ (IDENT \"a\")))");
}

Test(parser, patterns)
{
#define PAT(p, want) SX("match v { " p " => 0 }", "(MATCH (IDENT \"v\") (ARM " want " _ (INT 0)))")
    PAT("-1", "(PAT_LIT (INT -1))");
    PAT("-2.5", "(PAT_LIT (FLOAT -2.5))");
    PAT("\"s\"", "(PAT_LIT (STRING \"s\"))");
    PAT("'c'", "(PAT_LIT (STRING \"c\"))");
    PAT("true", "(PAT_LIT (BOOL 1))");
    PAT("nil", "(PAT_LIT (NIL))");
    PAT("null", "(PAT_LIT (NIL))");
    PAT("()", "(PAT_LIT (NIL))");
    PAT("_", "(PAT_WILD)");
    PAT("mut x", "(PAT_BIND \"x\" mut)");
    PAT("1 | 2 | 3", "(PAT_OR (PAT_LIT (INT 1)) (PAT_LIT (INT 2)) (PAT_LIT (INT 3)))");
    PAT("1..=5", "(PAT_RANGE incl (INT 1) (INT 5))");
    PAT("1..5", "(PAT_RANGE (INT 1) (INT 5))");
    PAT("'a'..='z'", "(PAT_RANGE incl (STRING \"a\") (STRING \"z\"))");
    PAT("-5..=-1", "(PAT_RANGE incl (INT -5) (INT -1))");
    PAT("(a, _)", "(PAT_TUPLE (PAT_BIND \"a\") (PAT_WILD))");
    PAT("[first, .., last]", "(PAT_ARRAY (PAT_BIND \"first\") (PAT_REST) (PAT_BIND \"last\"))");
    PAT("[h, ...t]", "(PAT_ARRAY (PAT_BIND \"h\") (PAT_REST \"t\"))");
    PAT("[]", "(PAT_ARRAY)");
    PAT("Some(x)", "(PAT_ENUM \"Some\" tuple (PAT_BIND \"x\"))");
    PAT("None", "(PAT_ENUM \"None\")");
    PAT("Ok(v)", "(PAT_ENUM \"Ok\" tuple (PAT_BIND \"v\"))");
    PAT("Err(_)", "(PAT_ENUM \"Err\" tuple (PAT_WILD))");
    PAT("Color::Red", "(PAT_ENUM \"Color\" \"Red\")");
    PAT("Shape::Rect(w, h)", "(PAT_ENUM \"Shape\" \"Rect\" tuple (PAT_BIND \"w\") (PAT_BIND \"h\"))");
    PAT("Circle(r)", "(PAT_ENUM \"Circle\" tuple (PAT_BIND \"r\"))");
    PAT("Point { x, y: py, .. }", "(PAT_STRUCT \"Point\" rest (PAT_FIELD \"x\") "
        "(PAT_FIELD \"y\" (PAT_BIND \"py\")))");
    PAT("Shape::Named { id }", "(PAT_STRUCT \"Shape\" \"Named\" (PAT_FIELD \"id\"))");
    PAT("n @ 1..=9", "(PAT_BIND \"n\" (PAT_RANGE incl (INT 1) (INT 9)))");
    PAT("&x", "(PAT_BIND \"x\")");
    PAT("Some(Some(x)) | None", "(PAT_OR (PAT_ENUM \"Some\" tuple (PAT_ENUM \"Some\" tuple "
        "(PAT_BIND \"x\"))) (PAT_ENUM \"None\"))");
    PAT("Option::Some(x)", "(PAT_ENUM \"Option\" \"Some\" tuple (PAT_BIND \"x\"))");
#undef PAT
}

Test(parser, try_catch_finally)
{
    SX("try { a() } catch e { b(e) }", "(TRY (BLOCK (CALL (IDENT \"a\"))) (CATCH "
       "(PAT_BIND \"e\") (BLOCK (CALL (IDENT \"b\") (IDENT \"e\")))))");
    SX("try { a }\ncatch (e) { 1 }\ncatch _ { 2 }\nfinally { 3 }", "(TRY (BLOCK (IDENT \"a\")) "
       "(BLOCK (INT 3)) (CATCH (PAT_BIND \"e\") (BLOCK (INT 1))) (CATCH (PAT_WILD) (BLOCK (INT 2))))");
    SX("try { a } catch { 0 }", "(TRY (BLOCK (IDENT \"a\")) (CATCH _ (BLOCK (INT 0))))");
    SX("try { a } finally { b }", "(TRY (BLOCK (IDENT \"a\")) (BLOCK (IDENT \"b\")))");
}

/* ---- declarations ---- */

Test(parser, structs_enums_impls_traits)
{
    SX("struct P { x: i32, pub y: Vec<i32> = [] }", "(STRUCT_DECL \"P\" (FIELD_DECL \"x\") "
       "(FIELD_DECL \"y\" (ARRAY)))");
    SX("pub struct R {\n  api: String\n  items: Vec<Option<i32>>\n  pub fun new() -> R { R { api: \"\" } }\n}",
       "(STRUCT_DECL \"R\" pub (FIELD_DECL \"api\") (FIELD_DECL \"items\") -- "
       "(FUN \"new\" pub (BLOCK (STRUCT_LIT \"R\" (FIELD_INIT \"api\" (STRING \"\"))))))");
    SX("struct Unit", "(STRUCT_DECL \"Unit\")");
    SX("struct G<T> where T: Clone { v: T }", "(STRUCT_DECL \"G\" (FIELD_DECL \"v\"))");
    SX("enum E { A, B(f64, f64), C { id: i32 }, D = -1 }", "(ENUM_DECL \"E\" (VARIANT \"A\") "
       "(VARIANT \"B\" 2 tuple) (VARIANT \"C\" structv (FIELD_DECL \"id\")) "
       "(VARIANT \"D\" (UNARY neg (INT 1))))");
    SX("enum Color {\n  Red\n  Green\n}", "(ENUM_DECL \"Color\" (VARIANT \"Red\") (VARIANT \"Green\"))");
    SX("impl P { fun new() -> P { P { x: 0 } }\n fun get(&self) { self.x } }",
       "(IMPL \"P\" (FUN \"new\" (BLOCK (STRUCT_LIT \"P\" (FIELD_INIT \"x\" (INT 0))))) "
       "(FUN \"get\" self (BLOCK (FIELD \"x\" (IDENT \"self\"))) (PARAM \"self\")))");
    SX("impl<T> Display for Vec<T> { }", "(IMPL \"Vec\" \"Display\")");
    SX("trait Show { fun show(&self) -> String; fun twice(&self) { 2 } }",
       "(TRAIT \"Show\" (FUN \"show\" self (PARAM \"self\")) "
       "(FUN \"twice\" self (BLOCK (INT 2)) (PARAM \"self\")))");
    SX("trait Shape {\n  fun area(&self) -> f64\n  fun name(&self) -> String\n}",
       "(TRAIT \"Shape\" (FUN \"area\" self (PARAM \"self\")) (FUN \"name\" self (PARAM \"self\")))");
}

Test(parser, use_and_type_alias)
{
    SX("use std::collections::HashMap", "(USE \"std::collections::HashMap\")");
    SX("use std::io::*\nx", "(USE \"std::io::*\") (IDENT \"x\")");
    SX("use a::{b, c::d}", "(USE \"a::{b, c::d}\")");
    SX("use crate::x as y", "(USE \"crate::x as y\")");
    SX("type Id = i64\nx", "(IDENT \"x\")");
}

Test(parser, statements_after_a_closing_brace)
{
    SX("struct A { x: i32 } impl A { fun f() { 1 } fun g() { 2 } }",
       "(STRUCT_DECL \"A\" (FIELD_DECL \"x\")) (IMPL \"A\" (FUN \"f\" (BLOCK (INT 1))) "
       "(FUN \"g\" (BLOCK (INT 2))))");
    SX("match x { 1 => { a } 2 => { b } }", "(MATCH (IDENT \"x\") (ARM (PAT_LIT (INT 1)) _ "
       "(BLOCK (IDENT \"a\"))) (ARM (PAT_LIT (INT 2)) _ (BLOCK (IDENT \"b\"))))");
    SX("if a { 1 } f(x)", "(IF (IDENT \"a\") (BLOCK (INT 1))) (CALL (IDENT \"f\") (IDENT \"x\"))");
    SX("match x { _ => 1 }.len()", "(METHOD_CALL \"len\" (MATCH (IDENT \"x\") "
       "(ARM (PAT_WILD) _ (INT 1))))");
}

Test(parser, rust_compatibility_odds)
{
    SX("enum S { Ok, Err(String), None }", "(ENUM_DECL \"S\" (VARIANT \"Ok\") "
       "(VARIANT \"Err\" 1 tuple) (VARIANT \"None\"))");
    SX("foo::<i32>(x)", "(CALL (IDENT \"foo\") (IDENT \"x\"))");
    SX("run(move || 1)", "(CALL (IDENT \"run\") (FUN lambda (INT 1)))");
    SX("Self::new()", "(CALL (PATH \"Self\" \"new\"))");
    SX("#[test]\nfn t() { }", "(FUN \"t\" (MAP))");
    SX("let v: &[u8] = &[1]", "(LET (PAT_BIND \"v\") (ARRAY (INT 1)))");
}

Test(parser, node_positions)
{
    static const char src[] = "let x =\n  foo(1)\n\t  a + f\"{b}\"";
    RcAst *root = parse_n(src, sizeof src - 1);
    cr_assert_eq(diags.n, 0, "%s", first_diag());
    RcAst *let = root->list.v[0], *call = let->b;
    cr_assert_eq(let->line, 1);
    cr_assert_eq(let->col, 1);
    cr_assert_eq(call->kind, RC_AST_CALL);
    cr_assert_eq(call->line, 2);
    cr_assert_eq(call->col, 3);
    cr_assert_eq(call->list.v[0]->col, 7);
    RcAst *add = root->list.v[1];
    cr_assert_eq(add->line, 3);
    cr_assert_eq(add->col, 4, "binary takes its left operand's position");
    RcAst *fmt = add->b->list.v[0];
    cr_assert_eq(fmt->kind, RC_AST_FMT);
    cr_assert_eq(fmt->a->line, 3);
    cr_assert_eq(fmt->a->col, 11);
}

/* ---- diagnostics ---- */

Test(diag, precise_messages)
{
    ERR("let y = else", "expected expression, found 'else'", 1, 9);
    ERR("}", "unexpected '}'", 1, 1);
    ERR("let x = 1 +\n", "expected expression, found end of input", 2, 1);
    ERR("let s = \"abc", "unterminated string literal", 1, 9);
    ERR("/* open", "unterminated block comment", 1, 1);
    ERR("f(1, 2", "unclosed '('", 1, 2);
    ERR("a = [1 2]", "unexpected number '2'", 1, 8);
    ERR("1 = 2", "invalid assignment target", 1, 1);
    ERR("fun f() {\n  g(1\n}", "expected ')', found '}'", 3, 1);
    ERR("a = [1, 2)", "expected ']', found ')'", 1, 10);
    ERR("x.\nlet y = 1", "expected a field or method name after '.', found 'let'", 2, 1);
    ERR("f() = 2", "invalid assignment target", 1, 1);
}

Test(diag, reserved_and_unsupported)
{
    ERR("let from = 1", "'from' is a reserved keyword", 1, 5);
    ERR("let if = 1", "'if' is a reserved keyword", 1, 5);
    ERR("class Foo { x: 1 }", "'class' is not supported", 1, 1);
    ERR("async fun f() { }", "'async' is not supported", 1, 1);
    ERR("x.await", "'await' is not supported", 1, 3);
    ERR("spawn f()", "'spawn' is not supported", 1, 1);
    ERR("x++", "'++' is not supported", 1, 2);
    ERR("a <- msg", "'<-' is not supported", 1, 3);
    ERR("let a = :ok", "atoms (':ok') are not supported", 1, 9);
    ERR("mod m { }", "modules ('mod') are not supported", 1, 1);
    ERR("df![a]", "'df!' is not supported", 1, 1);
    ERR("let f = \\x -> x", "'\\' is not supported", 1, 9);
    ERR("yield 1", "'yield' is not supported", 1, 1);
}

Test(diag, several_errors_all_reported)
{
    sx_any("fun f() {\n  let x = 1 +\n}\nlet y = else\nlet from = 2\n"
           "class Foo { x: 1 }\nlet ok = 1\nlet z = (1 2)\n");
    cr_assert(has("expected expression, found '}'", 3, 1));
    cr_assert(has("expected expression, found 'else'", 4, 9));
    cr_assert(has("reserved keyword", 5, 5));
    cr_assert(has("not supported", 6, 1));
    cr_assert(has("unexpected number '2'", 8, 12));
    cr_assert_eq(diags.n, 5, "got %d errors", diags.n);
}

Test(diag, errors_inside_blocks_recover_per_statement)
{
    sx_any("fun main() {\n  let a = = 1\n  let b = 2 3\n  foo(\n}\nlet c = ]\n");
    cr_assert(has("expected expression, found '='", 2, 11));
    cr_assert(has("unexpected number '3'", 3, 13));
    cr_assert(has("unexpected ']'", 6, 9) || has("found ']'", 6, 9));
    cr_assert_leq(diags.n, 5);
}

Test(diag, recovery_keeps_good_statements)
{
    RcAst *root = parse_n("let a = 1\nlet b = )\nlet c = 3\n", 30);
    cr_assert_eq(diags.n, 1);
    cr_assert_eq(root->list.n, 2);
    cr_assert_str_eq(root->list.v[1]->a->str, "c");
    root = parse_n("let a = (1,\nlet b = 2\n", 22);
    cr_assert(has("unexpected 'let'", 2, 1));
    cr_assert_eq(root->list.n, 1, "the unclosed paren costs one statement");
}

Test(diag, truncated_inputs_never_crash)
{
    static const char *const full =
        "fun main() { let m = {a: [1, (2, f\"{x:.2}\")], b: |x| x * 2}\n"
        "match m.a { [h, ..t] if h > 0 => Some(h), _ => None }\n"
        "'l: for i in 0..=10 { if i == 5 { break 'l } }\n"
        "try { throw \"e\" } catch e { println!(\"{}\", e) } finally { }\n"
        "struct P { x: i32 } impl P { fun f(&self) -> i32 { self.x } } }\n";
    size_t n = strlen(full);
    for (size_t k = 0; k < n; k++) {
        parse_n(full, k);
        if (k > 0 && k < n - 1)
            cr_assert(diags.n >= 0);
    }
    parse_n(full, n);
    cr_assert_eq(diags.n, 0, "%s", first_diag());
}

/* A chain like 1 + 1 + ... is not bounded by bracket nesting: a tree deeper
 * than the limit is refused with a diagnostic (the later passes recurse),
 * however long the chain, and one just under the limit parses. */
Test(diag, deep_operator_chains)
{
    size_t n = 300000;
    char *buf = malloc(n * 4 + 16);
    for (size_t terms = 0; terms < 3; terms++) {
        size_t count = terms == 0 ? 2900 : terms == 1 ? 3100 : n;
        size_t k = (size_t)sprintf(buf, "1");
        for (size_t i = 0; i < count; i++)
            k += (size_t)sprintf(buf + k, " + 1");
        parse_n(buf, k);
        if (terms == 0)
            cr_assert_eq(diags.n, 0, "%s", first_diag());
        else
            cr_assert(has("expression nested too deeply", 0, 0), "%zu terms", count);
    }
    free(buf);
}

Test(diag, garbage_and_deep_nesting)
{
    char *buf = malloc(20001);
    memset(buf, '(', 10000);
    buf[10000] = '\0';
    parse_n(buf, 10000);
    cr_assert(has("nesting too deep", 0, 0));
    memset(buf, '-', 10000);
    memset(buf, '!', 10000);
    buf[10000] = '1';
    parse_n(buf, 10001);
    cr_assert(has("nesting too deep", 0, 0));
    memset(buf, '{', 5000);
    parse_n(buf, 5000);
    cr_assert(has("nesting too deep", 0, 0));
    memset(buf, '[', 900);
    memset(buf + 900, ']', 900);
    parse_n(buf, 1800);
    cr_assert_eq(diags.n, 0, "%s", first_diag());
    srand(777);
    static const char alphabet[] = "ab1(){}[];:.,=+-*|&!?'\"\n #/\\<>@$fnletifmatch";
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(rand() % 2000);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(round % 2 ? rand() % 256
                                      : alphabet[rand() % (sizeof alphabet - 1)]);
        parse_n(buf, n);
    }
    free(buf);
}

Test(diag, print_format_sorted_with_caret)
{
    char text[4096];
    const char *src = "let a = 1\n\tlet b = else\nlet c = )\n";
    rc_diags_init(&diags, "h.ruchy", src);
    rc_diag_error(&diags, 3, 9, "second");
    rc_diag_error(&diags, 2, 10, "first");
    rc_diag_error(&diags, 2, 10, "first");
    cr_assert_eq(diags.n, 2, "identical position and message kept once");
    FILE *f = fmemopen(text, sizeof text, "w");
    rc_diags_print(&diags, f);
    fclose(f);
    cr_assert_str_eq(text,
        "h.ruchy:2:10: error: first\n"
        "    \tlet b = else\n"
        "    \t        ^\n"
        "h.ruchy:3:9: error: second\n"
        "    let c = )\n"
        "            ^\n");
}

Test(diag, caret_counts_characters_not_bytes)
{
    char text[256];
    rc_diags_init(&diags, "u", "s = \"\xc3\xa9\xc3\xa9\" +");
    rc_diag_error(&diags, 1, 13, "m");
    FILE *f = fmemopen(text, sizeof text, "w");
    rc_diags_print(&diags, f);
    fclose(f);
    cr_assert_str_eq(text, "u:1:13: error: m\n    s = \"\xc3\xa9\xc3\xa9\" +\n"
                     "              ^\n");
}

Test(diag, limit_of_fifty)
{
    rc_diags_init(&diags, "x", "");
    for (int i = 0; i < 80; i++)
        rc_diag_error(&diags, (uint32_t)i + 1, 1, "e%d", i);
    cr_assert_eq(diags.n, 50);
}
