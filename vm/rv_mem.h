/* rv_mem.h — private state of the invocation memory manager (DESIGN §5):
 * the remembered set, the native handle stack, the evacuation registry and
 * the scratch tables of the collectors. Private to vm/ (rv_invoke.c,
 * rv_remember.c, rv_walk.c, rv_evacuate.c, rv_gc.c, rv_gc_program.c).
 *
 * Everything here is malloc-owned, outside the value heaps, so that it
 * survives mi_heap_destroy of the invocation heap. Running out of malloc
 * memory for these tables aborts the process with a message: the barrier
 * and the collectors are documented never to throw.
 */
#ifndef RV_MEM_H
#define RV_MEM_H

#include <stddef.h>
#include <stdint.h>
#include "rv_vm.h"

/* Growable vector of pointers. */
typedef struct RvPtrVec {
    void **p;
    size_t n, cap;
} RvPtrVec;

/* Open-addressing pointer -> pointer map (vals NULL: a set). */
typedef struct RvPtrMap {
    void **keys;
    void **vals;
    size_t n, cap;          /* cap: power of two or 0 */
    bool is_set;
} RvPtrMap;

struct RvMem {
    /* --- remembered set of the running invocation --- */
    RvPtrVec holders;       /* program-heap objects that got invocation values */
    uint32_t *gidx;         /* remembered global slots */
    size_t ngidx, gidx_cap;
    uint8_t *gseen;         /* per global slot: already in gidx */
    size_t gseen_cap;

    /* --- program heap bookkeeping (between invocations) --- */
    RvPtrVec proots;        /* non-evacuated program objects holding escapes */
    RvPtrVec evacuated;     /* every object evacuation created and still alive */
    size_t prog_mark;       /* heap_bytes[PROGRAM] right after the last sweep */
    size_t prog_live;       /* bytes live in the program heap after it */

    /* --- native handle stack --- */
    RvValue *handles;
    size_t nhandles, hcap;
    size_t hbase;           /* depth when the invocation began */

    /* --- scratch --- */
    RvPtrVec stack;         /* mark stack / evacuation queue */
    RvPtrVec dead;          /* blocks to free after a heap walk */
    RvPtrMap payload;       /* live payload blocks (invocation GC) */
    RvPtrMap fwd;           /* old -> new (evacuation) */
    bool unsafe;            /* a block kind the sweep cannot account for */

    /* --- configuration --- */
    bool limit_read;        /* heap_limit taken from the environment */
    size_t budget_min;      /* smallest collection budget */
    RvHeapId saved_target;

    RvMemStats st;
};

typedef struct RvMem RvMem;

/* Flag bits of RvObj.flags owned by the memory manager (rv_value.h owns
 * bits 0..2). */
enum {
    RV_OF_REMEMBERED = 1u << 5,  /* program holder in this invocation's set */
    RV_OF_EVACUATED  = 1u << 6,  /* made by evacuation; program-sweep candidate */
    RV_OF_PROGROOT   = 1u << 7   /* in RvMem.proots */
};

/* The VM's memory manager state, created on first use. Aborts when malloc
 * fails. */
RvMem *rv_mem(RvVM *vm);
/* Free the state (rv_heap_free calls it). Never throws. */
void rv_mem_free(RvVM *vm);

/* Vectors and maps: abort on malloc failure, never throw. */
void rv_vec_push(RvPtrVec *v, void *p);
void rv_vec_free(RvPtrVec *v);
void rv_pmap_init(RvPtrMap *m, bool is_set);
void rv_pmap_put(RvPtrMap *m, void *key, void *val);
bool rv_pmap_has(const RvPtrMap *m, const void *key);
void *rv_pmap_get(const RvPtrMap *m, const void *key);
/* Empty the map, keeping its storage unless it grew large. */
void rv_pmap_clear(RvPtrMap *m);
void rv_pmap_free(RvPtrMap *m);

/* Record holder (a non-evacuated program object) as a permanent root of
 * the program sweep. Never throws. */
void rv_mem_add_proot(RvMem *m, RvObj *holder);

/* ---------------------------------------------------- object walking --- */

/* Called for every object reference of an object; returns the reference
 * to store back (the same pointer, or a forwarded copy). */
typedef RvObj *(*RvRefFn)(void *ctx, RvObj *o);
/* Called for every separately allocated payload block of an object. */
typedef void (*RvBlockFn)(void *ctx, void *block);

/* Visit every object reference held by o (values and typed pointers),
 * writing fn's result back. Never throws. (rv_walk.c) */
void rv_walk_refs(RvObj *o, RvRefFn fn, void *ctx);
/* Visit o's payload blocks (array items, map entries/index, type and proto
 * tables). Never throws. */
void rv_walk_blocks(RvObj *o, RvBlockFn fn, void *ctx);
/* Copy o into the program heap: object and payload blocks duplicated,
 * references still pointing at the originals. Throws MemoryError only if
 * mimalloc fails (the program heap has no limit). */
RvObj *rv_walk_copy(RvVM *vm, RvObj *o);
/* True when kind is a kind the collectors know. */
bool rv_walk_known(const RvObj *o);

/* ------------------------------------------------------- collectors --- */

/* Evacuate everything the remembered set reaches in the invocation heap
 * into the program heap, fix the holders, clear the set. (rv_evacuate.c) */
void rv_evacuate(RvVM *vm);
/* Mark-and-sweep of the invocation heap now (rv_gc.c). Only at a safe
 * point or from C outside any native. Never throws. */
void rv_gc_invoke(RvVM *vm);
/* Arm the collector for a new invocation (threshold from the budget). */
void rv_gc_start(RvVM *vm);
/* Free evacuated objects no longer reachable from the globals and the
 * permanent roots. Only between invocations. (rv_gc_program.c) */
void rv_gc_program(RvVM *vm);
/* Sweep the program heap if it doubled since the last sweep. */
void rv_gc_program_maybe(RvVM *vm);

/* Monotonic clock in seconds. */
double rv_mem_now(void);

#endif
