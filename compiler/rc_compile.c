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
    return rc_compile_ex(vm, file, src, len, d, 0);
}

/* Is this top-level statement one whose value the REPL shows? */
static bool shows_value(const RcAst *s)
{
    switch ((RcAstKind)s->kind) {
    case RC_AST_LET: case RC_AST_CONST: case RC_AST_FUN: case RC_AST_STRUCT_DECL:
    case RC_AST_ENUM_DECL: case RC_AST_IMPL: case RC_AST_TRAIT: case RC_AST_USE:
    case RC_AST_ASSIGN: case RC_AST_RETURN: case RC_AST_BREAK: case RC_AST_CONTINUE:
    case RC_AST_FOR: case RC_AST_WHILE: case RC_AST_WHILE_LET:
        return false;
    default:
        return true;
    }
}

/* REPL mode: wrap each top-level expression statement e as __repl_print(e). */
static void wrap_for_repl(RcArena *ar, RcAst *prog)
{
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = prog->list.v[i];
        RcAst *e = s->kind == RC_AST_EXPR_STMT && s->a ? s->a : s;
        if (!shows_value(e))
            continue;
        RcAst *call = rc_ast_new(ar, RC_AST_CALL, e->line, e->col);
        call->a = rc_ast_str(ar, RC_AST_IDENT, "__repl_print", 12, e->line, e->col);
        rc_list_push(ar, &call->list, e);
        prog->list.v[i] = call;
    }
}

/* rc_compile with options; see rc.h. */
struct RvProto *rc_compile_ex(struct RvVM *vm, const char *file, const char *src,
                              size_t len, RcDiags *d, unsigned opts)
{
    RcArena *ar = rc_arena_new();
    int before = d->n;
    RcAst *prog = rc_parse(ar, d, src, len);
    RvProto *p = NULL;
    if (prog && (opts & (RC_OPT_REPL | RC_OPT_GLOBALS)))
        prog->flags |= RC_F_GLOBALS;
    if (prog && (opts & RC_OPT_REPL))
        wrap_for_repl(ar, prog);
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
