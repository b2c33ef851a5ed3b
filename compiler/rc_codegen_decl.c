/* rc_codegen_decl.c — code for user types: declarations and impl blocks
 * (methods attached with SETMETHOD), struct literals and struct-variant
 * literals (NEWSTRUCT / NEWENUM over consecutive registers), Type::name
 * paths and variant constructor calls.
 *
 * Types and variant markers are constants (the resolver built them in the
 * program heap). The registers of a literal are: the type (or marker),
 * then every field in declaration order; each field is computed straight
 * into its register, in the order the source writes them.
 */
#include <string.h>
#include "rc_emit.h"

/* Constant index of type ti. */
int rc_type_k(RcFn *fn, int ti)
{
    return rc_k_value(fn, RV_OBJ(fn->cc->types[ti].type));
}

/* Constant index of the marker of variant v of enum ti. */
int rc_marker_k(RcFn *fn, int ti, int v)
{
    return rc_k_value(fn, fn->cc->types[ti].markers[v]);
}

static RvType *type_at(RcFn *fn, int ti)
{
    return fn->cc->types[ti].type;
}

/* Make a closure of every method in l and attach it to type ti. */
static void attach_methods(RcFn *fn, RcList *l, int ti)
{
    int t = -1;
    for (int i = 0; i < l->n; i++) {
        RcAst *f = l->v[i];
        if (f->kind != RC_AST_FUN || !f->a || !f->str)
            continue;
        if (t < 0) {
            t = rc_reg_alloc(fn);
            rc_emit_loadk(fn, t, rc_type_k(fn, ti));
        }
        uint32_t saved = fn->line;
        fn->line = f->line;
        int m = rc_reg_alloc(fn);
        rc_closure_to(fn, f, m);
        rc_emit_extra(fn, RV_OP_SETMETHOD, t, m, 0, (uint32_t)f->slot);
        rc_reg_free(fn, m);
        fn->line = saved;
    }
    if (t >= 0)
        rc_reg_free(fn, t);
}

/* Declarations: a top-level one runs in the chunk's prologue (hoisted;
 * its where is then RC_W_GLOBAL and the statement itself is only nil),
 * a nested one where it stands. */
void rc_decl_to(RcFn *fn, RcAst *e, int target, bool hoisted)
{
    if (hoisted || e->where != RC_W_GLOBAL) {
        bool is_type = e->kind != RC_AST_IMPL;
        if (hoisted && is_type) {
            int t = rc_reg_alloc(fn);
            rc_emit_loadk(fn, t, rc_type_k(fn, e->aux));
            rc_emit_abx(fn, RV_OP_SETGLOBAL, t, e->slot);
            rc_reg_free(fn, t);
        }
        if (e->kind == RC_AST_STRUCT_DECL)
            attach_methods(fn, &e->list2, e->aux);
        else if (e->kind == RC_AST_IMPL)
            attach_methods(fn, &e->list, e->aux);
        if (hoisted)
            e->where = RC_W_GLOBAL;
    }
    if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
}

/* Type { f: e, ... } and Enum::Variant { f: e, ... }. */
void rc_struct_lit_to(RcFn *fn, RcAst *e, int t)
{
    bool variant = e->where == RC_W_ENUMV;
    int n = e->list.n;
    if (n > RV_MAX_PARAMS) {
        rc_diag_error(fn->cc->d, e->line, e->col, "too many fields in a struct literal");
        return;
    }
    int base = rc_reg_alloc_n(fn, n + 1);
    rc_emit_loadk(fn, base, variant ? rc_marker_k(fn, e->aux, e->slot) : rc_type_k(fn, e->aux));
    for (int i = 0; i < n; i++) {
        RcAst *fi = e->list.v[i];
        rc_expr_to(fn, fi->a, base + 1 + fi->slot);
    }
    rc_emit_abc(fn, variant ? RV_OP_NEWENUM : RV_OP_NEWSTRUCT, t, base, n);
    rc_reg_free_to(fn, base);
}

/* A type, a unit variant, or an associated function as a value. */
void rc_path_to(RcFn *fn, RcAst *e, int t)
{
    if (e->where == RC_W_TYPE) {
        rc_emit_loadk(fn, t, rc_type_k(fn, e->aux));
    } else if (e->where == RC_W_METHOD) {
        rc_emit_loadk(fn, t, rc_type_k(fn, e->aux));
        rc_emit_extra(fn, RV_OP_GETMETHOD, t, t, 0, (uint32_t)e->slot);
    } else {
        const RvVariant *var = &type_at(fn, e->aux)->variants[e->slot];
        if (var->arity > 0)
            rc_diag_error(fn->cc->d, e->line, e->col,
                          var->fields ? "variant %s::%s needs its fields: %s::%s { ... }"
                                      : "variant %s::%s needs its values: %s::%s(...)",
                          e->str, e->str2, e->str, e->str2);
        rc_emit_loadk(fn, t, rc_marker_k(fn, e->aux, e->slot));
    }
}

/* Enum::Variant(args): arity checked here, built by NEWENUM. */
bool rc_variant_call(RcFn *fn, RcAst *call, int t)
{
    RcAst *f = call->a;
    if (f->kind != RC_AST_PATH || f->where != RC_W_ENUMV)
        return false;
    const RvVariant *var = &type_at(fn, f->aux)->variants[f->slot];
    int n = call->list.n;
    if (var->fields || (uint32_t)n != var->arity) {
        rc_diag_error(fn->cc->d, call->line, call->col,
                      "wrong number of values for variant %s::%s: expected %u, got %d",
                      f->str, f->str2, var->fields ? 0 : var->arity, n);
        return true;
    }
    int base = rc_reg_alloc_n(fn, n + 1);
    rc_emit_loadk(fn, base, rc_marker_k(fn, f->aux, f->slot));
    for (int i = 0; i < n; i++)
        rc_expr_to(fn, call->list.v[i], base + 1 + i);
    rc_emit_abc(fn, RV_OP_NEWENUM, t, base, n);
    rc_reg_free_to(fn, base);
    return true;
}
