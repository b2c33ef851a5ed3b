/* arena_bench.c — what per-invocation arenas cost (issue 3, DESIGN §5).
 *
 *   begin/end          rv_invoke_begin + rv_invoke_end, nothing allocated
 *   invoke, no escape  a handler building a ~10 KB value and dropping it
 *   invoke, escape     the same handler storing it into a global map, so
 *                      each end evacuates it (and the program heap is swept
 *                      whenever it doubles)
 *   garbage loop       one invocation making 10 million temporary strings:
 *                      share of its time spent in the safety-net collector
 *
 * Each case runs ROUNDS batches and prints the median per invocation.
 * Usage: arena_bench [rounds]   (needs the dispatch loop's safe points for
 * the collector numbers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rc.h"
#include "rs.h"
#include "rv.h"

#define BATCH 2000

static const char *src =
    "let cache = {}\n"
    "fun build(n) {\n"
    "  let mut items = []\n"
    "  let mut i = 0\n"
    "  while i < 40 { items.push({\"id\": i, \"name\": \"name-\" + i.to_string()}); i += 1 }\n"
    "  {\"n\": n, \"items\": items}\n"
    "}\n"
    "fun keep(n) { cache[\"last\"] = build(n)\n n }\n"
    "fun drop(n) { let v = build(n)\n n }\n"
    "fun churn(n) {\n"
    "  let mut i = 0\n"
    "  let mut total = 0\n"
    "  while i < n { let s = \"item-\" + i.to_string()\n total += s.len()\n i += 1 }\n"
    "  total\n"
    "}\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static RvVM *load(void)
{
    rv_set_stdlib_init(rs_register_all);
    RvVM *vm = rv_vm_new();
    RcDiags d;
    rc_diags_init(&d, "bench.ruchy", src);
    RvProto *chunk = rc_compile(vm, "bench.ruchy", src, strlen(src), &d);
    if (!chunk) {
        rc_diags_print(&d, stderr);
        exit(1);
    }
    rc_diags_free(&d);
    RvValue err;
    if (rv_run_main(vm, chunk, &err)) {
        rv_error_print(vm, err, stderr);
        exit(1);
    }
    return vm;
}

static RvValue global(RvVM *vm, const char *name)
{
    RvValue v;
    if (!rv_global_get(vm, name, &v)) {
        fprintf(stderr, "no global %s\n", name);
        exit(1);
    }
    return v;
}

/* Median ns per begin/end pair. */
static double bench_empty(RvVM *vm, int rounds)
{
    double *t = calloc((size_t)rounds, sizeof *t);
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < BATCH; i++) {
            rv_invoke_begin(vm);
            rv_invoke_end(vm);
        }
        t[r] = (now() - t0) / BATCH * 1e9;
    }
    double m = median(t, rounds);
    free(t);
    return m;
}

/* Median ns per whole invocation of fn(i). */
static double bench_call(RvVM *vm, RvValue fn, int rounds)
{
    double *t = calloc((size_t)rounds, sizeof *t);
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < BATCH; i++) {
            RvValue a = RV_INT(i);
            if (rv_invoke(vm, fn, 1, &a, NULL, NULL)) {
                fputs("handler failed\n", stderr);
                exit(1);
            }
        }
        t[r] = (now() - t0) / BATCH * 1e9;
    }
    double m = median(t, rounds);
    free(t);
    return m;
}

static void bench_garbage(RvVM *vm)
{
    RvMemStats a, b;
    rv_mem_stats(vm, &a);
    RvValue n = RV_INT(5000000);
    double t0 = now();
    rv_invoke(vm, global(vm, "churn"), 1, &n, NULL, NULL);
    double dt = now() - t0;
    rv_mem_stats(vm, &b);
    double gc = b.gc_seconds - a.gc_seconds;
    printf("garbage loop (10M strings)  %8.3f s total, %zu collections, %.3f s collecting "
           "(%.1f%%)\n", dt, b.gc_runs - a.gc_runs, gc, dt > 0 ? 100.0 * gc / dt : 0.0);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 21;
    if (rounds < 1)
        rounds = 1;
    RvVM *vm = load();
    RvMemStats a, b;
    printf("arena_bench: median of %d batches of %d invocations\n", rounds, BATCH);
    printf("begin/end, nothing at all   %8.0f ns\n", bench_empty(vm, rounds));
    double drop = bench_call(vm, global(vm, "drop"), rounds);
    rv_mem_stats(vm, &a);
    double keep = bench_call(vm, global(vm, "keep"), rounds);
    rv_mem_stats(vm, &b);
    size_t n = b.invocations - a.invocations;
    printf("invoke, ~10 KB, no escape   %8.0f ns\n", drop);
    printf("invoke, ~10 KB escaping     %8.0f ns  (+%.0f ns; %zu bytes, %zu objects "
           "evacuated per invocation; %zu program sweeps)\n", keep, keep - drop,
           n ? (b.evac_bytes - a.evac_bytes) / n : 0, n ? (b.evac_objects - a.evac_objects) / n : 0,
           b.prog_sweeps - a.prog_sweeps);
    bench_garbage(vm);
    rv_vm_free(vm);
    return 0;
}
