/* rc_codegen_expr.c — expressions, destination-driven (SQLite expr.c
 * style): rc_expr_to compiles into a given register, rc_expr_any returns
 * the register that already holds a value (a local's own register, so no
 * MOVE), and rc_cond_jump compiles conditions straight into tests + jumps.
 */
#include <string.h>
#include "rc_emit.h"

#define ARRAY_CHUNK 50        /* elements per NEWARRAY; the rest are APPENDed */
#define CONCAT_CHUNK 100      /* f-string parts per CONCAT */

static void value(RcFn *fn, RcAst *e, int t);

/* ------------------------------------------------------------ basics --- */

/* R[reg] := integer v: LOADI when it fits sBx, else LOADK. */
void rc_load_int(RcFn *fn, int reg, int64_t v)
{
    if (v >= -RV_OFFSET_SBX && v <= RV_MAXARG_BX - RV_OFFSET_SBX)
        rc_emit_asbx(fn, RV_OP_LOADI, reg, (int)v);
    else
        rc_emit_loadk(fn, reg, rc_k_int(fn, v));
}

static int local_reg(RcFn *fn, const RcAst *id)
{
    return id->slot >= 0 && id->slot < fn->info->nlocals ? fn->local_reg[id->slot] : -1;
}

/* Register holding e's value: a local's own register (no code), else a
 * new top temporary the caller releases with rc_reg_release. */
int rc_expr_any(RcFn *fn, RcAst *e)
{
    if (e->kind == RC_AST_IDENT && e->where == RC_W_LOCAL && local_reg(fn, e) >= 0)
        return local_reg(fn, e);
    int t = rc_reg_alloc(fn);
    rc_expr_to(fn, e, t);
    return t;
}

/* Compile e into target (RC_NO_REG: for its effects). Returns target. */
int rc_expr_to(RcFn *fn, RcAst *e, int target)
{
    uint32_t saved = fn->line;
    fn->line = e->line;
    if (rc_is_control(e)) {
        rc_control_to(fn, e, target);
    } else if (target == RC_NO_REG) {
        if (e->kind != RC_AST_IDENT && e->kind != RC_AST_INT && e->kind != RC_AST_FLOAT &&
            e->kind != RC_AST_STRING && e->kind != RC_AST_BOOL && e->kind != RC_AST_NIL) {
            int t = rc_reg_alloc(fn);
            value(fn, e, t);
            rc_reg_free(fn, t);
        }
    } else {
        value(fn, e, target);
    }
    fn->line = saved;
    return target;
}

/* A register that may serve as the base of a call frame building its
 * result in place: the top temporary (not a live local). */
static int frame_base(RcFn *fn, int t)
{
    if (t != RC_NO_REG && t == fn->freereg - 1 && !rc_reg_is_local(fn, t))
        return t;
    return rc_reg_alloc(fn);
}

/* First operand of an instruction writing t: a local in place, else
 * computed straight into t when t is a fresh top temporary. */
static int operand(RcFn *fn, RcAst *e, int t)
{
    if (e->kind == RC_AST_IDENT && e->where == RC_W_LOCAL && local_reg(fn, e) >= 0)
        return local_reg(fn, e);
    if (t != RC_NO_REG && t == fn->freereg - 1 && !rc_reg_is_local(fn, t))
        return rc_expr_to(fn, e, t);
    return rc_expr_any(fn, e);
}

static void release_operand(RcFn *fn, int r, int t)
{
    if (r != t)
        rc_reg_release(fn, r);
}

static void frame_done(RcFn *fn, int base, int t)
{
    rc_reg_free_to(fn, base + 1);
    if (base != t) {
        if (t != RC_NO_REG)
            rc_emit_abc(fn, RV_OP_MOVE, t, base, 0);
        rc_reg_free(fn, base);
    }
}

/* ------------------------------------------------------------- calls --- */

/* Arguments into consecutive registers after base; returns their count. */
static int push_args(RcFn *fn, RcList *args, RcAst *at)
{
    if (args->n > RV_MAX_PARAMS)
        rc_diag_error(fn->cc->d, at->line, at->col, "too many arguments");
    for (int i = 0; i < args->n; i++)
        rc_expr_to(fn, args->v[i], rc_reg_alloc(fn));
    return args->n;
}

/* Builtin idx called with args: CALLB (arguments from R[A]). */
static void callb(RcFn *fn, int idx, RcList *args, int t, RcAst *at)
{
    int base = frame_base(fn, t);
    if (args->n > RV_MAX_PARAMS)
        rc_diag_error(fn->cc->d, at->line, at->col, "too many arguments");
    for (int i = 0; i < args->n; i++)
        rc_expr_to(fn, args->v[i], i == 0 ? base : rc_reg_alloc(fn));
    rc_emit_extra(fn, RV_OP_CALLB, base, args->n, 0, (uint32_t)idx);
    if (fn->maxregs < base + args->n + 1)        /* rv_verify checks A + B < maxregs */
        fn->maxregs = base + args->n + 1;
    frame_done(fn, base, t);
}

/* `e as T`: an enum value becomes its discriminant (DISCR), then the
 * conversion builtin the resolver chose (int / float). */
static void cast(RcFn *fn, RcAst *e, int t)
{
    int base = frame_base(fn, t);
    rc_expr_to(fn, e->a, base);
    rc_emit_abc(fn, RV_OP_DISCR, base, base, 0);
    rc_emit_extra(fn, RV_OP_CALLB, base, 1, 0, (uint32_t)e->slot);
    if (fn->maxregs < base + 2)                  /* rv_verify checks A + B < maxregs */
        fn->maxregs = base + 2;
    frame_done(fn, base, t);
}

static void wrap(RcFn *fn, RvOpcode op, RcAst *payload, int t)
{
    int r = operand(fn, payload, t);
    rc_emit_abc(fn, op, t, r, 0);
    release_operand(fn, r, t);
}

static RvOpcode variant_op(int code)
{
    return code == RV_OPT_SOME ? RV_OP_SOME : code == RV_RES_OK ? RV_OP_OK : RV_OP_ERR;
}

static void call(RcFn *fn, RcAst *e, int t)
{
    RcAst *f = e->a;
    if ((f->kind == RC_AST_IDENT || f->kind == RC_AST_PATH) && f->where == RC_W_BUILTIN) {
        callb(fn, f->slot, &e->list, t, e);
        return;
    }
    if (rc_variant_call(fn, e, t))
        return;
    if (f->kind == RC_AST_PATH && f->where == RC_W_VARIANT) {
        if (f->aux == RV_OPT_NONE || e->list.n != 1) {
            rc_diag_error(fn->cc->d, e->line, e->col, "wrong number of arguments for '%s'", f->str2);
            return;
        }
        wrap(fn, variant_op(f->aux), e->list.v[0], t);
        return;
    }
    int base = frame_base(fn, t);
    rc_expr_to(fn, f, base);
    int n = push_args(fn, &e->list, e);
    rc_emit_abc(fn, RV_OP_CALL, base, n, 0);
    frame_done(fn, base, t);
}

static void method_call(RcFn *fn, RcAst *e, int t)
{
    int base = frame_base(fn, t);
    rc_expr_to(fn, e->a, base);
    int n = push_args(fn, &e->list, e);
    rc_emit_extra(fn, RV_OP_CALLM, base, n, 0, (uint32_t)e->slot);
    frame_done(fn, base, t);
}

/* ---------------------------------------------------------- operators --- */

static RvOpcode arith_op(int op)
{
    switch (op) {
    case RC_OP_ADD: return RV_OP_ADD;
    case RC_OP_SUB: return RV_OP_SUB;
    case RC_OP_MUL: return RV_OP_MUL;
    case RC_OP_DIV: return RV_OP_DIV;
    case RC_OP_MOD: return RV_OP_MOD;
    case RC_OP_POW: return RV_OP_POW;
    case RC_OP_BITAND: return RV_OP_BAND;
    case RC_OP_BITOR: return RV_OP_BOR;
    case RC_OP_BITXOR: return RV_OP_BXOR;
    case RC_OP_SHL: return RV_OP_SHL;
    default: return RV_OP_SHR;
    }
}

static RvOpcode arithk_op(int op)
{
    switch (op) {
    case RC_OP_ADD: return RV_OP_ADDK;
    case RC_OP_SUB: return RV_OP_SUBK;
    case RC_OP_MUL: return RV_OP_MULK;
    case RC_OP_DIV: return RV_OP_DIVK;
    case RC_OP_MOD: return RV_OP_MODK;
    default: return RV_OP_NOP;
    }
}

/* t := l OP rhs, with ADDI for small integer immediates (also `- k`),
 * the K forms for numeric literals, and the register form otherwise. */
void rc_arith_to(RcFn *fn, int op, int l, RcAst *rhs, int t)
{
    bool is_int = rhs->kind == RC_AST_INT;
    if (is_int && op == RC_OP_ADD && rc_fits_sbyte(rhs->num.i)) {
        rc_emit_abc(fn, RV_OP_ADDI, t, l, rc_sbyte((int)rhs->num.i));
        return;
    }
    if (is_int && op == RC_OP_SUB && rhs->num.i != INT64_MIN && rc_fits_sbyte(-rhs->num.i)) {
        rc_emit_abc(fn, RV_OP_ADDI, t, l, rc_sbyte((int)-rhs->num.i));
        return;
    }
    if ((is_int || rhs->kind == RC_AST_FLOAT) && arithk_op(op) != RV_OP_NOP) {
        int k = rc_k_small(fn, is_int ? rc_k_int(fn, rhs->num.i) : rc_k_float(fn, rhs->num.f));
        if (k >= 0) {
            rc_emit_abc(fn, arithk_op(op), t, l, k);
            return;
        }
    }
    int r = rc_expr_any(fn, rhs);
    rc_emit_abc(fn, arith_op(op), t, l, r);
    rc_reg_release(fn, r);
}

static bool is_compare(int op)
{
    return op >= RC_OP_EQ && op <= RC_OP_GE;
}

static void compare_value(RcFn *fn, RcAst *e, int t)
{
    int l = operand(fn, e->a, t);
    int r = rc_expr_any(fn, e->b);
    switch (e->op) {
    case RC_OP_EQ: rc_emit_abc(fn, RV_OP_EQ, t, l, r); break;
    case RC_OP_NE: rc_emit_abc(fn, RV_OP_NE, t, l, r); break;
    case RC_OP_LT: rc_emit_abc(fn, RV_OP_LT, t, l, r); break;
    case RC_OP_LE: rc_emit_abc(fn, RV_OP_LE, t, l, r); break;
    case RC_OP_GT: rc_emit_abc(fn, RV_OP_GT, t, l, r); break;
    default:       rc_emit_abc(fn, RV_OP_GE, t, l, r); break;
    }
    rc_reg_release(fn, r);
    release_operand(fn, l, t);
}

/* && || ?? as values: the deciding operand. */
static void logical_value(RcFn *fn, RcAst *e, int t)
{
    int end = rc_label_new(fn);
    rc_expr_to(fn, e->a, t);
    RvOpcode j = e->op == RC_OP_AND ? RV_OP_JMPIFNOT
               : e->op == RC_OP_OR ? RV_OP_JMPIF : RV_OP_JMPNOTNIL;
    rc_emit_jump(fn, j, t, end);
    rc_expr_to(fn, e->b, t);
    rc_label_place(fn, end);
}

static void binary(RcFn *fn, RcAst *e, int t)
{
    if (e->op == RC_OP_AND || e->op == RC_OP_OR || e->op == RC_OP_COALESCE) {
        logical_value(fn, e, t);
    } else if (is_compare(e->op)) {
        compare_value(fn, e, t);
    } else if (e->op == RC_OP_PIPE) {            /* v |> f  ==  f(v) */
        RcAst c = *e;
        c.kind = RC_AST_CALL;
        c.a = e->b;
        c.list.v = &e->a;
        c.list.n = c.list.cap = 1;
        call(fn, &c, t);
    } else {
        int l = operand(fn, e->a, t);
        rc_arith_to(fn, e->op, l, e->b, t);
        release_operand(fn, l, t);
    }
}

static void unary(RcFn *fn, RcAst *e, int t)
{
    RvOpcode op = e->op == RC_OP_NEG ? RV_OP_NEG : e->op == RC_OP_NOT ? RV_OP_NOT : RV_OP_BNOT;
    int r = operand(fn, e->a, t);
    rc_emit_abc(fn, op, t, r, 0);
    release_operand(fn, r, t);
}

/* --------------------------------------------------------- conditions --- */

static bool small_int(const RcAst *e)
{
    return e->kind == RC_AST_INT && rc_fits_sbyte(e->num.i);
}

/* The test for `l OP imm` (imm on the right), or `imm OP r` mirrored. */
static RvOpcode test_imm(int op, bool mirrored)
{
    switch (op) {
    case RC_OP_EQ: case RC_OP_NE: return RV_OP_TEQI;
    case RC_OP_LT: return mirrored ? RV_OP_TGTI : RV_OP_TLTI;
    case RC_OP_LE: return mirrored ? RV_OP_TGEI : RV_OP_TLEI;
    case RC_OP_GT: return mirrored ? RV_OP_TLTI : RV_OP_TGTI;
    default:       return mirrored ? RV_OP_TLEI : RV_OP_TGEI;
    }
}

/* The test for `l OP K` with a numeric constant on the right. */
static RvOpcode test_k(int op)
{
    switch (op) {
    case RC_OP_LT: return RV_OP_TLTK;
    case RC_OP_LE: return RV_OP_TLEK;
    case RC_OP_GT: return RV_OP_TGTK;
    default:       return RV_OP_TGEK;
    }
}

/* K index of a numeric literal usable as an 8-bit operand, or -1. */
static int num_k(RcFn *fn, const RcAst *e)
{
    if (e->kind == RC_AST_INT)
        return rc_k_small(fn, rc_k_int(fn, e->num.i));
    if (e->kind == RC_AST_FLOAT)
        return rc_k_small(fn, rc_k_float(fn, e->num.f));
    return -1;
}

static void compare_jump(RcFn *fn, RcAst *e, bool jump_if, int label)
{
    int op = e->op;
    int k = op == RC_OP_NE ? !jump_if : jump_if;
    int kb = op != RC_OP_EQ && op != RC_OP_NE && !small_int(e->b) ? num_k(fn, e->b) : -1;
    if (kb >= 0) {
        int r = rc_expr_any(fn, e->a);
        rc_emit_abc(fn, test_k(op), r, kb, k);
        rc_reg_release(fn, r);
    } else if (small_int(e->b) || (small_int(e->a) && e->b->kind != RC_AST_INT)) {
        bool mirrored = !small_int(e->b);
        RcAst *var = mirrored ? e->b : e->a, *imm = mirrored ? e->a : e->b;
        int r = rc_expr_any(fn, var);
        rc_emit_abc(fn, test_imm(op, mirrored), r, rc_sbyte((int)imm->num.i),
                    k | (mirrored && op != RC_OP_EQ && op != RC_OP_NE ? 2 : 0));
        rc_reg_release(fn, r);
    } else {
        int l = rc_expr_any(fn, e->a);
        int r = rc_expr_any(fn, e->b);
        switch (op) {
        case RC_OP_EQ: case RC_OP_NE: rc_emit_abc(fn, RV_OP_TEQ, l, r, k); break;
        case RC_OP_LT: rc_emit_abc(fn, RV_OP_TLT, l, r, k); break;
        case RC_OP_LE: rc_emit_abc(fn, RV_OP_TLE, l, r, k); break;
        case RC_OP_GT: rc_emit_abc(fn, RV_OP_TLT, r, l, k | 2); break;   /* 2: swapped */
        default:       rc_emit_abc(fn, RV_OP_TLE, r, l, k | 2); break;
        }
        rc_reg_release(fn, r);
        rc_reg_release(fn, l);
    }
    rc_emit_jump(fn, RV_OP_JMP, 0, label);
}

/* Jump to label when truthy(e) == jump_if; comparisons become test +
 * JMP, && / || / ! short-circuit without materialising booleans. */
void rc_cond_jump(RcFn *fn, RcAst *e, bool jump_if, int label)
{
    uint32_t saved = fn->line;
    fn->line = e->line;
    if (e->kind == RC_AST_BOOL || e->kind == RC_AST_NIL) {
        bool truthy = e->kind == RC_AST_BOOL && e->num.i;
        if (truthy == jump_if)
            rc_emit_jump(fn, RV_OP_JMP, 0, label);
    } else if (e->kind == RC_AST_UNARY && e->op == RC_OP_NOT) {
        rc_cond_jump(fn, e->a, !jump_if, label);
    } else if (e->kind == RC_AST_BINARY && (e->op == RC_OP_AND || e->op == RC_OP_OR)) {
        bool is_and = e->op == RC_OP_AND;
        if (jump_if != is_and) {        /* and/false, or/true: both jump to label */
            rc_cond_jump(fn, e->a, jump_if, label);
            rc_cond_jump(fn, e->b, jump_if, label);
        } else {
            int skip = rc_label_new(fn);
            rc_cond_jump(fn, e->a, !jump_if, skip);
            rc_cond_jump(fn, e->b, jump_if, label);
            rc_label_place(fn, skip);
        }
    } else if (e->kind == RC_AST_BINARY && is_compare(e->op)) {
        compare_jump(fn, e, jump_if, label);
    } else {
        int r = rc_expr_any(fn, e);
        rc_emit_jump(fn, jump_if ? RV_OP_JMPIF : RV_OP_JMPIFNOT, r, label);
        rc_reg_release(fn, r);
    }
    fn->line = saved;
}

/* ----------------------------------------------------------- aggregates --- */

static void array(RcFn *fn, RcList *elems, int t)
{
    int n = elems->n, first = n < ARRAY_CHUNK ? n : ARRAY_CHUNK;
    int base = fn->freereg;
    for (int i = 0; i < first; i++)
        rc_expr_to(fn, elems->v[i], rc_reg_alloc(fn));
    rc_emit_abc(fn, RV_OP_NEWARRAY, t, base, first);
    rc_reg_free_to(fn, base);
    for (int i = first; i < n; i++) {
        int r = rc_expr_any(fn, elems->v[i]);
        rc_emit_abc(fn, RV_OP_APPEND, t, r, 0);
        rc_reg_release(fn, r);
    }
}

static void tuple(RcFn *fn, RcAst *e, int t)
{
    if (e->list.n > RV_MAX_PARAMS)
        rc_diag_error(fn->cc->d, e->line, e->col, "tuple too long");
    int base = fn->freereg;
    for (int i = 0; i < e->list.n; i++)
        rc_expr_to(fn, e->list.v[i], rc_reg_alloc(fn));
    rc_emit_abc(fn, RV_OP_NEWTUPLE, t, base, e->list.n);
    rc_reg_free_to(fn, base);
}

static void map(RcFn *fn, RcAst *e, int t)
{
    rc_emit_abc(fn, RV_OP_NEWMAP, t, e->list.n > 255 ? 255 : e->list.n, 0);
    for (int i = 0; i < e->list.n; i++) {
        RcAst *en = e->list.v[i];
        if (en->where == 1) {
            int v = rc_expr_any(fn, en->b);
            rc_emit_extra(fn, RV_OP_SETFIELD, t, v, 0, (uint32_t)en->slot);
            rc_reg_release(fn, v);
        } else {
            int k = rc_expr_any(fn, en->a);
            int v = rc_expr_any(fn, en->b);
            rc_emit_abc(fn, RV_OP_SETINDEX, t, k, v);
            rc_reg_release(fn, v);
            rc_reg_release(fn, k);
        }
    }
}

/* lo..hi: both bounds into two consecutive registers, then NEWRANGE. */
static void range(RcFn *fn, RcAst *lo, RcAst *hi, bool incl, int t)
{
    int r = rc_reg_alloc_n(fn, 2);
    int flags = incl ? 1 : 0;
    if (lo) rc_expr_to(fn, lo, r); else flags |= 2;
    if (hi) rc_expr_to(fn, hi, r + 1); else flags |= 4;
    rc_emit_abc(fn, RV_OP_NEWRANGE, t, r, flags);
    rc_reg_free_to(fn, r);
}

static void fmt_part(RcFn *fn, RcAst *p, int r)
{
    if (p->kind != RC_AST_FMT) {
        rc_expr_to(fn, p, r);
        return;
    }
    int x = operand(fn, p->a, r);
    if (p->str && p->str[0]) {
        int k = rc_k_small(fn, rc_k_str(fn, p->str, strlen(p->str)));
        if (k < 0)
            rc_diag_error(fn->cc->d, p->line, p->col, "too many constants in function");
        rc_emit_abc(fn, RV_OP_FMTSPEC, r, x, k < 0 ? 0 : k);
    } else {
        rc_emit_abc(fn, RV_OP_TOSTR, r, x, 0);
    }
    release_operand(fn, x, r);
}

static void fstring(RcFn *fn, RcAst *e, int t)
{
    int n = e->list.n;
    if (n == 0) {
        rc_emit_loadk(fn, t, rc_k_str(fn, "", 0));
        return;
    }
    if (n == 1 && e->list.v[0]->kind == RC_AST_FMT) {
        fmt_part(fn, e->list.v[0], t);
        return;
    }
    int base = fn->freereg, cnt = 0;
    for (int i = 0; i < n; i++) {
        if (cnt == CONCAT_CHUNK) {            /* fold what we have into base */
            rc_emit_abc(fn, RV_OP_CONCAT, base, base, cnt);
            rc_reg_free_to(fn, base + 1);
            cnt = 1;
        }
        fmt_part(fn, e->list.v[i], rc_reg_alloc(fn));
        cnt++;
    }
    rc_emit_abc(fn, RV_OP_CONCAT, t, base, cnt);
    rc_reg_free_to(fn, base);
}

/* --------------------------------------------------------------- access --- */

static void index_get(RcFn *fn, RcAst *e, int t)
{
    int o = operand(fn, e->a, t);
    int i;
    if (e->flags & RC_F_SLICE) {
        i = rc_reg_alloc(fn);
        range(fn, e->b, e->c, false, i);
    } else {
        i = rc_expr_any(fn, e->b);
    }
    rc_emit_abc(fn, RV_OP_GETINDEX, t, o, i);
    rc_reg_release(fn, i);
    release_operand(fn, o, t);
}

static void tuple_index(RcFn *fn, RcAst *e, int t)
{
    int o = operand(fn, e->a, t);
    if (e->num.i >= 0 && e->num.i <= 255) {
        rc_emit_abc(fn, RV_OP_GETELEM, t, o, (int)e->num.i);
    } else {
        int i = rc_reg_alloc(fn);
        rc_load_int(fn, i, e->num.i);
        rc_emit_abc(fn, RV_OP_GETINDEX, t, o, i);
        rc_reg_free(fn, i);
    }
    release_operand(fn, o, t);
}

static void field(RcFn *fn, RcAst *e, int t)
{
    int o = operand(fn, e->a, t);
    rc_emit_extra(fn, RV_OP_GETFIELD, t, o, 0, (uint32_t)e->slot);
    release_operand(fn, o, t);
}

/* --------------------------------------------------------------- leaves --- */

static void ident(RcFn *fn, RcAst *e, int t)
{
    switch (e->where) {
    case RC_W_LOCAL: {
        int r = local_reg(fn, e);
        if (r < 0)
            rc_emit_abc(fn, RV_OP_LOADNIL, t, 0, 0);
        else if (r != t)
            rc_emit_abc(fn, RV_OP_MOVE, t, r, 0);
        break;
    }
    case RC_W_UPVAL: rc_emit_abc(fn, RV_OP_GETUPVAL, t, e->slot, 0); break;
    case RC_W_GLOBAL: rc_emit_abx(fn, RV_OP_GETGLOBAL, t, e->slot); break;
    case RC_W_BUILTIN: rc_emit_abx(fn, RV_OP_GETBUILTIN, t, e->slot); break;
    case RC_W_TYPE: rc_emit_loadk(fn, t, rc_type_k(fn, e->aux)); break;
    default: rc_emit_abc(fn, RV_OP_LOADNIL, t, 0, 0); break;
    }
}

static void path_value(RcFn *fn, RcAst *e, int t)
{
    if (e->where == RC_W_BUILTIN)
        rc_emit_abx(fn, RV_OP_GETBUILTIN, t, e->slot);
    else if (e->where == RC_W_VARIANT && e->aux == RV_OPT_NONE)
        rc_emit_abc(fn, RV_OP_LOADNONE, t, 0, 0);
    else if (e->where == RC_W_TYPE || e->where == RC_W_ENUMV || e->where == RC_W_METHOD)
        rc_path_to(fn, e, t);
    else
        rc_diag_error(fn->cc->d, e->line, e->col, "'%s::%s' is not supported as a value yet",
                      e->str, e->str2);
}

static void literal(RcFn *fn, RcAst *e, int t)
{
    switch (e->kind) {
    case RC_AST_INT: rc_load_int(fn, t, e->num.i); break;
    case RC_AST_FLOAT: rc_emit_loadk(fn, t, rc_k_float(fn, e->num.f)); break;
    case RC_AST_STRING: rc_emit_loadk(fn, t, rc_k_str(fn, e->str, e->len)); break;
    case RC_AST_BOOL: rc_emit_abc(fn, e->num.i ? RV_OP_LOADTRUE : RV_OP_LOADFALSE, t, 0, 0); break;
    case RC_AST_NONE: rc_emit_abc(fn, RV_OP_LOADNONE, t, 0, 0); break;
    default: rc_emit_abc(fn, RV_OP_LOADNIL, t, 0, 0); break;
    }
}

static void value(RcFn *fn, RcAst *e, int t)
{
    switch ((RcAstKind)e->kind) {
    case RC_AST_INT: case RC_AST_FLOAT: case RC_AST_STRING: case RC_AST_BOOL:
    case RC_AST_NIL: case RC_AST_NONE:
        literal(fn, e, t);
        break;
    case RC_AST_IDENT: ident(fn, e, t); break;
    case RC_AST_PATH: path_value(fn, e, t); break;
    case RC_AST_FSTRING: fstring(fn, e, t); break;
    case RC_AST_ARRAY: array(fn, &e->list, t); break;
    case RC_AST_TUPLE: tuple(fn, e, t); break;
    case RC_AST_MAP: map(fn, e, t); break;
    case RC_AST_RANGE: range(fn, e->a, e->b, e->flags & RC_F_INCL, t); break;
    case RC_AST_ARRAY_REPEAT: {
        int v = rc_expr_any(fn, e->a);
        int c = rc_expr_any(fn, e->b);
        rc_emit_abc(fn, RV_OP_REPEAT, t, v, c);
        rc_reg_release(fn, c);
        rc_reg_release(fn, v);
        break;
    }
    case RC_AST_SOME: wrap(fn, RV_OP_SOME, e->a, t); break;
    case RC_AST_OK: wrap(fn, RV_OP_OK, e->a, t); break;
    case RC_AST_ERR: wrap(fn, RV_OP_ERR, e->a, t); break;
    case RC_AST_TRY_OP:
        if (fn->ntries > 0)
            rc_try_unwrap(fn, e, t);
        else
            wrap(fn, RV_OP_TRYUNWRAP, e->a, t);
        break;
    case RC_AST_UNARY: unary(fn, e, t); break;
    case RC_AST_BINARY: binary(fn, e, t); break;
    case RC_AST_CALL: call(fn, e, t); break;
    case RC_AST_METHOD_CALL: method_call(fn, e, t); break;
    case RC_AST_MACRO:
        if (e->where == RC_W_BUILTIN)
            callb(fn, e->slot, &e->list, t, e);
        else
            array(fn, &e->list, t);             /* vec![...] */
        break;
    case RC_AST_CAST: cast(fn, e, t); break;
    case RC_AST_STRUCT_LIT: rc_struct_lit_to(fn, e, t); break;
    case RC_AST_FIELD: field(fn, e, t); break;
    case RC_AST_TUPLE_INDEX: tuple_index(fn, e, t); break;
    case RC_AST_INDEX: index_get(fn, e, t); break;
    case RC_AST_FUN: rc_closure_to(fn, e, t); break;
    default:
        rc_diag_error(fn->cc->d, e->line, e->col, "%s is not supported yet",
                      rc_ast_kind_name(e->kind));
        break;
    }
}
