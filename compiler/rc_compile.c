/* rc_compile.c — the compiler driver: arena, parse, resolve, codegen. */
#include <string.h>
#include "rc_emit.h"

/* Compile a whole file into the proto of its top-level chunk (program
 * heap). Returns NULL when any diagnostic was recorded in d: syntax errors
 * stop before resolution, resolution errors before codegen, and codegen
 * reports resource limits (registers, constants, jump range). The compile
 * arena is freed before returning. Never throws: a MemoryError raised by
 * the VM while allocating protos is not caught here, so callers run this
 * under their usual protection when memory is bounded. */
struct RvProto *rc_compile(struct RvVM *vm, const char *file, const char *src,
                           size_t len, RcDiags *d)
{
    RcArena *ar = rc_arena_new();
    int before = d->n;
    RcAst *prog = rc_parse(ar, d, src, len);
    RvProto *p = NULL;
    if (d->n == before && prog) {
        RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
        RcCompiler cc;
        memset(&cc, 0, sizeof cc);
        cc.vm = vm;
        cc.ar = ar;
        cc.d = d;
        const char *fname = file ? file : "<input>";
        cc.file = RV_AS_STR(rv_intern(vm, fname, strlen(fname)));
        rc_resolve(&cc, prog);
        if (d->n == before)
            p = rc_codegen_program(&cc, prog);
        rv_heap_target(vm, old);
    }
    rc_arena_free(ar);
    return d->n == before ? p : NULL;
}
