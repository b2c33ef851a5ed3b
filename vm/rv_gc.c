/* rv_gc.c — the safety net: mark-and-sweep of the invocation heap
 * (DESIGN §5, "a long invocation cannot grow without bound").
 *
 * Allocation sets vm->gc_pending once the invocation heap holds its budget
 * more than what survived the last collection; the dispatch loop then calls
 * rv_gc_safepoint at its next call or loop back-edge. Natives never
 * collect, so C code only has to protect values it holds across an rv_call
 * (argv slots, holders pinned into argv, or rv_push_handle).
 *
 * Mark: objects of the invocation heap reachable from the roots get
 * RV_OF_MARK (program objects are not traversed, except the remembered
 * holders, whose fields are roots). Payload blocks (array items, map
 * entries/index) have no header, so the live ones are collected in a side
 * set. Sweep: mi_heap_visit_blocks lists every block of the invocation
 * heap; a block that is neither a live payload nor a marked object is
 * freed once the walk is over (never during it: freeing can retire the page
 * being walked). The walk relies on mimalloc (>= 2.0; 2.0.9 here) folding
 * a page's local free list in before listing its blocks, so blocks freed
 * earlier with rv_free/realloc are never seen, hence never freed twice.
 * Objects never move.
 */
#include <mimalloc.h>
#include "rv_mem.h"

#define GC_MIN_BUDGET ((size_t)64 << 10)

typedef struct Gc {
    RvVM *vm;
    RvMem *m;
    size_t live;            /* bytes of blocks kept by the sweep */
} Gc;

static void add_payload(void *ctx, void *block)
{
    Gc *gc = ctx;
    rv_pmap_put(&gc->m->payload, block, NULL);
}

/* Mark o if it lives in the invocation heap; program objects are left. */
static RvObj *mark(void *ctx, RvObj *o)
{
    Gc *gc = ctx;
    if (o->heap != RV_HEAP_INVOKE || (o->flags & RV_OF_MARK))
        return o;
    if (!rv_walk_known(o)) {
        gc->m->unsafe = true;
        return o;
    }
    o->flags |= RV_OF_MARK;
    rv_vec_push(&gc->m->stack, o);
    rv_walk_blocks(o, add_payload, gc);
    return o;
}

static void mark_value(Gc *gc, RvValue v)
{
    if (RV_IS_OBJ(v) && v.as.o)
        mark(gc, v.as.o);
}

/* Roots: registers up to the top of the topmost window, the frames'
 * closures, open upvalues, the error in flight, globals, remembered
 * holders and the handle stack. */
static void mark_roots(Gc *gc)
{
    RvVM *vm = gc->vm;
    RvMem *m = gc->m;
    for (RvValue *r = vm->stack, *top = rv_stack_top(vm); r < top; r++)
        mark_value(gc, *r);
    for (int i = 0; i < vm->nframes; i++)
        if (vm->frames[i].cl)
            mark(gc, &vm->frames[i].cl->h);
    for (RvUpval *u = vm->open_upvals; u; u = u->next)
        mark(gc, &u->h);
    mark_value(gc, vm->error);
    for (uint32_t g = 0; g < vm->nglobals; g++)
        mark_value(gc, vm->globals[g]);
    for (size_t i = 0; i < m->holders.n; i++)
        rv_walk_refs(m->holders.p[i], mark, gc);
    for (size_t i = 0; i < m->nhandles; i++)
        mark_value(gc, m->handles[i]);
}

static void mark_all(Gc *gc)
{
    mark_roots(gc);
    RvPtrVec *st = &gc->m->stack;
    while (st->n > 0)
        rv_walk_refs(st->p[--st->n], mark, gc);
}

/* Sweep visitor: keep live payloads and marked objects (clearing the mark),
 * queue everything else. A dead block that merely looks marked survives
 * one more cycle (its fake mark is cleared), which is safe. */
static bool sweep_block(const mi_heap_t *heap, const mi_heap_area_t *area, void *block,
                        size_t block_size, void *arg)
{
    (void)heap;
    (void)area;
    Gc *gc = arg;
    if (block == NULL)
        return true;
    if (rv_pmap_has(&gc->m->payload, block)) {
        gc->live += block_size;
        return true;
    }
    RvObj *o = block;
    if (block_size >= sizeof(RvObj) && (o->flags & RV_OF_MARK) &&
        o->heap == RV_HEAP_INVOKE && o->kind < RV_K__COUNT) {
        o->flags &= (uint8_t)~RV_OF_MARK;
        gc->live += block_size;
        return true;
    }
    rv_vec_push(&gc->m->dead, block);
    return true;
}

/* Clear every mark (used when the sweep is skipped). */
static bool unmark_block(const mi_heap_t *heap, const mi_heap_area_t *area, void *block,
                         size_t block_size, void *arg)
{
    (void)heap;
    (void)area;
    Gc *gc = arg;
    if (block == NULL)
        return true;
    gc->live += block_size;
    if (rv_pmap_has(&gc->m->payload, block))
        return true;
    RvObj *o = block;
    if (block_size >= sizeof(RvObj) && o->heap == RV_HEAP_INVOKE && o->kind < RV_K__COUNT)
        o->flags &= (uint8_t)~RV_OF_MARK;
    return true;
}

/* Next collection once the heap grew by max(budget, live) past live; with a
 * hard limit, no later than halfway between live and the limit. */
static void set_threshold(RvVM *vm, RvMem *m, size_t live)
{
    if (m->budget_min == 0) {           /* stress mode: every safe point */
        vm->gc_threshold = live;
        return;
    }
    size_t budget = m->budget_min > live ? m->budget_min : live;
    size_t t = live + budget;
    if (vm->heap_limit && live < vm->heap_limit) {
        size_t half = live + (vm->heap_limit - live) / 2;
        size_t floor = live + (budget < GC_MIN_BUDGET ? budget : GC_MIN_BUDGET);
        if (t > half)
            t = half > floor ? half : floor;
    }
    vm->gc_threshold = t;
}

/* Collect the invocation heap now. Never throws (aborts if malloc fails). */
void rv_gc_invoke(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    double t0 = rv_mem_now();
    Gc gc = { vm, m, 0 };
    m->unsafe = false;
    mark_all(&gc);
    mi_heap_t *heap = vm->heaps[RV_HEAP_INVOKE];
    if (heap == NULL) {
        /* nothing allocated in this invocation yet */
    } else if (m->unsafe) {
        mi_heap_visit_blocks(heap, true, unmark_block, &gc);
    } else {
        mi_heap_visit_blocks(heap, true, sweep_block, &gc);
        for (size_t i = 0; i < m->dead.n; i++)
            mi_free(m->dead.p[i]);
        m->st.gc_freed_blocks += m->dead.n;
    }
    if (m->dead.cap > ((size_t)1 << 20))
        rv_vec_free(&m->dead);
    m->dead.n = 0;
    rv_pmap_clear(&m->payload);
    vm->heap_bytes[RV_HEAP_INVOKE] = gc.live;
    if (vm->heap_over && vm->heap_limit && gc.live < vm->heap_limit)
        vm->heap_over = false;
    set_threshold(vm, m, gc.live);
    m->st.gc_runs++;
    m->st.gc_seconds += rv_mem_now() - t0;
}

/* Collect if a collection is pending and an invocation is running. Called
 * by the dispatch loop (RV_GC_SAFEPOINT). Never throws. */
void rv_gc_safepoint(RvVM *vm)
{
    vm->gc_pending = false;
    if (vm->invoke_depth == 0)
        return;
    rv_gc_invoke(vm);
}

/* First threshold of an invocation (rv_invoke.c). */
void rv_gc_start(RvVM *vm)
{
    RvMem *m = rv_mem(vm);
    vm->gc_pending = false;
    set_threshold(vm, m, 0);
}
