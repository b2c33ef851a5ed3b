/* rt_invoke.c — one invocation of a loaded handler (DESIGN §5–§6).
 *
 * Sequence: _X_AMZN_TRACE_ID set (or unset), log lines tagged with the
 * request id, rv_invoke_begin (the invocation heap becomes the allocation
 * target), deadline timer armed, then a protected call of a small native
 * "trampoline" that builds the event and context (so even a MemoryError
 * while converting a 6 MB event is caught) and calls the handler with as
 * many of (event, context) as it declares. The result is serialised inside
 * the rv_invoke consumer while it is still alive; then the timer is
 * disarmed, the invocation heap dropped (rv_invoke_end) and stdout flushed.
 *
 * Deadline: SIGALRM (setitimer) at deadline - margin calls rv_interrupt,
 * which is async-signal-safe (the handler is installed once; between
 * invocations the timer may still run but has no VM to interrupt); the VM
 * throws TimeoutError at its next call
 * or loop back-edge and it is reported like any error. The margin is
 * $RUCHY_TIMEOUT_MARGIN_MS (default 50 ms): time left to serialise and post
 * the error before Lambda kills the process. A deadline header that is not
 * an absolute epoch time (missing, or small like @vercel/fun's constant
 * 5000) arms no timer. Native code between safe points is not interrupted.
 *
 * Process-wide state: the invocation in flight (read by the trampoline,
 * which natives cannot be given otherwise) and the VM the signal handler
 * interrupts. One invocation at a time per process.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "rt_lambda.h"

/* Deadlines before 2001-09-09 are not absolute epoch milliseconds. */
#define RT_MIN_EPOCH_MS 1000000000000LL

typedef struct RtInvocation {
    RtHandler *h;
    const RtEvent *ev;
    const RtFuncInfo *fi;
    RtResult *out;
} RtInvocation;

static RtInvocation *rt_inv_active;
static _Atomic(RvVM *) rt_timer_vm;

int64_t rt_timeout_margin_ms(void)
{
    const char *s = getenv("RUCHY_TIMEOUT_MARGIN_MS");
    uint64_t v;
    return s && rv_parse_uint(s, 3600000, &v) ? (int64_t)v : RT_TIMEOUT_MARGIN_DEFAULT;
}

void rt_func_info_from_env(RtFuncInfo *fi)
{
    memset(fi, 0, sizeof *fi);
    fi->function_name = getenv("AWS_LAMBDA_FUNCTION_NAME");
    fi->function_version = getenv("AWS_LAMBDA_FUNCTION_VERSION");
    fi->log_group_name = getenv("AWS_LAMBDA_LOG_GROUP_NAME");
    fi->log_stream_name = getenv("AWS_LAMBDA_LOG_STREAM_NAME");
    const char *mem = getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    uint64_t mb = 0;
    if (mem)
        rv_scan_uint(mem, 10, &mb); /* leading digits; none (also "-N") is 0 */
    fi->memory_limit_mb = mb > INT64_MAX ? INT64_MAX : (int64_t)mb;
}

/* ------------------------------------------------------------ timer --- */

static void rt_on_alarm(int sig)
{
    (void)sig;
    RvVM *vm = atomic_load(&rt_timer_vm);
    if (vm)
        rv_interrupt(vm, RV_INTR_TIMEOUT);
}

/* Install the SIGALRM handler once per process. */
static void rt_timer_install(void)
{
    static bool installed;
    if (installed)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = rt_on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    installed = true;
}

/* Arm the deadline for vm. setitimer replaces whatever timer the last
 * invocation left armed before vm becomes the target, so a stale alarm can
 * never interrupt this invocation. */
static void rt_timer_arm(RvVM *vm, int64_t deadline_ms, int64_t margin_ms)
{
    if (deadline_ms < RT_MIN_EPOCH_MS)
        return;
    int64_t left = deadline_ms - rt_api_now_ms() - margin_ms;
    if (left < 1)
        left = 1;
    rt_timer_install();
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)(left / 1000);
    it.it_value.tv_usec = (suseconds_t)(left % 1000) * 1000;
    setitimer(ITIMER_REAL, &it, NULL);
    atomic_store(&rt_timer_vm, vm);
}

/* End the deadline. The timer itself is left running (one syscall less per
 * invocation): with no VM to interrupt its signal does nothing (SA_RESTART
 * restarts a blocking read it lands in; the HTTP client retries polls on
 * EINTR), and the next rt_timer_arm replaces it. */
static void rt_timer_disarm(RvVM *vm)
{
    atomic_store(&rt_timer_vm, NULL);
    rv_interrupt_clear(vm);
}

/* ------------------------------------------------------- invocation --- */

/* The protected body of an invocation: argv[0] is the handler. */
static RvValue rt_trampoline(RvVM *vm, int argc, RvValue *argv)
{
    (void)argc;
    RtInvocation *inv = rt_inv_active;
    const RtEvent *ev = inv->ev;
    RvValue args[2];
    int n = inv->h->nargs;
    if (inv->h->legacy) {
        args[0] = rv_str_cstr(vm, ev->request_id ? ev->request_id : "");
        args[1] = rv_str_new(vm, ev->body ? ev->body : "", ev->body ? ev->body_len : 0);
        n = 2;
    } else {
        if (n >= 1)
            args[0] = rt_event_value(vm, ev->body, ev->body_len);
        if (n >= 2)
            args[1] = rt_context_value(vm, ev, inv->fi);
    }
    return rv_call(vm, argv[0], n, args);
}

static void rt_consume(RvVM *vm, RvValue res, int is_error, void *ud)
{
    RtInvocation *inv = ud;
    if (is_error)
        rt_result_from_error(vm, res, inv->out);
    else
        rt_result_from_value(vm, res, inv->h->legacy, inv->out);
}

static void rt_trace_env(const char *trace_id)
{
    if (trace_id)
        setenv("_X_AMZN_TRACE_ID", trace_id, 1);
    else
        unsetenv("_X_AMZN_TRACE_ID");
}

bool rt_invoke_run(RtHandler *h, const RtEvent *ev, const RtFuncInfo *fi,
                   int64_t margin_ms, RtResult *out)
{
    memset(out, 0, sizeof *out);
    RvVM *vm = h->vm;
    RtInvocation inv = { h, ev, fi, out };
    rt_trace_env(ev->trace_id);
    rt_log_set_request(ev->request_id);
    rv_invoke_begin(vm);
    RvNative *tramp = (RvNative *)rv_obj_alloc(vm, RV_K_NATIVE, sizeof(RvNative));
    tramp->name = "<invoke>";
    tramp->fn = rt_trampoline;
    tramp->min_args = 1;
    tramp->max_args = 1;
    rt_inv_active = &inv;
    rt_timer_arm(vm, ev->deadline_ms, margin_ms);
    rv_invoke(vm, RV_OBJ(tramp), 1, &h->fn, rt_consume, &inv);
    rt_timer_disarm(vm);
    rt_inv_active = NULL;
    rv_invoke_end(vm);
    rt_log_flush(vm);
    rt_log_set_request(NULL);
    if (out->body)
        return true;
    rt_result_set_error(out, "Runtime.Unknown", "the invocation produced no result");
    return false;
}
