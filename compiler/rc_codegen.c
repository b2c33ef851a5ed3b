/* rc_codegen.c — statements, blocks, control flow, functions and the
 * top-level chunk. Expressions are in rc_codegen_expr.c, patterns in
 * rc_codegen_pat.c; every instruction goes through rc_emit.c.
 */
#include <string.h>
#include "rc_emit.h"

/* ------------------------------------------------------------- scopes --- */

/* Open a lexical scope at the current register top. */
void rc_scope_enter(RcFn *fn)
{
    fn->scopes = rc_vec_grow(fn->cc->ar, fn->scopes, fn->nscopes, &fn->capscopes,
                             sizeof *fn->scopes);
    fn->scopes[fn->nscopes].base = fn->freereg;
    fn->scopes[fn->nscopes].first_active = fn->nactive;
    fn->nscopes++;
}

/* True when a local made live since active index first_active is
 * captured by some closure (its registers need a CLOSE). */
bool rc_captured_since(RcFn *fn, int first_active)
{
    for (int i = first_active; i < fn->nactive; i++)
        if (fn->info->locals[fn->active[i]].captured)
            return true;
    return false;
}

/* Close the innermost scope: CLOSE its registers when one of its live
 * locals is captured (and emit_close), then free them. */
void rc_scope_leave(RcFn *fn, bool emit_close)
{
    RcScope sc = fn->scopes[--fn->nscopes];
    if (emit_close && rc_captured_since(fn, sc.first_active) && !rc_unreachable(fn))
        rc_emit_abc(fn, RV_OP_CLOSE, sc.base, 0, 0);
    fn->nactive = sc.first_active;
    rc_reg_free_to(fn, sc.base);
}

/* Kinds whose value a block takes from a statement rather than an expression. */
static bool is_decl(const RcAst *s)
{
    return s->kind == RC_AST_LET || s->kind == RC_AST_CONST || s->kind == RC_AST_USE ||
           (s->kind == RC_AST_FUN && rc_is_control(s)) || s->kind == RC_AST_ASSIGN;
}

static RcAst *unwrap(RcAst *s)
{
    while (s->kind == RC_AST_EXPR_STMT && s->a)
        s = s->a;
    return s;
}

static void block_to(RcFn *fn, RcAst *b, int target)
{
    rc_scope_enter(fn);
    if (b->list.n == 0 && target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
    for (int i = 0; i < b->list.n; i++)
        rc_expr_to(fn, b->list.v[i], i == b->list.n - 1 ? target : RC_NO_REG);
    rc_scope_leave(fn, true);
}

/* --------------------------------------------------------- variables --- */

/* Store register v into the variable declared by decl (local or global). */
static void define(RcFn *fn, RcAst *decl, RcAst *init, int target)
{
    if (decl->where == RC_W_GLOBAL) {
        int r = rc_expr_any(fn, init);
        rc_emit_abx(fn, RV_OP_SETGLOBAL, r, decl->slot);
        if (target != RC_NO_REG && target != r)
            rc_emit_abc(fn, RV_OP_MOVE, target, r, 0);
        rc_reg_release(fn, r);
        return;
    }
    int reg = rc_reg_alloc(fn);
    rc_expr_to(fn, init, reg);
    rc_local_activate(fn, decl->slot, reg);
    if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_MOVE, target, reg, 0);
}

static void let_to(RcFn *fn, RcAst *s, int target)
{
    RcAst *pat = s->a;
    if (pat->kind == RC_AST_PAT_BIND && !pat->a) {
        define(fn, pat, s->b, target);
        return;
    }
    if (pat->kind == RC_AST_PAT_WILD) {
        rc_expr_to(fn, s->b, target);
        return;
    }
    int reserve_base = fn->freereg;
    rc_pat_reserve(fn, pat);
    int v = rc_expr_any(fn, s->b);
    bool has_else = s->kind == RC_AST_LET && s->c;
    int fail = has_else ? rc_label_new(fn) : rc_stub_nomatch(fn, v);
    rc_pat_match(fn, pat, v, fail);
    if (has_else) {
        int ok = rc_label_new(fn);
        rc_emit_jump(fn, RV_OP_JMP, 0, ok);
        rc_label_place(fn, fail);
        rc_expr_to(fn, s->c, RC_NO_REG);      /* must diverge */
        rc_label_place(fn, ok);
    }
    if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_MOVE, target, v, 0);
    rc_reg_release(fn, v);
    rc_pat_commit(fn, pat);
    if (fn->freereg > reserve_base && !rc_reg_is_local(fn, reserve_base))
        rc_reg_free_to(fn, reserve_base);     /* global bindings' temporaries */
}

/* Expressions that write their destination only with their last
 * instruction, so the destination may be a variable they read. */
static bool writes_last(const RcAst *e)
{
    switch ((RcAstKind)e->kind) {
    case RC_AST_BINARY:
        return e->op != RC_OP_AND && e->op != RC_OP_OR && e->op != RC_OP_COALESCE;
    case RC_AST_ARRAY:
        return e->list.n <= 50;
    case RC_AST_INT: case RC_AST_FLOAT: case RC_AST_STRING: case RC_AST_BOOL:
    case RC_AST_NIL: case RC_AST_NONE: case RC_AST_IDENT: case RC_AST_PATH:
    case RC_AST_UNARY: case RC_AST_CALL: case RC_AST_METHOD_CALL: case RC_AST_MACRO:
    case RC_AST_FIELD: case RC_AST_TUPLE_INDEX: case RC_AST_INDEX: case RC_AST_FSTRING:
    case RC_AST_TUPLE: case RC_AST_RANGE: case RC_AST_SOME: case RC_AST_OK:
    case RC_AST_ERR: case RC_AST_CAST: case RC_AST_TRY_OP: case RC_AST_ARRAY_REPEAT:
        return true;
    default:
        return false;
    }
}

/* New value of a variable into register r: either e itself, or the
 * current value (already in r) combined with e by the compound operator. */
static void new_value(RcFn *fn, RcAst *e, int r, bool compound)
{
    if (compound) {
        rc_arith_to(fn, e->op, r, e->b, r);
    } else if (writes_last(e->b)) {
        rc_expr_to(fn, e->b, r);
    } else {
        int t = rc_reg_alloc(fn);
        rc_expr_to(fn, e->b, t);
        rc_emit_abc(fn, RV_OP_MOVE, r, t, 0);
        rc_reg_free(fn, t);
    }
}

static void assign_var(RcFn *fn, RcAst *e, int target)
{
    RcAst *v = e->a;
    bool compound = e->op != RC_OP_NONE;
    int r;
    if (v->where == RC_W_LOCAL) {
        r = fn->local_reg[v->slot];
        new_value(fn, e, r, compound);
    } else {
        bool up = v->where == RC_W_UPVAL;
        if (compound) {
            r = rc_reg_alloc(fn);
            if (up) rc_emit_abc(fn, RV_OP_GETUPVAL, r, v->slot, 0);
            else rc_emit_abx(fn, RV_OP_GETGLOBAL, r, v->slot);
            rc_arith_to(fn, e->op, r, e->b, r);
        } else {
            r = rc_expr_any(fn, e->b);
        }
        if (up) rc_emit_abc(fn, RV_OP_SETUPVAL, r, v->slot, 0);
        else rc_emit_abx(fn, RV_OP_SETGLOBAL, r, v->slot);
    }
    if (target != RC_NO_REG && target != r)
        rc_emit_abc(fn, RV_OP_MOVE, target, r, 0);
    rc_reg_release(fn, r);
}

/* obj.f = e, obj[i] = e, t.0 = e (and the compound forms). */
static void assign_member(RcFn *fn, RcAst *e, int target)
{
    RcAst *m = e->a;
    int o = rc_expr_any(fn, m->a), i = -1, v;
    if (m->kind == RC_AST_INDEX) {
        i = rc_expr_any(fn, m->b);
    } else if (m->kind == RC_AST_TUPLE_INDEX) {
        i = rc_reg_alloc(fn);
        rc_load_int(fn, i, m->num.i);
    }
    if (e->op != RC_OP_NONE) {
        v = rc_reg_alloc(fn);
        if (i < 0) rc_emit_extra(fn, RV_OP_GETFIELD, v, o, 0, (uint32_t)m->slot);
        else rc_emit_abc(fn, RV_OP_GETINDEX, v, o, i);
        rc_arith_to(fn, e->op, v, e->b, v);
    } else {
        v = rc_expr_any(fn, e->b);
    }
    if (i < 0) rc_emit_extra(fn, RV_OP_SETFIELD, o, v, 0, (uint32_t)m->slot);
    else rc_emit_abc(fn, RV_OP_SETINDEX, o, i, v);
    if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_MOVE, target, v, 0);
    rc_reg_release(fn, v);
    rc_reg_release(fn, i);
    rc_reg_release(fn, o);
}

static void assign_to(RcFn *fn, RcAst *e, int target)
{
    if (e->aux == 1)
        define(fn, e->a, e->b, target);        /* `x = e` declaring x */
    else if (e->a->kind == RC_AST_IDENT)
        assign_var(fn, e, target);
    else
        assign_member(fn, e, target);
}

/* ------------------------------------------------------- conditionals --- */

static RcLoop *find_loop(RcFn *fn, const char *label);

/* `if c { break }` / `if c { continue }` (no else, nothing to close): the
 * label the whole statement can jump to directly, or -1. */
static int direct_jump(RcFn *fn, const RcAst *e)
{
    const RcAst *b = e->b;
    if (e->c || b->kind != RC_AST_BLOCK || b->list.n != 1)
        return -1;
    const RcAst *s = b->list.v[0];
    while (s->kind == RC_AST_EXPR_STMT && s->a)
        s = s->a;
    if (!(s->kind == RC_AST_CONTINUE || (s->kind == RC_AST_BREAK && !s->a)))
        return -1;
    RcLoop *l = find_loop(fn, s->str);
    if (!l || rc_captured_since(fn, l->first_active) ||
        rc_try_crossing(fn, (int)(l - fn->loops)) >= 0)
        return -1;
    return s->kind == RC_AST_BREAK ? l->nilexit : l->cont;
}

static void if_to(RcFn *fn, RcAst *e, int target)
{
    int direct = target == RC_NO_REG ? direct_jump(fn, e) : -1;
    if (direct >= 0) {
        rc_cond_jump(fn, e->a, true, direct);
        return;
    }
    int els = rc_label_new(fn), end = rc_label_new(fn);
    rc_cond_jump(fn, e->a, false, els);
    rc_expr_to(fn, e->b, target);
    bool has_else = e->c || target != RC_NO_REG;
    if (has_else && !rc_unreachable(fn))
        rc_emit_jump(fn, RV_OP_JMP, 0, end);
    rc_label_place(fn, els);
    if (e->c)
        rc_expr_to(fn, e->c, target);
    else if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
    rc_label_place(fn, end);
}

/* One arm: pattern, guard, body (in tail position when tail is set).
 * Falls through to `next` on failure. */
static void arm_to(RcFn *fn, RcAst *pat, RcAst *guard, RcAst *body, int s,
                   int target, bool tail, int next)
{
    rc_scope_enter(fn);
    rc_pat_reserve(fn, pat);
    rc_pat_match(fn, pat, s, next);
    rc_pat_commit(fn, pat);
    if (guard)
        rc_cond_jump(fn, guard, false, next);
    if (tail)
        rc_tail(fn, body);
    else
        rc_expr_to(fn, body, target);
    rc_scope_leave(fn, !tail);
}

static void match_to(RcFn *fn, RcAst *e, int target, bool tail)
{
    int s = rc_expr_any(fn, e->a);
    int end = rc_label_new(fn);
    bool exhaustive = false;
    for (int i = 0; i < e->list.n && !exhaustive; i++) {
        RcAst *arm = e->list.v[i];
        int next = rc_label_new(fn);
        exhaustive = !arm->b && rc_pat_irrefutable(arm->a);
        arm_to(fn, arm->a, arm->b, arm->c, s, target, tail, next);
        if (!exhaustive && !rc_unreachable(fn))
            rc_emit_jump(fn, RV_OP_JMP, 0, end);
        rc_label_place(fn, next);
    }
    if (!exhaustive)
        rc_emit_abc(fn, RV_OP_NOMATCH, s, 0, 0);
    rc_label_place(fn, end);
    rc_reg_release(fn, s);
}

static void iflet_to(RcFn *fn, RcAst *e, int target, bool tail)
{
    int s = rc_expr_any(fn, e->b);
    int els = rc_label_new(fn), end = rc_label_new(fn);
    arm_to(fn, e->a, NULL, e->c, s, target, tail, els);
    if (!tail && (e->d || target != RC_NO_REG) && !rc_unreachable(fn))
        rc_emit_jump(fn, RV_OP_JMP, 0, end);
    rc_label_place(fn, els);
    if (tail)
        e->d ? rc_tail(fn, e->d) : (void)rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
    else if (e->d)
        rc_expr_to(fn, e->d, target);
    else if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
    rc_label_place(fn, end);
    rc_reg_release(fn, s);
}

/* -------------------------------------------------------------- loops --- */

static RcLoop *loop_push(RcFn *fn, const char *label, int target)
{
    fn->loops = rc_vec_grow(fn->cc->ar, fn->loops, fn->nloops, &fn->caploops,
                            sizeof *fn->loops);
    RcLoop *l = &fn->loops[fn->nloops++];
    if (label && (*label == '\'' || *label == '@'))
        label++;
    l->label = label;
    l->brk = rc_label_new(fn);
    l->nilexit = rc_label_new(fn);
    l->cont = rc_label_new(fn);
    l->target = target;
    l->close_base = fn->freereg;
    l->first_active = fn->nactive;
    return l;
}

/* Close the loop: nil value on a normal exit, break values land after. */
static void loop_pop(RcFn *fn)
{
    RcLoop *l = &fn->loops[--fn->nloops];
    rc_label_place(fn, l->nilexit);
    if (l->target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_LOADNIL, l->target, 0, 0);
    rc_label_place(fn, l->brk);
}

/* while: rotated, so one test + jump per iteration. */
static void while_to(RcFn *fn, RcAst *e, int target)
{
    RcLoop *l = loop_push(fn, e->str, target);
    int body = rc_label_new(fn), cont = l->cont;
    rc_emit_jump(fn, RV_OP_JMP, 0, cont);
    rc_label_place(fn, body);
    rc_expr_to(fn, e->b, RC_NO_REG);
    rc_label_place(fn, cont);
    rc_cond_jump(fn, e->a, true, body);
    loop_pop(fn);
}

static void loop_to(RcFn *fn, RcAst *e, int target)
{
    RcLoop *l = loop_push(fn, e->str, target);
    int top = l->cont;
    rc_label_place(fn, top);
    rc_expr_to(fn, e->b, RC_NO_REG);
    if (!rc_unreachable(fn))
        rc_emit_jump(fn, RV_OP_JMP, 0, top);
    loop_pop(fn);
}

static void while_let_to(RcFn *fn, RcAst *e, int target)
{
    RcLoop *l = loop_push(fn, e->str, target);
    int top = l->cont, exit = l->nilexit;
    rc_label_place(fn, top);
    rc_scope_enter(fn);
    int s = rc_expr_any(fn, e->b);
    arm_to(fn, e->a, NULL, e->c, s, RC_NO_REG, false, exit);
    rc_scope_leave(fn, false);
    if (!rc_unreachable(fn))
        rc_emit_jump(fn, RV_OP_JMP, 0, top);
    loop_pop(fn);
}

/* for PAT in ITER: FORPREP/FORLOOP for a literal range a..b / a..=b,
 * ITERPREP/ITERNEXT otherwise. R[base..base+2] = state, element. */
static void for_to(RcFn *fn, RcAst *e, int target)
{
    RcAst *it = e->b;
    bool fast = it->kind == RC_AST_RANGE && it->a && it->b;
    int base = rc_reg_alloc_n(fn, 3);
    RcLoop *l = loop_push(fn, e->str, target);
    int body = rc_label_new(fn), cont = l->cont, exit = l->nilexit;
    if (fast) {
        rc_expr_to(fn, it->a, base);
        rc_expr_to(fn, it->b, base + 1);
        rc_emit_jump(fn, (it->flags & RC_F_INCL) ? RV_OP_FORPREPI : RV_OP_FORPREP, base, exit);
    } else {
        rc_expr_to(fn, it, base);
        rc_emit_abc(fn, RV_OP_ITERPREP, base, 0, 0);
        rc_emit_jump(fn, RV_OP_JMP, 0, cont);
    }
    l->close_base = base + 2;
    rc_label_place(fn, body);
    rc_scope_enter(fn);
    fn->scopes[fn->nscopes - 1].base = base + 2;     /* the element is the scope's */
    RcAst *pat = e->a;
    if (pat->kind == RC_AST_PAT_BIND && !pat->a && pat->where == RC_W_LOCAL) {
        rc_local_activate(fn, pat->slot, base + 2);
    } else if (pat->kind != RC_AST_PAT_WILD) {
        rc_pat_reserve(fn, pat);
        rc_pat_match(fn, pat, base + 2, rc_stub_nomatch(fn, base + 2));
        rc_pat_commit(fn, pat);
    }
    rc_expr_to(fn, e->c, RC_NO_REG);
    rc_scope_leave(fn, true);
    rc_label_place(fn, cont);
    rc_emit_jump(fn, fast ? RV_OP_FORLOOP : RV_OP_ITERNEXT, base, body);
    loop_pop(fn);
    rc_reg_free_to(fn, base);
}

static RcLoop *find_loop(RcFn *fn, const char *label)
{
    if (label && (*label == '\'' || *label == '@'))
        label++;
    for (int i = fn->nloops - 1; i >= 0; i--)
        if (!label || (fn->loops[i].label && strcmp(fn->loops[i].label, label) == 0))
            return &fn->loops[i];
    return NULL;
}

/* break/continue to l: CLOSE the iteration scope if a captured local
 * lives in it, then jump. */
void rc_loop_jump(RcFn *fn, RcLoop *l, int kind, bool with_value)
{
    if (rc_captured_since(fn, l->first_active))
        rc_emit_abc(fn, RV_OP_CLOSE, l->close_base, 0, 0);
    rc_emit_jump(fn, RV_OP_JMP, 0,
                 kind == RC_AST_CONTINUE ? l->cont : with_value ? l->brk : l->nilexit);
}

static void jump_out(RcFn *fn, RcAst *e)
{
    RcLoop *l = find_loop(fn, e->str);
    if (!l)
        return;                                   /* reported by the resolver */
    bool value = e->kind == RC_AST_BREAK && e->a;
    if (value)
        rc_expr_to(fn, e->a, l->target);
    int li = (int)(l - fn->loops);
    if (rc_try_crossing(fn, li) >= 0)
        rc_try_exit(fn, e->kind, li, value, -1);
    else
        rc_loop_jump(fn, l, e->kind, value);
}

/* ---------------------------------------------------------- functions --- */

static uint8_t required_params(const RcAst *f)
{
    int req = 0;
    for (int i = 0; i < f->list.n; i++)
        if (!f->list.v[i]->a)
            req = i + 1;
    return (uint8_t)req;
}

static void fill_upvals(RcFn *fn, RcFn *child)
{
    RcFnInfo *ci = child->info;
    child->nupvals = ci->nups;
    child->upvals = rc_arena_alloc(fn->cc->ar, (size_t)(ci->nups + 1) * sizeof(RvUpvalDesc));
    for (int i = 0; i < ci->nups; i++) {
        int idx = ci->ups[i].idx;
        if (ci->ups[i].instack && fn->local_reg[idx] < 0)
            rc_diag_error(fn->cc->d, ci->node->line, ci->node->col,
                          "internal error: '%s' captured before its declaration", ci->ups[i].name);
        child->upvals[i].instack = ci->ups[i].instack;
        child->upvals[i].idx = (uint8_t)(ci->ups[i].instack ? fn->local_reg[idx] : idx);
    }
}

/* Compile FUN node f into a child proto (program heap) and emit CLOSURE
 * into target (RC_NO_REG: evaluated and dropped). */
/* Give pattern literals and format specs of one function (not of nested
 * ones) the first constant slots: TEQK and FMTSPEC have 8-bit K operands. */
static void prime_constants(RcFn *fn, RcAst *e, bool root)
{
    if (!e || (e->kind == RC_AST_FUN && !root))
        return;
    if (e->kind == RC_AST_PAT_LIT && e->a)
        rc_pat_literal_k(fn, e);
    else if (e->kind == RC_AST_PAT_ENUM && e->where == RC_W_ENUMV)
        rc_marker_k(fn, e->aux, e->slot);
    else if (e->kind == RC_AST_PAT_STRUCT)
        e->where == RC_W_ENUMV ? rc_marker_k(fn, e->aux, e->slot) : rc_type_k(fn, e->aux);
    else if (e->kind == RC_AST_FMT && e->str && e->str[0])
        rc_k_str(fn, e->str, strlen(e->str));
    RcAst *kids[] = { e->a, e->b, e->c, e->d };
    for (int i = 0; i < 4; i++)
        prime_constants(fn, kids[i], false);
    for (int i = 0; i < e->list.n; i++)
        prime_constants(fn, e->list.v[i], false);
    for (int i = 0; i < e->list2.n; i++)
        prime_constants(fn, e->list2.v[i], false);
}

void rc_closure_to(RcFn *fn, RcAst *f, int target)
{
    RcFn child;
    rc_fn_init(&child, fn->cc, fn, f->aux);
    prime_constants(&child, f, true);
    int np = f->list.n;
    rc_reg_alloc_n(&child, np);
    for (int i = 0; i < np; i++)
        rc_local_activate(&child, f->list.v[i]->slot, i);
    for (int i = 0; i < np; i++) {
        RcAst *p = f->list.v[i];
        if (!p->a)
            continue;
        int skip = rc_label_new(&child);
        rc_emit_jump(&child, RV_OP_ARGJMP, i, skip);
        rc_expr_to(&child, p->a, i);
        rc_label_place(&child, skip);
    }
    rc_tail(&child, f->a);
    if (!rc_unreachable(&child))
        rc_emit_abc(&child, RV_OP_RETNIL, 0, 0, 0);
    fill_upvals(fn, &child);
    const char *name = f->str && !(f->flags & RC_F_LAMBDA) ? f->str : "<lambda>";
    RvProto *p = rc_fn_finish(&child, name, f->line);
    p->nparams = (uint8_t)np;
    p->nrequired = required_params(f);
    if (f->flags & RC_F_SELF)
        p->flags |= RV_PF_METHOD;
    fn->protos = rc_vec_grow(fn->cc->ar, fn->protos, fn->nprotos, &fn->capprotos,
                             sizeof *fn->protos);
    fn->protos[fn->nprotos] = p;
    int t = target == RC_NO_REG ? rc_reg_alloc(fn) : target;
    rc_emit_abx(fn, RV_OP_CLOSURE, t, fn->nprotos++);
    if (target == RC_NO_REG)
        rc_reg_free(fn, t);
}

/* Named function statement: a local declared before its body (so it can
 * recurse); top-level ones were hoisted by the chunk. */
static void fun_decl(RcFn *fn, RcAst *f, int target)
{
    if (f->where == RC_W_GLOBAL) {
        if (target != RC_NO_REG)
            rc_emit_abx(fn, RV_OP_GETGLOBAL, target, f->slot);
        return;
    }
    int reg = rc_reg_alloc(fn);
    rc_local_activate(fn, f->slot, reg);
    rc_closure_to(fn, f, reg);
    if (target != RC_NO_REG)
        rc_emit_abc(fn, RV_OP_MOVE, target, reg, 0);
}

/* ---------------------------------------------------- tail position --- */

static void tail_block(RcFn *fn, RcAst *b)
{
    rc_scope_enter(fn);
    int n = b->list.n;
    if (n == 0)
        rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
    for (int i = 0; i < n - 1; i++)
        rc_expr_to(fn, b->list.v[i], RC_NO_REG);
    if (n > 0) {
        RcAst *last = b->list.v[n - 1];
        if (is_decl(unwrap(last))) {
            int t = rc_reg_alloc(fn);
            rc_expr_to(fn, last, t);
            rc_emit_abc(fn, RV_OP_RETURN, t, 0, 0);
        } else {
            rc_tail(fn, last);
        }
    }
    rc_scope_leave(fn, false);
}

static void tail_if(RcFn *fn, RcAst *e)
{
    int els = rc_label_new(fn);
    rc_cond_jump(fn, e->a, false, els);
    rc_tail(fn, e->b);
    rc_label_place(fn, els);
    if (e->c)
        rc_tail(fn, e->c);
    else
        rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
}

/* Compile e as the function's result: branches end in RETURN/RETNIL. */
void rc_tail(RcFn *fn, RcAst *e)
{
    uint32_t saved = fn->line;
    fn->line = e->line;
    switch ((RcAstKind)e->kind) {
    case RC_AST_EXPR_STMT:
        if (e->a) rc_tail(fn, e->a);
        else rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
        break;
    case RC_AST_BLOCK: tail_block(fn, e); break;
    case RC_AST_IF: case RC_AST_TERNARY: tail_if(fn, e); break;
    case RC_AST_MATCH: match_to(fn, e, RC_NO_REG, true); break;
    case RC_AST_IF_LET: iflet_to(fn, e, RC_NO_REG, true); break;
    case RC_AST_RETURN: case RC_AST_BREAK: case RC_AST_CONTINUE: case RC_AST_THROW:
        rc_expr_to(fn, e, RC_NO_REG);
        break;
    case RC_AST_WHILE: case RC_AST_FOR: case RC_AST_WHILE_LET:
        rc_expr_to(fn, e, RC_NO_REG);
        rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
        break;
    default: {
        int r = rc_expr_any(fn, e);
        rc_emit_abc(fn, RV_OP_RETURN, r, 0, 0);
        rc_reg_release(fn, r);
        break;
    }
    }
    fn->line = saved;
}

/* ----------------------------------------------------------- dispatch --- */

/* True for node kinds compiled here rather than in rc_codegen_expr.c. */
bool rc_is_control(const RcAst *e)
{
    switch ((RcAstKind)e->kind) {
    case RC_AST_EXPR_STMT: case RC_AST_BLOCK: case RC_AST_LET: case RC_AST_CONST:
    case RC_AST_ASSIGN: case RC_AST_IF: case RC_AST_TERNARY: case RC_AST_IF_LET:
    case RC_AST_MATCH: case RC_AST_WHILE: case RC_AST_LOOP: case RC_AST_WHILE_LET:
    case RC_AST_FOR: case RC_AST_BREAK: case RC_AST_CONTINUE: case RC_AST_RETURN:
    case RC_AST_THROW: case RC_AST_USE: case RC_AST_STRUCT_DECL: case RC_AST_ENUM_DECL:
    case RC_AST_IMPL: case RC_AST_TRAIT: case RC_AST_TRY:
        return true;
    case RC_AST_FUN:                 /* a declaring statement, not a value */
        return e->where == RC_W_LOCAL || e->where == RC_W_GLOBAL;
    default:
        return false;
    }
}

static void throw_stmt(RcFn *fn, RcAst *e)
{
    int r = rc_expr_any(fn, e->a);
    rc_emit_abc(fn, RV_OP_THROW, r, 0, 0);
    rc_reg_release(fn, r);
}

/* return [e]: straight out, or through the try regions around it. */
static void return_stmt(RcFn *fn, RcAst *e)
{
    if (rc_try_crossing(fn, -1) < 0) {
        if (e->a) rc_tail(fn, e->a);
        else rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
        return;
    }
    int r = e->a ? rc_expr_any(fn, e->a) : -1;
    rc_try_exit(fn, RC_AST_RETURN, -1, false, r);
    if (r >= 0)
        rc_reg_release(fn, r);
}

/* Compile a statement or control-flow expression into target
 * (RC_NO_REG: value unused). Returns target. */
int rc_control_to(RcFn *fn, RcAst *e, int target)
{
    switch ((RcAstKind)e->kind) {
    case RC_AST_EXPR_STMT:
        if (e->a) rc_expr_to(fn, e->a, target);
        else if (target != RC_NO_REG) rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
        break;
    case RC_AST_BLOCK: block_to(fn, e, target); break;
    case RC_AST_LET: case RC_AST_CONST: let_to(fn, e, target); break;
    case RC_AST_FUN: fun_decl(fn, e, target); break;
    case RC_AST_ASSIGN: assign_to(fn, e, target); break;
    case RC_AST_IF: case RC_AST_TERNARY: if_to(fn, e, target); break;
    case RC_AST_IF_LET: iflet_to(fn, e, target, false); break;
    case RC_AST_MATCH: match_to(fn, e, target, false); break;
    case RC_AST_WHILE: while_to(fn, e, target); break;
    case RC_AST_LOOP: loop_to(fn, e, target); break;
    case RC_AST_WHILE_LET: while_let_to(fn, e, target); break;
    case RC_AST_FOR: for_to(fn, e, target); break;
    case RC_AST_BREAK: case RC_AST_CONTINUE: jump_out(fn, e); break;
    case RC_AST_RETURN: return_stmt(fn, e); break;
    case RC_AST_THROW: throw_stmt(fn, e); break;
    case RC_AST_USE: case RC_AST_TRAIT:
        if (target != RC_NO_REG) rc_emit_abc(fn, RV_OP_LOADNIL, target, 0, 0);
        break;
    case RC_AST_STRUCT_DECL: case RC_AST_ENUM_DECL: case RC_AST_IMPL:
        rc_decl_to(fn, e, target, false);
        break;
    case RC_AST_TRY: rc_try_to(fn, e, target); break;
    default:       /* declarations the resolver already reported */
        rc_diag_error(fn->cc->d, e->line, e->col, "%s is not supported yet",
                      rc_ast_kind_name(e->kind));
        break;
    }
    return target;
}

/* ------------------------------------------------------------- chunk --- */

/* The chunk: CLOSURE+SETGLOBAL for every top-level `fun` first (so they can
 * call each other in any order), then the statements in order. */
RvProto *rc_codegen_program(RcCompiler *cc, RcAst *prog)
{
    RcFn fn;
    rc_fn_init(&fn, cc, NULL, prog->aux);
    fn.line = 1;
    prime_constants(&fn, prog, true);
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = unwrap(prog->list.v[i]);
        fn.line = s->line;
        if ((s->kind == RC_AST_STRUCT_DECL || s->kind == RC_AST_ENUM_DECL) &&
            s->where == RC_W_GLOBAL)
            rc_decl_to(&fn, s, RC_NO_REG, true);
    }
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = unwrap(prog->list.v[i]);
        if (s->kind != RC_AST_FUN || s->where != RC_W_GLOBAL)
            continue;
        int t = rc_reg_alloc(&fn);
        fn.line = s->line;
        rc_closure_to(&fn, s, t);
        rc_emit_abx(&fn, RV_OP_SETGLOBAL, t, s->slot);
        rc_reg_free(&fn, t);
    }
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = unwrap(prog->list.v[i]);
        fn.line = s->line;
        if (s->kind == RC_AST_IMPL)
            rc_decl_to(&fn, s, RC_NO_REG, true);
    }
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = unwrap(prog->list.v[i]);
        if (s->kind == RC_AST_FUN && s->where == RC_W_GLOBAL)
            continue;
        rc_expr_to(&fn, prog->list.v[i], RC_NO_REG);
    }
    if (prog->list.n > 0)
        fn.line = prog->list.v[prog->list.n - 1]->line;
    if (!rc_unreachable(&fn))
        rc_emit_abc(&fn, RV_OP_RETNIL, 0, 0, 0);
    RvProto *p = rc_fn_finish(&fn, "<top>", 1);
    p->flags |= RV_PF_CHUNK;
    return p;
}
