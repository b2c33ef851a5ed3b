/* rv_vm.h — the VM state (private to vm/). Other directories see RvVM as an
 * opaque type through rv.h.
 */
#ifndef RV_VM_H
#define RV_VM_H

#include <setjmp.h>
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
    uint32_t ret_reg;       /* caller's register receiving the result */
    uint32_t flags;         /* RV_FR_* */
    int32_t try_depth;      /* handler stack height at frame entry */
} RvFrame;

enum { RV_FR_REENTRY = 1u << 0 };   /* returning from this frame leaves rv_execute */

/* A protected-call boundary (rv_pcall, try blocks). */
typedef struct RvJmp {
    jmp_buf jb;
    struct RvJmp *prev;
    int nframes;            /* frame depth to unwind to */
    RvValue *top;           /* stack top to restore */
} RvJmp;

/* Symbol table: interned strings with ids. */
typedef struct RvSymTab {
    RvStr **strs;           /* by id */
    uint32_t n, cap;
    int32_t *index;         /* open addressing over ids, -1 empty */
    uint32_t icap;          /* power of two */
} RvSymTab;

typedef struct RvBuiltin {
    const char *name;
    RvNative *native;       /* program heap */
} RvBuiltin;

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

    /* execution */
    RvValue *stack;         /* RV_STACK_SLOTS registers, never reallocated */
    RvValue *stack_end;
    RvFrame *frames;        /* RV_MAX_FRAMES */
    int nframes;
    RvUpval *open_upvals;
    RvJmp *jmp;             /* innermost protected boundary */
    int reentry;            /* native -> VM nesting depth */
    RvValue error;          /* error in flight during a longjmp */

    /* program */
    RvValue *globals;
    RvStr **global_names;
    uint32_t nglobals, globals_cap;

    RvSymTab syms;
    RvBuiltin *builtins;
    uint32_t nbuiltins, builtins_cap;
    RvMethodTab methods[RV_MC__COUNT];

    RvType *t_option, *t_result;
    RvValue v_none;         /* the shared None */

    /* output */
    FILE *out;
    char *outbuf;
    size_t outlen, outcap;
};

/* Grow the global table to hold at least n slots (program heap). */
void rv_globals_reserve(RvVM *vm, uint32_t n);

#endif
