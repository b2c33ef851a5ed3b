/* rv_vm.h — the VM state (private to vm/). Other directories see RvVM as an
 * opaque type through rv.h.
 */
#ifndef RV_VM_H
#define RV_VM_H

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include "rv.h"

struct mi_heap_s;

/* Limits, with the reason attached. */
#define RV_STACK_SLOTS   (1u << 20)  /* 16 MiB of registers, reserved once, never moves */
#define RV_MAX_FRAMES    100000      /* deeper recursion is a RecursionError */
#define RV_MAX_NATIVE_REENTRY 200    /* native -> VM -> native nesting (C stack bound) */

/* One activation record. */
typedef struct RvFrame {
    RvClosure *cl;          /* NULL for a native frame */
    const uint32_t *pc;     /* saved pc (next instruction) when not running */
    RvValue *base;          /* register window R[0] */
    RvValue *ret;           /* where the result goes */
    uint32_t flags;         /* RV_FR_* */
    uint32_t nargs;         /* arguments actually passed (ARGJMP) */
} RvFrame;

enum { RV_FR_REENTRY = 1u << 0 };   /* returning from this frame leaves rv_execute */

/* A protected-call boundary (rv_pcall, try blocks). */
typedef struct RvJmp {
    jmp_buf jb;
    struct RvJmp *prev;
    int nframes;            /* frame depth to unwind to */
    int reentry;            /* native re-entry depth to restore */
    RvValue *top;           /* stack top at the boundary */
} RvJmp;

/* Symbol table: interned strings with ids. */
typedef struct RvSymTab {
    RvStr **strs;           /* by id */
    uint32_t n, cap;
    int32_t *index;         /* open addressing over ids, -1 empty */
    uint32_t icap;          /* power of two */
} RvSymTab;

/* Method table of one receiver class: sym -> native (open addressing). */
typedef struct RvMethodTab {
    uint32_t *syms;         /* UINT32_MAX = empty */
    RvNative **fns;
    uint32_t n, cap;        /* cap power of two */
} RvMethodTab;

struct RvVM {
    /* heaps */
    struct mi_heap_s *heaps[RV_HEAP__COUNT];
    RvHeapId target;
    size_t allocated;
    size_t heap_bytes[RV_HEAP__COUNT];  /* bytes allocated in each heap since it was (re)created */
    RvBump bump;            /* INIT allocations of the program heap (rv_heap.c) */
    bool bump_sealed;       /* an invocation began: program blocks come from mimalloc */
    size_t heap_limit;      /* hard limit on heap_bytes[RV_HEAP_INVOKE]; 0 = none */
    bool heap_over;         /* limit tripped: allocations pass until rv_heap_reset */
    /* invocation memory (rv_invoke.c, rv_gc.c, rv_evacuate.c; DESIGN §5) */
    struct RvMem *mem;      /* memory manager state (malloc-owned, lazily made) */
    int invoke_depth;       /* > 0 between rv_invoke_begin and rv_invoke_end */
    bool gc_pending;        /* invocation heap past its budget: collect at the next safe point */
    volatile sig_atomic_t interrupt;   /* RV_INTR_* bits, set by rv_interrupt */
    size_t gc_threshold;    /* heap_bytes[RV_HEAP_INVOKE] that sets gc_pending */

    /* execution */
    RvValue *stack;         /* RV_STACK_SLOTS registers, never reallocated */
    RvValue *stack_end;
    RvFrame *frames;        /* RV_MAX_FRAMES */
    int nframes;
    RvUpval *open_upvals;
    RvJmp *jmp;             /* innermost protected boundary */
    int reentry;            /* native -> VM nesting depth */
    RvValue error;          /* error in flight during a longjmp */
    struct RvHandler *handlers;   /* try handlers, innermost last (rv_try.c) */
    int nhandlers, caphandlers;
    struct RvTryLevel *try_top;   /* innermost try boundary (rv_try.c) */

    /* program */
    RvValue *globals;
    RvStr **global_names;
    uint32_t nglobals, globals_cap;

    RvSymTab syms;
    RvNative **builtins;    /* by builtin index (program heap array) */
    uint32_t nbuiltins, builtins_cap;
    const RvNativeSet *natives;   /* static stdlib tables, or NULL */
    RvMethodTab methods[RV_MC__COUNT];  /* sym -> native; caches lookups in natives */
    RvMethodTab builtin_tab;  /* name sym -> native registered by rv_register_builtin
                                 (native->h.aux = index) */

    RvType *t_option, *t_result;
    RvValue v_none;         /* the shared None */

    /* output */
    FILE *out;
    char *outbuf;
    size_t outlen, outcap;
};

/* Grow the global table to hold at least n slots (program heap). */
void rv_globals_reserve(RvVM *vm, uint32_t n);

/* Set-up pieces called by rv_vm_new (rv_heap.c, rv_string.c, rv_value.c). */
void rv_heap_init(RvVM *vm);
/* Free the method and builtin lookup tables (malloc'd; rv_registry.c). */
void rv_registry_free(RvVM *vm);
void rv_heap_free(RvVM *vm);
void rv_symtab_init(RvVM *vm);
void rv_types_init(RvVM *vm);
/* Destroy every block of heap id (RV_HEAP_INVOKE normally) and start a fresh
 * one. Escapes must have been evacuated first (DESIGN §5). (rv_heap.c) */
void rv_heap_reset(RvVM *vm, RvHeapId id);
/* The first invocation begins: from now on program blocks come from
 * mimalloc, never from bump chunks (rv_heap.c). Never throws. */
void rv_heap_seal(RvVM *vm);

/* Execute closure frames until the frame pushed by the caller returns
 * (rv_exec.c). The frame at vm->nframes-1 must carry RV_FR_REENTRY. */
RvValue rv_execute(RvVM *vm);

/* Push a frame for closure cl whose arguments are already in base[0..argc).
 * ret receives the result. Checks arity and depth (throws TypeError /
 * RecursionError). Returns the new frame. (rv_call.c) */
RvFrame *rv_push_frame(RvVM *vm, RvClosure *cl, RvValue *base, int argc, RvValue *ret);
/* First free register above the topmost frame's window. */
RvValue *rv_stack_top(RvVM *vm);
/* Run body(vm, ud) under a protected boundary (rv_call.c): 0 when it
 * returned, 1 with the thrown error in *err. Never throws. */
int rv_protect(RvVM *vm, void (*body)(RvVM *vm, void *ud), void *ud, RvValue *err);
/* Find or create the open upvalue for a register slot. */
RvUpval *rv_find_upval(RvVM *vm, RvValue *slot);
/* Close every open upvalue pointing at level or above. */
void rv_close_upvals(RvVM *vm, RvValue *level);
/* Throw the TypeError for a native called with `got` arguments. */
_Noreturn void rv_native_arity_error(RvVM *vm, const RvNative *n, int got);
/* Call a non-closure callable (native, bound method) with argv; throws. */
RvValue rv_call_other(RvVM *vm, RvValue f, int argc, RvValue *argv);

/* Safe point of the safety-net collector (rv_gc.c): when vm->gc_pending is
 * set, mark-and-sweep the invocation heap. The dispatch loop calls it at
 * calls and loop back-edges through RV_GC_SAFEPOINT; natives never do.
 * Roots: registers vm->stack .. rv_stack_top(vm), the frames' closures,
 * open upvalues, vm->error, the remembered set, the handle stack. Objects
 * never move. Never throws. */
void rv_gc_safepoint(RvVM *vm);
/* Interrupts (rv_interrupt, async-signal-safe) and the collector's
 * request are served at safe points: calls and loop back-edges of the
 * dispatch loop. rv_safepoint (rv_call.c) runs the collector and throws
 * TimeoutError for RV_INTR_TIMEOUT. */
void rv_safepoint(RvVM *vm);
#define RV_SAFEPOINT_DUE(vm) __builtin_expect((vm)->gc_pending || (vm)->interrupt, 0)

#define RV_GC_SAFEPOINT(vm) do {                    \
        if (__builtin_expect((vm)->gc_pending, 0))  \
            rv_gc_safepoint(vm);                    \
    } while (0)

#endif
