/* rv_heap.c — the allocation wrapper (DESIGN §5).
 *
 * PROGRAM (protos, constants, symbols, INIT allocations) and INVOKE (one
 * handler invocation, dropped wholesale) are mimalloc heaps, made the first
 * time they are needed. Until the first invocation begins, program blocks
 * come instead from bump chunks: whole pages faulted in with one call, where
 * nothing is freed one by one (INIT values live as long as the VM, and a
 * page fault costs far more than the bytes in it on a microVM). So a cold
 * start touches no mimalloc heap at all. The COMPILE lifetime belongs to
 * the compiler's arena; a target of RV_HEAP_COMPILE means the program heap.
 * Every block is zeroed. Failure raises MemoryError through rv_throw.
 */
#include <stdlib.h>
#include <string.h>
#include <mimalloc.h>
#include "rv_mem.h"

/* The program heap's bump chunks: the first (faulted in whole when made)
 * holds the INIT of a typical handler; later ones double. */
enum { BUMP_FIRST = 32 * 1024, BUMP_MAX = 1024 * 1024 };

/* ------------------------------------------------------------- heaps --- */

/* The heap id an allocation targeting id really lands in. */
static RvHeapId resolve(RvHeapId id)
{
    if ((unsigned)id >= RV_HEAP__COUNT || id == RV_HEAP_COMPILE)
        return RV_HEAP_PROGRAM;
    return id;
}

/* The mimalloc heap of id, made on first use. Aborts the process if
 * mimalloc cannot create it (no VM state to throw through). */
static mi_heap_t *mheap(RvVM *vm, RvHeapId id)
{
    if (vm->heaps[id] == NULL) {
        vm->heaps[id] = mi_heap_new();
        if (vm->heaps[id] == NULL) {
            fputs("ruchy-vm: cannot create memory heap\n", stderr);
            abort();
        }
    }
    return vm->heaps[id];
}

static _Noreturn void out_of_memory(RvVM *vm, size_t n)
{
    rv_throw(vm, RV_E_MEMORY, "out of memory (allocating %zu bytes)", n);
}

/* Enforce vm->heap_limit on the invocation heap. The first overrun throws;
 * later allocations (the error value, unwinding) pass until rv_heap_reset
 * or until a collection brings the heap back under the limit (rv_gc.c), so
 * raising the MemoryError cannot itself run out of memory. */
static void check_limit(RvVM *vm, RvHeapId id, size_t n)
{
    if (id != RV_HEAP_INVOKE || vm->heap_limit == 0 || vm->heap_over)
        return;
    if (vm->heap_bytes[id] + n > vm->heap_limit) {
        vm->heap_over = true;
        rv_throw(vm, RV_E_MEMORY, "memory limit of %zu bytes exceeded", vm->heap_limit);
    }
}

/* Set up the heap state; no memory is taken until the first allocation.
 * Must run first in rv_vm_new, on the thread that will run the VM
 * (mimalloc heaps are thread-local). Never fails. */
void rv_heap_init(RvVM *vm)
{
    memset(vm->heaps, 0, sizeof vm->heaps);
    vm->target = RV_HEAP_PROGRAM;
    vm->allocated = 0;
    memset(vm->heap_bytes, 0, sizeof vm->heap_bytes);
    rv_bump_init(&vm->bump, BUMP_FIRST, BUMP_MAX, true);
    vm->bump_sealed = false;
}

/* Destroy every heap the VM owns, freeing all their blocks at once. Nothing
 * allocated through this wrapper is valid afterwards. Never throws. */
void rv_heap_free(RvVM *vm)
{
    rv_mem_free(vm);
    for (int i = 0; i < RV_HEAP__COUNT; i++) {
        if (vm->heaps[i])
            mi_heap_destroy(vm->heaps[i]);
        vm->heaps[i] = NULL;
        vm->heap_bytes[i] = 0;
    }
    rv_bump_release(&vm->bump);
}

/* Drop every block of heap id and start it afresh (end of an invocation).
 * The caller must have evacuated escaping values first (DESIGN §5). The
 * program heap's bump chunks are kept. */
void rv_heap_reset(RvVM *vm, RvHeapId id)
{
    if (id != RV_HEAP_INVOKE && id != RV_HEAP_PROGRAM)
        return;
    if (vm->heaps[id])
        mi_heap_destroy(vm->heaps[id]);
    vm->heaps[id] = NULL;
    vm->heap_bytes[id] = id == RV_HEAP_PROGRAM ? vm->bump.used : 0;
    if (id == RV_HEAP_INVOKE)
        vm->heap_over = false;
}

/* From the first invocation on, program blocks come from mimalloc (they
 * may be evacuated copies, which the program sweep frees one by one). */
void rv_heap_seal(RvVM *vm)
{
    vm->bump_sealed = true;
}

/* Zeroed block of n bytes in heap id. Throws MemoryError. */
void *rv_alloc_in(RvVM *vm, RvHeapId id, size_t n)
{
    id = resolve(id);
    check_limit(vm, id, n);
    void *p;
    if (id == RV_HEAP_PROGRAM && !vm->bump_sealed)
        p = rv_bump_alloc(&vm->bump, n);
    else
        p = mi_heap_zalloc(mheap(vm, id), n ? n : 1);
    if (p == NULL)
        out_of_memory(vm, n);
    vm->allocated += n;
    vm->heap_bytes[id] += n;
    if (id == RV_HEAP_INVOKE && vm->heap_bytes[id] > vm->gc_threshold)
        vm->gc_pending = true;
    return p;
}

/* Grow or shrink block p (allocated in heap id, or NULL) to n bytes, keeping
 * min(old, n) bytes and zeroing the rest. A bump block moves to a new block
 * (the old one is given back as by rv_free). Throws MemoryError. */
void *rv_realloc_in(RvVM *vm, RvHeapId id, void *p, size_t old, size_t n)
{
    id = resolve(id);
    if (p == NULL)
        return rv_alloc_in(vm, id, n);
    if (id == RV_HEAP_PROGRAM && rv_bump_owns(&vm->bump, p)) {
        void *q = rv_alloc_in(vm, id, n);
        memcpy(q, p, old < n ? old : n);
        rv_bump_free(&vm->bump, p);
        return q;
    }
    if (n > old)
        check_limit(vm, id, n - old);
    void *q = mi_heap_realloc(mheap(vm, id), p, n ? n : 1);
    if (q == NULL)
        out_of_memory(vm, n);
    if (n > old) {
        memset((char *)q + old, 0, n - old);
        vm->allocated += n - old;
        vm->heap_bytes[id] += n - old;
        if (id == RV_HEAP_INVOKE && vm->heap_bytes[id] > vm->gc_threshold)
            vm->gc_pending = true;
    }
    return q;
}

/* Release block p early (optional: heaps are dropped wholesale; a small
 * bump block is kept). p must not belong to a heap that was destroyed
 * since. Never throws. */
void rv_free(RvVM *vm, void *p)
{
    if (p != NULL && !rv_bump_free(&vm->bump, p))
        mi_free(p);
}

/* Zeroed block of n bytes in the current target heap; owned by that heap.
 * Throws MemoryError. */
void *rv_alloc(RvVM *vm, size_t n)
{
    return rv_alloc_in(vm, vm->target, n);
}

/* Object of kind in heap id, header initialised (flags 0, heap recorded). */
RvObj *rv_obj_alloc_in(RvVM *vm, RvHeapId id, int kind, size_t size)
{
    id = resolve(id);
    RvObj *o = rv_alloc_in(vm, id, size < sizeof(RvObj) ? sizeof(RvObj) : size);
    o->kind = (uint8_t)kind;
    o->heap = (uint8_t)id;
    return o;
}

/* Object of kind (size bytes, header set) in the current target heap.
 * Throws MemoryError. */
RvObj *rv_obj_alloc(RvVM *vm, int kind, size_t size)
{
    return rv_obj_alloc_in(vm, vm->target, kind, size);
}

/* Resize payload block p of obj inside obj's own heap (see rv_realloc_in).
 * Throws MemoryError. */
void *rv_obj_realloc(RvVM *vm, RvObj *obj, void *p, size_t old, size_t n)
{
    return rv_realloc_in(vm, (RvHeapId)obj->heap, p, old, n);
}

/* Make id the heap rv_alloc uses (COMPILE maps to PROGRAM); returns the
 * previous target. Never throws. */
RvHeapId rv_heap_target(RvVM *vm, RvHeapId id)
{
    RvHeapId prev = vm->target;
    vm->target = resolve(id);
    return prev;
}

/* Total bytes handed out since rv_heap_init (monotonic). Never throws. */
size_t rv_heap_allocated(RvVM *vm)
{
    return vm->allocated;
}

/* The slow half of the barrier: v lives in the invocation heap and holder
 * is a global slot (holder NULL) or a program-heap object. */
static void remember(RvVM *vm, RvObj *holder, RvValue *slot)
{
    RvMem *m = rv_mem(vm);
    if (holder != NULL) {
        if (holder->flags & RV_OF_REMEMBERED)
            return;
        holder->flags |= RV_OF_REMEMBERED;
        rv_vec_push(&m->holders, holder);
        return;
    }
    if (slot < vm->globals || slot >= vm->globals + vm->nglobals)
        return;                     /* not a global: nothing long-lived */
    size_t g = (size_t)(slot - vm->globals);
    if (g >= m->gseen_cap) {
        size_t cap = m->gseen_cap ? m->gseen_cap : 64;
        while (cap <= g)
            cap *= 2;
        uint8_t *seen = realloc(m->gseen, cap);
        if (!seen)
            abort();
        memset(seen + m->gseen_cap, 0, cap - m->gseen_cap);
        m->gseen = seen;
        m->gseen_cap = cap;
    }
    if (m->gseen[g])
        return;
    if (m->ngidx == m->gidx_cap) {
        size_t cap = m->gidx_cap ? m->gidx_cap * 2 : 16;
        uint32_t *gi = realloc(m->gidx, cap * sizeof *gi);
        if (!gi)
            abort();
        m->gidx = gi;
        m->gidx_cap = cap;
    }
    m->gseen[g] = 1;
    m->gidx[m->ngidx++] = (uint32_t)g;
}

/* Write barrier for RV_STORE: records escapes of invocation values into
 * globals and program-heap holders (by holder, never by slot address:
 * payload blocks move when they grow), and program holders that receive an
 * evacuated value (roots of the program sweep). A store of a program value
 * that was not evacuated, or into an invocation object, costs two
 * compares. Never throws (aborts if malloc fails). */
void rv_barrier(RvVM *vm, RvObj *holder, RvValue *slot, RvValue v)
{
    RvObj *o = v.as.o;
    if (o->heap != RV_HEAP_INVOKE) {
        if ((o->flags & RV_OF_EVACUATED) && holder && holder->heap != RV_HEAP_INVOKE &&
            !(holder->flags & (RV_OF_EVACUATED | RV_OF_PROGROOT)))
            rv_mem_add_proot(rv_mem(vm), holder);
        return;
    }
    if (holder != NULL && holder->heap == RV_HEAP_INVOKE)
        return;
    remember(vm, holder, slot);
}
