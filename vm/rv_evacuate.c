/* rv_evacuate.c — the program heap's side of invocations (DESIGN §5):
 * evacuation of escaped values at the end of an invocation, and the sweep
 * that frees evacuated values nothing refers to any more.
 *
 * The write barrier (rv_heap.c) remembered every global slot and every
 * program-heap holder that received an invocation value. When the
 * invocation ends no frame is running, so those are the only ways into the
 * invocation heap that survive it. Evacuation is a Cheney-style copy:
 * each invocation object reached from them gets one copy in the program
 * heap (a forwarding table keeps shared references shared and cycles
 * cyclic), copies are scanned in turn, and the holders' fields are
 * rewritten to point at the copies. Work is proportional to what escaped;
 * an invocation that stored nothing long-lived skips all of it.
 */
#include <string.h>
#include <mimalloc.h>
#include "rv_mem.h"

#define PROG_SWEEP_MIN ((size_t)1 << 20)   /* no sweep below 1 MiB of growth */

typedef struct Evac {
    RvVM *vm;
    RvMem *m;
} Evac;

/* The copy of o (made on first sight); program objects are returned as is. */
static RvObj *forward(void *ctx, RvObj *o)
{
    Evac *ev = ctx;
    if (o->heap != RV_HEAP_INVOKE)
        return o;
    RvObj *c = rv_pmap_get(&ev->m->fwd, o);
    if (c)
        return c;
    c = rv_walk_copy(ev->vm, o);
    rv_pmap_put(&ev->m->fwd, o, c);
    rv_vec_push(&ev->m->stack, c);
    rv_vec_push(&ev->m->evacuated, c);
    ev->m->st.evac_objects++;
    return c;
}

/* Scan copies until none is left unscanned. */
static void drain(Evac *ev)
{
    RvPtrVec *q = &ev->m->stack;
    while (q->n > 0) {
        RvObj *c = q->p[--q->n];
        rv_walk_refs(c, forward, ev);
    }
}

/* Fix the remembered globals and holders; holders that are not themselves
 * evacuated copies become permanent roots of the program sweep. */
static void fix_roots(Evac *ev)
{
    RvVM *vm = ev->vm;
    RvMem *m = ev->m;
    for (size_t i = 0; i < m->ngidx; i++) {
        uint32_t g = m->gidx[i];
        m->gseen[g] = 0;
        if (g < vm->nglobals && RV_IS_OBJ(vm->globals[g]))
            vm->globals[g].as.o = forward(ev, vm->globals[g].as.o);
        drain(ev);
    }
    m->ngidx = 0;
    for (size_t i = 0; i < m->holders.n; i++) {
        RvObj *h = m->holders.p[i];
        h->flags &= (uint8_t)~RV_OF_REMEMBERED;
        rv_walk_refs(h, forward, ev);
        drain(ev);
        rv_mem_add_proot(m, h);
    }
    m->holders.n = 0;
}

/* Evacuate what the remembered set reaches; see the file comment. Throws
 * MemoryError only if the program heap cannot grow (no protected boundary
 * is active then, so the process aborts with a message). */
void rv_evacuate(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    if (m->ngidx == 0 && m->holders.n == 0)
        return;
    size_t before = vm->heap_bytes[RV_HEAP_PROGRAM];
    Evac ev = { vm, m };
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    fix_roots(&ev);
    rv_heap_target(vm, old);
    rv_pmap_clear(&m->fwd);
    m->stack.n = 0;
    m->st.evac_bytes += vm->heap_bytes[RV_HEAP_PROGRAM] - before;
}

/* ------------------------------------------------------ program sweep --- *
 * Only evacuated objects are ever freed: everything else in the program
 * heap (INIT values, protos, symbols, builtins, tables made by other
 * modules) is assumed live, so unknown roots can never be broken. An
 * evacuated object is live when it is reachable from a global or from a
 * permanent root: a non-evacuated program object that once received an
 * invocation value or an evacuated value (the barrier records those). The
 * stack is empty between invocations, so nothing else can refer to one.
 */

/* Mark evacuated objects; the rest of the program heap is not traversed. */
static RvObj *pmark(void *ctx, RvObj *o)
{
    RvMem *m = ctx;
    if ((o->flags & (RV_OF_EVACUATED | RV_OF_MARK)) == RV_OF_EVACUATED) {
        o->flags |= RV_OF_MARK;
        rv_vec_push(&m->stack, o);
    }
    return o;
}

static void pmark_roots(RvVM *vm, RvMem *m)
{
    for (uint32_t g = 0; g < vm->nglobals; g++)
        if (RV_IS_OBJ(vm->globals[g]) && vm->globals[g].as.o)
            pmark(m, vm->globals[g].as.o);
    for (size_t i = 0; i < m->proots.n; i++)
        rv_walk_refs(m->proots.p[i], pmark, m);
    while (m->stack.n > 0)
        rv_walk_refs(m->stack.p[--m->stack.n], pmark, m);
}

static void free_block(void *ctx, void *block)
{
    rv_free(ctx, block);
}

/* Live bytes of heap id: the used blocks of every page. */
static bool area_bytes(const mi_heap_t *heap, const mi_heap_area_t *area, void *block,
                       size_t block_size, void *arg)
{
    (void)heap;
    (void)block;
    (void)block_size;
    *(size_t *)arg += area->used * area->block_size;
    return true;
}

/* Free unreachable evacuated objects now. Only between invocations (no
 * frame running); otherwise does nothing. Never throws. */
void rv_gc_program(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    if (vm->invoke_depth > 0 || vm->nframes > 0)
        return;
    pmark_roots(vm, m);
    size_t keep = 0;
    for (size_t i = 0; i < m->evacuated.n; i++) {
        RvObj *o = m->evacuated.p[i];
        if (o->flags & RV_OF_MARK) {
            o->flags &= (uint8_t)~RV_OF_MARK;
            m->evacuated.p[keep++] = o;
            continue;
        }
        rv_walk_blocks(o, free_block, vm);
        rv_free(vm, o);
        m->st.prog_freed++;
    }
    m->evacuated.n = keep;
    m->st.prog_sweeps++;
    size_t live = vm->bump.used;
    if (vm->heaps[RV_HEAP_PROGRAM] != NULL)
        mi_heap_visit_blocks(vm->heaps[RV_HEAP_PROGRAM], false, area_bytes, &live);
    m->prog_live = live;
    m->prog_mark = vm->heap_bytes[RV_HEAP_PROGRAM];
}

/* Sweep when the program heap allocated at least as much as was live after
 * the last sweep (it "doubled"), and at least PROG_SWEEP_MIN. */
void rv_gc_program_maybe(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    size_t grown = vm->heap_bytes[RV_HEAP_PROGRAM] - m->prog_mark;
    if (grown < PROG_SWEEP_MIN || grown < m->prog_live)
        return;
    if (m->evacuated.n == 0) {
        m->prog_mark = vm->heap_bytes[RV_HEAP_PROGRAM];
        return;
    }
    rv_gc_program(vm);
}

/* Public form of rv_gc_program. Never throws. */
void rv_program_sweep(RvVM *vm)
{
    rv_gc_program(vm);
}
