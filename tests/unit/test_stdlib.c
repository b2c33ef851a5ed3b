/* test_stdlib.c — every builtin and method through the registry: normal
 * use and bad input (TypeError/ValueError naming the function, no crash).
 *
 * Natives are called directly inside a protected boundary of our own, so a
 * throw lands back in the test. Callbacks are test natives registered as
 * builtins (t_double, t_even, ...); rv_call runs them like closures.
 */
#include "stdlib_harness.h"

TestSuite(stdlib, .init = setup, .fini = teardown);

/* ============================================================ core === */

Test(stdlib, println_forms)
{
    B0("println");
    B("println", S("hi"));
    B("println", S("a"), I(1), A(S("x")));
    B("println", S("{} + {} = {}"), I(1), I(2), I(3));
    B("println", S("{:.2}|{:>5}|{:<4}|{:^5}|{:08.3}"), F(3.14159), I(7), S("ab"), S("c"), F(2.5));
    B("println", S("{1} {0} {0:?}"), S("a"), S("b"));
    B("println", S("{{}} {}"), I(9));
    B("println", S("missing {} {}"), I(1));
    B("println", S("{x}"));
    B("print", S("no"), S("newline"));
    B("print", S("{}!"), I(5));
    cr_assert_str_eq(output(),
                     "\nhi\na 1 [\"x\"]\n1 + 2 = 3\n3.14|    7|ab  |  c  |0002.500\n"
                     "b a \"a\"\n{} 9\nmissing 1 {}\n{x}\nno newline5!");
}

Test(stdlib, println_no_placeholder_space_join)
{
    B("println", S("total:"), F(2.0), S("{json}"));
    B("println", S("{\"a\": 1}"), I(2));
    cr_assert_str_eq(output(), "total: 2.0 {json}\n{\"a\": 1} 2\n");
}

Test(stdlib, format_builtin_and_method)
{
    EQ(B("format", S("{}-{}"), I(1), S("x")), "\"1-x\"");
    EQ(B("format", S("{:?}"), S("q")), "\"\"q\"\"");
    EQ(M("format", S("<{}>"), A(I(1), I(2))), "\"<[1, 2]>\"");
    EQ(B("format", S("{{literal}}")), "\"{literal}\"");
    BERR(RV_E_TYPE, "format", "format", I(1));
    BERR(RV_E_VALUE, NULL, "format", S("{:Q}"), I(1));
}

Test(stdlib, dbg_returns_value)
{
    EQ(B("dbg", S("x")), "\"x\"");
    cr_assert_str_eq(output(), "[DEBUG] \"x\"\n");
}

Test(stdlib, type_of_and_str)
{
    EQ(B("type_of", I(1)), "\"integer\"");
    EQ(B("typeof", F(1.0)), "\"float\"");
    EQ(B("type_of", S("")), "\"string\"");
    EQ(B("type_of", A0), "\"array\"");
    EQ(B("type_of", RV_NIL), "\"nil\"");
    EQ(B("str", S("s")), "\"s\"");
    EQ(B("str", F(2.0)), "\"2.0\"");
    EQ(B("to_string", A(I(1), S("a"))), "\"[1, \"a\"]\"");
    EQ(B("is_nil", RV_NIL), "true");
    EQ(B("is_nil", I(0)), "false");
}

Test(stdlib, int_conversion)
{
    EQ(B("int", F(3.9)), "3");
    EQ(B("int", F(-3.9)), "-3");
    EQ(B("int", RV_TRUE), "1");
    EQ(B("int", S(" 42 ")), "42");
    EQ(B("int", S("-9223372036854775808")), "-9223372036854775808");
    BERR(RV_E_VALUE, "int", "int", S("4x"));
    BERR(RV_E_VALUE, NULL, "int", S(""));
    BERR(RV_E_OVERFLOW, NULL, "int", S("9223372036854775808"));
    BERR(RV_E_OVERFLOW, NULL, "int", F(1e300));
    BERR(RV_E_VALUE, NULL, "int", F(NAN));
    BERR(RV_E_TYPE, "int() argument 1", "int", A0);
}

Test(stdlib, float_bool_parse)
{
    EQ(B("float", I(2)), "2.0");
    EQ(B("float", S("2.5")), "2.5");
    EQ(B("float", S("1e3")), "1000.0");
    BERR(RV_E_VALUE, NULL, "float", S("abc"));
    BERR(RV_E_VALUE, NULL, "float", S("0x10"));
    BERR(RV_E_TYPE, NULL, "float", RV_NIL);
    EQ(B("bool", I(0)), "false");
    EQ(B("bool", S("x")), "true");
    EQ(B("bool", RV_NIL), "false");
    EQ(B("parse_int", S("123")), "123");
    EQ(B("parse_int", S("ff"), I(16)), "255");
    EQ(B("parse_int", S("-101"), I(2)), "-5");
    BERR(RV_E_VALUE, NULL, "parse_int", S("12.5"));
    BERR(RV_E_VALUE, "radix", "parse_int", S("1"), I(99));
    BERR(RV_E_TYPE, NULL, "parse_int", I(5));
    EQ(B("parse_float", S(" 0.5 ")), "0.5");
    EQ(B("parse_float", S("-inf")), "-inf");
    BERR(RV_E_VALUE, NULL, "parse_float", S("."));
    BERR(RV_E_TYPE, NULL, "parse_float", F(1.0));
}

Test(stdlib, len_builtin)
{
    EQ(B("len", S("héllo")), "6");
    EQ(B("len", A(I(1), I(2))), "2");
    EQ(B("len", T(I(1), I(2), I(3))), "3");
    EQ(B("len", map2("a", I(1), "b", I(2))), "2");
    EQ(B("len", rv_range_new(vm, 1, 5, false)), "4");
    EQ(B("len", rv_range_new(vm, 1, 5, true)), "5");
    BERR(RV_E_TYPE, "len", "len", I(3));
}

Test(stdlib, rust_constructors)
{
    EQ(B("String::from", S("x")), "\"x\"");
    EQ(B("String::from", I(5)), "\"5\"");
    EQ(B0("String::new"), "\"\"");
    EQ(B0("Vec::new"), "[]");
    EQ(B("Vec::with_capacity", I(10)), "[]");
    EQ(B0("HashMap::new"), "{}");
    EQ(B("Box::new", I(3)), "3");
    BERR(RV_E_VALUE, NULL, "Vec::with_capacity", I(-1));
}

Test(stdlib, assertions)
{
    B("assert", RV_TRUE);
    BERR(RV_E_ASSERT, "Assertion failed", "assert", RV_FALSE);
    BERR(RV_E_ASSERT, "Assertion failed: custom", "assert", RV_FALSE, S("custom"));
    BERR(RV_E_TYPE, "assert", "assert", I(1));
    B("assert_eq", A(I(1)), A(I(1)));
    BERR(RV_E_ASSERT, "left: 1, right: 2", "assert_eq", I(1), I(2));
    BERR(RV_E_ASSERT, "msg", "assert_eq", I(1), I(2), S("msg"));
    B("assert_ne", I(1), I(2));
    BERR(RV_E_ASSERT, NULL, "assert_ne", S("a"), S("a"));
    BERR(RV_E_RUNTIME, "bad 7", "panic", S("bad {}"), I(7));
    err_call(RV_E_RUNTIME, "explicit panic", builtin("panic", 0), "panic", 0, NULL);
}

Test(stdlib, range_builtin)
{
    EQ(B("range", I(4)), "[0, 1, 2, 3]");
    EQ(B("range", I(2), I(5)), "[2, 3, 4]");
    EQ(B("range", I(10), I(0), I(-3)), "[10, 7, 4, 1]");
    EQ(B("range", I(0), I(10), I(4)), "[0, 4, 8]");
    EQ(B("range", I(5), I(1)), "[]");
    EQ(B("range", I(INT64_MAX - 1), I(INT64_MAX)), "[9223372036854775806]");
    BERR(RV_E_VALUE, "step", "range", I(0), I(5), I(0));
    BERR(RV_E_MEMORY, "too many", "range", I(INT64_MIN), I(INT64_MAX));
    BERR(RV_E_TYPE, "range", "range", S("5"));
}

Test(stdlib, any_methods)
{
    EQ(M("to_string", I(5)), "\"5\"");
    EQ(M("to_string", RV_NIL), "\"nil\"");
    RvValue a = A(I(1));
    RvValue c = M("clone", a);
    cr_assert(RV_AS_OBJ(c) != RV_AS_OBJ(a));
    EQ(M("cmp", I(1), I(2)), "-1");
    EQ(M("cmp", S("b"), S("a")), "1");
    MERR(RV_E_TYPE, NULL, "cmp", I(1), S("a"));
}

/* ============================================================ math === */

Test(stdlib, math_builtins)
{
    EQ(B("sqrt", I(16)), "4.0");
    EQ(B("pow", I(2), I(10)), "1024");
    EQ(B("pow", I(2), I(-1)), "0.5");
    EQ(B("pow", F(2.0), I(3)), "8.0");
    BERR(RV_E_OVERFLOW, NULL, "pow", I(2), I(63));
    EQ(B("abs", I(-3)), "3");
    EQ(B("abs", F(-2.5)), "2.5");
    BERR(RV_E_OVERFLOW, NULL, "abs", I(INT64_MIN));
    EQ(B("min", I(3), I(2)), "2");
    EQ(B("max", I(3), F(2.5)), "3.0");
    EQ(B("max", A(I(3), I(9), I(1))), "9");
    BERR(RV_E_TYPE, "min", "min", S("a"), I(1));
    BERR(RV_E_TYPE, NULL, "max", I(1));
    EQ(B("floor", F(2.7)), "2");
    EQ(B("ceil", F(2.1)), "3");
    EQ(B("round", F(2.5)), "3");
    EQ(B("round", F(-2.5)), "-3");
    EQ(B("floor", I(4)), "4");
    BERR(RV_E_VALUE, NULL, "floor", F(NAN));
    BERR(RV_E_OVERFLOW, NULL, "ceil", F(1e30));
    EQ(B("exp", I(0)), "1.0");
    EQ(B("log", F(1.0)), "0.0");
    EQ(B("log", I(8), I(2)), "3.0");
    EQ(B("log10", I(1000)), "3.0");
    EQ(B("sin", I(0)), "0.0");
    EQ(B("cos", I(0)), "1.0");
    EQ(B("tan", I(0)), "0.0");
    BERR(RV_E_TYPE, "sqrt", "sqrt", S("4"));
}

Test(stdlib, number_methods)
{
    EQ(M("abs", I(-4)), "4");
    EQ(M("pow", I(3), I(3)), "27");
    MERR(RV_E_VALUE, NULL, "pow", I(3), I(-1));
    MERR(RV_E_TYPE, "pow() argument 1", "pow", I(3), F(1.0));
    MERR(RV_E_OVERFLOW, NULL, "pow", I(10), I(19));
    EQ(M("sqrt", I(9)), "3.0");
    EQ(M("to_float", I(2)), "2.0");
    EQ(M("signum", I(-9)), "-1");
    EQ(M("signum", F(0.5)), "1.0");
    EQ(M("min", I(2), I(1)), "1");
    EQ(M("max", F(1.5), I(2)), "2.0");
    EQ(M("clamp", I(15), I(0), I(10)), "10");
    MERR(RV_E_VALUE, NULL, "clamp", I(1), I(5), I(0));
    EQ(M("sqrt", F(16.0)), "4.0");
    EQ(M("round", F(2.5)), "3.0");
    EQ(M("floor", F(-0.5)), "-1.0");
    EQ(M("ceil", F(0.2)), "1.0");
    EQ(M("trunc", F(-2.7)), "-2.0");
    EQ(M("to_int", F(-2.7)), "-2");
    MERR(RV_E_VALUE, NULL, "to_int", F(INFINITY));
    EQ(M("to_string", F(2.0)), "\"2.0\"");
    EQ(M("powf", F(2.0), F(0.5)), sh(F(sqrt(2.0))));
    EQ(M("is_nan", F(NAN)), "true");
    EQ(M("ln", F(1.0)), "0.0");
    MERR(RV_E_TYPE, NULL, "min", I(1), S("x"));
}

/* ========================================================== strings === */

Test(stdlib, string_basics)
{
    EQ(M("len", S("héllo")), "6");
    EQ(M("is_empty", S("")), "true");
    EQ(M("to_uppercase", S("straße é")), "\"STRASSE É\"");
    EQ(M("to_lowercase", S("ÀB Ωσ")), "\"àb ωσ\"");
    EQ(M("upper", S("ab")), "\"AB\"");
    EQ(M("trim", S(" \t\xc2\xa0 x y\n\xe3\x80\x80")), "\"x y\"");
    EQ(M("trim_start", S("  x ")), "\"x \"");
    EQ(M("trim_end", S("  x ")), "\"  x\"");
    EQ(M("trim", S("   ")), "\"\"");
    EQ(M("trim_matches", S("xxaxx"), S("x")), "\"a\"");
    EQ(M("contains", S("hello"), S("ell")), "true");
    EQ(M("contains", S("hello"), S("")), "true");
    EQ(M("starts_with", S("hello"), S("he")), "true");
    EQ(M("ends_with", S("hello"), S("lo")), "true");
    EQ(M("ends_with", S("lo"), S("hello")), "false");
    MERR(RV_E_TYPE, "contains() argument 1 must be a string", "contains", S("x"), I(1));
    EQ(M("to_string", S("id")), "\"id\"");
    EQ(M("clone", S("id")), "\"id\"");
}

Test(stdlib, string_split_family)
{
    EQ(M("split", S("a,,b"), S(",")), "[\"a\", \"\", \"b\"]");
    EQ(M("split", S("abc"), S("")), "[\"\", \"a\", \"b\", \"c\", \"\"]");
    EQ(M("split", S(""), S(",")), "[\"\"]");
    EQ(M("split", S("a::b::"), S("::")), "[\"a\", \"b\", \"\"]");
    EQ(M("split", S("  a  b ")), "[\"a\", \"b\"]");
    EQ(M("split_whitespace", S("\ta\n b  ")), "[\"a\", \"b\"]");
    EQ(M("lines", S("a\r\nb\n\nc\n")), "[\"a\", \"b\", \"\", \"c\"]");
    EQ(M("lines", S("")), "[]");
    EQ(M("chars", S("hé😀")), "[\"h\", \"é\", \"😀\"]");
    EQ(M("bytes", S("hé")), "[104, 195, 169]");
    EQ(M("split_once", S("k=v=w"), S("=")), "Some((\"k\", \"v=w\"))");
    EQ(M("split_once", S("kv"), S("=")), "None");
    MERR(RV_E_TYPE, "split", "split", S("a"), I(1));
}

Test(stdlib, string_search)
{
    EQ(M("find", S("héllo"), S("l")), "Some(3)");
    EQ(M("find", S("abc"), S("z")), "None");
    EQ(M("rfind", S("abab"), S("ab")), "Some(2)");
    EQ(M("rfind", S("ab"), S("")), "Some(2)");
    EQ(M("index_of", S("héllo"), S("l")), "Some(2)");
    EQ(M("index_of", S("x"), S("y")), "None");
    EQ(M("strip_prefix", S("v1.2"), S("v")), "Some(\"1.2\")");
    EQ(M("strip_prefix", S("1.2"), S("v")), "None");
    EQ(M("strip_suffix", S("a.txt"), S(".txt")), "Some(\"a\")");
    MERR(RV_E_TYPE, NULL, "find", S("a"), RV_NIL);
}

Test(stdlib, string_building)
{
    EQ(M("replace", S("a-b-c"), S("-"), S("+")), "\"a+b+c\"");
    EQ(M("replace", S("ab"), S(""), S("x")), "\"xaxbx\"");
    EQ(M("replace", S("aaa"), S("aa"), S("b")), "\"ba\"");
    MERR(RV_E_TYPE, NULL, "replace", S("a"), S("a"), I(1));
    EQ(M("repeat", S("ab"), I(3)), "\"ababab\"");
    EQ(M("repeat", S("ab"), I(0)), "\"\"");
    MERR(RV_E_VALUE, NULL, "repeat", S("ab"), I(-1));
    MERR(RV_E_MEMORY, "too large", "repeat", S("ab"), I(INT64_MAX));
    MERR(RV_E_TYPE, NULL, "repeat", S("ab"), S("3"));
    EQ(M("substring", S("héllo"), I(1), I(3)), "\"él\"");
    EQ(M("substring", S("hello"), I(2)), "\"llo\"");
    EQ(M("slice", S("hello"), I(1), I(99)), "\"ello\"");
    MERR(RV_E_VALUE, "greater", "substring", S("hello"), I(3), I(1));
    MERR(RV_E_VALUE, NULL, "substring", S("hello"), I(-1), I(1));
    EQ(M("char_at", S("héllo"), I(1)), "\"é\"");
    EQ(M("char_at", S("abc"), I(-1)), "\"c\"");
    EQ(M("char_at", S("abc"), I(3)), "nil");
    EQ(M("append", S("ab"), S("cd")), "\"abcd\"");
    MERR(RV_E_TYPE, NULL, "append", S("ab"), I(1));
    EQ(M("reverse", S("héllo")), "\"olléh\"");
    EQ(B("reverse", S("abc")), "\"cba\"");
    EQ(M("reverse", S("a\xff" "b")), "\"b\xff" "a\"");
}

Test(stdlib, string_parsing)
{
    EQ(M("parse", S(" 42\n")), "42");
    EQ(M("parse", S("2.5")), "2.5");
    MERR(RV_E_VALUE, "parse", "parse", S("4 2"));
    MERR(RV_E_OVERFLOW, NULL, "parse", S("99999999999999999999"));
    EQ(M("to_int", S("-7")), "-7");
    MERR(RV_E_VALUE, NULL, "to_int", S("7.0"));
    EQ(M("parse_float", S("7")), "7.0");
    MERR(RV_E_VALUE, NULL, "parse_float", S("seven"));
    EQ(M("is_numeric", S("123")), "true");
    EQ(M("is_numeric", S("12a")), "false");
    EQ(M("is_numeric", S("")), "false");
    EQ(M("is_digit", S("f"), I(16)), "true");
    EQ(M("is_alphabetic", S("héllo")), "true");
    EQ(M("is_alphabetic", S("a1")), "false");
    EQ(M("is_alphanumeric", S("a1")), "true");
    EQ(M("is_whitespace", S(" \t")), "true");
    EQ(M("is_uppercase", S("ÀB")), "true");
    EQ(M("is_lowercase", S("ab")), "true");
    MERR(RV_E_VALUE, NULL, "is_digit", S("1"), I(1));
}

/* =========================================================== arrays === */

Test(stdlib, array_access)
{
    RvValue a = A(I(1), I(2), I(3));
    EQ(M("len", a), "3");
    EQ(M("is_empty", A0), "true");
    EQ(M("first", a), "1");
    EQ(M("last", a), "3");
    EQ(M("first", A0), "nil");
    EQ(M("get", a, I(1)), "2");
    EQ(M("get", a, I(-1)), "3");
    EQ(M("get", a, I(5)), "nil");
    MERR(RV_E_TYPE, "get() argument 1 must be an integer", "get", a, S("0"));
    EQ(M("nth", a, I(0)), "Some(1)");
    EQ(M("nth", a, I(3)), "None");
    EQ(M("contains", a, F(2.0)), "true");
    EQ(M("contains", a, S("2")), "false");
    EQ(M("index_of", a, I(3)), "Some(2)");
    EQ(M("index_of", a, I(4)), "None");
    EQ(M("position", a, fnv("t_even")), "Some(1)");
    EQ(M("position", a, I(1)), "Some(0)");
}

Test(stdlib, array_in_place)
{
    RvValue a = A(I(1));
    EQ(M("push", a, I(2)), "nil");
    EQ(a, "[1, 2]");
    EQ(M("pop", a), "2");
    EQ(M("pop", a), "1");
    EQ(M("pop", a), "nil");
    M("insert", a, I(0), S("x"));
    M("insert", a, I(1), S("z"));
    M("insert", a, I(1), S("y"));
    EQ(a, "[\"x\", \"y\", \"z\"]");
    MERR(RV_E_INDEX, NULL, "insert", a, I(9), I(0));
    EQ(M("remove", a, I(1)), "\"y\"");
    EQ(M("remove", a, I(-1)), "\"z\"");
    MERR(RV_E_INDEX, "out of bounds", "remove", a, I(5));
    M("extend", a, A(I(1), I(2)));
    M("extend", a, rv_range_new(vm, 3, 5, false));
    EQ(a, "[\"x\", 1, 2, 3, 4]");
    M("extend", a, a);
    EQ(M("len", a), "10");
    MERR(RV_E_TYPE, NULL, "extend", a, I(1));
    M("clear", a);
    EQ(a, "[]");
    RvValue b = A(I(1));
    EQ(B("push", b, I(5)), "[1, 5]");
    EQ(B("pop", b), "5");
    BERR(RV_E_TYPE, "push", "push", I(1), I(2));
}

Test(stdlib, array_new_arrays)
{
    RvValue a = A(I(3), I(1), I(2));
    EQ(M("join", A(S("a"), I(1), A(S("b")), F(1.0)), S(", ")), "\"a, 1, [\"b\"], 1.0\"");
    EQ(M("join", A(S("a"), S("b"))), "\"ab\"");
    MERR(RV_E_TYPE, NULL, "join", a, I(1));
    EQ(M("concat", a, A(I(4))), "[3, 1, 2, 4]");
    EQ(a, "[3, 1, 2]");
    MERR(RV_E_TYPE, NULL, "concat", a, S("x"));
    EQ(M("reverse", a), "[2, 1, 3]");
    EQ(M("unique", A(I(1), I(2), I(1), S("a"), S("a"), F(2.0))), "[1, 2, \"a\"]");
    EQ(M("flatten", A(A(I(1), I(2)), I(3), A0, A(A(I(4))))), "[1, 2, 3, [4]]");
    EQ(M("flatten", A(rv_some(vm, I(1)), rv_none(vm))), "[1]");
    EQ(M("enumerate", A(S("a"), S("b"))), "[(0, \"a\"), (1, \"b\")]");
    EQ(M("zip", a, A(S("x"), S("y"))), "[(3, \"x\"), (1, \"y\")]");
    EQ(M("take", a, I(2)), "[3, 1]");
    EQ(M("take", a, I(99)), "[3, 1, 2]");
    EQ(M("skip", a, I(1)), "[1, 2]");
    EQ(M("skip", a, I(99)), "[]");
    MERR(RV_E_VALUE, NULL, "take", a, I(-1));
    EQ(M("slice", a, I(1), I(3)), "[1, 2]");
    EQ(M("slice", a, I(-2)), "[1, 2]");
    MERR(RV_E_VALUE, NULL, "slice", a, I(2), I(1));
    EQ(M("chunks", A(I(1), I(2), I(3)), I(2)), "[[1, 2], [3]]");
    MERR(RV_E_VALUE, NULL, "chunks", a, I(0));
    EQ(M("iter", a), "[3, 1, 2]");
    EQ(M("collect", a), "[3, 1, 2]");
    RvValue c = M("clone", a);
    M("push", c, I(9));
    EQ(a, "[3, 1, 2]");
    EQ(B("zip", A(I(1)), A(I(2))), "[(1, 2)]");
    EQ(B("enumerate", A(S("z"))), "[(0, \"z\")]");
    BERR(RV_E_TYPE, NULL, "zip", I(1), A0);
    BERR(RV_E_TYPE, NULL, "reverse", I(1));
}

Test(stdlib, array_numeric)
{
    EQ(M("sum", A(I(1), I(2), I(3))), "6");
    EQ(M("sum", A(I(1), F(0.5))), "1.5");
    EQ(M("sum", A0), "0");
    EQ(M("product", A0), "1");
    EQ(M("product", A(I(2), I(3))), "6");
    MERR(RV_E_OVERFLOW, NULL, "sum", A(I(INT64_MAX), I(1)));
    MERR(RV_E_TYPE, "element 1", "sum", A(I(1), S("x")));
    EQ(M("min", A(I(3), I(1), I(2))), "1");
    EQ(M("max", A(S("b"), S("c"), S("a"))), "\"c\"");
    EQ(M("max", A0), "nil");
    MERR(RV_E_TYPE, NULL, "max", A(I(1), S("a")));
    EQ(B("sum", A(I(4), I(5))), "9");
    BERR(RV_E_TYPE, NULL, "sum", S("x"));
}

Test(stdlib, array_sort)
{
    RvValue a = A(I(10), I(9), I(2), F(3.5), I(-1));
    EQ(M("sort", a), "[-1, 2, 3.5, 9, 10]");
    EQ(a, "[10, 9, 2, 3.5, -1]");
    EQ(M("sort", A(S("b"), S("B"), S("a"))), "[\"B\", \"a\", \"b\"]");
    EQ(M("sort", A0), "[]");
    MERR(RV_E_TYPE, NULL, "sort", A(I(1), S("a")));
    EQ(B("sort", A(I(3), I(1))), "[1, 3]");
    EQ(M("sort_by", A(I(1), I(3), I(2)), fnv("t_desc")), "[3, 2, 1]");
    MERR(RV_E_TYPE, "sort_by() argument 1 must be a function", "sort_by", a, I(1));
    EQ(M("sort_by_key", A(I(1), I(-3), I(2)), fnv("t_neg")), "[2, 1, -3]");
    EQ(M("sort_by_key", A(S("ccc"), S("a"), S("bb"), S("d")), fnv("t_slen")),
       "[\"a\", \"d\", \"bb\", \"ccc\"]");
    RvValue big = rv_array_new(vm, 0);
    for (int i = 0; i < 1000; i++)
        rv_array_push(vm, RV_AS_ARRAY(big), I((i * 7919) % 1000));
    RvArray *s = RV_AS_ARRAY(M("sort", big));
    for (uint32_t i = 0; i < s->len; i++)
        cr_assert_eq(RV_AS_INT(s->items[i]), (int64_t)i);
}

Test(stdlib, array_callbacks)
{
    RvValue a = A(I(1), I(2), I(3), I(4));
    EQ(M("map", a, fnv("t_double")), "[2, 4, 6, 8]");
    EQ(M("filter", a, fnv("t_even")), "[2, 4]");
    EQ(M("filter_map", a, fnv("t_some_even")), "[20, 40]");
    EQ(M("flat_map", A(I(1), I(2)), fnv("t_pair")), "[1, 1, 2, 2]");
    EQ(M("any", a, fnv("t_even")), "true");
    EQ(M("all", a, fnv("t_even")), "false");
    EQ(M("all", A0, fnv("t_even")), "true");
    EQ(M("find", a, fnv("t_even")), "2");
    EQ(M("find", A(I(1)), fnv("t_even")), "nil");
    EQ(M("each", a, fnv("t_double")), "nil");
    EQ(M("count", a), "4");
    EQ(M("count", a, fnv("t_even")), "2");
    EQ(M("reduce", a, I(0), fnv("t_add")), "10");
    EQ(M("reduce", a, fnv("t_add"), I(100)), "110");
    EQ(M("reduce", a, fnv("t_add")), "Some(10)");
    EQ(M("reduce", A0, fnv("t_add")), "None");
    EQ(M("fold", a, I(1), fnv("t_add")), "11");
    MERR(RV_E_TYPE, "map() argument 1 must be a function", "map", a, I(1));
    MERR(RV_E_TYPE, "reduce", "reduce", a, I(1), I(2));
    MERR(RV_E_TYPE, NULL, "fold", a, fnv("t_add"), I(0));
    MERR(RV_E_VALUE, "boom", "map", a, fnv("t_boom"));
    MERR(RV_E_TYPE, NULL, "filter", a, S("x"));
}

Test(stdlib, array_callback_mutates_receiver)
{
    RvValue victim = A(I(1), I(2), I(3), I(4), I(5), I(6));
    rv_globals_reserve(vm, 1);
    vm->global_names[vm->nglobals] = RV_AS_STR(S("victim"));
    vm->globals[vm->nglobals++] = victim;
    RvValue r = M("map", victim, fnv("t_popper"));
    cr_assert(RV_AS_ARRAY(r)->len <= 6);
    EQ(victim, "[1, 2, 3]");
}

/* ============================================================= maps === */

Test(stdlib, map_methods)
{
    RvValue m = map2("b", I(1), "a", I(2));
    EQ(M("get", m, S("a")), "Some(2)");
    EQ(M("get", m, S("zz")), "None");
    EQ(M("get", m, S("zz"), I(0)), "0");
    EQ(M("get_or", m, S("b"), I(0)), "1");
    EQ(M("contains_key", m, S("b")), "true");
    EQ(M("has", m, S("q")), "false");
    EQ(M("keys", m), "[\"b\", \"a\"]");
    EQ(M("values", m), "[1, 2]");
    EQ(M("entries", m), "[(\"b\", 1), (\"a\", 2)]");
    EQ(M("len", m), "2");
    EQ(M("is_empty", m), "false");
    EQ(M("insert", m, S("b"), I(10)), "Some(1)");
    EQ(M("insert", m, S("c"), I(3)), "None");
    EQ(M("keys", m), "[\"b\", \"a\", \"c\"]");
    EQ(M("remove", m, S("a")), "Some(2)");
    EQ(M("remove", m, S("a")), "None");
    M("set", m, S("d"), I(4));
    M("extend", m, map2("e", I(5), "b", I(11)));
    EQ(M("entries", m), "[(\"b\", 11), (\"c\", 3), (\"d\", 4), (\"e\", 5)]");
    RvValue c = M("clone", m);
    M("clear", m);
    EQ(M("len", m), "0");
    EQ(M("len", c), "4");
    EQ(M("to_string", map2("k", S("v"), "n", I(1))), "\"{k: \"v\", n: 1}\"");
    MERR(RV_E_TYPE, NULL, "extend", m, A0);
}

Test(stdlib, tuple_and_range_methods)
{
    RvValue t = T(I(1), S("a"));
    EQ(M("len", t), "2");
    EQ(M("get", t, I(1)), "\"a\"");
    EQ(M("get", t, I(-1)), "\"a\"");
    EQ(M("get", t, I(2)), "nil");
    EQ(M("to_array", t), "[1, \"a\"]");
    MERR(RV_E_TYPE, NULL, "get", t, S("0"));
    RvValue r = rv_range_new(vm, 1, 5, false);
    EQ(M("contains", r, I(4)), "true");
    EQ(M("contains", r, I(5)), "false");
    EQ(M("contains", rv_range_new(vm, 1, 5, true), I(5)), "true");
    EQ(M("len", r), "4");
    EQ(M("is_empty", rv_range_new(vm, 3, 3, false)), "true");
    EQ(M("collect", r), "[1, 2, 3, 4]");
    EQ(M("rev", r), "[4, 3, 2, 1]");
    EQ(M("step_by", rv_range_new(vm, 0, 10, false), I(3)), "[0, 3, 6, 9]");
    MERR(RV_E_VALUE, NULL, "step_by", r, I(0));
    EQ(M("map", r, fnv("t_double")), "[2, 4, 6, 8]");
    EQ(M("filter", rv_range_new(vm, 1, 5, false), fnv("t_even")), "[2, 4]");
    EQ(M("sum", rv_range_new(vm, 1, 100, true)), "5050");
    EQ(M("take", rv_range_new(vm, 7, 1000000000000LL, false), I(3)), "[7, 8, 9]");
    EQ(M("fold", rv_range_new(vm, 1, 4, false), I(0), fnv("t_add")), "6");
    RvValue open = rv_range_new(vm, 1, 0, false);
    RV_AS_RANGE(open)->has_hi = 0;
    EQ(M("take", open, I(2)), "[1, 2]");
    MERR(RV_E_VALUE, "open", "collect", open);
    MERR(RV_E_MEMORY, "too many", "collect", rv_range_new(vm, 0, INT64_MAX, false));
}

/* =================================================== Option / Result === */

Test(stdlib, option_methods)
{
    RvValue s = rv_some(vm, I(2)), n = rv_none(vm);
    EQ(M("unwrap", s), "2");
    MERR(RV_E_RUNTIME, "called unwrap() on None", "unwrap", n);
    MERR(RV_E_RUNTIME, "need it", "expect", n, S("need it"));
    EQ(M("unwrap_or", n, I(7)), "7");
    EQ(M("unwrap_or_else", n, fnv("t_42")), "42");
    EQ(M("unwrap_or_default", n), "nil");
    EQ(M("is_some", s), "true");
    EQ(M("is_none", s), "false");
    EQ(M("map", s, fnv("t_double")), "Some(4)");
    EQ(M("map", n, fnv("t_double")), "None");
    EQ(M("map_or", n, I(0), fnv("t_double")), "0");
    EQ(M("and_then", s, fnv("t_some_even")), "Some(20)");
    EQ(M("or_else", n, fnv("t_42")), "42");
    EQ(M("or", n, I(1)), "1");
    EQ(M("filter", s, fnv("t_even")), "Some(2)");
    EQ(M("filter", rv_some(vm, I(3)), fnv("t_even")), "None");
    EQ(M("flatten", rv_some(vm, s)), "Some(2)");
    EQ(M("ok_or", n, S("e")), "Err(\"e\")");
    EQ(M("ok_or", s, S("e")), "Ok(2)");
    EQ(M("iter", s), "[2]");
    EQ(M("is_some_and", s, fnv("t_even")), "true");
    EQ(M("to_string", s), "\"Some(2)\"");
    MERR(RV_E_TYPE, "map() argument 1 must be a function", "map", s, I(1));
}

Test(stdlib, result_methods)
{
    RvValue ok = rv_ok(vm, I(1)), er = rv_err(vm, S("bad"));
    EQ(M("unwrap", ok), "1");
    MERR(RV_E_RUNTIME, "called unwrap() on Err(\"bad\")", "unwrap", er);
    MERR(RV_E_RUNTIME, "ctx: \"bad\"", "expect", er, S("ctx"));
    EQ(M("unwrap_or", er, I(0)), "0");
    EQ(M("unwrap_or_else", er, fnv("t_slen")), "3");
    EQ(M("unwrap_err", er), "\"bad\"");
    MERR(RV_E_RUNTIME, "unwrap_err", "unwrap_err", ok);
    EQ(M("is_ok", ok), "true");
    EQ(M("is_err", ok), "false");
    EQ(M("ok", ok), "Some(1)");
    EQ(M("ok", er), "None");
    EQ(M("err", er), "Some(\"bad\")");
    EQ(M("map", ok, fnv("t_double")), "Ok(2)");
    EQ(M("map", er, fnv("t_double")), "Err(\"bad\")");
    EQ(M("map_err", er, fnv("t_slen")), "Err(3)");
    EQ(M("and_then", ok, fnv("t_some_even")), "None");
    EQ(M("or_else", er, fnv("t_slen")), "3");
    EQ(M("and", ok, I(5)), "5");
}

/* ============================================================= JSON === */

Test(stdlib, json_parse_values)
{
    EQ(B("json_parse", S("{\"b\": [1, 2.5, true, null], \"a\": \"x\\u00e9\\n\"}")),
       "{b: [1, 2.5, true, nil], a: \"xé\n\"}");
    EQ(B("json_parse", S("9223372036854775807")), "9223372036854775807");
    EQ(B("type_of", B("json_parse", S("9223372036854775808"))), "\"float\"");
    EQ(B("json_parse", S("[1e2, -0, 1.0, \"1\", \"-5\"]")), "[100.0, 0, 1.0, \"1\", \"-5\"]");
    EQ(B("parse_json", S(" [] ")), "[]");
    EQ(B("JSON.parse", S("{\"k\":{\"n\":-12}}")), "{k: {n: -12}}");
}

Test(stdlib, json_parse_errors)
{
    BERR(RV_E_JSON, "line 1, column 7", "json_parse", S("{\"a\": }"));
    BERR(RV_E_JSON, "line 3", "json_parse", S("[\n1,\n2,,]"));
    BERR(RV_E_JSON, "end of input", "json_parse", S("[1, 2"));
    BERR(RV_E_JSON, NULL, "json_parse", S(""));
    BERR(RV_E_JSON, NULL, "json_parse", S("[1] x"));
    BERR(RV_E_TYPE, "json_parse", "json_parse", I(1));
    char deep[2100];
    memset(deep, '[', 600);
    memset(deep + 600, ']', 600);
    deep[1200] = '\0';
    BERR(RV_E_VALUE, "nesting", "json_parse", S(deep));
    memset(deep, '[', 2000);
    deep[2000] = '\0';
    BERR(RV_E_JSON, NULL, "json_parse", S(deep));
}

Test(stdlib, json_stringify_values)
{
    RvValue m = map2("z", A(I(1), F(2.0), F(0.1), RV_TRUE, RV_NIL), "a",
                     S("q\"\\\n\t\x01 é"));
    RvValue js = B("json_stringify", m);
    cr_assert_str_eq(RV_AS_STR(js)->data,
                     "{\"z\":[1,2.0,0.1,true,null],\"a\":\"q\\\"\\\\\\n\\t\\u0001 é\"}");
    RvValue st = B("json_stringify", A(rv_some(vm, I(1)), rv_none(vm), rv_ok(vm, S("k")), T(I(1), I(2))));
    cr_assert_str_eq(RV_AS_STR(st)->data, "[1,null,\"k\",[1,2]]");
    RvValue pr = B("json_pretty", map2("a", A(I(1), I(2)), "b", rv_map_new(vm, 0)));
    cr_assert_str_eq(RV_AS_STR(pr)->data, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    RvValue e = B("to_json", A0);
    cr_assert_str_eq(RV_AS_STR(e)->data, "[]");
    RvValue inv = B("json_stringify", S("a\xff"));
    cr_assert_str_eq(RV_AS_STR(inv)->data, "\"a\\ufffd\"");
    BERR(RV_E_VALUE, "NaN", "json_stringify", F(NAN));
    BERR(RV_E_VALUE, "inf", "json_stringify", A(F(INFINITY)));
    BERR(RV_E_TYPE, "function", "json_stringify", fnv("t_add"));
    BERR(RV_E_TYPE, "range", "json_stringify", rv_range_new(vm, 1, 2, false));
}

Test(stdlib, json_cycle_is_an_error)
{
    RvValue a = A(I(1));
    rv_array_push(vm, RV_AS_ARRAY(a), a);
    BERR(RV_E_VALUE, "nesting", "json_stringify", a);
}

Test(stdlib, json_round_trip)
{
    const char *src = "{\"name\":\"Ann\",\"tags\":[\"a\",\"b\"],\"n\":{\"x\":1.5,\"y\":-2}}";
    RvValue v = B("json_parse", S(src));
    RvValue back = B("json_stringify", v);
    cr_assert_str_eq(RV_AS_STR(back)->data, src);
}

/* ====================================================== remaining === */

Test(stdlib, eprintln_goes_to_stderr)
{
    cr_redirect_stderr();
    B("eprintln", S("to {}"), S("stderr"));
    B("eprint", S("x"));
    cr_assert_str_eq(output(), "");
    fflush(stderr);
    cr_assert_stderr_eq_str("to stderr\nx");
}

Test(stdlib, aliases_and_small_methods)
{
    EQ(M("to_owned", S("a")), "\"a\"");
    EQ(M("as_str", S("a")), "\"a\"");
    EQ(M("trim_start_matches", S("--a--"), S("-")), "\"a--\"");
    EQ(M("trim_end_matches", S("--a--"), S("-")), "\"--a\"");
    EQ(M("trim_matches", S("aa"), S("")), "\"aa\"");
    EQ(M("is_ascii_digit", S("7")), "true");
    EQ(M("is_positive", I(0)), "false");
    EQ(M("is_negative", F(-0.5)), "true");
    EQ(M("fract", F(2.25)), "0.25");
    EQ(M("is_finite", F(INFINITY)), "false");
    EQ(M("is_infinite", F(-INFINITY)), "true");
    EQ(M("exp", F(0.0)), "1.0");
    EQ(M("log10", F(100.0)), "2.0");
    EQ(M("sin", F(0.0)), "0.0");
    EQ(M("to_int", I(3)), "3");
    RvValue a = A(I(1), I(2));
    EQ(M("rev", a), "[2, 1]");
    EQ(M("to_vec", a), "[1, 2]");
    EQ(M("into_iter", a), "[1, 2]");
    EQ(M("cloned", a), "[1, 2]");
    EQ(M("append", a, A(I(3))), "[1, 2, 3]");
    EQ(M("length", a), "2");
    RvValue m = map2("k", I(1), "j", I(2));
    EQ(M("items", m), "[(\"k\", 1), (\"j\", 2)]");
    EQ(M("iter", m), "[(\"k\", 1), (\"j\", 2)]");
    EQ(M("has_key", m, S("j")), "true");
    EQ(M("merge", m, map2("k", I(9), "z", I(0))), "nil");
    EQ(m, "{k: 9, j: 2, z: 0}");
    EQ(M("length", m), "3");
}

Test(stdlib, range_delegates)
{
#define R rv_range_new(vm, 1, 4, true)
    EQ(M("each", R, fnv("t_double")), "nil");
    EQ(M("for_each", R, fnv("t_double")), "nil");
    EQ(M("any", R, fnv("t_even")), "true");
    EQ(M("all", R, fnv("t_even")), "false");
    EQ(M("find", R, fnv("t_even")), "2");
    EQ(M("reduce", R, I(0), fnv("t_add")), "10");
    EQ(M("product", R), "24");
    EQ(M("min", R), "1");
    EQ(M("max", R), "4");
    EQ(M("count", R), "4");
    EQ(M("enumerate", rv_range_new(vm, 5, 7, false)), "[(0, 5), (1, 6)]");
    EQ(M("zip", rv_range_new(vm, 0, 2, false), A(S("a"), S("b"), S("c"))),
       "[(0, \"a\"), (1, \"b\")]");
    EQ(M("skip", R, I(2)), "[3, 4]");
    EQ(M("iter", R), "[1, 2, 3, 4]");
    EQ(M("into_iter", R), "[1, 2, 3, 4]");
    EQ(M("to_array", R), "[1, 2, 3, 4]");
    EQ(M("contains", R, F(2.5)), "true");
    EQ(M("contains", R, S("2")), "false");
    EQ(M("len", rv_range_new(vm, 5, 1, false)), "0");
    MERR(RV_E_OVERFLOW, NULL, "len", rv_range_new(vm, INT64_MIN, INT64_MAX, true));
    MERR(RV_E_MEMORY, NULL, "step_by", rv_range_new(vm, INT64_MIN, INT64_MAX, true), I(1));
    EQ(B("zip", R, A(I(1))), "[(1, 1)]");
#undef R
}

Test(stdlib, option_result_remaining)
{
    RvValue s = rv_some(vm, I(2)), n = rv_none(vm);
    RvValue ok = rv_ok(vm, I(1)), er = rv_err(vm, S("bad"));
    EQ(M("unwrap_or_default", s), "2");
    EQ(M("unwrap_or_default", er), "nil");
    EQ(M("expect", s, S("x")), "2");
    EQ(M("map_or", s, I(0), fnv("t_double")), "4");
    EQ(M("map_or", er, I(0), fnv("t_double")), "0");
    EQ(M("map_or", ok, I(0), fnv("t_double")), "2");
    EQ(M("and", n, I(5)), "None");
    EQ(M("or", s, I(5)), "Some(2)");
    EQ(M("or_else", s, fnv("t_42")), "Some(2)");
    EQ(M("ok_or_else", n, fnv("t_42")), "Err(42)");
    EQ(M("ok_or_else", s, fnv("t_42")), "Ok(2)");
    EQ(M("iter", n), "[]");
    EQ(M("flatten", rv_some(vm, n)), "None");
    EQ(M("flatten", s), "Some(2)");
    EQ(M("is_some_and", n, fnv("t_even")), "false");
    EQ(M("expect_err", er, S("x")), "\"bad\"");
    MERR(RV_E_RUNTIME, "x: 1", "expect_err", ok, S("x"));
    EQ(M("unwrap_or_else", ok, fnv("t_slen")), "1");
    EQ(M("map_err", ok, fnv("t_slen")), "Ok(1)");
    EQ(M("err", ok), "None");
    EQ(M("is_err", er), "true");
    EQ(M("or", er, I(3)), "3");
    EQ(M("and_then", er, fnv("t_some_even")), "Err(\"bad\")");
    MERR(RV_E_VALUE, "boom", "and_then", s, fnv("t_boom"));
}

/* ========================================================== sweep === */

/* Sample values for receivers and arguments, rebuilt per test. */
static RvValue sample(int k)
{
    switch (k) {
    case 0:  return RV_NIL;
    case 1:  return I(0);
    case 2:  return I(-1);
    case 3:  return I(INT64_MAX);
    case 4:  return F(NAN);
    case 5:  return S("");
    case 6:  return S("a,\xff" "b");
    case 7:  return A(I(3), S("x"), A(I(1)));
    case 8:  return map2("k", I(1), "v", A0);
    case 9:  return T(I(1), S("t"));
    case 10: return rv_range_new(vm, -2, 3, false);
    case 11: return rv_some(vm, S("s"));
    case 12: return rv_err(vm, I(5));
    case 13: return fnv("t_42");
    default: return RV_TRUE;
    }
}
#define NSAMPLES 15

/* A receiver of class mc (variant k). */
static RvValue receiver(int mc, int k)
{
    switch (mc) {
    case RV_MC_STR:    return k ? S(" 12 ") : S("héllo, wörld");
    case RV_MC_INT:    return k ? I(INT64_MIN) : I(7);
    case RV_MC_FLOAT:  return k ? F(-INFINITY) : F(2.5);
    case RV_MC_ARRAY:  return k ? A(I(2), I(1)) : A(S("b"), I(1), rv_none(vm));
    case RV_MC_MAP:    return map2("a", I(1), "b", S("c"));
    case RV_MC_TUPLE:  return T(I(1), I(2));
    case RV_MC_RANGE:  return k ? rv_range_new(vm, 3, 0, true) : rv_range_new(vm, 0, 4, false);
    case RV_MC_OPTION: return k ? rv_none(vm) : rv_some(vm, I(4));
    case RV_MC_RESULT: return k ? rv_err(vm, S("e")) : rv_ok(vm, I(4));
    default:           return sample(k * 7 % NSAMPLES);
    }
}

/* Call fn: returning and throwing are both fine; crashing is not (the
 * sanitizers turn memory errors into crashes). A throw must be an error of
 * a known kind. */
static void sweep_call(RvCFn fn, int argc, RvValue *argv, const char *name)
{
    RvValue r;
    if (!protect(fn, argc, argv, &r))
        cr_assert(last_kind >= 0 && last_kind < RV_E__COUNT, "%s: bad error kind", name);
}

typedef struct { int mc; const char *name; RvCFn fn; int min, max; } SweepMethod;
static const SweepMethod sweep_methods[] = {
#define METHOD(mc, name, fn, min, max) { mc, name, fn, min, max },
#include "rs_methods.def"
#undef METHOD
};

Test(stdlib, sweep_every_method_with_odd_arguments)
{
    size_t nm = sizeof sweep_methods / sizeof sweep_methods[0];
    for (size_t i = 0; i < nm; i++) {
        const SweepMethod *d = &sweep_methods[i];
        int top = d->max < 0 || d->max > 2 ? 2 : d->max;
        for (int rk = 0; rk < 2; rk++) {
            for (int na = d->min; na <= top; na++) {
                int combos = na == 0 ? 1 : na == 1 ? NSAMPLES : NSAMPLES * NSAMPLES;
                for (int c = 0; c < combos; c++) {
                    RvValue argv[3];
                    argv[0] = receiver(d->mc, rk);
                    if (na > 0)
                        argv[1] = sample(c % NSAMPLES);
                    if (na > 1)
                        argv[2] = sample(c / NSAMPLES);
                    sweep_call(d->fn, na + 1, argv, d->name);
                }
            }
        }
    }
}

typedef struct { const char *name; RvCFn fn; int min, max; } SweepBuiltin;
static const SweepBuiltin sweep_builtins[] = {
#define BUILTIN(name, fn, min, max) { name, fn, min, max },
#include "rs_builtins.def"
#undef BUILTIN
};

Test(stdlib, sweep_every_builtin_with_odd_arguments)
{
    size_t nb = sizeof sweep_builtins / sizeof sweep_builtins[0];
    for (size_t i = 0; i < nb; i++) {
        const SweepBuiltin *d = &sweep_builtins[i];
        if (strncmp(d->name, "eprint", 6) == 0)
            continue;
        int top = d->max < 0 || d->max > 3 ? 3 : d->max;
        for (int na = d->min; na <= top; na++) {
            int combos = 1;
            for (int k = 0; k < na; k++)
                combos *= NSAMPLES;
            for (int c = 0; c < combos; c++) {
                RvValue argv[3];
                for (int k = 0, x = c; k < na; k++, x /= NSAMPLES)
                    argv[k] = sample(x % NSAMPLES);
                sweep_call(d->fn, na, na ? argv : NULL, d->name);
            }
        }
    }
}
