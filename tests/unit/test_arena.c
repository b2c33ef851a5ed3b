/* test_arena.c — per-invocation arenas (DESIGN §5, issue 3): evacuation of
 * escapes with sharing and cycles, the safety-net collector, the hard
 * limit, the program-heap sweep, errors mid-invocation.
 *
 * Handlers are compiled Ruchy (rc_compile) driven through the rv.h
 * invocation API; checks that need identities (shared sub-objects, cycles,
 * which heap an object lives in) look at the objects from C.
 * RUCHY_ARENA_SCALE=N divides the big counts by N (sanitizer builds); the
 * defaults are the numbers. Memory is measured with getrusage.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "rc.h"
#include "rs.h"
#include "rv.h"
#include "rv_mem.h"

static RvVM *vm;

static long scale(long n)
{
    const char *s = getenv("RUCHY_ARENA_SCALE");
    long d = s ? atol(s) : 1;
    return d > 1 ? n / d : n;
}

/* Peak resident set size of this process, in KiB. */
static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void teardown(void)
{
    if (vm)
        rv_vm_free(vm);
    vm = NULL;
}

/* A VM with src compiled and its top level run (INIT, program heap). */
static void load(const char *src)
{
    rv_set_stdlib_init(rs_register_all);
    vm = rv_vm_new();
    RcDiags d;
    rc_diags_init(&d, "t.ruchy", src);
    RvProto *chunk = rc_compile(vm, "t.ruchy", src, strlen(src), &d);
    if (!chunk)
        rc_diags_print(&d, stderr);
    cr_assert_not_null(chunk, "compile failed");
    rc_diags_free(&d);
    RvValue err;
    cr_assert_eq(rv_run_main(vm, chunk, &err), 0, "top level failed");
}

static RvValue global(const char *name)
{
    RvValue v;
    cr_assert(rv_global_get(vm, name, &v), "no global %s", name);
    return v;
}

/* What a consumer saw. */
typedef struct Outcome {
    int is_error;
    int ekind;
    int64_t ival;
    char *json;         /* malloc'd JSON of the result when want_json */
    bool want_json;
} Outcome;

static void capture(RvVM *v, RvValue r, int is_error, void *ud)
{
    Outcome *o = ud;
    o->is_error = is_error;
    o->ekind = is_error && RV_IS_ERROR(r) ? RV_AS_ERROR(r)->ekind : -1;
    o->ival = RV_IS_INT(r) ? RV_AS_INT(r) : INT64_MIN;
    if (o->want_json && !is_error) {
        RvBuf b;
        rv_buf_init(&b, v);
        rs_json_write(v, &b, r, 0);
        free(o->json);
        o->json = strdup(b.p);
        rv_buf_release(&b);
    }
}

/* One whole invocation of global fn with one integer argument. */
static Outcome invoke_int(const char *fn, int64_t arg)
{
    Outcome o = { 0 };
    RvValue a = RV_INT(arg);
    rv_invoke(vm, global(fn), 1, &a, capture, &o);
    return o;
}

static RvValue map_get(RvValue m, const char *key)
{
    RvValue v = RV_NIL;
    cr_assert(RV_IS_MAP(m), "not a map looking up %s", key);
    cr_assert(rv_map_get_cstr(RV_AS_MAP(m), key, &v), "missing key %s", key);
    return v;
}

/* ------------------------------------------------------ graph checker --- */

typedef struct Check {
    RvPtrMap seen;
    RvPtrVec pending;
    size_t n;
} Check;

static RvObj *check_ref(void *ctx, RvObj *o)
{
    Check *c = ctx;
    if (rv_pmap_has(&c->seen, o))
        return o;
    rv_pmap_put(&c->seen, o, NULL);
    cr_assert_eq(o->heap, RV_HEAP_PROGRAM, "object of kind %d left in heap %d", o->kind,
                 o->heap);
    cr_assert_lt(o->kind, RV_K__COUNT);
    if (o->kind == RV_K_UPVAL) {
        RvUpval *u = (RvUpval *)o;
        cr_assert_eq(u->loc, &u->closed, "open upvalue between invocations");
    }
    rv_vec_push(&c->pending, o);
    return o;
}

/* Everything reachable from the globals lives in the program heap and is
 * well formed; returns the number of objects seen. */
static size_t check_program_graph(void)
{
    Check c = { .n = 0 };
    rv_pmap_init(&c.seen, true);
    for (uint32_t g = 0; g < vm->nglobals; g++)
        if (RV_IS_OBJ(vm->globals[g]))
            check_ref(&c, vm->globals[g].as.o);
    while (c.pending.n > 0) {
        RvObj *o = c.pending.p[--c.pending.n];
        if (o->kind != RV_K_PROTO && o->kind != RV_K_TYPE)
            rv_walk_refs(o, check_ref, &c);
        c.n++;
    }
    rv_pmap_free(&c.seen);
    rv_vec_free(&c.pending);
    return c.n;
}

TestSuite(arena, .fini = teardown, .timeout = 120);

/* ------------------------------------------------- API-level checks --- */

static const char *churn_src =
    "fun churn(n) {\n"
    "  let mut i = 0\n"
    "  let mut total = 0\n"
    "  while i < n {\n"
    "    let s = \"item-\" + i.to_string()\n"
    "    total += s.len()\n"
    "    i += 1\n"
    "  }\n"
    "  total\n"
    "}\n"
    "let table = {}\n"
    "fun table_len() { table.len() }\n";     /* a function uses it: a global */

/* Expected churn(n): sum of len("item-" + i). */
static int64_t churn_expect(int64_t n)
{
    int64_t t = 0;
    for (int64_t i = 0; i < n; i++) {
        char tmp[32];
        t += snprintf(tmp, sizeof tmp, "item-%lld", (long long)i);
    }
    return t;
}

/* INIT allocations come from bump chunks (no mimalloc heap exists after a
 * compile and a top level); from the first invocation on, program blocks
 * come from mimalloc. A large bump block that grows gives its old chunk
 * back. */
Test(arena, init_uses_bump_chunks_until_the_first_invocation)
{
    load("let big = []\n"
         "let i = 0\n"
         "while i < 300000 { big.push(i)\n i += 1 }\n"
         "let table = {}\n"
         "fun keep(x) { table[\"k\"] = [x, x]\n table.len() + big.len() * 0 }\n");
    cr_assert_null(vm->heaps[RV_HEAP_PROGRAM], "INIT touched the program mimalloc heap");
    cr_assert_null(vm->heaps[RV_HEAP_INVOKE]);
    cr_assert_not_null(vm->bump.head);
    /* The array's items block ends at 8 MB in a chunk of its own; the large
     * copies it outgrew (4, 2, 1 MB) were unmapped, so the bump chunks hold
     * the final block and the small early copies (about 1 MB), not 16 MB. */
    cr_assert_lt(vm->bump.used, (size_t)(11u << 20), "bump holds %zu bytes", vm->bump.used);
    cr_assert_eq(RV_AS_ARRAY(global("big"))->len, 300000);
    Outcome o = invoke_int("keep", 7);
    cr_assert_eq(o.ival, 1);
    cr_assert_not_null(vm->heaps[RV_HEAP_PROGRAM], "the evacuated value is in mimalloc");
    RvValue v;
    cr_assert(rv_map_get(RV_AS_MAP(global("table")), rv_str_new(vm, "k", 1), &v));
    cr_assert_eq(RV_AS_ARRAY(v)->h.heap, RV_HEAP_PROGRAM);
    cr_assert(RV_AS_ARRAY(v)->h.flags & RV_OF_EVACUATED);
}

Test(arena, nothing_escapes_costs_nothing)
{
    load(churn_src);
    RvMemStats a, b;
    rv_mem_stats(vm, &a);
    for (int i = 0; i < 100; i++) {
        Outcome o = invoke_int("churn", 100);
        cr_assert_eq(o.ival, churn_expect(100));
    }
    rv_mem_stats(vm, &b);
    cr_assert_eq(b.evac_objects, a.evac_objects);
    cr_assert_eq(b.invocations, a.invocations + 100);
    cr_assert_eq(b.program_bytes, a.program_bytes, "program heap grew by %zu bytes",
                 b.program_bytes - a.program_bytes);
    cr_assert_eq(b.invoke_bytes, 0);
}

/* C code stores invocation values into a program map and a global through
 * RV_STORE: shared and cyclic structure survives the end. */
Test(arena, c_api_sharing_and_cycle)
{
    load(churn_src);
    RvValue table = global("table");
    cr_assert_eq(RV_AS_OBJ(table)->heap, RV_HEAP_PROGRAM);
    rv_invoke_begin(vm);
    RvValue arr = rv_array_new(vm, 0);
    RvValue m = rv_map_new(vm, 0);
    RvValue s = rv_str_cstr(vm, "shared");
    cr_assert_eq(RV_AS_OBJ(arr)->heap, RV_HEAP_INVOKE);
    rv_array_push(vm, RV_AS_ARRAY(arr), s);
    rv_array_push(vm, RV_AS_ARRAY(arr), m);
    rv_array_push(vm, RV_AS_ARRAY(arr), s);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "arr", arr);       /* cycle arr <-> m */
    rv_map_set_cstr(vm, RV_AS_MAP(m), "self", m);        /* self cycle */
    rv_map_set_cstr(vm, RV_AS_MAP(table), "arr", arr);
    rv_map_set_cstr(vm, RV_AS_MAP(table), "map", m);
    RvValue tup = rv_tuple_new(vm, 2, (RvValue[]){ s, m });
    RV_STORE(vm, NULL, &vm->globals[rv_global_slot(vm, "extra", 5)], tup);
    rv_invoke_end(vm);

    RvValue a2 = map_get(table, "arr"), m2 = map_get(table, "map");
    cr_assert_eq(RV_AS_OBJ(a2)->heap, RV_HEAP_PROGRAM);
    RvArray *A = RV_AS_ARRAY(a2);
    cr_assert_eq(A->len, 3);
    cr_assert_str_eq(RV_AS_STR(A->items[0])->data, "shared");
    cr_assert_eq(A->items[0].as.o, A->items[2].as.o, "string no longer shared");
    cr_assert_eq(A->items[1].as.o, m2.as.o, "map no longer shared");
    cr_assert_eq(map_get(m2, "arr").as.o, a2.as.o, "cycle broken");
    cr_assert_eq(map_get(m2, "self").as.o, m2.as.o, "self cycle broken");
    RvTuple *t = RV_AS_TUPLE(global("extra"));
    cr_assert_eq(t->items[0].as.o, A->items[0].as.o);
    cr_assert_eq(t->items[1].as.o, m2.as.o);
    check_program_graph();
}

/* Stores into the upvalue of a top-level closure (a program-heap upvalue
 * closed when INIT ended) escape like stores into globals. */
Test(arena, upvalue_of_top_level_closure)
{
    load("fun make() {\n"
         "  let mut last = [0]\n"
         "  {\"set\": |x| { last = [x, \"s\" + x.to_string()] }, \"get\": || last}\n"
         "}\n"
         "let api = make()\n"
         "fun put(n) { api[\"set\"](n)\n 0 }\n"
         "fun get(n) { let v = api[\"get\"]()\n v[0] * 1000 + v[1].len() }\n");
    RvClosure *set = RV_AS_CLOSURE(map_get(global("api"), "set"));
    cr_assert_eq(set->nup, 1);
    cr_assert_eq(set->up[0]->h.heap, RV_HEAP_PROGRAM);
    cr_assert_eq(set->up[0]->loc, &set->up[0]->closed);
    rv_set_gc_budget(vm, 0);
    for (int64_t i = 1; i <= 300; i++) {
        cr_assert_eq(invoke_int("put", i).is_error, 0);
        char tmp[32];
        int64_t len = snprintf(tmp, sizeof tmp, "s%lld", (long long)i);
        Outcome o = invoke_int("get", 0);
        cr_assert_eq(o.ival, i * 1000 + len);
        check_program_graph();
    }
    RvMemStats st;
    rv_mem_stats(vm, &st);
    cr_assert_gt(st.evac_objects, 0);
}

/* A value C holds across a call into Ruchy code survives collections
 * there only through a handle. */
Test(arena, handles_survive_collection)
{
    load(churn_src);
    rv_set_gc_budget(vm, 64 << 10);
    rv_invoke_begin(vm);
    RvValue arr = rv_array_new(vm, 0);
    for (int i = 0; i < 1000; i++) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "held-%d", i);
        rv_array_push(vm, RV_AS_ARRAY(arr), rv_str_cstr(vm, tmp));
    }
    rv_push_handle(vm, arr);
    RvMemStats a, b;
    rv_mem_stats(vm, &a);
    Outcome o = { 0 };
    RvValue n = RV_INT(20000);
    cr_assert_eq(rv_invoke(vm, global("churn"), 1, &n, capture, &o), 0);
    rv_mem_stats(vm, &b);
    cr_assert_gt(b.gc_runs, a.gc_runs, "no collection ran");
    RvArray *A = RV_AS_ARRAY(arr);
    for (int i = 0; i < 1000; i++) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "held-%d", i);
        cr_assert_str_eq(RV_AS_STR(A->items[i])->data, tmp);
    }
    rv_pop_handles(vm, 1);
    rv_invoke_end(vm);
    cr_assert_eq(rv_handle_count(vm), 0);
}

/* map(f) keeps its result array alive across the calls of f, which
 * collect (the stdlib pins it into argv). */
Test(arena, natives_calling_back_keep_their_values)
{
    load("fun work(n) {\n"
         "  let xs = (0..n).to_array()\n"
         "  let ys = xs.map(|x| { let mut j = 0\n"
         "    while j < 50 { let t = \"g\" + j.to_string(); j += 1 }\n"
         "    \"v\" + x.to_string() })\n"
         "  let ok = ys.filter(|y| y.len() > 1).len()\n"
         "  ok + ys.reduce(0, |acc, y| acc + y.len())\n"
         "}\n");
    rv_set_gc_budget(vm, 32 << 10);
    int64_t n = 3000, lens = 0;
    for (int64_t i = 0; i < n; i++) {
        char tmp[32];
        lens += snprintf(tmp, sizeof tmp, "v%lld", (long long)i);
    }
    Outcome o = invoke_int("work", n);
    cr_assert_eq(o.is_error, 0, "error kind %d", o.ekind);
    cr_assert_eq(o.ival, n + lens);
    RvMemStats st;
    rv_mem_stats(vm, &st);
    cr_assert_gt(st.gc_runs, 0);
}

/* ------------------------------------------------- the tests --- */

static const char *cache_src =
    "let cache = {}\n"
    "let log = []\n"
    "fun stash(n) { cache[\"fresh\" + (n % 5).to_string()] = {\"v\": [n, \"f\" + n.to_string()]} }\n"
    "fun fill(n) {\n"
    "  stash(n)\n"
    "  let mut count = n\n"
    "  let inc = || { count += 1; count }\n"
    "  let get = || count\n"
    "  let add = |x| x + n\n"
    "  let common = {\"n\": n, \"list\": [n, n + 1, \"s\" + n.to_string()]}\n"
    "  let node = {\"id\": n, \"common\": common, \"also\": common, \"inc\": inc,\n"
    "              \"get\": get, \"add\": add, \"t\": (n, \"tuple\"), \"r\": 1..n,\n"
    "              \"o\": Some(common), \"e\": Err(\"no\")}\n"
    "  node[\"self\"] = node\n"
    "  let mut junk = 0\n"
    "  while junk < 20 { let t = [junk, \"junk\"]; junk += 1 }\n"
    "  cache[\"k\" + (n % 50).to_string()] = node\n"
    "  if n % 1000 == 0 { log.push(\"n\" + n.to_string()) }\n"
    "  inc()\n"
    "}\n"
    "fun probe(key) {\n"
    "  let node = cache[key]\n"
    "  let before = node[\"get\"]()\n"
    "  node[\"inc\"]()\n"
    "  node[\"common\"][\"list\"][0] == node[\"id\"] && node[\"add\"](1) == node[\"id\"] + 1\n"
    "    && node[\"get\"]() - before == 1 && node[\"self\"][\"also\"][\"n\"] == node[\"id\"]\n"
    "}\n";

/* Identity checks of one cache node (program heap, after evacuation). */
static void check_node(RvValue node, int64_t id)
{
    cr_assert_eq(RV_AS_OBJ(node)->heap, RV_HEAP_PROGRAM);
    cr_assert_eq(RV_AS_INT(map_get(node, "id")), id);
    RvValue common = map_get(node, "common");
    cr_assert_eq(common.as.o, map_get(node, "also").as.o, "shared sub-object copied twice");
    cr_assert_eq(map_get(node, "self").as.o, node.as.o, "cycle broken");
    RvEnum *some = RV_AS_ENUM(map_get(node, "o"));
    cr_assert_eq(some->f[0].as.o, common.as.o, "sharing through an enum lost");
    RvArray *list = RV_AS_ARRAY(map_get(common, "list"));
    cr_assert_eq(list->len, 3);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "s%lld", (long long)id);
    cr_assert_str_eq(RV_AS_STR(list->items[2])->data, tmp);
    RvClosure *inc = RV_AS_CLOSURE(map_get(node, "inc"));
    RvClosure *get = RV_AS_CLOSURE(map_get(node, "get"));
    cr_assert_eq(inc->up[0], get->up[0], "captured variable no longer shared");
    RvTuple *t = RV_AS_TUPLE(map_get(node, "t"));
    cr_assert_str_eq(RV_AS_STR(t->items[1])->data, "tuple");
    cr_assert_eq(RV_AS_RANGE(map_get(node, "r"))->hi, id);
}

/* cache["fresh<k>"] was reachable only through the cache while fill()
 * collected: the remembered holder kept it. */
static void check_fresh(RvValue cache, int64_t last)
{
    for (int64_t k = 0; k < 5 && k <= last; k++) {
        char key[32], want[32];
        snprintf(key, sizeof key, "fresh%lld", (long long)k);
        int64_t id = last - ((last - k) % 5);
        snprintf(want, sizeof want, "f%lld", (long long)id);
        RvArray *v = RV_AS_ARRAY(map_get(map_get(cache, key), "v"));
        cr_assert_eq(RV_AS_INT(v->items[0]), id);
        cr_assert_str_eq(RV_AS_STR(v->items[1])->data, want);
    }
}

static void probe_all(int64_t last)
{
    RvValue cache = global("cache");
    uint32_t nfresh = last >= 4 ? 5u : (uint32_t)last + 1;
    cr_assert_eq(RV_AS_MAP(cache)->len, (last >= 49 ? 50u : (uint32_t)last + 1) + nfresh);
    check_fresh(cache, last);
    for (int64_t k = 0; k < 50 && k <= last; k++) {
        char key[32];
        snprintf(key, sizeof key, "k%lld", (long long)k);
        int64_t id = last - ((last - k) % 50);
        check_node(map_get(cache, key), id);
        rv_invoke_begin(vm);
        RvValue arg = rv_str_cstr(vm, key);
        Outcome o = { 0 };
        rv_invoke(vm, global("probe"), 1, &arg, capture, &o);
        rv_invoke_end(vm);
        cr_assert_eq(o.is_error, 0, "probe %s failed (kind %d)", key, o.ekind);
    }
}

/* n invocations of fill(), probing every node now and then. */
static void run_cache(long n)
{
    for (long i = 0; i < n; i++) {
        Outcome o = invoke_int("fill", i);
        cr_assert_eq(o.is_error, 0, "fill(%ld) failed (kind %d)", i, o.ekind);
        cr_assert_eq(o.ival, i + 1);
        if (i % 500 == 499) {
            probe_all(i);
            check_program_graph();
        }
    }
    probe_all(n - 1);
}

Test(arena, cache_pattern)
{
    load(cache_src);
    long n = scale(10000);
    run_cache(n);
    cr_assert_eq(RV_AS_ARRAY(global("log"))->len, (uint32_t)((n - 1) / 1000 + 1));
    size_t objs = check_program_graph();
    RvMemStats st;
    rv_mem_stats(vm, &st);
    /* replaced entries are freed: what stays is bounded by the 50 live
     * nodes, not by the 10,000 made */
    cr_assert_gt(st.prog_sweeps, 0);
    cr_assert_lt(st.evac_live, 50u * 40 * 2 + objs, "evacuated objects leak: %zu live",
                 st.evac_live);
    rv_program_sweep(vm);
    rv_mem_stats(vm, &st);
    cr_assert_lt(st.evac_live, (size_t)50 * 40, "%zu evacuated objects live", st.evac_live);
    probe_all(n - 1);
    check_program_graph();
    cr_log_info("cache: %zu evacuated objects made, %zu live, %zu sweeps, %zu freed",
                st.evac_objects, st.evac_live, st.prog_sweeps, st.prog_freed);
}

/* The same with a tiny budget: collections run inside every invocation,
 * while escaped values are reachable only through remembered holders. */
Test(arena, cache_pattern_collecting)
{
    load(cache_src);
    rv_set_gc_budget(vm, 1024);
    run_cache(scale(2000));
    RvMemStats st;
    rv_mem_stats(vm, &st);
    cr_assert_geq(st.gc_runs, (size_t)scale(2000), "only %zu collections", st.gc_runs);
    cr_log_info("cache with collections: %zu collections, %zu blocks freed", st.gc_runs,
                st.gc_freed_blocks);
    check_program_graph();
}

Test(arena, garbage_loop_peaks_below_64mb)
{
    load(churn_src);
    long n = scale(5000000);        /* two temporary strings per round */
    long before = peak_rss_kb();
    Outcome o = invoke_int("churn", n);
    long peak = peak_rss_kb();
    cr_assert_eq(o.is_error, 0);
    cr_assert_eq(o.ival, churn_expect(n));
    RvMemStats st;
    rv_mem_stats(vm, &st);
    cr_log_info("garbage loop: %ld strings, peak RSS %ld KiB (before %ld), %zu collections, "
                "%.3f s collecting", 2 * n, peak, before, st.gc_runs, st.gc_seconds);
    cr_assert_gt(st.gc_runs, 0);
#ifndef __SANITIZE_ADDRESS__
    cr_assert_lt(peak, 64 * 1024, "peak RSS %ld KiB", peak);
#else
    cr_assert_lt(peak - before, 64 * 1024, "RSS grew by %ld KiB", peak - before);
#endif
}

/* A loop whose condition is a plain value closes with a backward JMPIF and
 * makes no call: its back-edge must be a safe point too. */
Test(arena, garbage_loop_without_calls)
{
    load("fun spin(n) {\n"
         "  let mut go = true\n"
         "  let mut i = 0\n"
         "  let mut keep = 0\n"
         "  while go { let a = [i, i, i]\n keep += a[1] - i + 1\n i += 1\n go = i < n }\n"
         "  keep\n"
         "}\n");
    long n = scale(2000000);
    Outcome o = invoke_int("spin", n);
    long peak = peak_rss_kb();
    cr_assert_eq(o.is_error, 0);
    cr_assert_eq(o.ival, n);
    RvMemStats st;
    rv_mem_stats(vm, &st);
    cr_log_info("loop without calls: %ld arrays, peak RSS %ld KiB, %zu collections", n, peak,
                st.gc_runs);
    cr_assert_gt(st.gc_runs, 0, "no safe point on the loop's back-edge");
#ifndef __SANITIZE_ADDRESS__
    cr_assert_lt(peak, 64 * 1024, "peak RSS %ld KiB", peak);
#endif
}

static const char *echo_event =
    "{\"resource\":\"/items\",\"path\":\"/items/42\",\"httpMethod\":\"POST\","
    "\"headers\":{\"content-type\":\"application/json\",\"x-trace\":\"abc-123\"},"
    "\"queryStringParameters\":{\"limit\":\"10\",\"sort\":\"desc\"},"
    "\"body\":\"{\\\"name\\\":\\\"widget\\\",\\\"qty\\\":3}\",\"isBase64Encoded\":false,"
    "\"items\":[1,2.5,true,null,\"x\",{\"deep\":[[1],[2]]}]}";

/* One echo invocation: the event is parsed inside the invocation, the
 * result serialised in the consumer. */
static void echo_once(RvValue parse, RvValue echo, Outcome *o)
{
    rv_invoke_begin(vm);
    RvValue text = rv_str_cstr(vm, echo_event), event;
    cr_assert_eq(rv_pcall(vm, parse, 1, &text, &event), 0);
    rv_invoke(vm, echo, 1, &event, capture, o);
    rv_invoke_end(vm);
}

Test(arena, flat_memory_json_echo)
{
    load("fun echo(event) { event[\"seen\"] = true\n event }\n");
    RvValue parse = rv_builtin_value(vm, rv_builtin_index(vm, "json_parse", 10));
    RvValue echo = global("echo");
    Outcome o = { .want_json = true };
    long n = scale(100000), warm = 1000, after_warm = 0;
    RvMemStats st0 = { 0 }, st1;
    for (long i = 0; i < n; i++) {
        echo_once(parse, echo, &o);
        cr_assert_eq(o.is_error, 0);
        if (i == 0)
            cr_assert(strstr(o.json, "\"seen\":true") && strstr(o.json, "\"deep\":[[1],[2]]"),
                      "%s", o.json);
        if (i == warm - 1) {
            after_warm = peak_rss_kb();
            rv_mem_stats(vm, &st0);
        }
    }
    long end = peak_rss_kb();
    free(o.json);
    rv_mem_stats(vm, &st1);
    cr_log_info("json echo: peak RSS %ld KiB after %ld, %ld KiB after %ld invocations",
                after_warm, warm, end, n);
    cr_assert_eq(st1.program_bytes, st0.program_bytes, "program heap grew");
    cr_assert_eq(st1.evac_objects, 0);
#ifndef __SANITIZE_ADDRESS__
    /* (under ASan, its quarantine of cJSON's and the test's malloc/free
     * dominates resident memory) */
    cr_assert_lt(end - after_warm, 1024, "grew by %ld KiB", end - after_warm);
#endif
}

Test(arena, memory_limit_raises_and_recovers)
{
    setenv("RUCHY_MEMORY_LIMIT_MB", "128", 1);
    load("fun big(n) {\n"
         "  let mut a = []\n"
         "  let mut i = 0\n"
         "  while i < n { a.push(i); i += 1 }\n"
         "  a.len()\n"
         "}\n"
         "fun big2(n) { let v = [0; n]\n v.len() }\n"
         "fun small(n) { let v = [n, n + 1, n + 2]\n v.len() + big(1000) }\n");
    cr_assert_eq(rv_memory_limit(vm), (size_t)128 << 20);   /* read once, kept */
    unsetenv("RUCHY_MEMORY_LIMIT_MB");
    long before = peak_rss_kb();
    Outcome o = invoke_int("big", (int64_t)1 << 26);     /* 64 Mi items = 1 GiB */
    cr_assert_eq(o.is_error, 1);
    cr_assert_eq(o.ekind, RV_E_MEMORY, "got error kind %d", o.ekind);
    o = invoke_int("small", 7);
    cr_assert_eq(o.is_error, 0);
    cr_assert_eq(o.ival, 1003);
    o = invoke_int("big2", (int64_t)1 << 26);
    cr_assert_eq(o.ekind, RV_E_MEMORY, "got error kind %d", o.ekind);
    o = invoke_int("small", 1);
    cr_assert_eq(o.ival, 1003);
    cr_log_info("limit: peak RSS %ld KiB (before %ld)", peak_rss_kb(), before);
}

static const char *partial_src =
    "let cache = {}\n"
    "let errors = []\n"
    "fun partial(n) {\n"
    "  cache[\"a\" + n.to_string()] = [n, {\"x\": n}]\n"
    "  let shared = {\"v\": n}\n"
    "  cache[\"s1\"] = shared\n"
    "  cache[\"s2\"] = [shared, shared]\n"
    "  errors.push(Err(\"e\" + n.to_string()))\n"
    "  if n % 2 == 1 { let z = 0\n n / z }\n"
    "  let mut i = 0\n"
    "  while i < 100 { cache[\"tmp\"] = [i]; i += 1 }\n"
    "  n\n"
    "}\n"
    "fun total(unused) {\n"
    "  let mut t = 0\n"
    "  for e in errors { t += 1 }\n"
    "  t + cache[\"s1\"][\"v\"]\n"
    "}\n";

Test(arena, error_after_escapes_keeps_program_heap_consistent)
{
    load(partial_src);
    long n = 200;
    for (long i = 0; i < n; i++) {
        Outcome o = invoke_int("partial", i);
        cr_assert_eq(o.is_error, i % 2 == 1);
        if (o.is_error)
            cr_assert_eq(o.ekind, RV_E_ZERODIV, "kind %d", o.ekind);
        check_program_graph();
        RvValue cache = global("cache");
        RvValue s1 = map_get(cache, "s1");
        RvArray *s2 = RV_AS_ARRAY(map_get(cache, "s2"));
        cr_assert_eq(s2->items[0].as.o, s1.as.o);
        cr_assert_eq(s2->items[1].as.o, s1.as.o);
        cr_assert_eq(RV_AS_INT(map_get(s1, "v")), i);
        if (i % 50 == 0)
            rv_program_sweep(vm);
    }
    RvValue cache = global("cache");
    for (long i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "a%ld", i);
        RvArray *a = RV_AS_ARRAY(map_get(cache, key));
        cr_assert_eq(RV_AS_INT(a->items[0]), i);
        cr_assert_eq(RV_AS_INT(map_get(a->items[1], "x")), i);
    }
    RvArray *errs = RV_AS_ARRAY(global("errors"));
    cr_assert_eq(errs->len, (uint32_t)n);
    cr_assert_str_eq(RV_AS_STR(RV_AS_ENUM(errs->items[7])->f[0])->data, "e7");
    rv_program_sweep(vm);
    check_program_graph();
    Outcome o = invoke_int("total", 0);
    cr_assert_eq(o.ival, n + n - 1, "total() = %lld (error %d kind %d)", (long long)o.ival,
                 o.is_error, o.ekind);
}
