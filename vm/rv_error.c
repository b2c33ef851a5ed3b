/* rv_error.c — error values, throwing, tracebacks and error printing.
 *
 * rv_throw builds an RvError (kind, message, traceback of the live Ruchy
 * frames), stores it in vm->error and longjmps to the innermost protected
 * boundary. Nothing is cleaned up on the way: frames are discarded by the
 * boundary and memory belongs to heaps.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "rv_vm.h"
#include "rv_proto.h"

#define TRACE_HEAD 12   /* innermost frames kept in a traceback */
#define TRACE_TAIL 8    /* outermost frames kept */

static const char *const kind_names[RV_E__COUNT] = {
    [RV_E_RUNTIME] = "RuntimeError",   [RV_E_TYPE] = "TypeError",
    [RV_E_VALUE] = "ValueError",       [RV_E_INDEX] = "IndexError",
    [RV_E_KEY] = "KeyError",           [RV_E_OVERFLOW] = "OverflowError",
    [RV_E_ZERODIV] = "ZeroDivisionError", [RV_E_RECURSION] = "RecursionError",
    [RV_E_MEMORY] = "MemoryError",     [RV_E_TIMEOUT] = "TimeoutError",
    [RV_E_ASSERT] = "AssertionError",  [RV_E_NAME] = "NameError",
    [RV_E_JSON] = "JSONError",         [RV_E_THROWN] = "Error",
};

const char *rv_err_kind_name(int kind)
{
    return kind >= 0 && kind < RV_E__COUNT ? kind_names[kind] : "Error";
}

/* Source line of the instruction a frame is executing. */
static uint32_t frame_line(const RvFrame *f)
{
    const RvProto *p = f->cl->proto;
    if (!p->lines || p->ncode == 0)
        return p->line;
    ptrdiff_t at = f->pc - p->code - 1;
    if (at < 0)
        at = 0;
    if ((uint32_t)at >= p->ncode)
        at = p->ncode - 1;
    return p->lines[at];
}

static RvValue frame_text(RvVM *vm, const RvFrame *f)
{
    const RvProto *p = f->cl->proto;
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_buf_printf(&b, "%s (%s:%u)", p->name ? p->name->data : "?",
                  p->file ? p->file->data : "?", frame_line(f));
    return rv_buf_str(&b);
}

/* Traceback of the live Ruchy frames, innermost first, long ones elided. */
static RvArray *make_trace(RvVM *vm)
{
    RvArray *t = RV_AS_ARRAY(rv_array_new(vm, 8));
    int n = 0;
    for (int i = vm->nframes - 1; i >= 0; i--)
        n += vm->frames[i].cl != NULL;
    int seen = 0;
    for (int i = vm->nframes - 1; i >= 0; i--) {
        const RvFrame *f = &vm->frames[i];
        if (!f->cl)
            continue;
        if (seen == TRACE_HEAD && n > TRACE_HEAD + TRACE_TAIL) {
            RvBuf b;
            rv_buf_init(&b, vm);
            rv_buf_printf(&b, "... %d more frames ...", n - TRACE_HEAD - TRACE_TAIL);
            rv_array_push(vm, t, rv_buf_str(&b));
        }
        if (seen < TRACE_HEAD || seen >= n - TRACE_TAIL)
            rv_array_push(vm, t, frame_text(vm, f));
        seen++;
    }
    return t;
}

/* A new error value (not thrown), with the current traceback. */
RvValue rv_error_new(RvVM *vm, RvErrKind kind, RvValue payload, RvStr *msg)
{
    RvError *e = (RvError *)rv_obj_alloc(vm, RV_K_ERROR, sizeof(RvError));
    e->ekind = (uint8_t)kind;
    e->value = payload;
    e->msg = msg;
    e->trace = make_trace(vm);
    return RV_OBJ(e);
}

_Noreturn static void unwind(RvVM *vm, RvValue err)
{
    vm->error = err;
    if (!vm->jmp) {
        rv_flush(vm);
        rv_error_print(vm, err, stderr);
        fputs("ruchy: error outside any protected call\n", stderr);
        abort();
    }
    longjmp(vm->jmp->jb, 1);
}

/* Throw a new error with a formatted message. Never returns. */
void rv_throw(RvVM *vm, RvErrKind kind, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof tmp)
        n = sizeof tmp - 1;
    RvValue msg = rv_str_new(vm, tmp, (size_t)n);
    unwind(vm, rv_error_new(vm, kind, msg, RV_AS_STR(msg)));
}

/* Throw v: errors are rethrown unchanged, other values wrapped. */
void rv_throw_value(RvVM *vm, RvValue v)
{
    if (RV_IS_ERROR(v))
        unwind(vm, v);
    RvValue text = rv_to_str(vm, v);
    unwind(vm, rv_error_new(vm, RV_E_THROWN, v, RV_AS_STR(text)));
}

/* Print "Error: Kind: message" (or "Error: text" for thrown values) and the
 * traceback, one "  at function (file:line)" per line. */
void rv_error_print(RvVM *vm, RvValue err, FILE *f)
{
    (void)vm;
    if (!RV_IS_ERROR(err)) {
        fputs("Error: (non-error value)\n", f);
        return;
    }
    RvError *e = RV_AS_ERROR(err);
    const char *msg = e->msg ? e->msg->data : "";
    if (e->ekind == RV_E_THROWN)
        fprintf(f, "Error: %s\n", msg);
    else
        fprintf(f, "Error: %s: %s\n", rv_err_kind_name(e->ekind), msg);
    if (e->trace)
        for (uint32_t i = 0; i < e->trace->len; i++) {
            RvValue s = e->trace->items[i];
            if (RV_IS_STR(s))
                fprintf(f, RV_AS_STR(s)->data[0] == '.' ? "  %s\n" : "  at %s\n",
                        RV_AS_STR(s)->data);
        }
}
