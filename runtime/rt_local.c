/* rt_local.c — Lambda handlers on a laptop: `ruchy-vm invoke` and the
 * synthetic events and context shared with `ruchy-vm serve`.
 *
 *   ruchy-vm invoke FILE[.FUNC] [--event JSON|@FILE|-]
 *
 * runs INIT and one invocation. The response JSON goes to stdout (alone:
 * the handler's own output goes to stderr), exit 0. A handler error prints
 * the Lambda error JSON on stdout and exits 1; an INIT failure prints the
 * diagnostic on stderr and the init error JSON on stdout and exits 2
 * (syntax), 64 (file missing) or 1 (anything else).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "rt.h"
#include "rt_lambda.h"

/* ---------------------------------------------------- synthetic data --- */

static const char *rt_env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

void rt_local_func_info(RtFuncInfo *fi)
{
    rt_func_info_from_env(fi);
    if (!fi->function_name)
        fi->function_name = "ruchy-local";
    if (!fi->function_version)
        fi->function_version = "$LATEST";
    if (!fi->log_group_name)
        fi->log_group_name = "/aws/lambda/ruchy-local";
    if (!fi->log_stream_name)
        fi->log_stream_name = "local";
    if (fi->memory_limit_mb == 0)
        fi->memory_limit_mb = 128;
}

/* A UUID-shaped request id, distinct within the process. */
static char *rt_request_id(void)
{
    static unsigned counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned a = (unsigned)ts.tv_sec ^ ((unsigned)getpid() << 16);
    unsigned b = (unsigned)ts.tv_nsec;
    unsigned c = ++counter;
    char *id = malloc(40);
    if (id)
        snprintf(id, 40, "%08x-%04x-4%03x-8%03x-%012x", a, (b >> 16) & 0xffff, b & 0xfff,
                 c & 0xfff, c);
    return id;
}

bool rt_local_event(RtEvent *ev, char *body, size_t len)
{
    memset(ev, 0, sizeof *ev);
    long timeout_s = strtol(rt_env_or("AWS_LAMBDA_FUNCTION_TIMEOUT", "300"), NULL, 10);
    if (timeout_s <= 0)
        timeout_s = 300;
    RtFuncInfo fi;
    rt_local_func_info(&fi);
    char arn[256];
    snprintf(arn, sizeof arn, "arn:aws:lambda:%s:000000000000:function:%s",
             rt_env_or("AWS_REGION", "us-east-1"), fi.function_name);
    ev->body = body;
    ev->body_len = len;
    ev->request_id = rt_request_id();
    ev->function_arn = strdup(arn);
    ev->deadline_ms = rt_api_now_ms() + (int64_t)timeout_s * 1000;
    const char *trace = getenv("RUCHY_TRACE_ID");
    if (trace)
        ev->trace_id = strdup(trace);
    if (!ev->request_id || !ev->function_arn || (trace && !ev->trace_id)) {
        ev->body = NULL;
        rt_event_free(ev);
        return false;
    }
    return true;
}

int rt_local_load(RtHandler *h, const char *spec, FILE *out)
{
    char *path, *func;
    RtInitError err = { 0 };
    int rc = RT_EXIT_OK;
    if (!rt_handler_resolve_cli(spec, &path, &func, &err)) {
        fprintf(stderr, "ruchy-vm: %s\n", err.message ? err.message : "bad handler");
        rt_init_error_free(&err);
        return RT_EXIT_USAGE;
    }
    if (!rt_handler_load(h, path, path, func, out, &err)) {
        fprintf(stderr, "ruchy-vm: %s: %s\n", err.type, err.message ? err.message : "");
        char *json = rt_api_error_json(err.type, err.message, NULL, 0);
        if (json)
            printf("%s\n", json);
        fflush(stdout);
        free(json);
        rc = strcmp(err.type, "Runtime.UserCodeSyntaxError") == 0 ? RT_EXIT_COMPILE
           : strcmp(err.type, "Runtime.ImportModuleError") == 0 ? RT_EXIT_USAGE
           : RT_EXIT_RUNTIME;
    }
    rt_init_error_free(&err);
    free(path);
    free(func);
    return rc;
}

/* ----------------------------------------------------------- invoke --- */

/* The --event argument: JSON text, @FILE or - (stdin). NULL on failure. */
static char *rt_read_event(const char *arg, size_t *len)
{
    if (strcmp(arg, "-") == 0) {
        size_t cap = 65536, n = 0;
        char *buf = malloc(cap + 1);
        for (size_t got; buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0;) {
            n += got;
            if (n == cap) {
                char *nb = realloc(buf, (cap *= 2) + 1);
                if (!nb)
                    free(buf);
                buf = nb;
            }
        }
        if (buf) {
            buf[n] = '\0';
            *len = n;
        }
        return buf;
    }
    if (arg[0] == '@')
        return rt_read_file(arg + 1, len);
    *len = strlen(arg);
    return strdup(arg);
}

int rt_cmd_invoke(int argc, char **argv)
{
    const char *spec = NULL, *event = "{}";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--event") == 0 && i + 1 < argc)
            event = argv[++i];
        else if (!spec && argv[i][0] != '-')
            spec = argv[i];
        else
            spec = NULL, i = argc;
    }
    if (!spec) {
        fputs("usage: ruchy-vm invoke FILE[.FUNC] [--event JSON|@FILE|-]\n", stderr);
        return RT_EXIT_USAGE;
    }
    size_t len;
    char *body = rt_read_event(event, &len);
    if (!body) {
        fprintf(stderr, "ruchy-vm: cannot read event '%s': %s\n", event, strerror(errno));
        return RT_EXIT_USAGE;
    }
    rt_log_configure_env();
    RtHandler h;
    int rc = rt_local_load(&h, spec, stderr);
    RtEvent ev;
    if (rc != RT_EXIT_OK || !rt_local_event(&ev, body, len)) {
        free(body);
        return rc != RT_EXIT_OK ? rc : RT_EXIT_RUNTIME;
    }
    RtFuncInfo fi;
    rt_local_func_info(&fi);
    RtResult res;
    rt_invoke_run(&h, &ev, &fi, rt_timeout_margin_ms(), &res);
    fwrite(res.body, 1, res.len, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    rc = res.is_error ? RT_EXIT_RUNTIME : RT_EXIT_OK;
    rt_result_free(&res);
    rt_event_free(&ev);
    rt_handler_free(&h);
    return rc;
}
