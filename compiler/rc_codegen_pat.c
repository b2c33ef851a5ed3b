/* rc_codegen_pat.c — pattern tests and bindings (match arms, destructuring
 * let, if let, while let, for heads).
 *
 * A pattern is compiled against a value register: every test is a TEST
 * instruction + JMP to the fail label (TEQK for literals, so 1 does not
 * match 1.0; TTUPLE/TLEN for shapes; TVARIANT for Option/Result), and
 * sub-values are extracted with GETELEM / PAYLOAD / SLICEFROM straight into
 * the binding's register when the sub-pattern is a plain name.
 *
 * Codegen scratch annotation: a global binding's PAT_BIND/PAT_REST node
 * keeps its temporary register in `aux` between reserve and commit.
 */
#include <string.h>
#include "rc_emit.h"

/* Register a binding node writes to (local or global temporary). */
static int bind_reg(RcFn *fn, const RcAst *b)
{
    return b->where == RC_W_LOCAL ? fn->local_reg[b->slot] : b->aux;
}

static bool is_binding(const RcAst *p)
{
    return p->kind == RC_AST_PAT_BIND || (p->kind == RC_AST_PAT_REST && p->str);
}

/* Reserve binding registers of pattern p (locals: new registers in
 * declaration order; globals: temporaries kept in the node's aux). */
void rc_pat_reserve(RcFn *fn, RcAst *p)
{
    if (!p)
        return;
    if (p->kind == RC_AST_PAT_BIND || p->kind == RC_AST_PAT_FIELD)
        rc_pat_reserve(fn, p->a);
    if (is_binding(p)) {
        if (p->where == RC_W_GLOBAL)
            p->aux = rc_reg_alloc(fn);
        else if (fn->local_reg[p->slot] < 0)     /* or-alternatives share it */
            fn->local_reg[p->slot] = rc_reg_alloc(fn);
        return;
    }
    for (int i = 0; i < p->list.n; i++)
        rc_pat_reserve(fn, p->list.v[i]);
}

/* Make p's bindings visible (locals) or store them (SETGLOBAL). */
void rc_pat_commit(RcFn *fn, RcAst *p)
{
    if (!p)
        return;
    if (p->kind == RC_AST_PAT_BIND || p->kind == RC_AST_PAT_FIELD)
        rc_pat_commit(fn, p->a);
    if (is_binding(p)) {
        int r = bind_reg(fn, p);
        if (p->where == RC_W_GLOBAL)
            rc_emit_abx(fn, RV_OP_SETGLOBAL, r, p->slot);
        else if (!rc_reg_is_local(fn, r))
            rc_local_activate(fn, p->slot, r);
        return;
    }
    for (int i = 0; i < p->list.n; i++)
        rc_pat_commit(fn, p->list.v[i]);
}

/* True when p matches every value (wildcard / plain binding). */
bool rc_pat_irrefutable(const RcAst *p)
{
    if (p->kind == RC_AST_PAT_WILD)
        return true;
    if (p->kind == RC_AST_PAT_BIND)
        return !p->a || rc_pat_irrefutable(p->a);
    return false;
}

/* --------------------------------------------------------------- tests --- */

static void jump_fail(RcFn *fn, int fail)
{
    rc_emit_jump(fn, RV_OP_JMP, 0, fail);
}

/* Constant for a literal pattern node (PAT_LIT's literal or a bare one). */
int rc_pat_literal_k(RcFn *fn, const RcAst *lit)
{
    if (lit->kind == RC_AST_PAT_LIT)
        lit = lit->a;
    switch (lit->kind) {
    case RC_AST_INT: return rc_k_int(fn, lit->num.i);
    case RC_AST_FLOAT: return rc_k_float(fn, lit->num.f);
    case RC_AST_STRING: return rc_k_str(fn, lit->str, lit->len);
    case RC_AST_BOOL: return rc_k_value(fn, RV_BOOL(lit->num.i != 0));
    case RC_AST_NONE: case RC_AST_NIL: return rc_k_value(fn, RV_NIL);
    default:
        rc_diag_error(fn->cc->d, lit->line, lit->col, "invalid literal in pattern");
        return 0;
    }
}

static int small_k(RcFn *fn, int k, const RcAst *at)
{
    int s = rc_k_small(fn, k);
    if (s < 0) {
        rc_diag_error(fn->cc->d, at->line, at->col,
                      "too many constants in function for a pattern literal");
        return 0;
    }
    return s;
}

static void literal_test(RcFn *fn, RcAst *p, int v, int fail)
{
    RcAst *lit = p->a;
    if (lit && lit->kind == RC_AST_NONE) {
        rc_emit_abc(fn, RV_OP_TVARIANT, v, RV_OPT_NONE, 0);
    } else {
        int k = small_k(fn, rc_pat_literal_k(fn, p), p);
        rc_emit_abc(fn, RV_OP_TEQK, v, k, 0);
    }
    jump_fail(fn, fail);
}

/* Jump to fail unless (v OP bound), OP one of >=, <, <=. */
static void bound_test(RcFn *fn, int v, const RcAst *bound, int op, int fail)
{
    const RcAst *lit = bound->kind == RC_AST_PAT_LIT ? bound->a : bound;
    if (lit->kind == RC_AST_INT && rc_fits_sbyte(lit->num.i)) {
        RvOpcode t = op == RC_OP_GE ? RV_OP_TGEI : op == RC_OP_LT ? RV_OP_TLTI : RV_OP_TLEI;
        rc_emit_abc(fn, t, v, rc_sbyte((int)lit->num.i), 0);
    } else {
        int r = rc_reg_alloc(fn);
        rc_emit_loadk(fn, r, rc_pat_literal_k(fn, lit));
        if (op == RC_OP_GE)
            rc_emit_abc(fn, RV_OP_TLE, r, v, 0);
        else
            rc_emit_abc(fn, op == RC_OP_LT ? RV_OP_TLT : RV_OP_TLE, v, r, 0);
        rc_reg_free(fn, r);
    }
    jump_fail(fn, fail);
}

/* Jump to fail unless v has the kind of the literal lit (so that a range
 * pattern never compares across kinds, which would raise a TypeError).
 * Without a kind-test opcode this asks the builtin type_of. */
static void kind_guard(RcFn *fn, int v, const RcAst *lit, int fail)
{
    if (lit->kind == RC_AST_PAT_LIT)
        lit = lit->a;
    const char *kind = lit->kind == RC_AST_INT ? "integer"
                     : lit->kind == RC_AST_FLOAT ? "float"
                     : lit->kind == RC_AST_STRING ? "string" : NULL;
    int b = rv_builtin_index(fn->cc->vm, "type_of", 7);
    if (!kind || b < 0)
        return;
    int t = rc_reg_alloc(fn);
    rc_emit_abc(fn, RV_OP_MOVE, t, v, 0);
    rc_emit_extra(fn, RV_OP_CALLB, t, 1, 0, (uint32_t)b);
    if (fn->maxregs < t + 2)
        fn->maxregs = t + 2;
    rc_emit_abc(fn, RV_OP_TEQK, t, small_k(fn, rc_k_str(fn, kind, strlen(kind)), lit), 0);
    jump_fail(fn, fail);
    rc_reg_free(fn, t);
}

static void range_test(RcFn *fn, RcAst *p, int v, int fail)
{
    if (p->a || p->b)
        kind_guard(fn, v, p->a ? p->a : p->b, fail);
    if (p->a)
        bound_test(fn, v, p->a, RC_OP_GE, fail);
    if (p->b)
        bound_test(fn, v, p->b, (p->flags & RC_F_INCL) ? RC_OP_LE : RC_OP_LT, fail);
}

/* Sub-value (op v idx) matched against sub: extracted straight into the
 * binding register for a plain name, into a temporary otherwise. */
static void sub_match(RcFn *fn, RcAst *sub, RvOpcode op, int v, int idx, int fail)
{
    if (sub->kind == RC_AST_PAT_WILD)
        return;
    if (sub->kind == RC_AST_PAT_BIND && !sub->a) {
        rc_emit_abc(fn, op, bind_reg(fn, sub), v, idx);
        return;
    }
    int t = rc_reg_alloc(fn);
    rc_emit_abc(fn, op, t, v, idx);
    rc_pat_match(fn, sub, t, fail);
    rc_reg_free(fn, t);
}

static void or_match(RcFn *fn, RcAst *p, int v, int fail)
{
    int ok = rc_label_new(fn);
    for (int i = 0; i < p->list.n - 1; i++) {
        int next = rc_label_new(fn);
        rc_pat_match(fn, p->list.v[i], v, next);
        rc_emit_jump(fn, RV_OP_JMP, 0, ok);
        rc_label_place(fn, next);
    }
    if (p->list.n > 0)
        rc_pat_match(fn, p->list.v[p->list.n - 1], v, fail);
    rc_label_place(fn, ok);
}

static void tuple_match(RcFn *fn, RcAst *p, int v, int fail)
{
    if (p->list.n > 255)
        rc_diag_error(fn->cc->d, p->line, p->col, "tuple pattern too long");
    rc_emit_abc(fn, RV_OP_TTUPLE, v, p->list.n & 0xff, 0);
    jump_fail(fn, fail);
    for (int i = 0; i < p->list.n; i++)
        sub_match(fn, p->list.v[i], RV_OP_GETELEM, v, i, fail);
}

/* Element len-back of array v (negative index) matched against sub. */
static void tail_elem(RcFn *fn, RcAst *sub, int v, int back, int fail)
{
    if (sub->kind == RC_AST_PAT_WILD)
        return;
    int i = rc_reg_alloc(fn);
    rc_load_int(fn, i, -back);
    if (sub->kind == RC_AST_PAT_BIND && !sub->a) {
        rc_emit_abc(fn, RV_OP_GETINDEX, bind_reg(fn, sub), v, i);
    } else {
        rc_emit_abc(fn, RV_OP_GETINDEX, i, v, i);
        rc_pat_match(fn, sub, i, fail);
    }
    rc_reg_free(fn, i);
}

/* [a, b, ..rest, y, z]: length test, prefix by GETELEM, suffix by negative
 * index, the middle by SLICEFROM (from | drop << 4). */
static void array_match(RcFn *fn, RcAst *p, int v, int fail)
{
    int rest = -1, n = p->list.n;
    for (int i = 0; i < n; i++)
        if (p->list.v[i]->kind == RC_AST_PAT_REST)
            rest = i;
    int fixed = rest < 0 ? n : n - 1;
    if (fixed > 255)
        rc_diag_error(fn->cc->d, p->line, p->col, "array pattern too long");
    rc_emit_abc(fn, RV_OP_TLEN, v, fixed & 0xff, rest < 0 ? 0 : 2);
    jump_fail(fn, fail);
    int prefix = rest < 0 ? n : rest;
    for (int i = 0; i < prefix; i++)
        sub_match(fn, p->list.v[i], RV_OP_GETELEM, v, i, fail);
    if (rest < 0)
        return;
    int suffix = n - rest - 1;
    for (int j = 0; j < suffix; j++)
        tail_elem(fn, p->list.v[rest + 1 + j], v, suffix - j, fail);
    RcAst *r = p->list.v[rest];
    if (!r->str)
        return;
    if (prefix > 15 || suffix > 15)
        rc_diag_error(fn->cc->d, r->line, r->col, "too many elements around a rest pattern");
    rc_emit_abc(fn, RV_OP_SLICEFROM, bind_reg(fn, r), v, (prefix & 15) | ((suffix & 15) << 4));
}

static void enum_match(RcFn *fn, RcAst *p, int v, int fail)
{
    if (p->where == RC_W_ENUMV)                 /* a user enum's variant */
        rc_emit_abc(fn, RV_OP_TISK, v, small_k(fn, rc_marker_k(fn, p->aux, p->slot), p), 0);
    else
        rc_emit_abc(fn, RV_OP_TVARIANT, v, p->aux, 0);
    jump_fail(fn, fail);
    for (int i = 0; i < p->list.n; i++)
        sub_match(fn, p->list.v[i], RV_OP_PAYLOAD, v, i, fail);
}

/* Point { x, y: 0, .. } and Enum::Variant { f, .. }: instance test, then
 * each named field (GETELEM by declaration index / PAYLOAD). */
static void struct_match(RcFn *fn, RcAst *p, int v, int fail)
{
    bool variant = p->where == RC_W_ENUMV;
    int k = variant ? rc_marker_k(fn, p->aux, p->slot) : rc_type_k(fn, p->aux);
    rc_emit_abc(fn, RV_OP_TISK, v, small_k(fn, k, p), 0);
    jump_fail(fn, fail);
    for (int i = 0; i < p->list.n; i++) {
        RcAst *f = p->list.v[i];
        sub_match(fn, f->a, variant ? RV_OP_PAYLOAD : RV_OP_GETELEM, v, f->slot, fail);
    }
}

/* Test register v against p: jump to fail on mismatch, write bindings. */
void rc_pat_match(RcFn *fn, RcAst *p, int v, int fail)
{
    uint32_t saved = fn->line;
    fn->line = p->line;
    switch ((RcAstKind)p->kind) {
    case RC_AST_PAT_WILD:
        break;
    case RC_AST_PAT_BIND: {
        if (p->a)
            rc_pat_match(fn, p->a, v, fail);
        int r = bind_reg(fn, p);
        if (r != v)
            rc_emit_abc(fn, RV_OP_MOVE, r, v, 0);
        break;
    }
    case RC_AST_PAT_LIT: literal_test(fn, p, v, fail); break;
    case RC_AST_PAT_RANGE: range_test(fn, p, v, fail); break;
    case RC_AST_PAT_OR: or_match(fn, p, v, fail); break;
    case RC_AST_PAT_TUPLE: tuple_match(fn, p, v, fail); break;
    case RC_AST_PAT_ARRAY: array_match(fn, p, v, fail); break;
    case RC_AST_PAT_ENUM: enum_match(fn, p, v, fail); break;
    case RC_AST_PAT_STRUCT: struct_match(fn, p, v, fail); break;
    default:
        rc_diag_error(fn->cc->d, p->line, p->col, "%s is not supported yet",
                      rc_ast_kind_name(p->kind));
        break;
    }
    fn->line = saved;
}
