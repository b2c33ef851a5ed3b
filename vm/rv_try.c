/* rv_try.c — try/catch inside the dispatch loop.
 *
 * Handlers. TRY A sBx pushes a handler record for the top frame: the frame
 * depth, the register A that receives the error and the catch code's
 * address. ENDTRY pops them again; the compiler pops every handler a frame
 * pushed before that frame returns or jumps out of the try region (also on
 * return/break/continue and on `?` leaving a try body).
 *
 * Boundaries. Errors longjmp to the innermost RvJmp (DESIGN §4). An
 * rv_execute activation (one per native -> VM re-entry level) that runs a
 * TRY gets a boundary of its own the first time: the TRY case returns into
 * rv_try_execute, which installs the boundary and runs the activation again
 * from the TRY instruction. When an error reaches the boundary and the
 * innermost handler belongs to this activation, the frames above the
 * handler's frame are discarded, upvalues from R[A] up are closed, R[A]
 * receives the error and execution continues at the catch code; otherwise
 * the boundary removes itself and rethrows to the next one.
 *
 * MemoryError and TimeoutError are never caught: the first stops a runaway
 * invocation at its memory limit, the second enforces the Lambda deadline;
 * a handler catching them would defeat both. finally blocks are compiled
 * code that runs on the catch path, so they do not run for these two.
 */
#include <string.h>
#include "rv_types.h"
#include "rv_proto.h"

#define HANDLERS_MIN 16

typedef struct RvHandler {
    int nframes;              /* vm->nframes when TRY ran: its frame is nframes - 1 */
    uint32_t reg;             /* register of that frame receiving the error */
    const uint32_t *target;   /* first instruction of the catch code */
} RvHandler;

typedef struct RvTryLevel {
    RvJmp j;                  /* linked into vm->jmp */
    int level;                /* vm->reentry of the activation */
    int hbase;                /* handlers below this index belong to outer activations */
    struct RvTryLevel *prev;
} RvTryLevel;

/* True when the running activation already has its boundary. */
bool rv_try_armed(RvVM *vm)
{
    return vm->try_top && vm->try_top->level == vm->reentry;
}

/* Push a handler for the top frame. The handler array lives in the
 * program heap (it outlives invocations and is not an object). */
void rv_try_push(RvVM *vm, uint32_t reg, const uint32_t *target)
{
    if (vm->nhandlers == vm->caphandlers) {
        int cap = vm->caphandlers ? vm->caphandlers * 2 : HANDLERS_MIN;
        vm->handlers = rv_realloc_in(vm, RV_HEAP_PROGRAM, vm->handlers,
                                     (size_t)vm->caphandlers * sizeof(RvHandler),
                                     (size_t)cap * sizeof(RvHandler));
        vm->caphandlers = cap;
    }
    RvHandler *h = &vm->handlers[vm->nhandlers++];
    h->nframes = vm->nframes;
    h->reg = reg;
    h->target = target;
}

/* Pop n handlers of the running frame. */
void rv_try_pop(RvVM *vm, uint32_t n)
{
    vm->nhandlers = (int)n > vm->nhandlers ? 0 : vm->nhandlers - (int)n;
}

/* The value a catch clause binds. */
RvValue rv_caught_value(RvValue err)
{
    if (RV_IS_ERROR(err) && RV_AS_ERROR(err)->ekind == RV_E_THROWN)
        return RV_AS_ERROR(err)->value;
    return err;
}

static bool catchable(RvValue err)
{
    if (!RV_IS_ERROR(err))
        return true;
    int k = RV_AS_ERROR(err)->ekind;
    return k != RV_E_MEMORY && k != RV_E_TIMEOUT;
}

/* An error reached t's boundary: resume at the innermost handler of t's
 * activation, or return false when there is none (or it must not catch). */
static bool catch_here(RvVM *vm, RvTryLevel *t)
{
    RvValue err = vm->error;
    if (vm->nhandlers <= t->hbase || !catchable(err))
        return false;
    RvHandler h = vm->handlers[--vm->nhandlers];
    if (h.nframes < 1 || h.nframes > vm->nframes)
        return false;                    /* cannot happen with compiled code */
    RvFrame *fr = &vm->frames[h.nframes - 1];
    rv_close_upvals(vm, fr->base + h.reg);
    vm->nframes = h.nframes;
    vm->reentry = t->level;
    fr->base[h.reg] = err;
    fr->pc = h.target;
    vm->error = RV_NIL;
    return true;
}

static void leave(RvVM *vm, RvTryLevel *t)
{
    vm->jmp = t->j.prev;
    vm->try_top = t->prev;
    if (vm->nhandlers > t->hbase)
        vm->nhandlers = t->hbase;
}

/* Run the activation under its boundary until its entry frame returns
 * (see the file comment). The top frame's pc points at the TRY that
 * asked for the boundary. */
RvValue rv_try_execute(RvVM *vm)
{
    RvTryLevel t;
    t.level = vm->reentry;
    t.hbase = vm->nhandlers;
    t.prev = vm->try_top;
    t.j.prev = vm->jmp;
    t.j.nframes = vm->nframes;
    t.j.reentry = vm->reentry;
    t.j.top = rv_stack_top(vm);
    vm->try_top = &t;
    vm->jmp = &t.j;
    if (setjmp(t.j.jb) != 0) {
        vm->jmp = &t.j;
        vm->try_top = &t;
        if (!catch_here(vm, &t)) {
            RvValue err = vm->error;
            leave(vm, &t);
            rv_throw_value(vm, err);
        }
    }
    RvValue v = rv_execute(vm);
    leave(vm, &t);
    return v;
}
