/* rv_invoke.c — invocations: the unit of memory lifetime (DESIGN §5).
 *
 *   rv_invoke_begin   the invocation heap becomes the allocation target
 *   rv_invoke         protected call; the consumer sees the result alive
 *   rv_invoke_end     evacuate escapes, drop the invocation heap, maybe
 *                     sweep the program heap
 *
 * The runtime builds the event between begin and rv_invoke (so it lives in
 * the invocation heap) and serialises the result inside the consumer. INIT
 * (rv_run_main) runs outside any invocation, in the program heap.
 *
 * Hard limit of the invocation heap, read on the first begin:
 *   RUCHY_MEMORY_LIMIT_MB=N         N MiB (0 = no limit)
 *   AWS_LAMBDA_FUNCTION_MEMORY_SIZE=N  3/4 of N MiB (the rest is left to the
 *                                   program heap, the VM stack, the binary
 *                                   and the runtime's buffers)
 *   neither                         768 MiB (as for a 1024 MiB function)
 */
#include <stdlib.h>
#include <string.h>
#include "rv_mem.h"

#define DEFAULT_FUNCTION_MB 1024u
#define MIB ((size_t)1 << 20)

/* Non-negative integer (decimal digits only) from environment variable
 * name; false when unset, malformed or over SIZE_MAX >> 20. */
static bool env_mb(const char *name, size_t *out)
{
    const char *s = getenv(name);
    uint64_t v;
    if (!s || !rv_parse_uint(s, SIZE_MAX >> 20, &v))
        return false;
    *out = (size_t)v;
    return true;
}

/* The documented limit (bytes, 0 = none) from the environment. */
static size_t limit_from_env(void)
{
    size_t mb;
    if (env_mb("RUCHY_MEMORY_LIMIT_MB", &mb))
        return mb * MIB;
    if (!env_mb("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &mb) || mb == 0)
        mb = DEFAULT_FUNCTION_MB;
    return mb * MIB / 4 * 3;
}

/* Hard limit in bytes (0 = none); the environment is read on first use. */
size_t rv_memory_limit(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    if (!m->limit_read) {
        vm->heap_limit = limit_from_env();
        m->limit_read = true;
    }
    return vm->heap_limit;
}

/* Override the hard limit (bytes, 0 = none). Never throws. */
void rv_set_memory_limit(RvVM *vm, size_t bytes)
{
    rv_mem(vm)->limit_read = true;
    vm->heap_limit = bytes;
}

/* True between rv_invoke_begin and rv_invoke_end. Never throws. */
bool rv_in_invoke(RvVM *vm)
{
    return vm->invoke_depth > 0;
}

/* Evacuation needs an empty stack: registers are not remembered. */
static void require_no_frames(RvVM *vm, const char *what)
{
    if (vm->nframes > 0) {
        fprintf(stderr, "ruchy-vm: %s called while Ruchy code is running\n", what);
        abort();
    }
}

/* Begin an invocation (see rv.h). Aborts (a bug of the embedder) when
 * called at depth 0 from inside Ruchy code. Never throws. */
void rv_invoke_begin(RvVM *vm)
{
    if (vm->invoke_depth++ > 0)
        return;
    require_no_frames(vm, "rv_invoke_begin");
    rv_heap_seal(vm);
    RvMem *m = rv_mem(vm);
    rv_memory_limit(vm);
    m->saved_target = rv_heap_target(vm, RV_HEAP_INVOKE);
    m->hbase = m->nhandles;
    vm->heap_over = false;
    rv_gc_start(vm);
}

typedef struct Consume {
    RvInvokeConsumer consumer;
    RvValue v;
    int is_error;
    void *ud;
} Consume;

static void consume_body(RvVM *vm, void *ud)
{
    Consume *c = ud;
    c->consumer(vm, c->v, c->is_error, c->ud);
}

/* Run consumer(v, is_error) under a protected boundary. Returns 0, or 1
 * with the error it threw in *err. */
static int protect(RvVM *vm, RvInvokeConsumer consumer, RvValue v, int is_error,
                   void *ud, RvValue *err)
{
    Consume c = { consumer, v, is_error, ud };
    return rv_protect(vm, consume_body, &c, err);
}

/* Hand res to the consumer (kept alive by a handle, since the consumer may
 * run Ruchy code); a consumer that throws gets its error once. Returns 1
 * when the consumer failed. */
static int deliver(RvVM *vm, RvInvokeConsumer consumer, RvValue res, int is_error, void *ud)
{
    RvValue err;
    rv_push_handle(vm, res);
    int failed = protect(vm, consumer, res, is_error, ud, &err);
    if (failed) {
        RvValue err2;
        rv_push_handle(vm, err);
        protect(vm, consumer, err, 1, ud, &err2);
        rv_pop_handles(vm, 1);
    }
    rv_pop_handles(vm, 1);
    return failed;
}

/* Protected call of fn inside an invocation (see rv.h). Never throws. */
int rv_invoke(RvVM *vm, RvValue fn, int argc, const RvValue *argv,
              RvInvokeConsumer consumer, void *ud)
{
    bool own = vm->invoke_depth == 0;
    if (own)
        rv_invoke_begin(vm);
    RvValue res;
    int rc = rv_pcall(vm, fn, argc, argv, &res);
    if (consumer && deliver(vm, consumer, res, rc, ud))
        rc = 1;
    if (own)
        rv_invoke_end(vm);
    return rc;
}

/* End the invocation (see rv.h). Never throws. */
void rv_invoke_end(RvVM *vm)
{
    if (vm->invoke_depth == 0 || --vm->invoke_depth > 0)
        return;
    require_no_frames(vm, "rv_invoke_end");
    RvMem *m = rv_mem(vm);
    vm->error = RV_NIL;
    if (m->nhandles > m->hbase)
        m->nhandles = m->hbase;
    rv_evacuate(vm);
    rv_heap_reset(vm, RV_HEAP_INVOKE);
    rv_heap_target(vm, m->saved_target);
    vm->gc_pending = false;
    m->st.invocations++;
    rv_gc_program_maybe(vm);
}
