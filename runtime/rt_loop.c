/* rt_loop.c — the `bootstrap` of a Lambda custom runtime (provided.al2023):
 * INIT, then GET /next -> run -> POST /response or /error, forever.
 *
 * Environment read: AWS_LAMBDA_RUNTIME_API (required), _HANDLER,
 * LAMBDA_TASK_ROOT (default "."), AWS_LAMBDA_LOG_FORMAT/LEVEL,
 * AWS_LAMBDA_FUNCTION_* and AWS_LAMBDA_LOG_GROUP/STREAM_NAME (context),
 * RUCHY_TIMEOUT_MARGIN_MS, RUCHY_MEMORY_LIMIT_MB (vm/rv_invoke.c).
 * Nothing else: no shell, no file beside the binary but the handler.
 *
 * Failure policy:
 *   INIT fails                 POST /runtime/init/error, exit 2
 *   handler fails              POST /error, keep serving
 *   event over the /next limit POST /error (Function.RequestTooLarge)
 *   POST answered 4xx          log it, keep serving (nothing to retry)
 *   API gone / 500 / garbage   exit 1 (never retried in a loop: the HTTP
 *                              layer already reconnects once on a stale
 *                              socket)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rt_lambda.h"

/* Post an init error and report it on stderr too. Returns the exit code. */
static int rt_boot_init_failed(RtApi *api, const RtInitError *err)
{
    const char *msg = err->message ? err->message : "initialisation failed";
    rt_log_runtime(NULL, RT_LOG_ERROR, "INIT failed: %s: %s", err->type, msg);
    char *json = rt_api_error_json(err->type, msg, NULL, 0);
    RtApiStatus st = rt_api_init_error(api, err->type, json);
    if (st != RT_API_OK)
        rt_log_runtime(NULL, RT_LOG_ERROR, "POST /runtime/init/error failed: %s",
                       rt_api_errmsg(api));
    free(json);
    return RT_BOOT_EXIT_INIT;
}

/* INIT: resolve _HANDLER, compile, run the top level. */
static bool rt_boot_init(RtHandler *h, RtInitError *err)
{
    char *path, *func;
    const char *spec = getenv("_HANDLER");
    if (!rt_handler_resolve(spec, getenv("LAMBDA_TASK_ROOT"), &path, &func, err))
        return false;
    /* Diagnostics name the file as in _HANDLER (relative to the task root). */
    const char *slash = strrchr(spec, '.');
    size_t n = (size_t)(slash - spec);
    char *display = malloc(n + sizeof ".ruchy");
    if (display)
        snprintf(display, n + sizeof ".ruchy", "%.*s.ruchy", (int)n, spec);
    bool ok = rt_handler_load(h, path, display ? display : path, func, NULL, err);
    free(display);
    free(path);
    free(func);
    return ok;
}

/* Post the outcome of one invocation. Returns false when the API is gone. */
static bool rt_boot_post(RtApi *api, RtHandler *h, const RtEvent *ev, const RtResult *res)
{
    RtApiStatus st;
    if (res->is_error) {
        rt_log_set_request(ev->request_id);
        rt_log_runtime(h->vm, RT_LOG_ERROR, "Invoke Error %s", res->body);
        rt_log_set_request(NULL);
        st = rt_api_error(api, ev->request_id, res->error_type, res->body);
    } else {
        st = rt_api_respond(api, ev->request_id, res->body, res->len);
    }
    if (st == RT_API_FATAL) {
        rt_log_runtime(h->vm, RT_LOG_ERROR, "Runtime API failed: %s", rt_api_errmsg(api));
        return false;
    }
    if (st != RT_API_OK)
        rt_log_runtime(h->vm, RT_LOG_WARN, "answer for %s not accepted: %s", ev->request_id,
                       rt_api_errmsg(api));
    return true;
}

/* Event over the /next limit: answer it with an error. */
static bool rt_boot_too_large(RtApi *api, const RtEvent *ev)
{
    if (!ev->request_id)
        return false;
    char msg[128];
    snprintf(msg, sizeof msg, "Request payload exceeded the runtime's %zu byte limit",
             api->max_event);
    char *json = rt_api_error_json("Function.RequestTooLarge", msg, NULL, 0);
    RtApiStatus st = rt_api_error(api, ev->request_id, "Function.RequestTooLarge", json);
    free(json);
    return st != RT_API_FATAL;
}

/* The event loop; returns only when the API fails. */
static int rt_boot_serve(RtApi *api, RtHandler *h)
{
    RtFuncInfo fi;
    rt_func_info_from_env(&fi);
    int64_t margin = rt_timeout_margin_ms();
    for (;;) {
        RtEvent ev;
        RtApiStatus st = rt_api_next(api, &ev);
        bool alive = true;
        if (st == RT_API_OK) {
            RtResult res;
            rt_invoke_run(h, &ev, &fi, margin, &res);
            alive = rt_boot_post(api, h, &ev, &res);
            rt_result_free(&res);
        } else if (st == RT_API_TOO_LARGE) {
            alive = rt_boot_too_large(api, &ev);
        } else {
            rt_log_runtime(h->vm, RT_LOG_ERROR, "%s", rt_api_errmsg(api));
            alive = false;
        }
        rt_event_free(&ev);
        if (!alive)
            return RT_BOOT_EXIT_API;
    }
}

int rt_bootstrap_main(void)
{
    rt_log_configure_env();
    RtApi api;
    if (rt_api_init(&api, NULL) != RT_API_OK) {
        fprintf(stderr, "bootstrap: %s\n", rt_api_errmsg(&api));
        return RT_BOOT_EXIT_CONFIG;
    }
    RtHandler h;
    RtInitError err = { 0 };
    memset(&h, 0, sizeof h);
    int rc;
    if (!rt_boot_init(&h, &err))
        rc = rt_boot_init_failed(&api, &err);
    else
        rc = rt_boot_serve(&api, &h);
    rt_init_error_free(&err);
    rt_handler_free(&h);
    rt_api_close(&api);
    return rc;
}
