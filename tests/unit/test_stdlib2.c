/* test_stdlib2.c — the handler builtins (hashing, encodings, query strings,
 * environment, clock, randomness) and the newer string/array/map/Option
 * methods, called directly through the registry: byte-exact behaviour on
 * binary input, round trips over every byte value, and bad input raising
 * TypeError/ValueError that names the function.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "stdlib_harness.h"

TestSuite(stdlib2, .init = setup, .fini = teardown);

/* A string value of n raw bytes (may contain NUL). */
static RvValue BYTES(const void *p, size_t n) { return rv_str_new(vm, p, n); }

/* The 256 byte values 0..255 as one string. */
static RvValue all_bytes(void)
{
    char b[256];
    for (int i = 0; i < 256; i++)
        b[i] = (char)i;
    return BYTES(b, 256);
}

static bool same_bytes(RvValue a, RvValue b)
{
    return RV_IS_STR(a) && RV_IS_STR(b) && RV_AS_STR(a)->len == RV_AS_STR(b)->len &&
           memcmp(RV_AS_STR(a)->data, RV_AS_STR(b)->data, RV_AS_STR(a)->len) == 0;
}

/* ========================================================= hashing === */

Test(stdlib2, sha256_hashes_bytes_not_c_strings)
{
    EQ(B("sha256", BYTES("", 1)),
       "\"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d\"");
    EQ(B("sha256", all_bytes()),
       "\"40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880\"");
    EQ(B("sha256", S("abc")),
       "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
    RvValue raw = B("sha256_raw", S("abc"));
    cr_assert_eq(RV_AS_STR(raw)->len, 32);
    EQ(B("hex_encode", raw),
       "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
}

Test(stdlib2, hmac_rfc4231_case_1_and_2)
{
    char key[20];
    memset(key, 0x0b, sizeof key);
    EQ(B("hmac_sha256", BYTES(key, 20), S("Hi There")),
       "\"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\"");
    EQ(B("hmac_sha256", S("Jefe"), S("what do ya want for nothing?")),
       "\"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\"");
    RvValue raw = B("hmac_sha256_raw", S("Jefe"), S("what do ya want for nothing?"));
    EQ(B("hex_encode", raw),
       "\"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\"");
}

Test(stdlib2, secure_eq_lengths_and_bytes)
{
    EQ(B("secure_eq", S("abc"), S("abc")), "true");
    EQ(B("secure_eq", S("abc"), S("abC")), "false");
    EQ(B("secure_eq", BYTES("a\0b", 3), BYTES("a\0c", 3)), "false");
    EQ(B("secure_eq", BYTES("a\0b", 3), BYTES("a\0b", 3)), "true");
    EQ(B("secure_eq", S(""), S("a")), "false");
    EQ(B("secure_eq", S("a"), S("")), "false");
    BERR(RV_E_TYPE, "secure_eq() argument 2", "secure_eq", S("a"), I(1));
}

/* ====================================================== encodings === */

Test(stdlib2, base64_round_trips_every_byte_and_length)
{
    RvValue all = all_bytes();
    for (size_t n = 0; n <= 256; n += (n < 70 ? 1 : 31)) {
        RvValue s = BYTES(RV_AS_STR(all)->data, n);
        RvValue e = B("base64_encode", s);
        cr_assert_eq(RV_AS_STR(e)->len % 4, 0, "padded length for n=%zu", n);
        cr_assert(same_bytes(B("base64_decode", e), s), "std round trip n=%zu", n);
        RvValue u = B("base64url_encode", s);
        cr_assert_null(memchr(RV_AS_STR(u)->data, '=', RV_AS_STR(u)->len));
        cr_assert_null(memchr(RV_AS_STR(u)->data, '+', RV_AS_STR(u)->len));
        cr_assert_null(memchr(RV_AS_STR(u)->data, '/', RV_AS_STR(u)->len));
        cr_assert(same_bytes(B("base64url_decode", u), s), "url round trip n=%zu", n);
    }
}

Test(stdlib2, base64_rejects_malformed_input)
{
    BERR(RV_E_VALUE, "invalid character '!' at position 4", "base64_decode", S("Zm9v!"));
    BERR(RV_E_VALUE, "truncated input", "base64_decode", S("Z"));
    BERR(RV_E_VALUE, "bad padding", "base64_decode", S("Zg="));
    BERR(RV_E_VALUE, "invalid character '=' at position 5", "base64_decode", S("Zm9vY==="));
    BERR(RV_E_VALUE, "invalid byte \\x00 at position 1", "base64_decode", BYTES("Z\0==", 4));
    BERR(RV_E_VALUE, "invalid character '='", "base64_decode", S("Zg==Zg=="));
    BERR(RV_E_VALUE, "invalid character '/'", "base64url_decode", S("ab/c"));
    EQ(B("base64_decode", S("")), "\"\"");
}

Test(stdlib2, hex_round_trip_and_errors)
{
    RvValue all = all_bytes();
    RvValue h = B("hex_encode", all);
    cr_assert_eq(RV_AS_STR(h)->len, 512);
    cr_assert(same_bytes(B("hex_decode", h), all));
    cr_assert(same_bytes(B("hex_decode", M("to_uppercase", h)), all));
    BERR(RV_E_VALUE, "odd length 1", "hex_decode", S("a"));
    BERR(RV_E_VALUE, "invalid character 'g' at position 1", "hex_decode", S("ag"));
    BERR(RV_E_TYPE, "hex_decode() argument 1", "hex_decode", RV_NIL);
}

Test(stdlib2, url_encoding_round_trips_every_byte)
{
    RvValue all = all_bytes();
    RvValue e = B("url_encode", all);
    const RvStr *es = RV_AS_STR(e);
    for (size_t i = 0; i < es->len; i++) {
        char c = es->data[i];
        cr_assert(isalnum((unsigned char)c) || strchr("-._~%", c), "unescaped byte %d", c);
    }
    cr_assert(same_bytes(B("url_decode", e), all));
    EQ(B("url_decode", S("%41%2b+")), "\"A++\"");
    BERR(RV_E_VALUE, "invalid percent-escape '%4' at position 0", "url_decode", S("%4"));
}

Test(stdlib2, query_strings)
{
    EQ(B("parse_query", S("a=1&b=x%20y&a=2")), "{a: \"2\", b: \"x y\"}");
    EQ(B("parse_query_all", S("a=1&b=x%20y&a=2")), "{a: [\"1\", \"2\"], b: [\"x y\"]}");
    EQ(B("parse_query", S("=v&k")), "{: \"v\", k: \"\"}");
    EQ(B("build_query", map2("a b", S("c&d"), "n", A(I(1), rv_none(vm), F(2.5)))),
       "\"a%20b=c%26d&n=1&n=2.5\"");
    BERR(RV_E_TYPE, "value of key 'f' must be", "build_query", map2("f", fnv("t_42"), "g", I(1)));
    BERR(RV_E_VALUE, "parse_query(): invalid percent-escape", "parse_query", S("x=%"));
}

/* ====================================================== system === */

Test(stdlib2, env_var_is_an_option)
{
    setenv("RUCHY_STDLIB2_TEST", "v=1", 1);
    EQ(B("env_var", S("RUCHY_STDLIB2_TEST")), "Some(\"v=1\")");
    EQ(B("env_var", S("RUCHY_STDLIB2_UNSET_VAR")), "None");
    EQ(B("env_var", BYTES("RUCHY_STDLIB2_TEST\0x", 20)), "None");
    EQ(B("env_var", S("")), "None");
    RvValue all = B0("env_vars");
    RvValue v;
    cr_assert(rv_map_get_cstr(RV_AS_MAP(all), "RUCHY_STDLIB2_TEST", &v));
    EQ(v, "\"v=1\"");
    BERR(RV_E_TYPE, "env_var() argument 1", "env_var", I(3));
}

Test(stdlib2, clock_and_iso_time)
{
    RvValue t = B0("now_ms");
    cr_assert(RV_IS_INT(t) && RV_AS_INT(t) > INT64_C(1600000000000));
    RvValue iso = B0("now_iso");
    cr_assert_eq(RV_AS_STR(iso)->len, 24);
    cr_assert_eq(RV_AS_STR(iso)->data[23], 'Z');
    EQ(B("iso_time", I(0)), "\"1970-01-01T00:00:00.000Z\"");
    EQ(B("iso_time", I(-62167219200000)), "\"0000-01-01T00:00:00.000Z\"");
    EQ(B("iso_time", I(253402300799999)), "\"9999-12-31T23:59:59.999Z\"");
    BERR(RV_E_VALUE, "outside years", "iso_time", I(-62167219200001));
    BERR(RV_E_VALUE, "outside years", "iso_time", I(INT64_MAX));
    BERR(RV_E_VALUE, "outside years", "iso_time", I(INT64_MIN));
}

/* rs_utc_iso (our calendar arithmetic) agrees with the C library's gmtime_r
 * on every day boundary of 1600..2400 and on random instants in range. */
Test(stdlib2, utc_iso_matches_gmtime)
{
    char got[40], want[96];
    srand(4242);
    for (int64_t day = -135140; day <= 157011; day++) {      /* 1600-01-01 .. 2399-12-31 */
        for (int k = 0; k < 2; k++) {
            int64_t sec = day * 86400 + (k ? 86399 : 0);
            if (k == 0 && day % 7 == 3)
                sec += rand() % 86400;
            time_t t = (time_t)sec;
            struct tm tm;
            cr_assert_not_null(gmtime_r(&t, &tm));
            snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, (int)(day & 511) % 1000);
            cr_assert(rs_utc_iso(sec * 1000 + (day & 511) % 1000, got, sizeof got));
            cr_assert_str_eq(got, want, "day %lld", (long long)day);
        }
    }
    cr_assert(rs_utc_iso(-1, got, sizeof got));
    cr_assert_str_eq(got, "1969-12-31T23:59:59.999Z");
    cr_assert(!rs_utc_iso(INT64_C(253402300800000), got, sizeof got));
}

Test(stdlib2, uuid_v4_shape)
{
    for (int k = 0; k < 50; k++) {
        RvValue u = B0("uuid_v4");
        const char *s = RV_AS_STR(u)->data;
        cr_assert_eq(RV_AS_STR(u)->len, 36);
        cr_assert(s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-');
        cr_assert_eq(s[14], '4');
        cr_assert(strchr("89ab", s[19]));
    }
    cr_assert_str_eq(output(), "", "builtins of this file never print");
}

Test(stdlib2, random_ranges)
{
    for (int k = 0; k < 200; k++) {
        RvValue r = B0("random");
        cr_assert(RV_AS_FLOAT(r) >= 0.0 && RV_AS_FLOAT(r) < 1.0);
        RvValue n = B("random_int", I(INT64_MIN), I(INT64_MAX));
        cr_assert(RV_AS_INT(n) < INT64_MAX);
        RvValue m = B("random_int", I(-2), I(1));
        cr_assert(RV_AS_INT(m) >= -2 && RV_AS_INT(m) < 1);
    }
    BERR(RV_E_VALUE, "random_int(): argument 1 must be less", "random_int", I(3), I(2));
}

/* ============================================== JSON extremes === */

Test(stdlib2, json_cycles_and_depth_raise)
{
    RvValue a = A(I(1));
    rv_array_push(vm, RV_AS_ARRAY(a), a);
    BERR(RV_E_VALUE, "json_stringify(): nesting deeper", "json_stringify", a);
    BERR(RV_E_VALUE, "json_pretty(): nesting deeper", "json_pretty", a);
    char deep[1201];
    memset(deep, '[', 600);
    memset(deep + 600, ']', 600);
    deep[1200] = 0;
    BERR(RV_E_VALUE, "json_parse(): nesting deeper than 512", "json_parse", S(deep));
    BERR(RV_E_JSON, "line 2, column 1", "json_parse", S("[1,\r\n]"));
}

/* ================================================ new methods === */

Test(stdlib2, string_methods_bad_input_names_the_method)
{
    MERR(RV_E_TYPE, "pad_start() argument 1", "pad_start", S("a"), S("3"));
    MERR(RV_E_MEMORY, "pad_end(): width", "pad_end", S("a"), I(INT64_MAX));
    MERR(RV_E_TYPE, "replacen() argument 3", "replacen", S("a"), S("a"), S("b"), F(1.0));
    MERR(RV_E_TYPE, "splitn() argument 2", "splitn", S("a"), I(1), I(2));
    MERR(RV_E_VALUE, "to_digit() receiver", "to_digit", S(""));
    EQ(M("pad_start", S("ab"), I(5), S("xy")), "\"xyxab\"");
    EQ(M("count", S("aaa"), S("a")), "3");
}

Test(stdlib2, collection_methods_bad_input_names_the_method)
{
    MERR(RV_E_TYPE, "union() argument 1", "union", A(I(1)), map2("a", I(1), "b", I(2)));
    MERR(RV_E_VALUE, "windows() argument 1", "windows", A(I(1)), I(-3));
    MERR(RV_E_INDEX, "swap(): index -5", "swap", A(I(1)), I(0), I(-5));
    MERR(RV_E_MEMORY, "repeat(): array too large", "repeat", A(I(1), I(2)), I(INT64_MAX));
    MERR(RV_E_TYPE, "to_map(): element 0", "to_map", A(T(I(1), I(2), I(3))));
    MERR(RV_E_TYPE, "filter() argument 1", "filter", map2("a", I(1), "b", I(2)), I(0));
    MERR(RV_E_TYPE, "xor() argument 1", "xor", rv_some(vm, I(1)), S("x"));
    MERR(RV_E_ZERODIV, "rem_euclid()", "rem_euclid", I(1), I(0));
    EQ(M("rem_euclid", I(INT64_MIN), I(-1)), "0");
    EQ(M("checked_div", I(INT64_MIN), I(-1)), "None");
    EQ(M("union", A(I(1), I(2)), A(I(2), I(3))), "[1, 2, 3]");
    EQ(M("windows", A(I(1), I(2), I(3)), I(2)), "[[1, 2], [2, 3]]");
}

Test(stdlib2, every_new_builtin_rejects_a_wrong_type_by_name)
{
    static const char *const one_string[] = {
        "sha256", "sha256_raw", "base64_encode", "base64_decode", "base64url_encode",
        "base64url_decode", "hex_encode", "hex_decode", "url_encode", "url_decode",
        "parse_query", "parse_query_all", "env_var", "ord"
    };
    for (size_t i = 0; i < sizeof one_string / sizeof one_string[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s() argument 1", one_string[i]);
        BERR(RV_E_TYPE, want, one_string[i], A(I(1)));
    }
    BERR(RV_E_TYPE, "hmac_sha256() argument 1", "hmac_sha256", I(1), S("m"));
    BERR(RV_E_TYPE, "build_query() argument 1", "build_query", S("a=1"));
    BERR(RV_E_TYPE, "iso_time() argument 1", "iso_time", S("0"));
    BERR(RV_E_TYPE, "chr() argument 1", "chr", F(65.0));
    BERR(RV_E_TYPE, "random_int() argument 2", "random_int", I(1), RV_NIL);
}

/* ================================================= the tables === */

typedef struct { int mc; const char *name; RvCFn fn; int min, max; } TableEntry;

static const TableEntry table_builtins[] = {
#define BUILTIN(name, fn, min, max) { 0, name, fn, min, max },
#include "rs_builtins.def"
#undef BUILTIN
};

static const TableEntry table_methods[] = {
#define METHOD(mc, name, fn, min, max) { mc, name, fn, min, max },
#include "rs_methods.def"
#undef METHOD
};

/* The static native n has exactly the fields of table entry e. */
static void same_native(const RvNative *n, const TableEntry *e)
{
    cr_assert_not_null(n, "%s not found", e->name);
    cr_assert_str_eq(n->name, e->name);
    cr_assert_eq(n->name_len, strlen(e->name), "%s", e->name);
    cr_assert_eq(n->fn, e->fn, "%s", e->name);
    cr_assert_eq(n->min_args, e->min, "%s", e->name);
    cr_assert_eq(n->max_args, e->max, "%s", e->name);
    cr_assert_eq(n->mclass, e->mc, "%s", e->name);
    cr_assert_eq(n->h.kind, RV_K_NATIVE, "%s", e->name);
    cr_assert_eq(n->h.heap, RV_HEAP_PROGRAM, "%s", e->name);
    cr_assert(n->h.flags & RV_OF_FROZEN, "%s", e->name);
}

Test(stdlib2, every_builtin_of_the_table_round_trips)
{
    size_t nb = sizeof table_builtins / sizeof table_builtins[0];
    for (size_t i = 0; i < nb; i++) {
        const TableEntry *e = &table_builtins[i];
        int k = rv_builtin_index(vm, e->name, strlen(e->name));
        cr_assert_eq(k, (int)i, "%s at %d, not %zu", e->name, k, i);
        same_native(RV_AS_NATIVE(rv_builtin_value(vm, k)), e);
    }
    cr_assert_eq(rv_builtin_index(vm, "t_double", 8), (int)nb, "registered after the table");
}

/* Native k of the static set describes table entry e: its descriptor
 * unpacks to e's name, arity and class. */
static void same_info(const RvNativeSet *set, uint32_t k, const TableEntry *e)
{
    RvNativeInfo in = set->info[k];
    const char *name = set->names + rv_ni_off(in);
    cr_assert_str_eq(name, e->name, "native %u", k);
    cr_assert_eq(rv_ni_len(in), strlen(e->name), "%s", e->name);
    cr_assert_eq(rv_ni_min(in), e->min, "%s", e->name);
    cr_assert_eq(rv_ni_max(in), e->max, "%s", e->name);
    cr_assert_eq(rv_ni_class(in), (RvMethodClass)e->mc, "%s", e->name);
    cr_assert_eq(set->fns[k], e->fn, "%s", e->name);
}

Test(stdlib2, the_static_set_packs_every_entry)
{
    size_t nb = sizeof table_builtins / sizeof table_builtins[0];
    size_t nm = sizeof table_methods / sizeof table_methods[0];
    const RvNativeSet *set = vm->natives;
    cr_assert_not_null(set);
    cr_assert_eq(set->nbuiltins, nb);
    cr_assert_eq(set->nmethods, nm);
    const TableEntry *all[nb + nm];
    for (size_t k = 0; k < nb + nm; k++) {
        all[k] = k < nb ? &table_builtins[k] : &table_methods[k - nb];
        same_info(set, (uint32_t)k, all[k]);
    }
    /* Equal names are one blob entry: each name is where its first use is. */
    size_t shared = 0;
    for (size_t k = 0; k < nb + nm; k++) {
        size_t first = 0;
        while (strcmp(all[first]->name, all[k]->name) != 0)
            first++;
        cr_assert_eq(rv_ni_off(set->info[k]), rv_ni_off(set->info[first]), "%s", all[k]->name);
        shared += first < k;
    }
    cr_assert_gt(shared, 100, "len, get, contains, ... are shared");
}

/* A receiver of class mc (nil for RV_MC_ANY: nil has no methods of its own). */
static RvValue receiver_of(int mc)
{
    switch (mc) {
    case RV_MC_ANY: return RV_NIL;
    case RV_MC_INT: return I(1);
    case RV_MC_FLOAT: return F(1.5);
    case RV_MC_STR: return S("s");
    case RV_MC_ARRAY: return A0;
    case RV_MC_MAP: return rv_map_new(vm, 0);
    case RV_MC_TUPLE: return T(I(1));
    case RV_MC_RANGE: return rv_range_new(vm, 0, 1, false);
    case RV_MC_OPTION: return rv_some(vm, I(1));
    case RV_MC_RESULT: return rv_ok(vm, I(1));
    default: cr_assert_fail("no test receiver for method class %d", mc);
    }
    return RV_NIL;
}

Test(stdlib2, every_method_of_the_table_round_trips)
{
    size_t nm = sizeof table_methods / sizeof table_methods[0];
    for (size_t k = 0; k < nm; k++) {
        const TableEntry *e = &table_methods[k];
        size_t first = 0;     /* the first entry of a class and name wins */
        while (table_methods[first].mc != e->mc || strcmp(table_methods[first].name, e->name))
            first++;
        RvValue recv = receiver_of(e->mc);
        uint32_t sym = rv_sym(vm, e->name, strlen(e->name));
        const RvNative *n = rv_method_find(vm, recv, sym);
        same_native(n, &table_methods[first]);
        cr_assert_eq(rv_method_find(vm, recv, sym), n, "%s: one object", e->name);
    }
}
