/* rv_heap.h — the one allocation wrapper and the one store barrier.
 *
 * Three lifetimes (DESIGN §5):
 *   RV_HEAP_COMPILE    tokens/AST (the compiler's RcArena; not used by the VM)
 *   RV_HEAP_PROGRAM    protos, constants, symbols, globals, INIT allocations
 *                      (bump chunks until the first invocation, then mimalloc)
 *   RV_HEAP_INVOKE     one handler invocation (a mimalloc heap); dropped
 *                      wholesale afterwards
 * rv_alloc allocates in the VM's current target heap. Every store of a value
 * into an object, a global or an upvalue goes through RV_STORE, which is where
 * the escape write barrier lives.
 */
#ifndef RV_HEAP_H
#define RV_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include "rv_value.h"

struct RvVM;

typedef enum {
    RV_HEAP_COMPILE = 0,
    RV_HEAP_PROGRAM = 1,
    RV_HEAP_INVOKE = 2,
    RV_HEAP__COUNT
} RvHeapId;

/* Allocate n bytes (zeroed) in the current target heap. Raises MemoryError
 * (rv_throw) when the allocation fails or the hard limit is passed. */
void *rv_alloc(struct RvVM *vm, size_t n);

/* Allocate an object of kind with total size bytes (header included, zeroed,
 * header initialised) in the current target heap. Throws MemoryError. */
RvObj *rv_obj_alloc(struct RvVM *vm, int kind, size_t size);

/* Grow or allocate a payload block owned by obj, in obj's heap. p may be
 * NULL. Contents up to min(old, n) kept; the rest zeroed. Throws MemoryError. */
void *rv_obj_realloc(struct RvVM *vm, RvObj *obj, void *p, size_t old, size_t n);

/* Explicit-heap variants (program-heap tables, symbols, builtins): the same
 * contracts as rv_alloc / rv_obj_alloc, in heap id instead of the target.
 * rv_realloc_in resizes a non-object block p (or NULL) living in heap id,
 * keeping min(old, n) bytes and zeroing the rest. All throw MemoryError. */
void *rv_alloc_in(struct RvVM *vm, RvHeapId id, size_t n);
RvObj *rv_obj_alloc_in(struct RvVM *vm, RvHeapId id, int kind, size_t size);
void *rv_realloc_in(struct RvVM *vm, RvHeapId id, void *p, size_t old, size_t n);
/* Give a block back early (optional; heaps are dropped wholesale). p must
 * still be live. Never throws. */
void rv_free(struct RvVM *vm, void *p);

/* Whole zeroed pages straight from the OS (mmap): with populate, all of them
 * are faulted in by this one call, which on a microVM costs a fraction of
 * touching them one by one. NULL when the OS refuses. Release with
 * rv_pages_unmap(p, bytes). Never throws. (rv_bump.c) */
void *rv_pages_map(size_t bytes, bool populate);
void rv_pages_unmap(void *p, size_t bytes);

/* A bump allocator over chunks of fresh pages (rv_bump.c): blocks are
 * 16-byte aligned and zero, and are not reused one by one. Used for the
 * program heap's INIT blocks and for the compiler's arena. */
typedef struct RvBumpChunk RvBumpChunk;
typedef struct RvBump {
    RvBumpChunk *head;      /* current chunk; the others behind it */
    size_t used;            /* bytes handed out and not given back */
    size_t next_size;       /* data bytes of the next chunk (doubling) */
    size_t max_size;        /* ... up to this */
    bool populate_first;    /* fault the first chunk in when it is made */
} RvBump;

/* An empty allocator whose first chunk has first bytes; chunks double up to
 * max bytes. Takes no memory yet. */
void rv_bump_init(RvBump *b, size_t first, size_t max, bool populate_first);
/* n zero bytes from b; a block larger than half a chunk gets a chunk of its
 * own. NULL when the OS refuses memory. Never throws. */
void *rv_bump_alloc(RvBump *b, size_t n);
/* Does p lie in one of b's chunks? */
bool rv_bump_owns(RvBump *b, const void *p);
/* Give back block p of b: a block with a chunk of its own is unmapped, any
 * other stays until b is reset or released. False when p is not b's. */
bool rv_bump_free(RvBump *b, void *p);
/* Forget every block: the oldest ordinary chunk is cleared (only its used
 * part is written) and kept for reuse, the other chunks are unmapped. */
void rv_bump_reset(RvBump *b);
/* Unmap every chunk; b is empty afterwards. */
void rv_bump_release(RvBump *b);

/* Select the heap rv_alloc allocates in; returns the previous one. */
RvHeapId rv_heap_target(struct RvVM *vm, RvHeapId id);

/* Bytes allocated through this wrapper since the VM was created (tests). */
size_t rv_heap_allocated(struct RvVM *vm);

/* The write barrier: called for every store of an object v into a slot
 * owned by holder (holder NULL for a global slot). While an invocation runs,
 * a store of an invocation-heap value into a global or a program-heap holder
 * records the global's index or the HOLDER (never the slot address: payload
 * blocks move when arrays and maps grow); rv_invoke_end evacuates what they
 * reach (DESIGN §5). Stores into invocation objects cost one compare.
 * Never throws (aborts if malloc fails). */
void rv_barrier(struct RvVM *vm, RvObj *holder, RvValue *slot, RvValue v);

/* Store v into *slot, owned by holder (an object, or NULL for globals). The
 * only way stores into objects, globals and upvalues are written. */
#define RV_STORE(vm, holder, slot, v) do {                 \
        RvValue rv_store_v_ = (v);                         \
        *(slot) = rv_store_v_;                             \
        if (RV_IS_OBJ(rv_store_v_))                        \
            rv_barrier((vm), (RvObj *)(holder), (slot), rv_store_v_); \
    } while (0)

#endif
