/* test_map.c — the insertion-ordered map (rv_map.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "vmobj_stub.h"

static RvVM *vm;
static void setup(void) { vm = stub_vm_new(); }
static void teardown(void) { stub_vm_free(vm); }

TestSuite(map, .init = setup, .fini = teardown);

static RvValue S(const char *s) { return rv_str_cstr(vm, s); }

/* Keys of m in iteration order, joined with ','. */
static const char *keys_of(RvMap *m)
{
    static char out[4096];
    size_t n = 0;
    uint32_t it = 0;
    RvValue k;
    out[0] = '\0';
    while (rv_map_next(m, &it, &k, NULL)) {
        RvBuf b;
        rv_buf_init(&b, vm);
        rv_show(vm, &b, k, RV_SHOW_RAW);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? "," : "", b.p);
    }
    return out;
}

Test(map, empty)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    RvValue v;
    cr_assert_eq(m->len, 0);
    cr_assert_not(rv_map_get(m, S("x"), &v));
    cr_assert_not(rv_map_get_cstr(m, "x", &v));
    cr_assert_not(rv_map_remove(vm, m, S("x"), NULL));
    uint32_t it = 0;
    cr_assert_not(rv_map_next(m, &it, NULL, NULL));
}

Test(map, insertion_order)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    const char *ks[] = { "zeta", "alpha", "mid", "beta", "omega" };
    for (int i = 0; i < 5; i++)
        rv_map_set(vm, m, S(ks[i]), RV_INT(i));
    cr_assert_str_eq(keys_of(m), "zeta,alpha,mid,beta,omega");
    RvValue v;
    cr_assert(rv_map_get(m, S("mid"), &v));
    cr_assert_eq(RV_AS_INT(v), 2);
    cr_assert(rv_map_get_cstr(m, "omega", &v));
    cr_assert_eq(RV_AS_INT(v), 4);
    cr_assert_eq(m->icap, 0, "small maps scan linearly");
}

Test(map, update_keeps_position)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    rv_map_set(vm, m, S("a"), RV_INT(1));
    rv_map_set(vm, m, S("b"), RV_INT(2));
    rv_map_set(vm, m, S("c"), RV_INT(3));
    rv_map_set(vm, m, S("a"), RV_INT(10));
    rv_map_set_cstr(vm, m, "b", RV_INT(20));
    cr_assert_eq(m->len, 3);
    cr_assert_str_eq(keys_of(m), "a,b,c");
    RvValue v;
    rv_map_get_cstr(m, "a", &v);
    cr_assert_eq(RV_AS_INT(v), 10);
    rv_map_get(m, S("b"), &v);
    cr_assert_eq(RV_AS_INT(v), 20);
}

Test(map, remove_and_reinsert_goes_to_end)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    rv_map_set(vm, m, S("a"), RV_INT(1));
    rv_map_set(vm, m, S("b"), RV_INT(2));
    rv_map_set(vm, m, S("c"), RV_INT(3));
    RvValue old;
    cr_assert(rv_map_remove(vm, m, S("a"), &old));
    cr_assert_eq(RV_AS_INT(old), 1);
    cr_assert_not(rv_map_get(m, S("a"), NULL));
    cr_assert_eq(m->len, 2);
    cr_assert_str_eq(keys_of(m), "b,c");
    rv_map_set(vm, m, S("a"), RV_INT(4));
    cr_assert_str_eq(keys_of(m), "b,c,a");
    cr_assert_not(rv_map_remove(vm, m, S("zz"), NULL));
}

Test(map, remove_all_then_reuse)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    for (int i = 0; i < 20; i++)
        rv_map_set(vm, m, RV_INT(i), RV_INT(i));
    for (int i = 0; i < 20; i++)
        cr_assert(rv_map_remove(vm, m, RV_INT(i), NULL));
    cr_assert_eq(m->len, 0);
    cr_assert_eq(m->used, 0);
    rv_map_set(vm, m, S("x"), RV_TRUE);
    cr_assert_str_eq(keys_of(m), "x");
}

Test(map, hundred_thousand_keys)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    char k[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(k, sizeof k, "key%d", i);
        rv_map_set(vm, m, S(k), RV_INT(i));
    }
    cr_assert_eq(m->len, 100000);
    cr_assert_gt(m->icap, 0);
    for (int i = 0; i < 100000; i += 7) {
        RvValue v;
        snprintf(k, sizeof k, "key%d", i);
        cr_assert(rv_map_get(m, S(k), &v), "%s", k);
        cr_assert_eq(RV_AS_INT(v), i);
        cr_assert(rv_map_get_cstr(m, k, &v));
        cr_assert_eq(RV_AS_INT(v), i);
    }
    cr_assert_not(rv_map_get_cstr(m, "key100000", NULL));
    uint32_t it = 0, n = 0;
    RvValue key, val;
    while (rv_map_next(m, &it, &key, &val)) {
        cr_assert_eq(RV_AS_INT(val), (int64_t)n);
        n++;
    }
    cr_assert_eq(n, 100000);
}

Test(map, tombstone_compaction)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    for (int i = 0; i < 64; i++)
        rv_map_set(vm, m, RV_INT(i), RV_INT(i));
    uint32_t cap = m->cap;
    /* churn: remove one, add one, many times; capacity must not explode */
    for (int i = 0; i < 10000; i++) {
        cr_assert(rv_map_remove(vm, m, RV_INT(i), NULL));
        rv_map_set(vm, m, RV_INT(i + 64), RV_INT(i + 64));
    }
    cr_assert_eq(m->len, 64);
    cr_assert_leq(m->cap, cap * 2);
    cr_assert_leq(m->used, m->cap);
    uint32_t it = 0;
    RvValue k;
    int64_t expect = 10000;
    while (rv_map_next(m, &it, &k, NULL))
        cr_assert_eq(RV_AS_INT(k), expect++);
    cr_assert_eq(expect, 10064);
    for (int i = 0; i < 10000; i++)
        cr_assert_not(rv_map_get(m, RV_INT(i), NULL));
}

Test(map, next_skips_dead_entries)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 4));
    rv_map_set(vm, m, S("a"), RV_INT(1));
    rv_map_set(vm, m, S("b"), RV_INT(2));
    rv_map_set(vm, m, S("c"), RV_INT(3));
    rv_map_remove(vm, m, S("b"), NULL);
    uint32_t it = 0;
    RvValue k, v;
    cr_assert(rv_map_next(m, &it, &k, &v));
    cr_assert_str_eq(RV_AS_STR(k)->data, "a");
    cr_assert(rv_map_next(m, &it, &k, &v));
    cr_assert_str_eq(RV_AS_STR(k)->data, "c");
    cr_assert_eq(RV_AS_INT(v), 3);
    cr_assert_not(rv_map_next(m, &it, &k, &v));
    cr_assert_not(rv_map_next(m, &it, &k, &v), "stays at the end");
}

Test(map, mixed_key_kinds)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    rv_map_set(vm, m, RV_INT(1), S("int"));
    rv_map_set(vm, m, RV_FLOAT(1.0), S("float one"));   /* 1 == 1.0: same key */
    rv_map_set(vm, m, RV_FLOAT(1.5), S("float"));
    rv_map_set(vm, m, RV_TRUE, S("bool"));
    rv_map_set(vm, m, RV_NIL, S("nil"));
    RvValue t2[] = { RV_INT(1), S("x") };
    rv_map_set(vm, m, rv_tuple_new(vm, 2, t2), S("tuple"));
    cr_assert_eq(m->len, 5);
    RvValue v;
    cr_assert(rv_map_get(m, RV_INT(1), &v));
    cr_assert_str_eq(RV_AS_STR(v)->data, "float one");
    cr_assert(rv_map_get(m, rv_tuple_new(vm, 2, t2), &v));
    cr_assert_str_eq(RV_AS_STR(v)->data, "tuple");
    cr_assert(rv_map_get(m, RV_NIL, &v));
    cr_assert_not(rv_map_get(m, RV_FALSE, &v));
}

Test(map, interned_and_runtime_keys_match)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    rv_map_set(vm, m, rv_intern(vm, "name", 4), S("Alice"));
    RvValue v;
    cr_assert(rv_map_get(m, S("name"), &v));
    cr_assert(rv_map_get_cstr(m, "name", &v));
    rv_map_set(vm, m, S("name"), S("Bob"));
    cr_assert_eq(m->len, 1);
    cr_assert(rv_map_get(m, rv_intern(vm, "name", 4), &v));
    cr_assert_str_eq(RV_AS_STR(v)->data, "Bob");
}

Test(map, grows_across_scan_threshold_with_removals)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    for (int i = 0; i < 8; i++)
        rv_map_set(vm, m, RV_INT(i), RV_INT(i));
    rv_map_remove(vm, m, RV_INT(3), NULL);
    for (int i = 8; i < 40; i++)
        rv_map_set(vm, m, RV_INT(i), RV_INT(i));
    cr_assert_eq(m->len, 39);
    for (int i = 0; i < 40; i++)
        cr_assert_eq(rv_map_get(m, RV_INT(i), NULL), i != 3);
}

Test(map, nan_key_never_found)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, 0));
    rv_map_set(vm, m, RV_FLOAT(NAN), RV_INT(1));
    cr_assert_not(rv_map_get(m, RV_FLOAT(NAN), NULL));
}
