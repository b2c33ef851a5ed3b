/* rv_call.c — frames, calls from C, protected calls and upvalues.
 *
 * The register stack is reserved once and never moves, so pointers into it
 * (register windows, open upvalues, native argv) stay valid for as long as
 * the frame that owns them is live.
 */
#include <string.h>
#include "rv_vm.h"
#include "rv_proto.h"

/* First register above the topmost frame's window (or the stack base). */
RvValue *rv_stack_top(RvVM *vm)
{
    if (vm->nframes == 0)
        return vm->stack;
    RvFrame *f = &vm->frames[vm->nframes - 1];
    return f->base + (f->cl ? f->cl->proto->maxregs : f->nargs);
}

_Noreturn static void arity_error(RvVM *vm, RvProto *p, int argc)
{
    const char *name = p->name ? p->name->data : "function";
    if (p->nrequired == p->nparams)
        rv_throw(vm, RV_E_TYPE, "%s() expects %u argument%s, got %d", name, p->nparams,
                 p->nparams == 1 ? "" : "s", argc);
    rv_throw(vm, RV_E_TYPE, "%s() expects %u-%u arguments, got %d", name, p->nrequired,
             p->nparams, argc);
}

/* Push a frame for cl; the arguments are in base[0..argc). Missing optional
 * parameters and the rest of the window are set to nil. Throws TypeError on
 * a wrong argument count and RecursionError past the depth or stack limit. */
RvFrame *rv_push_frame(RvVM *vm, RvClosure *cl, RvValue *base, int argc, RvValue *ret)
{
    RvProto *p = cl->proto;
    if (argc < p->nrequired || argc > p->nparams)
        arity_error(vm, p, argc);
    if (vm->nframes >= RV_MAX_FRAMES || base + p->maxregs > vm->stack_end)
        rv_throw(vm, RV_E_RECURSION, "maximum recursion depth exceeded (%d frames)",
                 vm->nframes);
    for (RvValue *r = base + argc; r < base + p->maxregs; r++)
        *r = RV_NIL;
    RvFrame *f = &vm->frames[vm->nframes++];
    f->cl = cl;
    f->pc = p->code;
    f->base = base;
    f->ret = ret;
    f->flags = 0;
    f->nargs = (uint32_t)argc;
    return f;
}

/* Call any callable value from C with argc arguments copied from argv.
 * Runs Ruchy code to completion; throws whatever the callee throws. */
RvValue rv_call(RvVM *vm, RvValue fn, int argc, const RvValue *argv)
{
    if (!RV_IS_CLOSURE(fn)) {
        /* A native frame reserves its arguments' registers, so a native
         * that calls back into the VM cannot overwrite its own argv. */
        RvValue *top = rv_stack_top(vm);
        if (top + argc + 1 > vm->stack_end || vm->nframes >= RV_MAX_FRAMES)
            rv_throw(vm, RV_E_RECURSION, "maximum recursion depth exceeded");
        if (argc > 0)
            memcpy(top, argv, (size_t)argc * sizeof(RvValue));
        RvFrame *f = &vm->frames[vm->nframes++];
        memset(f, 0, sizeof *f);
        f->base = top;
        f->nargs = (uint32_t)argc;
        RvValue v = rv_call_other(vm, fn, argc, top);
        vm->nframes--;
        return v;
    }
    if (vm->reentry >= RV_MAX_NATIVE_REENTRY)
        rv_throw(vm, RV_E_RECURSION, "maximum recursion depth exceeded (native re-entry)");
    RvValue *top = rv_stack_top(vm);
    RvValue *base = top + 1;
    if (base + argc > vm->stack_end)
        rv_throw(vm, RV_E_RECURSION, "maximum recursion depth exceeded");
    top[0] = fn;
    if (argc > 0)
        memcpy(base, argv, (size_t)argc * sizeof(RvValue));
    RvFrame *f = rv_push_frame(vm, RV_AS_CLOSURE(fn), base, argc, top);
    f->flags |= RV_FR_REENTRY;
    vm->reentry++;
    RvValue v = rv_execute(vm);
    vm->reentry--;
    return v;
}

/* Run body(vm, ud) under a protected boundary. Returns 0 when it returned,
 * or 1 with the error it threw in *err; frames, the native re-entry depth and
 * open upvalues above the boundary are restored. Never throws. */
int rv_protect(RvVM *vm, void (*body)(RvVM *vm, void *ud), void *ud, RvValue *err)
{
    RvJmp j;
    j.prev = vm->jmp;
    j.nframes = vm->nframes;
    j.reentry = vm->reentry;
    j.top = rv_stack_top(vm);
    vm->jmp = &j;
    if (setjmp(j.jb) == 0) {
        body(vm, ud);
        vm->jmp = j.prev;
        return 0;
    }
    vm->jmp = j.prev;
    rv_close_upvals(vm, j.top);
    vm->nframes = j.nframes;
    vm->reentry = j.reentry;
    *err = vm->error;
    vm->error = RV_NIL;
    return 1;
}

typedef struct PCall {
    RvValue fn;
    int argc;
    const RvValue *argv;
    RvValue res;
} PCall;

static void pcall_body(RvVM *vm, void *ud)
{
    PCall *c = ud;
    c->res = rv_call(vm, c->fn, c->argc, c->argv);
}

/* Call fn and catch any error: 0 and the result, or 1 and the error value. */
int rv_pcall(RvVM *vm, RvValue fn, int argc, const RvValue *argv, RvValue *res)
{
    PCall c = { fn, argc, argv, RV_NIL };
    if (rv_protect(vm, pcall_body, &c, res))
        return 1;
    *res = c.res;
    return 0;
}

/* Run the top-level chunk. Returns 0, or 1 with the error in *err. */
int rv_run_main(RvVM *vm, RvProto *chunk, RvValue *err)
{
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    RvClosure *cl = (RvClosure *)rv_obj_alloc(vm, RV_K_CLOSURE, sizeof(RvClosure));
    cl->proto = chunk;
    RvValue res;
    int rc = rv_pcall(vm, RV_OBJ(cl), 0, NULL, &res);
    rv_heap_target(vm, old);
    if (rc && err)
        *err = res;
    return rc;
}

/* --------------------------------------------------------- upvalues --- */

/* Find or create the open upvalue for register slot. */
RvUpval *rv_find_upval(RvVM *vm, RvValue *slot)
{
    RvUpval **pp = &vm->open_upvals;
    while (*pp && (*pp)->loc > slot)
        pp = &(*pp)->next;
    if (*pp && (*pp)->loc == slot)
        return *pp;
    RvUpval *u = (RvUpval *)rv_obj_alloc(vm, RV_K_UPVAL, sizeof(RvUpval));
    u->loc = slot;
    u->next = *pp;
    *pp = u;
    return u;
}

/* Close every open upvalue at or above level: copy the value in. */
void rv_close_upvals(RvVM *vm, RvValue *level)
{
    while (vm->open_upvals && vm->open_upvals->loc >= level) {
        RvUpval *u = vm->open_upvals;
        RV_STORE(vm, u, &u->closed, *u->loc);
        u->loc = &u->closed;
        vm->open_upvals = u->next;
        u->next = NULL;
    }
}

/* TypeError for a native called with got arguments outside its range. */
void rv_native_arity_error(RvVM *vm, const RvNative *n, int got)
{
    if (n->min_args == n->max_args)
        rv_throw(vm, RV_E_TYPE, "%s() takes %d argument%s, got %d", n->name, n->min_args,
                 n->min_args == 1 ? "" : "s", got);
    if (n->max_args < 0)
        rv_throw(vm, RV_E_TYPE, "%s() takes at least %d argument%s, got %d", n->name,
                 n->min_args, n->min_args == 1 ? "" : "s", got);
    rv_throw(vm, RV_E_TYPE, "%s() takes %d to %d arguments, got %d", n->name, n->min_args,
             n->max_args, got);
}

/* Call a native or bound method with argv (which must stay valid). */
RvValue rv_call_other(RvVM *vm, RvValue f, int argc, RvValue *argv)
{
    if (RV_IS_NATIVE(f)) {
        RvNative *n = RV_AS_NATIVE(f);
        if (argc < n->min_args || (n->max_args >= 0 && argc > n->max_args))
            rv_native_arity_error(vm, n, argc);
        return n->fn(vm, argc, argv);
    }
    if (RV_IS_KIND(f, RV_K_BOUND)) {
        RvBound *b = (RvBound *)RV_AS_OBJ(f);
        RvValue *top = rv_stack_top(vm);
        if (argv >= top)
            top = argv + argc;
        if (top + argc + 1 > vm->stack_end)
            rv_throw(vm, RV_E_RECURSION, "maximum recursion depth exceeded");
        top[0] = b->recv;
        memmove(top + 1, argv, (size_t)argc * sizeof(RvValue));
        return rv_call(vm, b->fn, argc + 1, top);
    }
    rv_throw(vm, RV_E_TYPE, "%s is not callable", rv_type_name(f));
}

/* --------------------------------------------------------- interrupts --- */

/* Async-signal-safe: only sets a flag the dispatch loop polls. */
void rv_interrupt(RvVM *vm, int why)
{
    vm->interrupt |= why;
}

void rv_interrupt_clear(RvVM *vm)
{
    vm->interrupt = 0;
}

/* Serve what made RV_SAFEPOINT_DUE true: collect, then time out. */
void rv_safepoint(RvVM *vm)
{
    if (vm->gc_pending)
        rv_gc_safepoint(vm);
    if (vm->interrupt & RV_INTR_TIMEOUT) {
        vm->interrupt &= ~RV_INTR_TIMEOUT;
        rv_throw(vm, RV_E_TIMEOUT, "Task timed out: the handler ran past its deadline");
    }
}
