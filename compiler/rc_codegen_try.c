/* rc_codegen_try.c — try / catch / finally, and every exit that leaves a
 * try region (return, break, continue, `?`).
 *
 * Layout of `try B catch P1 {C1} ... finally {F}` (registers val, act):
 *
 *         TRY val -> Lcatch        handler: an error lands in val, at Lcatch
 *         B -> target
 *         ENDTRY 1; LOADI act 0; JMP Lfin
 * Lcatch: CATCHVAL cv val          what the clauses see (the thrown value)
 *         TRY val -> Lcerr         errors inside the clauses run F too
 *         match cv P1 else L2; C1 -> target; ENDTRY 1; LOADI act 0; JMP Lfin
 * L2:     ...                      no clause matched:
 *         ENDTRY 1; LOADI act 1; JMP Lfin
 * Lcerr:  LOADI act 1
 * Lfin:   F
 *         act 0: done; 1: THROW val (the original error and traceback);
 *         2+k: exit k (return val, break or continue), which may lead
 *         through the finally blocks of enclosing try expressions.
 *
 * Without finally the clauses are unguarded, a normal exit jumps to the
 * end and "no clause matched" rethrows at once. The caught value lives in
 * a register; the VM closes upvalues from val up when it catches, and an
 * exit through a finally closes them before running F.
 *
 * Exits: every handler a try pushed is popped (ENDTRY) before control
 * leaves its region by any path, so a frame never returns with handlers
 * of its own still pushed (the VM relies on that).
 */
#include <string.h>
#include "rc_emit.h"

#define EXIT_CODE_MAX 120      /* act codes fit TEQI's signed byte */

static int try_push(RcFn *fn, int val, int act, int fin, int base)
{
    fn->tries = rc_vec_grow(fn->cc->ar, fn->tries, fn->ntries, &fn->captries,
                            sizeof *fn->tries);
    RcTry *t = &fn->tries[fn->ntries];
    memset(t, 0, sizeof *t);
    t->nloops = fn->nloops;
    t->fin = fin;
    t->val = val;
    t->act = act;
    t->base = base;
    t->first_active = fn->nactive;
    return fn->ntries++;
}

/* Index of the outermost try that an exit to loop index `loop` (-1 for
 * return: all of them) leaves, or -1. Tries nest inside loops in order. */
int rc_try_crossing(RcFn *fn, int loop)
{
    int first = -1;
    for (int i = fn->ntries - 1; i >= 0; i--) {
        if (loop >= 0 && fn->tries[i].nloops <= loop)
            break;
        first = i;
    }
    return first;
}

/* Code of the exit in try t's dispatch (registered once). */
static int exit_code(RcFn *fn, RcTry *t, int kind, int loop, bool value)
{
    for (int i = 0; i < t->nexits; i++)
        if (t->exits[i].kind == kind && t->exits[i].loop == loop && t->exits[i].value == value)
            return 2 + i;
    if (t->nexits + 2 > EXIT_CODE_MAX) {
        rc_diag_error(fn->cc->d, fn->line, 1, "too many exits from one try block");
        return 2;
    }
    t->exits = rc_vec_grow(fn->cc->ar, t->exits, t->nexits, &t->capexits, sizeof *t->exits);
    t->exits[t->nexits].kind = kind;
    t->exits[t->nexits].loop = loop;
    t->exits[t->nexits].value = value;
    return 2 + t->nexits++;
}

/* Leave the function (kind RC_AST_RETURN, value in reg, -1: nil) or jump
 * to loop `loop` (BREAK / CONTINUE) through the try regions in between:
 * pop their handlers; the first finally on the way runs first and
 * performs the rest of the exit afterwards. */
void rc_try_exit(RcFn *fn, int kind, int loop, bool with_value, int reg)
{
    bool ret = kind == RC_AST_RETURN;
    int first = rc_try_crossing(fn, ret ? -1 : loop), pops = 0;
    for (int i = fn->ntries - 1; first >= 0 && i >= first; i--) {
        RcTry *t = &fn->tries[i];
        pops += t->handlers;
        if (t->fin < 0)
            continue;
        if (pops)
            rc_emit_abc(fn, RV_OP_ENDTRY, pops, 0, 0);
        if (rc_captured_since(fn, t->first_active))
            rc_emit_abc(fn, RV_OP_CLOSE, t->base, 0, 0);
        if (ret && reg < 0)
            rc_emit_abc(fn, RV_OP_LOADNIL, t->val, 0, 0);
        else if (ret && reg != t->val)
            rc_emit_abc(fn, RV_OP_MOVE, t->val, reg, 0);
        rc_load_int(fn, t->act, exit_code(fn, t, kind, loop, with_value));
        rc_emit_jump(fn, RV_OP_JMP, 0, t->fin);
        return;
    }
    if (pops)
        rc_emit_abc(fn, RV_OP_ENDTRY, pops, 0, 0);
    if (!ret)
        rc_loop_jump(fn, &fn->loops[loop], kind, with_value);
    else if (reg < 0)
        rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);
    else
        rc_emit_abc(fn, RV_OP_RETURN, reg, 0, 0);
}

/* `e?` inside a try: None/Err return through rc_try_exit. */
void rc_try_unwrap(RcFn *fn, RcAst *e, int t)
{
    int r = rc_expr_any(fn, e->a);
    int fail = rc_label_new(fn), ok = rc_label_new(fn);
    rc_emit_abc(fn, RV_OP_TVARIANT, r, RV_OPT_NONE, 1);
    rc_emit_jump(fn, RV_OP_JMP, 0, fail);
    rc_emit_abc(fn, RV_OP_TVARIANT, r, RV_RES_ERR, 1);
    rc_emit_jump(fn, RV_OP_JMP, 0, fail);
    rc_emit_abc(fn, RV_OP_TRYUNWRAP, t, r, 0);    /* Some/Ok, or a TypeError */
    rc_emit_jump(fn, RV_OP_JMP, 0, ok);
    rc_label_place(fn, fail);
    rc_try_exit(fn, RC_AST_RETURN, -1, false, r);
    rc_label_place(fn, ok);
    rc_reg_release(fn, r);
}

/* The end of a region that completed normally: pop its handler, then to
 * the finally code (act 0) or past the whole try. */
static void normal_exit(RcFn *fn, int ti, int done)
{
    if (rc_unreachable(fn))
        return;
    RcTry *t = &fn->tries[ti];
    if (t->handlers)
        rc_emit_abc(fn, RV_OP_ENDTRY, t->handlers, 0, 0);
    if (t->fin >= 0) {
        rc_emit_asbx(fn, RV_OP_LOADI, t->act, 0);
        rc_emit_jump(fn, RV_OP_JMP, 0, t->fin);
    } else {
        rc_emit_jump(fn, RV_OP_JMP, 0, done);
    }
}

/* The catch clauses, entered with the error in val (handler popped). */
static void clauses(RcFn *fn, RcAst *e, int ti, int target, int done)
{
    int val = fn->tries[ti].val, fin = fn->tries[ti].fin;
    int cv = rc_reg_alloc(fn), cerr = -1;
    rc_emit_abc(fn, RV_OP_CATCHVAL, cv, val, 0);
    if (fin >= 0) {
        cerr = rc_label_new(fn);
        rc_emit_jump(fn, RV_OP_TRY, val, cerr);
        fn->tries[ti].handlers = 1;
    }
    bool all = false;
    for (int i = 0; i < e->list.n && !all; i++) {
        RcAst *c = e->list.v[i];
        int next = rc_label_new(fn);
        all = !c->a || rc_pat_irrefutable(c->a);
        rc_scope_enter(fn);
        if (c->a) {
            rc_pat_reserve(fn, c->a);
            rc_pat_match(fn, c->a, cv, next);
            rc_pat_commit(fn, c->a);
        }
        rc_expr_to(fn, c->b, target);
        rc_scope_leave(fn, true);
        if (fin >= 0 || !all)                 /* else `done` follows at once */
            normal_exit(fn, ti, done);
        rc_label_place(fn, next);
    }
    if (!all) {                               /* no clause matched: rethrow */
        if (fin >= 0) {
            rc_emit_abc(fn, RV_OP_ENDTRY, 1, 0, 0);
            rc_emit_asbx(fn, RV_OP_LOADI, fn->tries[ti].act, 1);
            rc_emit_jump(fn, RV_OP_JMP, 0, fin);
        } else {
            rc_emit_abc(fn, RV_OP_THROW, val, 0, 0);
        }
    }
    fn->tries[ti].handlers = 0;
    if (fin >= 0) {
        rc_label_place(fn, cerr);             /* an error inside a clause */
        rc_emit_asbx(fn, RV_OP_LOADI, fn->tries[ti].act, 1);
    }
    rc_reg_free(fn, cv);
}

/* After F: go where the pending action says. */
static void dispatch(RcFn *fn, const RcTry *t, int done)
{
    rc_emit_abc(fn, RV_OP_TEQI, t->act, rc_sbyte(0), 1);
    rc_emit_jump(fn, RV_OP_JMP, 0, done);
    int *labels = rc_arena_alloc(fn->cc->ar, (size_t)(t->nexits + 1) * sizeof *labels);
    for (int k = 0; k < t->nexits; k++) {
        labels[k] = rc_label_new(fn);
        rc_emit_abc(fn, RV_OP_TEQI, t->act, rc_sbyte(2 + k), 1);
        rc_emit_jump(fn, RV_OP_JMP, 0, labels[k]);
    }
    rc_emit_abc(fn, RV_OP_THROW, t->val, 0, 0);
    for (int k = 0; k < t->nexits; k++) {
        rc_label_place(fn, labels[k]);
        rc_try_exit(fn, t->exits[k].kind, t->exits[k].loop, t->exits[k].value, t->val);
    }
}

/* A try expression into target (see the layout at the top). */
void rc_try_to(RcFn *fn, RcAst *e, int target)
{
    bool fin = e->b != NULL;
    if (!fin && e->list.n == 0) {
        rc_expr_to(fn, e->a, target);
        return;
    }
    int base = fn->freereg;
    int val = rc_reg_alloc(fn);
    int act = fin ? rc_reg_alloc(fn) : -1;
    int lfin = fin ? rc_label_new(fn) : -1;
    int lcatch = rc_label_new(fn), done = rc_label_new(fn);
    int ti = try_push(fn, val, act, lfin, base);
    fn->tries[ti].handlers = 1;
    rc_emit_jump(fn, RV_OP_TRY, val, lcatch);
    rc_expr_to(fn, e->a, target);
    normal_exit(fn, ti, done);
    fn->tries[ti].handlers = 0;
    rc_label_place(fn, lcatch);
    if (e->list.n > 0)
        clauses(fn, e, ti, target, done);
    else
        rc_emit_asbx(fn, RV_OP_LOADI, act, 1);  /* try/finally: error in val */
    RcTry t = fn->tries[--fn->ntries];
    if (fin) {
        rc_label_place(fn, lfin);
        rc_expr_to(fn, e->b, RC_NO_REG);
        dispatch(fn, &t, done);
    }
    rc_label_place(fn, done);
    rc_reg_free_to(fn, base);
}
