/* rt_lambda.h — the Lambda side of the runtime, shared by the `bootstrap`
 * program and the `ruchy-vm invoke` / `serve` commands.
 *
 *   rt_handler.c   resolve FILE.FUNC, compile, run the top level (INIT),
 *                  find the handler and its calling convention
 *   rt_convert.c   event / context / result / error conversions
 *   rt_invoke.c    one invocation: arena, deadline timer, trace id, logs
 *   rt_log.c       stdout handling, log_* builtins, JSON log lines
 *   rt_loop.c      the Runtime API loop of `bootstrap`
 *   rt_serve.c     the local invoke endpoint of `ruchy-vm serve`
 *
 * Process-wide state is limited to what signal handlers and natives cannot
 * receive as arguments: the log settings (rt_log.c) and the invocation in
 * flight (rt_invoke.c). Everything else lives in the structs below.
 */
#ifndef RT_LAMBDA_H
#define RT_LAMBDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "rt_api.h"
#include "rv.h"

/* Exit codes of `bootstrap`. */
enum {
    RT_BOOT_EXIT_API = 1,     /* Runtime API gone, 500, or protocol failure */
    RT_BOOT_EXIT_INIT = 2,    /* INIT failed (reported through /init/error) */
    RT_BOOT_EXIT_CONFIG = 64  /* AWS_LAMBDA_RUNTIME_API missing or malformed */
};

/* ------------------------------------------------------------ handler --- */

/* A loaded handler: its VM (which owns the program heap) and the function. */
typedef struct RtHandler {
    RvVM *vm;
    RvValue fn;          /* the handler function (program heap) */
    int nargs;           /* how many of (event, context) it takes: 0..2 */
    bool legacy;         /* lambda_handler(request_id, body) -> String */
    char *path;          /* malloc'd path of the source file */
    char *func;          /* malloc'd function name */
} RtHandler;

/* Why INIT failed: errorType (static string) and the full diagnostic. */
typedef struct RtInitError {
    const char *type;    /* "Runtime.UserCodeSyntaxError", ... */
    char *message;       /* malloc'd, NUL-terminated */
} RtInitError;

/* Resolve a Lambda handler string "DIR/FILE.FUNC" against root (NULL or ""
 * means "."): split at the last dot, *path = root/DIR/FILE.ruchy, *func =
 * FUNC (both malloc'd, caller frees). Returns false with err filled
 * (Runtime.MalformedHandlerName) when a part is empty or missing. */
bool rt_handler_resolve(const char *spec, const char *root, char **path, char **func,
                        RtInitError *err);

/* Resolve a command-line handler FILE[.FUNC]: FILE as given when it exists,
 * else split at the last dot (FILE may omit ".ruchy"); FUNC defaults to
 * "handler". Same ownership and failure contract as rt_handler_resolve. */
bool rt_handler_resolve_cli(const char *spec, char **path, char **func,
                            RtInitError *err);

/* INIT: read and compile path (named `display` in diagnostics and traces),
 * run the top level once, resolve func (or the compatibility form: func
 * defined directly inside main(), in which case main() runs once), and pick
 * the calling convention. The VM writes its stdout to out (NULL: stdout).
 * Takes ownership of neither string (copies them).
 * On success returns true and h owns a new VM. On failure returns false,
 * h is zeroed and err holds the errorType and a malloc'd message. */
bool rt_handler_load(RtHandler *h, const char *path, const char *display,
                     const char *func, FILE *out, RtInitError *err);

/* Free the handler's VM and strings; h is zeroed. NULL-safe. */
void rt_handler_free(RtHandler *h);
/* Free err->message and zero err. NULL-safe. */
void rt_init_error_free(RtInitError *err);

/* ------------------------------------------------------------- invoke --- */

/* Facts about the function that the context exposes (from the environment
 * in `bootstrap`, synthetic in invoke/serve). NULL strings become nil. */
typedef struct RtFuncInfo {
    const char *function_name;
    const char *function_version;
    const char *log_group_name;
    const char *log_stream_name;
    int64_t memory_limit_mb;     /* 0 = unknown (nil) */
} RtFuncInfo;

/* Fill fi from AWS_LAMBDA_FUNCTION_NAME/VERSION/MEMORY_SIZE and
 * AWS_LAMBDA_LOG_GROUP_NAME/STREAM_NAME (pointers into the environment). */
void rt_func_info_from_env(RtFuncInfo *fi);

/* Outcome of one invocation. body is what to POST: the response bytes, or
 * the error JSON when is_error (error_type then names the error). */
typedef struct RtResult {
    bool is_error;
    char *body;          /* malloc'd, NUL-terminated */
    size_t len;
    char *error_type;    /* malloc'd, NULL on success */
} RtResult;

/* Milliseconds before the deadline at which a running handler is stopped
 * with TimeoutError: $RUCHY_TIMEOUT_MARGIN_MS, default 50. */
#define RT_TIMEOUT_MARGIN_DEFAULT 50
int64_t rt_timeout_margin_ms(void);

/* Run one invocation of h for ev: sets/clears _X_AMZN_TRACE_ID, tags log
 * lines with the request id, builds event and context in the invocation
 * heap, arms the deadline timer (deadline - margin_ms), calls the handler,
 * converts the result (a result over RT_API_MAX_RESPONSE becomes an error),
 * ends the invocation and flushes stdout. Always fills *out (free with
 * rt_result_free). Returns false only when out of memory (out then holds a
 * generic error). Never throws. */
bool rt_invoke_run(RtHandler *h, const RtEvent *ev, const RtFuncInfo *fi,
                   int64_t margin_ms, RtResult *out);

/* Free a result's strings and zero it. NULL-safe. */
void rt_result_free(RtResult *r);

/* ------------------------------------------------------------ convert --- */

/* These run inside an invocation (their values live in the invocation heap)
 * and may throw MemoryError. */

/* The event value: the body parsed as JSON (cJSON grammar, values built in
 * the current heap), or the body as a string when it is not valid JSON. */
RvValue rt_event_value(RvVM *vm, const char *body, size_t len);

/* The context map of ev (keys in rt_convert.c); get_remaining_time_ms is a
 * method bound to the map, reading its deadline_ms. */
RvValue rt_context_value(RvVM *vm, const RtEvent *ev, const RtFuncInfo *fi);

/* Serialise a handler's return value into out: JSON (Ok(x) as x), the
 * string verbatim for a legacy handler, an error for a returned Err(e).
 * Throws what rs_json_write throws (TypeError/ValueError). */
void rt_result_from_value(RvVM *vm, RvValue v, bool legacy, RtResult *out);

/* Fill out with the error JSON ({errorType, errorMessage, stackTrace}) of
 * an error value or thrown/returned payload. Never throws. */
void rt_result_from_error(RvVM *vm, RvValue err, RtResult *out);

/* Set out to a runtime-made error (malloc'd copies). Returns false when
 * out of memory. */
bool rt_result_set_error(RtResult *out, const char *type, const char *message);

/* --------------------------------------------------------------- logs --- */

enum { RT_LOG_TRACE = 0, RT_LOG_DEBUG, RT_LOG_INFO, RT_LOG_WARN, RT_LOG_ERROR,
       RT_LOG_FATAL };

/* Read AWS_LAMBDA_LOG_FORMAT (Text|JSON) and AWS_LAMBDA_LOG_LEVEL
 * (TRACE..FATAL, default INFO; only used in JSON mode). Call before any
 * VM is created: rt_stdlib_init installs what they select. */
void rt_log_configure_env(void);
/* Explicit form: json true for JSON lines, min_level one of RT_LOG_*. */
void rt_log_configure(bool json, int min_level);
bool rt_log_is_json(void);

/* Stdlib hook for rv_set_stdlib_init: rs_register_all, then the log_debug
 * / log_info / log_warn / log_error and env_var builtins, and in JSON mode
 * println and print replaced by JSON-line writers. Program heap. */
void rt_stdlib_init(RvVM *vm);

/* Request id stamped on JSON lines (NULL = none; copied, cut at 127). */
void rt_log_set_request(const char *request_id);

/* Write a pending partial print() line (JSON mode), then flush the VM's
 * stdout buffer. Never throws. */
void rt_log_flush(RvVM *vm);

/* A log line from the runtime itself (not user code): in JSON mode a JSON
 * line at level through vm's output (filtered), else "LEVEL message" on
 * stderr. vm may be NULL (then JSON goes straight to stdout). */
void rt_log_runtime(RvVM *vm, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------- entry points --- */

/* The bootstrap: INIT from _HANDLER/LAMBDA_TASK_ROOT, then serve events
 * from $AWS_LAMBDA_RUNTIME_API until the API fails. Returns the exit code
 * (RT_BOOT_EXIT_*); never returns 0. */
int rt_bootstrap_main(void);

/* A synthetic event for local runs (invoke, serve): takes ownership of the
 * malloc'd body; request id, ARN and a deadline of now + the function
 * timeout ($AWS_LAMBDA_FUNCTION_TIMEOUT seconds, default 300) are made up.
 * Returns false when out of memory (ev then owns nothing). */
bool rt_local_event(RtEvent *ev, char *body, size_t len);
/* Function facts for local runs: the environment, else local defaults. */
void rt_local_func_info(RtFuncInfo *fi);
/* Load FILE[.FUNC] for a local command, VM output to out; on failure print
 * the diagnostic on stderr and the init error JSON on stdout, and return
 * the ruchy-vm exit code (0 on success). */
int rt_local_load(RtHandler *h, const char *spec, FILE *out);

/* `ruchy-vm invoke` and `ruchy-vm serve` (argv[0] is the command name).
 * Return the process exit code (rt.h RT_EXIT_*). */
int rt_cmd_invoke(int argc, char **argv);
int rt_cmd_serve(int argc, char **argv);

#endif
