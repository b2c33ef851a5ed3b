/* test_value.c — equality, hashing, ordering, type names, method classes,
 * arrays/tuples/ranges, Option/Result and the registry. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "vmobj_stub.h"

static RvVM *vm;
static void setup(void) { vm = stub_vm_new(); }
static void teardown(void) { stub_vm_free(vm); }

TestSuite(value, .init = setup, .fini = teardown);

static RvValue S(const char *s) { return rv_str_cstr(vm, s); }
static RvValue arr2(RvValue a, RvValue b) { RvValue x[] = { a, b }; return rv_array_from(vm, 2, x); }
static RvValue tup2(RvValue a, RvValue b) { RvValue x[] = { a, b }; return rv_tuple_new(vm, 2, x); }

#define EQ(a, b) do { RvValue a_ = (a), b_ = (b);                        \
        cr_assert(rv_equal(a_, b_), "%s == %s", #a, #b);                 \
        cr_assert(rv_equal(b_, a_));                                     \
        cr_assert_eq(rv_hash(a_), rv_hash(b_), "hash %s vs %s", #a, #b); \
    } while (0)
#define NE(a, b) do { RvValue a_ = (a), b_ = (b);                        \
        cr_assert_not(rv_equal(a_, b_), "%s != %s", #a, #b);             \
        cr_assert_not(rv_equal(b_, a_));                                 \
    } while (0)

Test(value, scalars)
{
    EQ(RV_NIL, RV_NIL);
    EQ(RV_TRUE, RV_TRUE);
    NE(RV_TRUE, RV_FALSE);
    EQ(RV_INT(42), RV_INT(42));
    NE(RV_INT(42), RV_INT(43));
    EQ(RV_INT(1), RV_FLOAT(1.0));
    EQ(RV_INT(0), RV_FLOAT(-0.0));
    EQ(RV_FLOAT(0.0), RV_FLOAT(-0.0));
    EQ(RV_INT(-7), RV_FLOAT(-7.0));
    NE(RV_INT(1), RV_FLOAT(1.5));
    NE(RV_FLOAT(NAN), RV_FLOAT(NAN));
    NE(RV_INT(0), RV_FALSE);
    NE(RV_INT(0), RV_NIL);
    NE(RV_NIL, RV_FALSE);
    NE(RV_INT(9007199254740993LL), RV_FLOAT(9007199254740992.0));
    NE(RV_INT(INT64_MAX), RV_FLOAT(9223372036854775808.0));
    EQ(RV_INT(INT64_MIN), RV_FLOAT(-9223372036854775808.0));
}

Test(value, strings)
{
    EQ(S("abc"), S("abc"));
    NE(S("abc"), S("abd"));
    NE(S(""), RV_NIL);
    NE(S("1"), RV_INT(1));
    EQ(S("name"), rv_intern(vm, "name", 4));
    cr_assert_eq(rv_hash(S("name")), rv_hash_bytes("name", 4));
}

Test(value, arrays_and_tuples)
{
    EQ(arr2(RV_INT(1), S("a")), arr2(RV_FLOAT(1.0), S("a")));
    NE(arr2(RV_INT(1), S("a")), arr2(RV_INT(1), S("b")));
    NE(arr2(RV_INT(1), S("a")), rv_array_from(vm, 1, (RvValue[]){ RV_INT(1) }));
    EQ(rv_array_new(vm, 0), rv_array_new(vm, 10));
    EQ(tup2(RV_INT(1), RV_NIL), tup2(RV_INT(1), RV_NIL));
    NE(tup2(RV_INT(1), RV_NIL), arr2(RV_INT(1), RV_NIL));
    EQ(arr2(arr2(RV_INT(1), RV_INT(2)), tup2(S("x"), RV_TRUE)),
       arr2(arr2(RV_INT(1), RV_INT(2)), tup2(S("x"), RV_TRUE)));
}

Test(value, maps_order_insensitive)
{
    RvValue a = rv_map_new(vm, 0), b = rv_map_new(vm, 0);
    rv_map_set(vm, RV_AS_MAP(a), S("x"), RV_INT(1));
    rv_map_set(vm, RV_AS_MAP(a), S("y"), arr2(RV_INT(2), RV_INT(3)));
    rv_map_set(vm, RV_AS_MAP(b), S("y"), arr2(RV_INT(2), RV_INT(3)));
    rv_map_set(vm, RV_AS_MAP(b), S("x"), RV_FLOAT(1.0));
    EQ(a, b);
    rv_map_set(vm, RV_AS_MAP(b), S("z"), RV_NIL);
    NE(a, b);
    rv_map_remove(vm, RV_AS_MAP(b), S("z"), NULL);
    EQ(a, b);
    rv_map_set(vm, RV_AS_MAP(b), S("x"), RV_INT(2));
    NE(a, b);
}

Test(value, enums_option_result)
{
    EQ(rv_some(vm, RV_INT(1)), rv_some(vm, RV_INT(1)));
    NE(rv_some(vm, RV_INT(1)), rv_some(vm, RV_INT(2)));
    EQ(rv_none(vm), rv_none(vm));
    NE(rv_none(vm), rv_some(vm, RV_NIL));
    NE(rv_none(vm), RV_NIL);
    EQ(rv_ok(vm, S("x")), rv_ok(vm, S("x")));
    NE(rv_ok(vm, S("x")), rv_err(vm, S("x")));
    NE(rv_ok(vm, RV_INT(0)), rv_some(vm, RV_INT(0)));
    const char *names[] = { "Red", "Green" };
    uint32_t ar[] = { 0, 0 };
    RvType *color = stub_enum_type(vm, "Color", 2, names, ar, NULL);
    RvType *other = stub_enum_type(vm, "Other", 2, names, ar, NULL);
    EQ(rv_enum_new(vm, color, 0, 0, NULL), rv_enum_new(vm, color, 0, 0, NULL));
    NE(rv_enum_new(vm, color, 0, 0, NULL), rv_enum_new(vm, color, 1, 0, NULL));
    NE(rv_enum_new(vm, color, 0, 0, NULL), rv_enum_new(vm, other, 0, 0, NULL));
}

Test(value, structs_ranges_functions)
{
    const char *f[] = { "x", "y" };
    RvType *pt = stub_struct_type(vm, "Point", 2, f);
    RvType *vt = stub_struct_type(vm, "Vec", 2, f);
    RvValue p1 = stub_struct_new(vm, pt, (RvValue[]){ RV_INT(1), RV_INT(2) });
    RvValue p2 = stub_struct_new(vm, pt, (RvValue[]){ RV_INT(1), RV_INT(2) });
    RvValue p3 = stub_struct_new(vm, pt, (RvValue[]){ RV_INT(1), RV_INT(3) });
    RvValue v1 = stub_struct_new(vm, vt, (RvValue[]){ RV_INT(1), RV_INT(2) });
    EQ(p1, p2);
    NE(p1, p3);
    NE(p1, v1);
    EQ(rv_range_new(vm, 1, 5, false), rv_range_new(vm, 1, 5, false));
    NE(rv_range_new(vm, 1, 5, false), rv_range_new(vm, 1, 5, true));
    int i = rv_register_builtin(vm, "len", NULL, 1, 1);
    RvValue fn = rv_builtin_value(vm, i);
    EQ(fn, fn);
    int j = rv_register_builtin(vm, "str", NULL, 1, 1);
    NE(fn, rv_builtin_value(vm, j));
}

Test(value, cyclic_array_equality_terminates)
{
    RvValue a = rv_array_new(vm, 0), b = rv_array_new(vm, 0);
    rv_array_push(vm, RV_AS_ARRAY(a), a);
    rv_array_push(vm, RV_AS_ARRAY(b), b);
    cr_assert(rv_equal(a, a));
    cr_assert_not(rv_equal(a, b));
    (void)rv_hash(a);
}

Test(value, hash_int_float_agree)
{
    for (int64_t i = -1000; i <= 1000; i += 37)
        cr_assert_eq(rv_hash(RV_INT(i)), rv_hash(RV_FLOAT((double)i)));
    cr_assert_eq(rv_hash(RV_INT(1LL << 60)), rv_hash(RV_FLOAT(1152921504606846976.0)));
    cr_assert_neq(rv_hash(RV_INT(1)), rv_hash(RV_INT(2)));
    cr_assert_neq(rv_hash(RV_FLOAT(0.5)), rv_hash(RV_FLOAT(0.25)));
}

static int cmp(RvValue a, RvValue b) { return rv_compare(vm, a, b); }

Test(value, compare_numbers_and_strings)
{
    cr_assert_lt(cmp(RV_INT(1), RV_INT(2)), 0);
    cr_assert_gt(cmp(RV_INT(2), RV_INT(1)), 0);
    cr_assert_eq(cmp(RV_INT(2), RV_INT(2)), 0);
    cr_assert_lt(cmp(RV_INT(1), RV_FLOAT(1.5)), 0);
    cr_assert_gt(cmp(RV_FLOAT(2.5), RV_INT(2)), 0);
    cr_assert_eq(cmp(RV_FLOAT(2.0), RV_INT(2)), 0);
    cr_assert_lt(cmp(RV_FLOAT(-0.5), RV_INT(0)), 0);
    cr_assert_gt(cmp(RV_INT(0), RV_FLOAT(-0.5)), 0);
    cr_assert_gt(cmp(RV_INT(9007199254740993LL), RV_FLOAT(9007199254740992.0)), 0);
    cr_assert_lt(cmp(RV_INT(INT64_MAX), RV_FLOAT(1e19)), 0);
    cr_assert_gt(cmp(RV_INT(INT64_MIN), RV_FLOAT(-1e19)), 0);
    cr_assert_lt(cmp(RV_FLOAT(-INFINITY), RV_INT(INT64_MIN)), 0);
    cr_assert_gt(cmp(RV_FLOAT(NAN), RV_INT(5)), 0);
    cr_assert_lt(cmp(RV_FLOAT(1.0), RV_FLOAT(NAN)), 0);
    cr_assert_lt(cmp(S("apple"), S("banana")), 0);
    cr_assert_lt(cmp(S("Zebra"), S("apple")), 0, "bytewise");
    cr_assert_lt(cmp(S("ab"), S("abc")), 0);
    cr_assert_eq(cmp(S("abc"), S("abc")), 0);
    cr_assert_gt(cmp(S("\xc3\xa9"), S("z")), 0);
}

Test(value, compare_sequences)
{
    cr_assert_lt(cmp(arr2(RV_INT(1), RV_INT(2)), arr2(RV_INT(1), RV_INT(3))), 0);
    cr_assert_gt(cmp(arr2(RV_INT(2), RV_INT(0)), arr2(RV_INT(1), RV_INT(9))), 0);
    cr_assert_lt(cmp(rv_array_from(vm, 1, (RvValue[]){ RV_INT(1) }), arr2(RV_INT(1), RV_INT(0))), 0);
    cr_assert_eq(cmp(tup2(S("a"), RV_INT(1)), tup2(S("a"), RV_FLOAT(1.0))), 0);
    cr_assert_lt(cmp(tup2(S("a"), RV_INT(1)), tup2(S("b"), RV_INT(0))), 0);
}

Test(value, compare_type_errors)
{
    struct { RvValue a, b; const char *msg; } cases[] = {
        { RV_INT(1), S("a"), "Cannot compare integer and string" },
        { RV_NIL, RV_INT(1), "Cannot compare nil and integer" },
        { RV_TRUE, RV_FALSE, "Cannot compare boolean and boolean" },
        { arr2(RV_INT(1), RV_INT(2)), tup2(RV_INT(1), RV_INT(2)), "Cannot compare array and tuple" },
        { rv_map_new(vm, 0), rv_map_new(vm, 0), "Cannot compare object and object" },
        { arr2(RV_INT(1), RV_INT(2)), arr2(S("x"), RV_INT(2)), "Cannot compare integer and string" },
        { rv_some(vm, RV_INT(1)), rv_none(vm), "Cannot compare enum_variant and enum_variant" },
    };
    for (volatile size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool threw;
        STUB_TRY(threw, cmp(cases[i].a, cases[i].b));
        cr_assert(threw, "case %zu", i);
        cr_assert_eq(stub_kind, RV_E_TYPE);
        cr_assert_str_eq(stub_msg, cases[i].msg);
    }
}

Test(value, type_names)
{
    cr_assert_str_eq(rv_type_name(RV_NIL), "nil");
    cr_assert_str_eq(rv_type_name(RV_TRUE), "boolean");
    cr_assert_str_eq(rv_type_name(RV_INT(1)), "integer");
    cr_assert_str_eq(rv_type_name(RV_FLOAT(1)), "float");
    cr_assert_str_eq(rv_type_name(S("s")), "string");
    cr_assert_str_eq(rv_type_name(rv_array_new(vm, 0)), "array");
    cr_assert_str_eq(rv_type_name(rv_tuple_new(vm, 0, NULL)), "tuple");
    cr_assert_str_eq(rv_type_name(rv_map_new(vm, 0)), "object");
    cr_assert_str_eq(rv_type_name(rv_range_new(vm, 0, 1, false)), "range");
    cr_assert_str_eq(rv_type_name(rv_none(vm)), "enum_variant");
    cr_assert_str_eq(rv_type_name(rv_ok(vm, RV_NIL)), "enum_variant");
    cr_assert_str_eq(rv_type_name(rv_builtin_value(vm, rv_register_builtin(vm, "f", NULL, 0, 0))),
                     "builtin_function");
    const char *f[] = { "x" };
    RvType *t = stub_struct_type(vm, "P", 1, f);
    cr_assert_str_eq(rv_type_name(stub_struct_new(vm, t, (RvValue[]){ RV_NIL })), "struct");
    RvObj *cl = rv_obj_alloc(vm, RV_K_CLOSURE, sizeof(RvClosure));
    cr_assert_str_eq(rv_type_name(RV_OBJ(cl)), "function");
}

Test(value, option_result_helpers)
{
    cr_assert_eq(rv_optres(vm, rv_none(vm)), RV_OPT_NONE);
    cr_assert_eq(rv_optres(vm, rv_some(vm, RV_INT(1))), RV_OPT_SOME);
    cr_assert_eq(rv_optres(vm, rv_ok(vm, RV_INT(1))), RV_RES_OK);
    cr_assert_eq(rv_optres(vm, rv_err(vm, RV_INT(1))), RV_RES_ERR);
    cr_assert_eq(rv_optres(vm, RV_INT(1)), 0);
    cr_assert_eq(RV_AS_ENUM(rv_none(vm))->h.heap, RV_HEAP_PROGRAM);
    rv_heap_target(vm, RV_HEAP_INVOKE);
    RvValue s = rv_some(vm, S("v"));
    cr_assert_eq(RV_AS_ENUM(s)->h.heap, RV_HEAP_INVOKE);
    cr_assert_eq(RV_AS_ENUM(s)->type, rv_type_option(vm));
    cr_assert_str_eq(rv_type_option(vm)->variants[1].name->data, "Some");
    cr_assert_str_eq(rv_type_result(vm)->variants[1].name->data, "Err");
    cr_assert_eq(rv_type_result(vm)->variants[0].arity, 1);
}

Test(value, method_classes)
{
    cr_assert_eq(rv_method_class(vm, RV_NIL), RV_MC_NIL);
    cr_assert_eq(rv_method_class(vm, RV_INT(1)), RV_MC_INT);
    cr_assert_eq(rv_method_class(vm, RV_FLOAT(1)), RV_MC_FLOAT);
    cr_assert_eq(rv_method_class(vm, S("")), RV_MC_STR);
    cr_assert_eq(rv_method_class(vm, rv_map_new(vm, 0)), RV_MC_MAP);
    cr_assert_eq(rv_method_class(vm, rv_none(vm)), RV_MC_OPTION);
    cr_assert_eq(rv_method_class(vm, rv_err(vm, RV_NIL)), RV_MC_RESULT);
    const char *names[] = { "A" };
    uint32_t ar[] = { 0 };
    RvType *e = stub_enum_type(vm, "E", 1, names, ar, NULL);
    cr_assert_eq(rv_method_class(vm, rv_enum_new(vm, e, 0, 0, NULL)), RV_MC_ENUM);
}

Test(value, array_ops)
{
    RvValue v = rv_array_new(vm, 0);
    RvArray *a = RV_AS_ARRAY(v);
    for (int i = 0; i < 1000; i++)
        rv_array_push(vm, a, RV_INT(i));
    cr_assert_eq(a->len, 1000);
    cr_assert_geq(a->cap, 1000);
    cr_assert_eq(RV_AS_INT(rv_array_get(vm, a, 0)), 0);
    cr_assert_eq(RV_AS_INT(rv_array_get(vm, a, -1)), 999);
    cr_assert_eq(RV_AS_INT(rv_array_get(vm, a, -1000)), 0);
    rv_array_set(vm, a, -2, S("x"));
    cr_assert(RV_IS_STR(rv_array_get(vm, a, 998)));
    cr_assert_eq(RV_AS_INT(rv_array_pop(a)), 999);
    cr_assert_eq(a->len, 999);
    RvValue e = rv_array_new(vm, 0);
    cr_assert(RV_IS_NIL(rv_array_pop(RV_AS_ARRAY(e))));
}

static void set_nil(RvArray *a, int64_t i) { rv_array_set(vm, a, i, RV_NIL); }

Test(value, array_index_errors)
{
    RvValue v = rv_array_from(vm, 3, (RvValue[]){ RV_INT(1), RV_INT(2), RV_INT(3) });
    struct { int64_t i; const char *msg; } cases[] = {
        { 5, "Index 5 out of bounds for array of length 3" },
        { 3, "Index 3 out of bounds for array of length 3" },
        { -4, "Index -4 out of bounds for array of length 3" },
        { INT64_MIN, "Index -9223372036854775808 out of bounds for array of length 3" },
    };
    for (volatile size_t i = 0; i < 4; i++) {
        bool threw;
        STUB_TRY(threw, rv_array_get(vm, RV_AS_ARRAY(v), cases[i].i));
        cr_assert(threw);
        cr_assert_eq(stub_kind, RV_E_INDEX);
        cr_assert_str_eq(stub_msg, cases[i].msg);
        STUB_TRY(threw, set_nil(RV_AS_ARRAY(v), cases[i].i));
        cr_assert(threw);
        cr_assert_str_eq(stub_msg, cases[i].msg);
    }
}

static RvValue dummy_fn(RvVM *v, int argc, RvValue *argv) { (void)v; (void)argc; return argv[0]; }
static RvValue other_fn(RvVM *v, int argc, RvValue *argv) { (void)v; (void)argv; return RV_INT(argc); }

Test(value, builtin_registry)
{
    int a = rv_register_builtin(vm, "println", dummy_fn, 0, -1);
    int b = rv_register_builtin(vm, "len", dummy_fn, 1, 1);
    cr_assert_neq(a, b);
    cr_assert_eq(rv_builtin_index(vm, "println", 7), a);
    cr_assert_eq(rv_builtin_index(vm, "lenx", 3), b);
    cr_assert_eq(rv_builtin_index(vm, "nope", 4), -1);
    RvValue fv = rv_builtin_value(vm, b);
    cr_assert(RV_IS_NATIVE(fv));
    cr_assert_str_eq(RV_AS_NATIVE(fv)->name, "len");
    cr_assert_eq(RV_AS_NATIVE(fv)->min_args, 1);
    cr_assert_eq(RV_AS_NATIVE(fv)->h.heap, RV_HEAP_PROGRAM);
    cr_assert(RV_IS_NIL(rv_builtin_value(vm, 99)));
    cr_assert_eq(rv_register_builtin(vm, "len", other_fn, 1, 2), b, "re-registration");
    cr_assert_eq(RV_AS_NATIVE(rv_builtin_value(vm, b))->fn, other_fn);
    static char names[300][16];     /* the registry keeps the name pointers */
    for (int i = 0; i < 300; i++) {
        snprintf(names[i], sizeof names[i], "b%d", i);
        cr_assert_eq(rv_register_builtin(vm, names[i], dummy_fn, 0, 0), i + 2);
    }
    cr_assert_eq(rv_builtin_index(vm, "b299", 4), 301);
    cr_assert_eq(rv_builtin_index(vm, "println", 7), a);
}

Test(value, method_registry)
{
    rv_register_method(vm, RV_MC_STR, "len", dummy_fn, 0, 0);
    rv_register_method(vm, RV_MC_ARRAY, "len", other_fn, 0, 0);
    rv_register_method(vm, RV_MC_ANY, "to_string", dummy_fn, 0, 0);
    rv_register_method(vm, RV_MC_ENUM, "name", dummy_fn, 0, 0);
    rv_register_method(vm, RV_MC_OPTION, "unwrap", other_fn, 0, 0);
    uint32_t len = rv_sym(vm, "len", 3), ts = rv_sym(vm, "to_string", 9);
    uint32_t unwrap = rv_sym(vm, "unwrap", 6), name = rv_sym(vm, "name", 4);
    cr_assert_eq(rv_method_find(vm, S("x"), len)->fn, dummy_fn);
    cr_assert_eq(rv_method_find(vm, rv_array_new(vm, 0), len)->fn, other_fn);
    cr_assert_null(rv_method_find(vm, RV_INT(1), len));
    cr_assert_eq(rv_method_find(vm, RV_INT(1), ts)->fn, dummy_fn, "ANY fallback");
    cr_assert_eq(rv_method_find(vm, rv_none(vm), unwrap)->fn, other_fn);
    cr_assert_null(rv_method_find(vm, rv_ok(vm, RV_NIL), unwrap));
    cr_assert_eq(rv_method_find(vm, rv_ok(vm, RV_NIL), name)->fn, dummy_fn, "ENUM fallback");
    static char names[200][16];
    char m[32];
    for (int i = 0; i < 200; i++) {
        snprintf(names[i], sizeof names[i], "m%d", i);
        rv_register_method(vm, RV_MC_STR, names[i], i % 2 ? dummy_fn : other_fn, 0, 0);
    }
    for (int i = 0; i < 200; i++) {
        snprintf(m, sizeof m, "m%d", i);
        const RvNative *n = rv_method_find(vm, S(""), rv_sym(vm, m, strlen(m)));
        cr_assert_not_null(n);
        cr_assert_eq(n->fn, i % 2 ? dummy_fn : other_fn);
    }
}

/* A set of 2 builtins and 3 methods; the two "len" methods share a name. */
static const char set_names[] = "alpha\0beta\0len\0to_string";
static const RvCFn set_fns[] = { dummy_fn, other_fn, dummy_fn, other_fn, other_fn };
static const RvNativeInfo set_info[] = {
    RV_NI(0, 5, 0, 1, 0),              /* alpha */
    RV_NI(6, 4, 1, -1, 0),             /* beta */
    RV_NI(11, 3, 0, 0, RV_MC_STR),     /* len */
    RV_NI(11, 3, 0, 0, RV_MC_ARRAY),   /* len */
    RV_NI(15, 9, 0, 0, RV_MC_ANY),     /* to_string */
};
static RvNative set_objs[5];
static const RvNativeSet native_set = { set_names, set_fns, set_info, 2, 3, set_objs };

Test(value, static_natives)
{
    rv_use_natives(vm, &native_set);
    /* The builtins' objects are filled in, the methods' not yet. */
    cr_assert_eq(set_objs[1].fn, other_fn);
    cr_assert_null(set_objs[2].fn);
    cr_assert_eq(rv_builtin_index(vm, "alpha", 5), 0);
    cr_assert_eq(rv_builtin_index(vm, "betamax", 4), 1);
    cr_assert_eq(rv_builtin_index(vm, "bet", 3), -1);
    cr_assert_eq(rv_builtin_index(vm, "", 0), -1);
    cr_assert_eq(RV_AS_NATIVE(rv_builtin_value(vm, 1)), &set_objs[1]);
    uint32_t len = rv_sym(vm, "len", 3), ts = rv_sym(vm, "to_string", 9);
    uint32_t nope = rv_sym(vm, "nope", 4);
    cr_assert_eq(rv_method_find(vm, S("x"), len), &set_objs[2]);
    cr_assert_eq(rv_method_find(vm, rv_array_new(vm, 0), len), &set_objs[3]);
    cr_assert_eq(rv_method_find(vm, RV_INT(1), ts), &set_objs[4], "ANY fallback");
    for (int i = 0; i < 2; i++)     /* the second lookup comes from the cache */
        cr_assert_null(rv_method_find(vm, RV_INT(1), nope));
    /* A second VM on the same set gets the same objects. */
    RvVM *vm2 = rv_vm_new();
    rv_use_natives(vm2, &native_set);
    cr_assert_eq(RV_AS_NATIVE(rv_builtin_value(vm2, 1)), &set_objs[1]);
    cr_assert_eq(rv_method_find(vm2, rv_array_new(vm2, 0), rv_sym(vm2, "len", 3)),
                 &set_objs[3]);
    rv_vm_free(vm2);
    cr_assert_eq(rv_method_find(vm, S("x"), len), &set_objs[2]);
    RvNative before[5];
    memcpy(before, set_objs, sizeof before);
    /* Registration shadows: a builtin keeps its index, a method its name
     * (even one cached as absent); the static objects are not written. */
    cr_assert_eq(rv_register_builtin(vm, "beta", dummy_fn, 0, 0), 1);
    cr_assert_eq(RV_AS_NATIVE(rv_builtin_value(vm, 1))->fn, dummy_fn);
    cr_assert_eq(rv_builtin_index(vm, "beta", 4), 1);
    cr_assert_eq(rv_register_builtin(vm, "gamma", dummy_fn, 0, 0), 2);
    cr_assert_eq(rv_builtin_index(vm, "gamma", 5), 2);
    cr_assert_eq(rv_builtin_index(vm, "alpha", 5), 0);
    rv_register_method(vm, RV_MC_STR, "len", other_fn, 0, 0);
    rv_register_method(vm, RV_MC_INT, "nope", other_fn, 0, 0);
    cr_assert_eq(rv_method_find(vm, S("x"), len)->fn, other_fn);
    cr_assert_eq(rv_method_find(vm, RV_INT(1), nope)->fn, other_fn);
    cr_assert_eq(set_objs[1].fn, other_fn);
    cr_assert_eq(memcmp(before, set_objs, sizeof before), 0);
    /* Static natives are frozen program values that no heap owns, with
     * the fields of their descriptors. */
    for (int k = 0; k < 5; k++) {
        const RvNative *n = &set_objs[k];
        cr_assert_eq(n->h.kind, RV_K_NATIVE);
        cr_assert_eq(n->h.heap, RV_HEAP_PROGRAM);
        cr_assert(n->h.flags & RV_OF_FROZEN);
        cr_assert_eq(n->fn, set_fns[k]);
        cr_assert_eq(n->name, set_names + rv_ni_off(set_info[k]));
        cr_assert_eq(n->name_len, strlen(n->name));
        cr_assert_eq(n->min_args, rv_ni_min(set_info[k]));
        cr_assert_eq(n->max_args, rv_ni_max(set_info[k]));
        cr_assert_eq(n->mclass, rv_ni_class(set_info[k]));
    }
    cr_assert_eq(set_objs[1].min_args, 1);
    cr_assert_eq(set_objs[1].max_args, -1, "variadic");
    cr_assert_eq(set_objs[3].mclass, RV_MC_ARRAY);
    cr_assert_eq(set_objs[3].name, set_objs[2].name, "one name, shared");
    cr_assert_str_eq(set_objs[4].name, "to_string");
    cr_assert_eq(set_objs[4].name_len, 9);
}

/* Every RvNativeInfo field holds its whole range and no other field's bits. */
Test(value, native_info_packing)
{
    static const struct { int off, len, min, max, mc; } f[] = {
        { 0, 1, 0, -1, 0 },
        { RV_NI_OFF_LIMIT - 64, RV_NI_LEN_MAX, 0, 0, RV_MC__COUNT - 1 },
        { RV_NI_OFF_LIMIT - 2, 1, 15, -1, 0 },
        { 0, 1, 0, 14, RV_MC_ANY },
        { 1234, 21, 3, 3, RV_MC_STR },
        { 4095, 9, 14, 14, RV_MC_ERROR },
        { 8190 - 32, 32, 1, 2, RV_MC_RESULT },
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        cr_assert(RV_NI_FITS(f[i].off, f[i].len, f[i].min, f[i].max, f[i].mc), "%zu", i);
        RvNativeInfo in = RV_NI(f[i].off, f[i].len, f[i].min, f[i].max, f[i].mc);
        cr_assert_eq(rv_ni_off(in), (uint32_t)f[i].off, "%zu", i);
        cr_assert_eq(rv_ni_len(in), (uint32_t)f[i].len, "%zu", i);
        cr_assert_eq(rv_ni_min(in), f[i].min, "%zu", i);
        cr_assert_eq(rv_ni_max(in), f[i].max, "%zu", i);
        cr_assert_eq(rv_ni_class(in), (RvMethodClass)f[i].mc, "%zu", i);
        cr_assert_eq(in & RV_NI_KEY_MASK, RV_NI_KEY(f[i].len, f[i].mc), "%zu", i);
        cr_assert_neq(in & RV_NI_KEY_MASK, RV_NI_KEY(f[i].len ^ 1, f[i].mc), "%zu", i);
    }
    _Static_assert(sizeof(RvNativeInfo) == 4, "RvNativeInfo is 4 bytes");
    /* What does not fit is refused. */
    cr_assert_not(RV_NI_FITS(RV_NI_OFF_LIMIT - 1, 1, 0, 0, 0), "offset past the limit");
    cr_assert_not(RV_NI_FITS(-1, 1, 0, 0, 0));
    cr_assert_not(RV_NI_FITS(0, 0, 0, 0, 0), "empty name");
    cr_assert_not(RV_NI_FITS(0, RV_NI_LEN_MAX + 1, 0, 0, 0), "name too long");
    cr_assert_not(RV_NI_FITS(0, 1, 16, -1, 0), "min too big");
    cr_assert_not(RV_NI_FITS(0, 1, -1, 0, 0), "negative min");
    cr_assert_not(RV_NI_FITS(0, 1, 0, 15, 0), "max too big");
    cr_assert_not(RV_NI_FITS(0, 1, 2, 1, 0), "max below min");
    cr_assert_not(RV_NI_FITS(0, 1, 0, -2, 0));
    cr_assert_not(RV_NI_FITS(0, 1, 0, 0, RV_MC__COUNT), "no such class");
    cr_assert_not(RV_NI_FITS(0, 1, 0, 0, -1));
}

/* A name longer than RvNativeInfo can describe is no static native: its
 * length must not spill into the class bits of a scan's key. Here the
 * long name is the blob's first n bytes, and n with class STR makes the
 * key of a 3-byte name of class MAP. */
#define X16 "xxxxxxxxxxxxxxxx"
static const char long_names[] = "len\0" X16 X16 X16 X16 X16 X16 X16 X16 X16;
static const RvNativeInfo long_info[] = { RV_NI(0, 3, 0, 0, RV_MC_MAP) };
static RvNative long_objs[1];
static const RvNativeSet long_set = { long_names, set_fns, long_info, 0, 1, long_objs };

Test(value, static_natives_long_names)
{
    rv_use_natives(vm, &long_set);
    size_t n = RV_NI_KEY(3, RV_MC_MAP) & ~RV_NI_KEY(0, RV_MC_STR);
    cr_assert_eq(RV_NI_KEY(n, RV_MC_STR), RV_NI_KEY(3, RV_MC_MAP));
    cr_assert_gt(n, RV_NI_LEN_MAX);
    cr_assert_lt(n, sizeof long_names);
    cr_assert_null(rv_method_find(vm, S("x"), rv_sym(vm, long_names, n)));
    cr_assert_eq(rv_method_find(vm, rv_map_new(vm, 0), rv_sym(vm, "len", 3)), &long_objs[0]);
    cr_assert_eq(rv_builtin_index(vm, long_names, n), -1);
}

Test(value, arg_helpers)
{
    RvValue argv[] = { RV_INT(3), S("s"), RV_FLOAT(2.5), rv_map_new(vm, 0), RV_NIL };
    cr_assert_eq(rv_arg_int(vm, "f", argv, 0), 3);
    cr_assert_str_eq(rv_arg_str(vm, "f", argv, 1)->data, "s");
    cr_assert_eq(rv_arg_num(vm, "f", argv, 2), 2.5);
    cr_assert_eq(rv_arg_num(vm, "f", argv, 0), 3.0);
    cr_assert_not_null(rv_arg_map(vm, "f", argv, 3));
    bool threw;
    STUB_TRY(threw, rv_arg_int(vm, "range", argv, 1));
    cr_assert(threw);
    cr_assert_eq(stub_kind, RV_E_TYPE);
    cr_assert_str_eq(stub_msg, "range() argument 2 must be integer, got string");
    STUB_TRY(threw, rv_arg_array(vm, "join", argv, 3));
    cr_assert_str_eq(stub_msg, "join() argument 4 must be array, got object");
    STUB_TRY(threw, rv_arg_callable(vm, "map", argv, 4));
    cr_assert_str_eq(stub_msg, "map() argument 5 must be function, got nil");
    STUB_TRY(threw, rv_arg_error(vm, "len", 0, "string, array or map", argv[0]));
    cr_assert_str_eq(stub_msg, "len() argument 1 must be string, array or map, got integer");
    STUB_TRY(threw, rv_arg_num(vm, "sqrt", argv, 1));
    cr_assert_str_eq(stub_msg, "sqrt() argument 2 must be number, got string");
    STUB_TRY(threw, rv_arg_map(vm, "keys", argv, 0));
    cr_assert_str_eq(stub_msg, "keys() argument 1 must be map, got integer");
}
