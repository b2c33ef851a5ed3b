/* test_string.c — strings, symbols and RvBuf (rv_string.c), heaps (rv_heap.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "vmobj_stub.h"

static RvVM *vm;
static void setup(void) { vm = stub_vm_new(); }
static void teardown(void) { stub_vm_free(vm); }

TestSuite(string, .init = setup, .fini = teardown);

Test(string, new_is_nul_terminated_copy)
{
    char src[] = "hello world";
    RvValue v = rv_str_new(vm, src, 5);
    src[0] = 'X';
    cr_assert(RV_IS_STR(v));
    cr_assert_eq(RV_AS_STR(v)->len, 5);
    cr_assert_str_eq(RV_AS_STR(v)->data, "hello");
    cr_assert_eq(RV_AS_STR(v)->h.heap, RV_HEAP_PROGRAM);
    cr_assert_eq(RV_AS_STR(v)->hash, 0, "hash is lazy");
}

Test(string, empty_and_cstr)
{
    RvValue e = rv_str_new(vm, NULL, 0);
    cr_assert_eq(RV_AS_STR(e)->len, 0);
    cr_assert_str_eq(RV_AS_STR(e)->data, "");
    RvValue c = rv_str_cstr(vm, "abc");
    cr_assert_str_eq(RV_AS_STR(c)->data, "abc");
}

Test(string, alloc_then_fill)
{
    RvStr *s = rv_str_alloc(vm, 3);
    cr_assert_eq(s->data[3], '\0');
    memcpy(s->data, "xyz", 3);
    cr_assert_str_eq(s->data, "xyz");
}

Test(string, concat)
{
    RvStr *a = RV_AS_STR(rv_str_cstr(vm, "foo"));
    RvStr *b = RV_AS_STR(rv_str_cstr(vm, "bar"));
    RvStr *e = RV_AS_STR(rv_str_cstr(vm, ""));
    cr_assert_str_eq(RV_AS_STR(rv_str_concat(vm, a, b))->data, "foobar");
    cr_assert_eq(RV_AS_STR(rv_str_concat(vm, a, e)), a, "concat with empty reuses");
    cr_assert_eq(RV_AS_STR(rv_str_concat(vm, e, b)), b);
    cr_assert_eq(RV_AS_STR(rv_str_concat(vm, a, b))->len, 6);
}

Test(string, hash_lazy_cached_consistent)
{
    RvStr *a = RV_AS_STR(rv_str_cstr(vm, "key"));
    RvStr *b = RV_AS_STR(rv_str_cstr(vm, "key"));
    uint32_t h = rv_str_hash(a);
    cr_assert_neq(h, 0);
    cr_assert_eq(a->hash, h);
    cr_assert_eq(rv_str_hash(b), h);
    cr_assert_eq(rv_hash_bytes("key", 3), h);
    cr_assert_neq(rv_hash_bytes("kez", 3), h);
    cr_assert_neq(rv_hash_bytes("", 0), 0);
}

Test(string, equality)
{
    RvStr *a = RV_AS_STR(rv_str_cstr(vm, "abc"));
    RvStr *b = RV_AS_STR(rv_str_cstr(vm, "abc"));
    RvStr *c = RV_AS_STR(rv_str_cstr(vm, "abd"));
    RvStr *d = RV_AS_STR(rv_str_cstr(vm, "ab"));
    cr_assert(rv_str_eq(a, a));
    cr_assert(rv_str_eq(a, b));
    cr_assert_not(rv_str_eq(a, c));
    cr_assert_not(rv_str_eq(a, d));
    rv_str_hash(a);
    rv_str_hash(c);
    cr_assert_not(rv_str_eq(a, c));
    cr_assert(rv_str_eq(a, RV_AS_STR(rv_intern(vm, "abc", 3))), "runtime vs interned");
}

Test(string, char_count_utf8)
{
    cr_assert_eq(rv_str_chars(RV_AS_STR(rv_str_cstr(vm, "hello"))), 5);
    cr_assert_eq(rv_str_chars(RV_AS_STR(rv_str_cstr(vm, "héllo"))), 5);
    cr_assert_eq(rv_str_chars(RV_AS_STR(rv_str_cstr(vm, "日本語"))), 3);
    cr_assert_eq(rv_str_chars(RV_AS_STR(rv_str_cstr(vm, "a😀b"))), 3);
    cr_assert_eq(rv_str_chars(RV_AS_STR(rv_str_cstr(vm, ""))), 0);
}

Test(string, symbols_are_dense_and_stable)
{
    uint32_t a = rv_sym(vm, "alpha", 5);
    uint32_t b = rv_sym(vm, "beta", 4);
    cr_assert_neq(a, b);
    cr_assert_eq(rv_sym(vm, "alpha", 5), a);
    cr_assert_eq(rv_sym(vm, "alphabet", 5), a, "length-delimited");
    RvStr *s = rv_sym_str(vm, a);
    cr_assert_str_eq(s->data, "alpha");
    cr_assert(s->h.flags & RV_OF_INTERNED);
    cr_assert_eq(s->h.heap, RV_HEAP_PROGRAM);
    cr_assert_eq(rv_sym_str(vm, 999999), NULL);
}

Test(string, intern_in_program_heap_even_when_target_is_invoke)
{
    rv_heap_target(vm, RV_HEAP_INVOKE);
    RvValue v = rv_intern(vm, "handler", 7);
    RvValue w = rv_str_cstr(vm, "runtime");
    cr_assert_eq(RV_AS_STR(v)->h.heap, RV_HEAP_PROGRAM);
    cr_assert_eq(RV_AS_STR(w)->h.heap, RV_HEAP_INVOKE);
    cr_assert_eq(RV_AS_STR(rv_intern(vm, "handler", 7)), RV_AS_STR(v));
}

Test(string, symbol_table_grows)
{
    char name[32];
    uint32_t ids[5000];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(name, sizeof name, "sym_%d", i);
        ids[i] = rv_sym(vm, name, (size_t)n);
    }
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(name, sizeof name, "sym_%d", i);
        cr_assert_eq(rv_sym(vm, name, (size_t)n), ids[i]);
        cr_assert_str_eq(rv_sym_str(vm, ids[i])->data, name);
    }
}

Test(string, empty_symbol)
{
    uint32_t e = rv_sym(vm, "", 0);
    cr_assert_eq(rv_sym(vm, "", 0), e);
    cr_assert_eq(rv_sym_str(vm, e)->len, 0);
}

Test(string, buf_add_and_str)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_buf_adds(&b, "abc");
    rv_buf_addc(&b, '-');
    rv_buf_add(&b, "xyz123", 3);
    rv_buf_printf(&b, "[%d|%s]", 42, "q");
    cr_assert_str_eq(b.p, "abc-xyz[42|q]");
    RvValue s = rv_buf_str(&b);
    cr_assert_str_eq(RV_AS_STR(s)->data, "abc-xyz[42|q]");
    rv_buf_init(&b, vm);
    cr_assert_not_null(b.p, "an empty buffer is a C string");
    cr_assert_str_eq(b.p, "");
    cr_assert_str_eq(RV_AS_STR(rv_buf_str(&b))->data, "");
    rv_buf_adds(&b, "scratch");
    rv_buf_release(&b);
    cr_assert_str_eq(b.p, "");
    cr_assert_eq(b.len, 0);
    rv_buf_adds(&b, "again");
    cr_assert_str_eq(b.p, "again");
}

Test(string, buf_large_printf_and_growth)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rv_buf_printf(&b, "<%s>", big);
    cr_assert_eq(b.len, 1001);
    for (int i = 0; i < 100000; i++)
        rv_buf_addc(&b, (char)('a' + i % 26));
    cr_assert_eq(b.len, 101001);
    cr_assert_eq(b.p[b.len], '\0');
    cr_assert_eq(b.p[1001], 'a');
    RvValue s = rv_buf_str(&b);
    cr_assert_eq(RV_AS_STR(s)->len, 101001);
}

Test(string, heap_target_and_accounting)
{
    size_t before = rv_heap_allocated(vm);
    RvHeapId prev = rv_heap_target(vm, RV_HEAP_INVOKE);
    cr_assert_eq(prev, RV_HEAP_PROGRAM);
    RvValue v = rv_str_cstr(vm, "in invoke");
    cr_assert_eq(RV_AS_STR(v)->h.heap, RV_HEAP_INVOKE);
    cr_assert_gt(rv_heap_allocated(vm), before);
    cr_assert_gt(vm->heap_bytes[RV_HEAP_INVOKE], 0);
    rv_heap_reset(vm, RV_HEAP_INVOKE);
    cr_assert_eq(vm->heap_bytes[RV_HEAP_INVOKE], 0);
    RvValue w = rv_str_cstr(vm, "fresh");
    cr_assert_eq(RV_AS_STR(w)->h.heap, RV_HEAP_INVOKE);
    cr_assert_eq(rv_heap_target(vm, prev), RV_HEAP_INVOKE);
    cr_assert_eq(rv_heap_target(vm, RV_HEAP_COMPILE), RV_HEAP_PROGRAM);
    cr_assert_eq(vm->target, RV_HEAP_PROGRAM, "compile heap falls back to program");
}

Test(string, obj_realloc_zero_extends)
{
    RvValue a = rv_array_new(vm, 0);
    RvObj *o = RV_AS_OBJ(a);
    char *p = rv_obj_realloc(vm, o, NULL, 0, 8);
    memcpy(p, "abcdefgh", 8);
    p = rv_obj_realloc(vm, o, p, 8, 4096);
    cr_assert_eq(memcmp(p, "abcdefgh", 8), 0);
    for (int i = 8; i < 4096; i++)
        cr_assert_eq(p[i], 0);
}

Test(string, huge_alloc_throws_memory_error)
{
    bool threw;
    STUB_TRY(threw, rv_alloc(vm, (size_t)1 << 62));
    cr_assert(threw);
    cr_assert_eq(stub_kind, RV_E_MEMORY);
}

Test(string, invoke_heap_limit_trips_once)
{
    vm->heap_limit = 1 << 20;
    rv_heap_target(vm, RV_HEAP_INVOKE);
    bool threw;
    STUB_TRY(threw, rv_alloc(vm, 2 << 20));
    cr_assert(threw);
    cr_assert_eq(stub_kind, RV_E_MEMORY);
    cr_assert_str_eq(stub_msg, "memory limit of 1048576 bytes exceeded");
    STUB_TRY(threw, rv_alloc(vm, 4096));
    cr_assert_not(threw, "the error path may still allocate");
    rv_heap_reset(vm, RV_HEAP_INVOKE);
    STUB_TRY(threw, rv_alloc(vm, 4096));
    cr_assert_not(threw);
    STUB_TRY(threw, rv_alloc(vm, 1 << 20));
    cr_assert(threw, "limit is armed again after the reset");
    rv_heap_target(vm, RV_HEAP_PROGRAM);
    STUB_TRY(threw, rv_alloc(vm, 2 << 20));
    cr_assert_not(threw, "the program heap is not limited");
}

/* rv_scan_uint: value, end (offset from s, -1 for NULL) for one input. */
static void scan_is(const char *s, int base, uint64_t want, long want_end)
{
    uint64_t v = 12345;
    const char *e = rv_scan_uint(s, base, &v);
    cr_assert_eq(v, want, "'%s' base %d: value %llu, want %llu", s, base,
                 (unsigned long long)v, (unsigned long long)want);
    cr_assert_eq(e ? (long)(e - s) : -1L, want_end, "'%s' base %d: end %ld, want %ld", s,
                 base, e ? (long)(e - s) : -1L, want_end);
}

Test(string, scan_uint_decimal)
{
    scan_is("0", 10, 0, 1);
    scan_is("42", 10, 42, 2);
    scan_is("007", 10, 7, 3);
    scan_is("123abc", 10, 123, 3);
    scan_is("12.5", 10, 12, 2);
    scan_is("9:", 10, 9, 1);
    scan_is("18446744073709551615", 10, UINT64_MAX, 20);
    scan_is("18446744073709551615x", 10, UINT64_MAX, 20);
    scan_is("00000000000000000000018446744073709551615", 10, UINT64_MAX, 41);
}

Test(string, scan_uint_overflow_reads_every_digit)
{
    scan_is("18446744073709551616", 10, UINT64_MAX, -1);
    scan_is("18446744073709551620", 10, UINT64_MAX, -1);
    scan_is("99999999999999999999999999", 10, UINT64_MAX, -1);
    scan_is("10000000000000000000000000000000000000000", 10, UINT64_MAX, -1);
    scan_is("ffffffffffffffff", 16, UINT64_MAX, 16);
    scan_is("10000000000000000", 16, UINT64_MAX, -1);
    scan_is("1ffffffffffffffff", 16, UINT64_MAX, -1);
}

Test(string, scan_uint_takes_nothing_but_digits)
{
    const char *none[] = {"", " 1", "\t1", "+1", "-1", "x", ".5", "\n"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        scan_is(none[i], 10, 0, 0);
        scan_is(none[i], 16, 0, 0);
    }
    scan_is("a", 10, 0, 0);
    scan_is("0x1f", 16, 0, 1);
    scan_is("1 2", 10, 1, 1);
}

Test(string, parse_uint_is_whole_decimal_up_to_max)
{
    uint64_t v;
    cr_assert(rv_parse_uint("0", 0, &v) && v == 0);
    cr_assert(rv_parse_uint("65535", 65535, &v) && v == 65535);
    cr_assert(!rv_parse_uint("65536", 65535, &v));
    cr_assert(rv_parse_uint("18446744073709551615", UINT64_MAX, &v) && v == UINT64_MAX);
    cr_assert(!rv_parse_uint("18446744073709551616", UINT64_MAX, &v));
    const char *bad[] = {"", " 1", "1 ", "+1", "-1", "1x", "0x1", "a"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert(!rv_parse_uint(bad[i], UINT64_MAX, &v), "'%s' taken", bad[i]);
}

Test(string, scan_uint_hex_digits_either_case)
{
    scan_is("a", 16, 10, 1);
    scan_is("F", 16, 15, 1);
    scan_is("DeadBeef", 16, 0xdeadbeef, 8);
    scan_is("7fffffffffffffff;ext", 16, INT64_MAX, 16);
    scan_is("1g", 16, 1, 1);
    scan_is("ag", 16, 10, 1);
    scan_is("1`", 16, 1, 1);
    scan_is("1@", 16, 1, 1);
    scan_is("1G", 16, 1, 1);
    scan_is("1/", 16, 1, 1);
    scan_is("9f", 10, 9, 1);
    scan_is("\xff", 16, 0, 0);
}
