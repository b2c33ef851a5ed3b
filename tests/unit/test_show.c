/* test_show.c — display form (language doc §11), float text and Rust-style
 * format specs (rv_show.c, rv_format.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "vmobj_stub.h"

static RvVM *vm;
static void setup(void) { vm = stub_vm_new(); }
static void teardown(void) { stub_vm_free(vm); }

TestSuite(show, .init = setup, .fini = teardown);

static RvValue S(const char *s) { return rv_str_cstr(vm, s); }

static const char *show(RvValue v, int mode)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, v, mode);
    return b.p ? b.p : "";
}

static const char *disp(RvValue v) { return show(v, RV_SHOW_RAW); }

static const char *fmt(RvValue v, const char *spec)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_format_spec(vm, &b, v, spec, strlen(spec));
    return b.p ? b.p : "";
}

static const char *ffloat(double d, bool point)
{
    static char out[400];
    size_t n = rv_fmt_float(d, point, out);
    cr_assert_eq(n, strlen(out));
    return out;
}

static RvValue arr(uint32_t n, const RvValue *v) { return rv_array_from(vm, n, v); }

Test(show, scalars)
{
    cr_assert_str_eq(disp(RV_INT(42)), "42");
    cr_assert_str_eq(disp(RV_INT(-7)), "-7");
    cr_assert_str_eq(disp(RV_INT(0)), "0");
    cr_assert_str_eq(disp(RV_INT(INT64_MIN)), "-9223372036854775808");
    cr_assert_str_eq(disp(RV_INT(INT64_MAX)), "9223372036854775807");
    cr_assert_str_eq(disp(RV_TRUE), "true");
    cr_assert_str_eq(disp(RV_FALSE), "false");
    cr_assert_str_eq(disp(RV_NIL), "nil");
}

Test(show, floats_section_11)
{
    cr_assert_str_eq(disp(RV_FLOAT(3.0)), "3.0");
    cr_assert_str_eq(disp(RV_FLOAT(-0.0)), "-0.0");
    cr_assert_str_eq(disp(RV_FLOAT(0.0)), "0.0");
    cr_assert_str_eq(disp(RV_FLOAT(1e20)), "100000000000000000000.0");
    cr_assert_str_eq(disp(RV_FLOAT(3.14)), "3.14");
    cr_assert_str_eq(disp(RV_FLOAT(0.1 + 0.2)), "0.30000000000000004");
    cr_assert_str_eq(disp(RV_FLOAT(sqrt(500.0))), "22.360679774997898");
    cr_assert_str_eq(disp(RV_FLOAT(1e-7)), "0.0000001");
    cr_assert_str_eq(disp(RV_FLOAT(1e21)), "1000000000000000000000.0");
    cr_assert_str_eq(disp(RV_FLOAT(NAN)), "NaN");
    cr_assert_str_eq(disp(RV_FLOAT(INFINITY)), "inf");
    cr_assert_str_eq(disp(RV_FLOAT(-INFINITY)), "-inf");
}

Test(show, float_corners)
{
    cr_assert_str_eq(ffloat(0.1, true), "0.1");
    cr_assert_str_eq(ffloat(1.5, true), "1.5");
    cr_assert_str_eq(ffloat(-1.5, true), "-1.5");
    cr_assert_str_eq(ffloat(2.5e-5, true), "0.000025");
    cr_assert_str_eq(ffloat(123.456, true), "123.456");
    cr_assert_str_eq(ffloat(123456789.0, true), "123456789.0");
    cr_assert_str_eq(ffloat(1e16, true), "10000000000000000.0");
    cr_assert_str_eq(ffloat(9007199254740993.0, true), "9007199254740992.0");
    cr_assert_str_eq(ffloat(1.0 / 3.0, true), "0.3333333333333333");
    cr_assert_str_eq(ffloat(2.0 / 3.0, true), "0.6666666666666666");
    cr_assert_str_eq(ffloat(100.0, true), "100.0");
    cr_assert_str_eq(ffloat(5e-324, true) + 322, "0005");
    cr_assert_eq(strlen(ffloat(5e-324, true)), 326);
    const char *max = ffloat(1.7976931348623157e308, true);
    cr_assert_eq(strncmp(max, "17976931348623157000", 20), 0);
    cr_assert_eq(strlen(max), 311);
    cr_assert_str_eq(max + 307, "00.0");
    cr_assert_str_eq(ffloat(2.0, false), "2");
    cr_assert_str_eq(ffloat(2.5, false), "2.5");
    cr_assert_str_eq(ffloat(-0.0, false), "-0");
    cr_assert_str_eq(ffloat(1e21, false), "1000000000000000000000");
}

Test(show, float_digits)
{
    char d[24];
    int e;
    cr_assert_eq(rv_float_digits(1234.5, d, &e), 5);
    cr_assert_str_eq(d, "12345");
    cr_assert_eq(e, 3);
    cr_assert_eq(rv_float_digits(0.001, d, &e), 1);
    cr_assert_str_eq(d, "1");
    cr_assert_eq(e, -3);
    cr_assert_eq(rv_float_digits(0.1 + 0.2, d, &e), 17);
}

Test(show, float_roundtrip_property)
{
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        double d;
        memcpy(&d, &x, sizeof d);
        if (!isfinite(d))
            continue;
        const char *s = ffloat(d, true);
        cr_assert(strchr(s, 'e') == NULL);
        cr_assert_eq(strtod(s, NULL), d, "%s", s);
    }
}

Test(show, strings_quoted_only_nested)
{
    RvValue s = S("he said \"hi\"\n");
    cr_assert_str_eq(disp(s), "he said \"hi\"\n");
    cr_assert_str_eq(show(s, RV_SHOW_REPR), "\"he said \"hi\"\n\"");
    cr_assert_str_eq(disp(arr(1, &s)), "[\"he said \"hi\"\n\"]", "no escaping");
    cr_assert_str_eq(show(S("expensive"), RV_SHOW_REPR), "\"expensive\"");
}

Test(show, arrays_tuples)
{
    RvValue v[] = { RV_INT(1), S("a") };
    cr_assert_str_eq(disp(arr(2, v)), "[1, \"a\"]");
    cr_assert_str_eq(disp(rv_array_new(vm, 4)), "[]");
    RvValue t[] = { RV_INT(1), S("a"), RV_TRUE };
    cr_assert_str_eq(disp(rv_tuple_new(vm, 3, t)), "(1, \"a\", true)");
    cr_assert_str_eq(disp(rv_tuple_new(vm, 1, t)), "(1)");
    RvValue nested[] = { arr(2, v), rv_tuple_new(vm, 2, t), RV_FLOAT(2.0) };
    cr_assert_str_eq(disp(arr(3, nested)), "[[1, \"a\"], (1, \"a\"), 2.0]");
    RvValue x = S("x");
    cr_assert_str_eq(show(arr(2, (RvValue[]){ x, arr(1, &x) }), RV_SHOW_FLAT), "[x, [x]]");
}

Test(show, maps_insertion_order)
{
    RvValue m = rv_map_new(vm, 0);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "name", S("Alice"));
    rv_map_set_cstr(vm, RV_AS_MAP(m), "age", RV_INT(30));
    cr_assert_str_eq(disp(m), "{name: \"Alice\", age: 30}");
    cr_assert_str_eq(disp(rv_map_new(vm, 0)), "{}");
    RvValue inner = rv_map_new(vm, 0);
    rv_map_set_cstr(vm, RV_AS_MAP(inner), "z", RV_FLOAT(1.5));
    rv_map_set_cstr(vm, RV_AS_MAP(inner), "a", RV_NIL);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "inner", inner);
    cr_assert_str_eq(disp(m), "{name: \"Alice\", age: 30, inner: {z: 1.5, a: nil}}");
    RvValue k = rv_map_new(vm, 0);
    rv_map_set(vm, RV_AS_MAP(k), RV_INT(1), S("one"));
    rv_map_set(vm, RV_AS_MAP(k), rv_tuple_new(vm, 2, (RvValue[]){ RV_INT(1), S("b") }), RV_TRUE);
    cr_assert_str_eq(disp(k), "{1: \"one\", (1, \"b\"): true}");
    cr_assert_str_eq(show(m, RV_SHOW_FLAT), "{name: Alice, age: 30, inner: {z: 1.5, a: nil}}");
}

Test(show, structs_and_enums)
{
    const char *f[] = { "y", "x" };
    RvType *pt = stub_struct_type(vm, "Point", 2, f);
    RvValue p = stub_struct_new(vm, pt, (RvValue[]){ RV_INT(2), S("s") });
    cr_assert_str_eq(disp(p), "Point {y: 2, x: \"s\"}", "declaration order");
    RvType *empty = stub_struct_type(vm, "Unit", 0, NULL);
    cr_assert_str_eq(disp(stub_struct_new(vm, empty, NULL)), "Unit {}");
    const char *names[] = { "Red", "Circle", "Rect", "Named" };
    uint32_t ar[] = { 0, 1, 2, 1 };
    const char *idf[] = { "id" };
    const char *const *fields[] = { NULL, NULL, NULL, idf };
    RvType *sh = stub_enum_type(vm, "Shape", 4, names, ar, fields);
    cr_assert_str_eq(disp(rv_enum_new(vm, sh, 0, 0, NULL)), "Red");
    cr_assert_str_eq(disp(rv_enum_new(vm, sh, 1, 1, (RvValue[]){ RV_FLOAT(2.0) })), "Circle(2.0)");
    cr_assert_str_eq(disp(rv_enum_new(vm, sh, 2, 2, (RvValue[]){ RV_FLOAT(1.0), RV_FLOAT(2.0) })),
                     "Rect(1.0, 2.0)");
    cr_assert_str_eq(disp(rv_enum_new(vm, sh, 3, 1, (RvValue[]){ RV_INT(1) })), "Named {id: 1}");
    cr_assert_str_eq(show(rv_enum_new(vm, sh, 3, 1, (RvValue[]){ RV_INT(1) }), RV_SHOW_DEBUG),
                     "Named { id: 1 }");
    cr_assert_str_eq(show(p, RV_SHOW_DEBUG), "Point { y: 2, x: \"s\" }");
}

Test(show, option_result)
{
    cr_assert_str_eq(disp(rv_some(vm, RV_INT(42))), "Some(42)");
    cr_assert_str_eq(disp(rv_none(vm)), "None");
    cr_assert_str_eq(disp(rv_ok(vm, S("x"))), "Ok(\"x\")");
    cr_assert_str_eq(disp(rv_err(vm, S("e"))), "Err(\"e\")");
    cr_assert_str_eq(disp(rv_some(vm, rv_some(vm, RV_FLOAT(1.0)))), "Some(Some(1.0))");
    RvValue v = rv_none(vm);
    cr_assert_str_eq(disp(arr(1, &v)), "[None]");
}

static RvValue noop(RvVM *v, int argc, RvValue *argv) { (void)v; (void)argc; (void)argv; return RV_NIL; }

Test(show, ranges_functions_errors)
{
    cr_assert_str_eq(disp(rv_range_new(vm, 1, 5, false)), "1..5");
    cr_assert_str_eq(disp(rv_range_new(vm, 1, 5, true)), "1..=5");
    cr_assert_str_eq(disp(rv_range_new(vm, -3, -1, false)), "-3..-1");
    cr_assert_str_eq(disp(rv_range_open(vm, 2, true, 0, false, false)), "2..");
    cr_assert_str_eq(disp(rv_range_open(vm, 0, false, 4, true, true)), "..=4");
    RvObj *cl = rv_obj_alloc(vm, RV_K_CLOSURE, sizeof(RvClosure));
    cr_assert_str_eq(disp(RV_OBJ(cl)), "<function>");
    int i = rv_register_builtin(vm, "println", noop, 0, -1);
    cr_assert_str_eq(disp(rv_builtin_value(vm, i)), "<builtin function: println>");
    RvError *e = (RvError *)rv_obj_alloc(vm, RV_K_ERROR, sizeof(RvError));
    e->msg = RV_AS_STR(S("Index 5 out of bounds for array of length 3"));
    cr_assert_str_eq(disp(RV_OBJ(e)), "Index 5 out of bounds for array of length 3");
}

Test(show, debug_mode)
{
    RvValue s = S("a\"b\\c\n\t\x01");
    cr_assert_str_eq(show(s, RV_SHOW_DEBUG), "\"a\\\"b\\\\c\\n\\t\\u{1}\"");
    RvValue m = rv_map_new(vm, 0);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "k", arr(1, &s));
    cr_assert_str_eq(show(m, RV_SHOW_DEBUG), "{\"k\": [\"a\\\"b\\\\c\\n\\t\\u{1}\"]}");
    RvValue one = RV_INT(1);
    cr_assert_str_eq(show(rv_tuple_new(vm, 1, &one), RV_SHOW_DEBUG), "(1,)");
    cr_assert_str_eq(show(RV_FLOAT(1.0), RV_SHOW_DEBUG), "1.0");
}

Test(show, to_str)
{
    RvValue s = S("same");
    cr_assert_eq(RV_AS_STR(rv_to_str(vm, s)), RV_AS_STR(s));
    cr_assert_str_eq(RV_AS_STR(rv_to_str(vm, RV_INT(42)))->data, "42");
    cr_assert_str_eq(RV_AS_STR(rv_to_str(vm, RV_FLOAT(2.0)))->data, "2.0");
    RvValue v[] = { S("a"), RV_NIL };
    cr_assert_str_eq(RV_AS_STR(rv_to_str(vm, arr(2, v)))->data, "[\"a\", nil]");
}

Test(show, cyclic_terminates)
{
    RvValue a = rv_array_new(vm, 0);
    rv_array_push(vm, RV_AS_ARRAY(a), a);
    const char *s = disp(a);
    cr_assert(strstr(s, "...") != NULL);
}

/* --------------------------------------------------------- format specs --- */

typedef struct { const char *spec; RvValue (*mk)(void); const char *want; } FmtCase;

static RvValue v_42(void) { return RV_INT(42); }
static RvValue v_m42(void) { return RV_INT(-42); }
static RvValue v_5(void) { return RV_INT(5); }
static RvValue v_m5(void) { return RV_INT(-5); }
static RvValue v_1(void) { return RV_INT(1); }
static RvValue v_7(void) { return RV_INT(7); }
static RvValue v_8(void) { return RV_INT(8); }
static RvValue v_255(void) { return RV_INT(255); }
static RvValue v_m1(void) { return RV_INT(-1); }
static RvValue v_1234(void) { return RV_INT(1234); }
static RvValue v_pi(void) { return RV_FLOAT(3.14159); }
static RvValue v_mpi(void) { return RV_FLOAT(-3.14159); }
static RvValue v_2f(void) { return RV_FLOAT(2.0); }
static RvValue v_1f(void) { return RV_FLOAT(1.0); }
static RvValue v_0f(void) { return RV_FLOAT(0.0); }
static RvValue v_m0f(void) { return RV_FLOAT(-0.0); }
static RvValue v_035(void) { return RV_FLOAT(0.35); }
static RvValue v_25(void) { return RV_FLOAT(2.5); }
static RvValue v_12345(void) { return RV_FLOAT(1234.5); }
static RvValue v_12e4(void) { return RV_FLOAT(0.00012); }
static RvValue v_1500(void) { return RV_FLOAT(1500.0); }
static RvValue v_nan(void) { return RV_FLOAT(NAN); }
static RvValue v_inf(void) { return RV_FLOAT(INFINITY); }
static RvValue v_minf(void) { return RV_FLOAT(-INFINITY); }
static RvValue v_hi(void) { return S("hi"); }
static RvValue v_ab(void) { return S("ab"); }
static RvValue v_mid(void) { return S("mid"); }
static RvValue v_esc(void) { return S("a\"b\nc"); }
static RvValue v_abcdef(void) { return S("abcdef"); }
static RvValue v_hello(void) { return S("h\xc3\xa9llo"); }
static RvValue v_nihon(void) { return S("\xe6\x97\xa5\xe6\x9c\xac"); }
static RvValue v_true(void) { return RV_TRUE; }
static RvValue v_nil(void) { return RV_NIL; }
static RvValue v_arr(void) { RvValue x[] = { S("a"), RV_INT(1) }; return rv_array_from(vm, 2, x); }
static RvValue v_arr12(void) { RvValue x[] = { RV_INT(1), RV_INT(2) }; return rv_array_from(vm, 2, x); }
static RvValue v_map(void)
{
    RvValue m = rv_map_new(vm, 0);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "k", S("v"));
    return m;
}
static RvValue v_some(void) { return rv_some(vm, S("x")); }

static const FmtCase fmt_cases[] = {
    { "", v_42, "42" },
    { "", v_hi, "hi" },
    { "", v_1f, "1.0" },
    { "", v_m0f, "-0.0" },
    { "", v_arr, "[\"a\", 1]" },
    { ".2", v_pi, "3.14" },
    { ".2", v_5, "5.00" },
    { ".0", v_pi, "3" },
    { ".1", v_035, "0.3" },
    { ".0", v_25, "2" },
    { ".3", v_m0f, "-0.000" },
    { "10.3", v_pi, "     3.142" },
    { "<10.3", v_pi, "3.142     " },
    { "^9.1", v_pi, "   3.1   " },
    { ">8", v_42, "      42" },
    { "<8", v_42, "42      " },
    { "^8", v_42, "   42   " },
    { "8", v_42, "      42" },
    { "8", v_ab, "ab      " },
    { ">8", v_ab, "      ab" },
    { "^7", v_ab, "  ab   " },
    { "*^9", v_mid, "***mid***" },
    { "-<6", v_1, "1-----" },
    { "\xc3\xa9>4", v_1, "\xc3\xa9\xc3\xa9\xc3\xa9" "1" },
    { "0>5", v_7, "00007" },
    { "08.3", v_mpi, "-003.142" },
    { "05", v_42, "00042" },
    { "05", v_m42, "-0042" },
    { "+05", v_42, "+0042" },
    { "0", v_7, "7" },
    { "+", v_5, "+5" },
    { "+", v_m5, "-5" },
    { "+.1", v_2f, "+2.0" },
    { ">6", v_2f, "   2.0" },
    { "x", v_255, "ff" },
    { "X", v_255, "FF" },
    { "#x", v_255, "0xff" },
    { "#X", v_255, "0xFF" },
    { "b", v_5, "101" },
    { "#b", v_5, "0b101" },
    { "o", v_8, "10" },
    { "#o", v_8, "0o10" },
    { "#010x", v_255, "0x000000ff" },
    { "08b", v_5, "00000101" },
    { "<6x", v_255, "ff    " },
    { "x", v_m1, "ffffffffffffffff" },
    { "e", v_12345, "1.2345e3" },
    { "e", v_12e4, "1.2e-4" },
    { ".2e", v_12345, "1.23e3" },
    { "E", v_1500, "1.5E3" },
    { "e", v_1234, "1.234e3" },
    { "e", v_0f, "0e0" },
    { "10e", v_1500, "     1.5e3" },
    { "?", v_hi, "\"hi\"" },
    { "?", v_esc, "\"a\\\"b\\nc\"" },
    { "?", v_1f, "1.0" },
    { "?", v_42, "42" },
    { "?", v_arr, "[\"a\", 1]" },
    { "?", v_map, "{\"k\": \"v\"}" },
    { "?", v_some, "Some(\"x\")" },
    { ">6?", v_hi, "  \"hi\"" },
    { ".2?", v_pi, "3.14" },
    { ".3", v_abcdef, "abc" },
    { ".10", v_abcdef, "abcdef" },
    { ">5.2", v_hello, "   h\xc3\xa9" },
    { "5", v_nihon, "\xe6\x97\xa5\xe6\x9c\xac   " },
    { ">12", v_arr12, "      [1, 2]" },
    { "", v_nil, "nil" },
    { "5", v_true, "true " },
    { "05", v_hi, "hi   " },
    { ".2", v_nan, "NaN" },
    { "08", v_inf, "     inf" },
    { "+", v_inf, "+inf" },
    { "<5", v_minf, "-inf " },
    { "", v_nan, "NaN" },
};

Test(show, format_spec_table)
{
    size_t n = sizeof fmt_cases / sizeof fmt_cases[0];
    cr_assert_geq(n, 40);
    for (size_t i = 0; i < n; i++) {
        const char *got = fmt(fmt_cases[i].mk(), fmt_cases[i].spec);
        cr_expect_str_eq(got, fmt_cases[i].want, "{:%s} -> [%s], want [%s]",
                         fmt_cases[i].spec, got, fmt_cases[i].want);
    }
}

static RvValue g_arg;   /* static: safe across longjmp */

Test(show, format_spec_errors)
{
    static const char *bad[] = { ".", "z", "5.2.1", "<<<", "x5", ".x", "+-", "10$", "*",
                                 "??", "#?x", "99999999", ".1000000" };
    for (volatile size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool threw;
        g_arg = RV_INT(1);
        STUB_TRY(threw, fmt(g_arg, bad[i]));
        cr_assert(threw, "spec '%s' accepted", bad[i]);
        cr_assert_eq(stub_kind, RV_E_VALUE);
        char want[64];
        snprintf(want, sizeof want, "invalid format spec '%s'", bad[i]);
        cr_assert_str_eq(stub_msg, want);
    }
    bool threw;
    STUB_TRY(threw, fmt(S("s"), "x"));
    cr_assert(threw);
    cr_assert_eq(stub_kind, RV_E_VALUE);
    cr_assert_str_eq(stub_msg, "format spec 'x' requires an integer, got string");
    g_arg = RV_FLOAT(1.5);
    STUB_TRY(threw, fmt(g_arg, "b"));
    cr_assert(threw);
    STUB_TRY(threw, fmt(S("s"), "e"));
    cr_assert(threw);
    cr_assert_str_eq(stub_msg, "format spec 'e' requires a number, got string");
}
