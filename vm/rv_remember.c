/* rv_remember.c — the memory manager's bookkeeping: its private state,
 * pointer vectors and maps, the permanent roots of the program sweep, the
 * native handle stack and the statistics.
 *
 * The write barrier itself lives in rv_heap.c next to RV_STORE's other half;
 * it fills RvMem.holders / gidx (this invocation) and RvMem.proots (for
 * good). All storage here is malloc-owned so that it outlives the
 * invocation heap; malloc failure aborts (callers promise never to throw).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mimalloc.h>
#include "rv_mem.h"

#define MAP_MIN_CAP 64u
#define MAP_KEEP_CAP (1u << 16)   /* larger maps are freed when cleared */

static _Noreturn void no_memory(void)
{
    fputs("ruchy-vm: out of memory in the memory manager\n", stderr);
    abort();
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        no_memory();
    return q;
}

/* -------------------------------------------------------------- state --- */

/* The VM's memory manager state, made on first use. Aborts if malloc fails. */
RvMem *rv_mem(RvVM *vm)
{
    if (vm->mem)
        return vm->mem;
    RvMem *m = calloc(1, sizeof *m);
    if (!m)
        no_memory();
    rv_pmap_init(&m->payload, true);
    rv_pmap_init(&m->fwd, false);
    m->budget_min = (size_t)8 << 20;
    m->saved_target = RV_HEAP_PROGRAM;
    vm->mem = m;
    return m;
}

/* Free the state; the heaps themselves are rv_heap_free's. Never throws. */
void rv_mem_free(RvVM *vm)
{
    RvMem *m = vm->mem;
    if (!m)
        return;
    rv_vec_free(&m->holders);
    rv_vec_free(&m->proots);
    rv_vec_free(&m->evacuated);
    rv_vec_free(&m->stack);
    rv_vec_free(&m->dead);
    rv_pmap_free(&m->payload);
    rv_pmap_free(&m->fwd);
    free(m->gidx);
    free(m->gseen);
    free(m->handles);
    free(m);
    vm->mem = NULL;
}

/* ------------------------------------------------------------ vectors --- */

/* Append p, doubling the storage. Aborts if malloc fails. */
void rv_vec_push(RvPtrVec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->p = xrealloc(v->p, v->cap * sizeof *v->p);
    }
    v->p[v->n++] = p;
}

/* Release the storage. Never throws. */
void rv_vec_free(RvPtrVec *v)
{
    free(v->p);
    v->p = NULL;
    v->n = v->cap = 0;
}

/* --------------------------------------------------------------- maps --- */

static inline size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

/* Empty map (a set when is_set). Allocates nothing yet. */
void rv_pmap_init(RvPtrMap *m, bool is_set)
{
    memset(m, 0, sizeof *m);
    m->is_set = is_set;
}

static void pmap_grow(RvPtrMap *m)
{
    RvPtrMap old = *m;
    m->cap = old.cap ? old.cap * 2 : MAP_MIN_CAP;
    m->n = 0;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = m->is_set ? NULL : calloc(m->cap, sizeof *m->vals);
    if (!m->keys || (!m->is_set && !m->vals))
        no_memory();
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            rv_pmap_put(m, old.keys[i], old.vals ? old.vals[i] : NULL);
    free(old.keys);
    free(old.vals);
}

/* Insert or replace key -> val (key non-NULL). Aborts if malloc fails. */
void rv_pmap_put(RvPtrMap *m, void *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap)
        pmap_grow(m);
    size_t mask = m->cap - 1;
    size_t j = ptr_hash(key) & mask;
    while (m->keys[j] && m->keys[j] != key)
        j = (j + 1) & mask;
    if (!m->keys[j]) {
        m->keys[j] = key;
        m->n++;
    }
    if (m->vals)
        m->vals[j] = val;
}

static size_t pmap_find(const RvPtrMap *m, const void *key)
{
    if (m->n == 0)
        return SIZE_MAX;
    size_t mask = m->cap - 1;
    for (size_t j = ptr_hash(key) & mask; m->keys[j]; j = (j + 1) & mask)
        if (m->keys[j] == key)
            return j;
    return SIZE_MAX;
}

/* True when key is in the map. Never throws. */
bool rv_pmap_has(const RvPtrMap *m, const void *key)
{
    return pmap_find(m, key) != SIZE_MAX;
}

/* The value stored for key, NULL when absent. */
void *rv_pmap_get(const RvPtrMap *m, const void *key)
{
    size_t j = pmap_find(m, key);
    return j == SIZE_MAX || !m->vals ? NULL : m->vals[j];
}

/* Empty the map; storage above MAP_KEEP_CAP is given back. Never throws. */
void rv_pmap_clear(RvPtrMap *m)
{
    if (m->n == 0)
        return;
    if (m->cap > MAP_KEEP_CAP) {
        rv_pmap_free(m);
        return;
    }
    memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->n = 0;
}

/* Release the storage (the map stays usable, empty). Never throws. */
void rv_pmap_free(RvPtrMap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = m->vals = NULL;
    m->n = m->cap = 0;
}

/* ---------------------------------------------------- permanent roots --- */

/* Record holder as a root of the program sweep (once). Never throws. */
void rv_mem_add_proot(RvMem *m, RvObj *holder)
{
    if (holder->flags & (RV_OF_PROGROOT | RV_OF_EVACUATED))
        return;
    holder->flags |= RV_OF_PROGROOT;
    rv_vec_push(&m->proots, holder);
}

/* ------------------------------------------------------------ handles --- */

/* Keep v alive across calls into Ruchy code until popped. Aborts if
 * malloc fails. */
void rv_push_handle(RvVM *vm, RvValue v)
{
    RvMem *m = rv_mem(vm);
    if (m->nhandles == m->hcap) {
        m->hcap = m->hcap ? m->hcap * 2 : 64;
        m->handles = xrealloc(m->handles, m->hcap * sizeof *m->handles);
    }
    m->handles[m->nhandles++] = v;
}

/* Drop the n most recent handles (fewer if there are fewer). Never throws. */
void rv_pop_handles(RvVM *vm, size_t n)
{
    RvMem *m = rv_mem(vm);
    m->nhandles = n > m->nhandles ? 0 : m->nhandles - n;
}

/* Number of handles pushed and not popped. Never throws. */
size_t rv_handle_count(RvVM *vm)
{
    return vm->mem ? vm->mem->nhandles : 0;
}

/* --------------------------------------------------------------- misc --- */

/* Monotonic clock in seconds. */
double rv_mem_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Copy the counters into *out (current sizes filled in). Never throws. */
void rv_mem_stats(RvVM *vm, RvMemStats *out)
{
    RvMem *m = rv_mem(vm);
    *out = m->st;
    out->invoke_bytes = vm->heap_bytes[RV_HEAP_INVOKE];
    out->program_bytes = vm->heap_bytes[RV_HEAP_PROGRAM];
    out->evac_live = m->evacuated.n;
}

/* Collect the invocation heap at the next safe point. Never throws. */
void rv_gc_request(RvVM *vm)
{
    vm->gc_pending = true;
}

/* Smallest collection budget (bytes); applies from the next collection
 * or invocation. Never throws. */
void rv_set_gc_budget(RvVM *vm, size_t bytes)
{
    RvMem *m = rv_mem(vm);
    m->budget_min = bytes;
    if (vm->invoke_depth > 0)
        vm->gc_threshold = vm->heap_bytes[RV_HEAP_INVOKE] + m->budget_min;
}
