/* test_lambda.c — the Lambda conversions and INIT of runtime/rt_lambda.h:
 * handler strings, event parsing, the context map, result and error JSON,
 * handler loading (every init error type), one whole invocation, and JSON
 * log lines. No network: the Runtime API side is tested end to end by
 * the tests/lambda shell scripts against the mock.
 */
#include <criterion/criterion.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rs.h"
#include "rt_lambda.h"

static RvVM *vm;
static char dir[64];

static void setup(void)
{
    rt_log_configure(false, RT_LOG_INFO);
    rv_set_stdlib_init(rt_stdlib_init);
    vm = rv_vm_new();
    rv_invoke_begin(vm);
    snprintf(dir, sizeof dir, "/tmp/test_lambda.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    rv_invoke_end(vm);
    rv_vm_free(vm);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(lambda, .init = setup, .fini = teardown, .timeout = 20);

/* Write src to dir/name and return the path (static buffer). */
static const char *write_src(const char *name, const char *src)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(src, f);
    fclose(f);
    return path;
}

static cJSON *parse_body(const RtResult *r)
{
    cJSON *j = cJSON_Parse(r->body);
    cr_assert_not_null(j, "not JSON: %s", r->body);
    return j;
}

/* ------------------------------------------------------ handler names --- */

Test(lambda, resolve_splits_at_last_dot)
{
    char *path, *func;
    RtInitError err = { 0 };
    cr_assert(rt_handler_resolve("api/v1.2/main.handler", "/var/task", &path, &func, &err));
    cr_assert_str_eq(path, "/var/task/api/v1.2/main.ruchy");
    cr_assert_str_eq(func, "handler");
    free(path);
    free(func);
    cr_assert(rt_handler_resolve("main.handler", NULL, &path, &func, &err));
    cr_assert_str_eq(path, "./main.ruchy");
    free(path);
    free(func);
}

Test(lambda, resolve_rejects_malformed_names)
{
    const char *bad[] = { "main", "main.", ".handler", "dir.x/main", "dir/.handler" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path, *func;
        RtInitError err = { 0 };
        cr_assert_not(rt_handler_resolve(bad[i], "/t", &path, &func, &err), "%s", bad[i]);
        cr_assert_str_eq(err.type, "Runtime.MalformedHandlerName");
        cr_assert_null(path);
        rt_init_error_free(&err);
    }
    RtInitError err = { 0 };
    char *path, *func;
    cr_assert_not(rt_handler_resolve(NULL, "/t", &path, &func, &err));
    rt_init_error_free(&err);
}

Test(lambda, resolve_cli_forms)
{
    const char *file = write_src("h.ruchy", "fun handler(e) { e }\n");
    char spec[200], *path, *func;
    RtInitError err = { 0 };
    cr_assert(rt_handler_resolve_cli(file, &path, &func, &err));
    cr_assert_str_eq(path, file);
    cr_assert_str_eq(func, "handler");
    free(path);
    free(func);
    snprintf(spec, sizeof spec, "%s/h.go", dir);
    cr_assert(rt_handler_resolve_cli(spec, &path, &func, &err));
    cr_assert_str_eq(path, file);
    cr_assert_str_eq(func, "go");
    free(path);
    free(func);
    snprintf(spec, sizeof spec, "%s.go", file);
    cr_assert(rt_handler_resolve_cli(spec, &path, &func, &err));
    cr_assert_str_eq(path, file);
    free(path);
    free(func);
}

/* -------------------------------------------------------------- event --- */

Test(lambda, event_json_object_becomes_map)
{
    const char *body = "{\"name\":\"Ann\",\"n\":9007199254740993,\"xs\":[1,2.5,null]}";
    RvValue v = rt_event_value(vm, body, strlen(body));
    cr_assert(RV_IS_MAP(v));
    RvValue n;
    cr_assert(rv_map_get_cstr(RV_AS_MAP(v), "n", &n));
    cr_assert(RV_IS_INT(n));
    cr_assert_eq(RV_AS_INT(n), 9007199254740993LL);
}

Test(lambda, event_not_json_becomes_string)
{
    const char *bodies[] = { "hello world", "{\"a\":", "", "[1,2" };
    for (size_t i = 0; i < 4; i++) {
        RvValue v = rt_event_value(vm, bodies[i], strlen(bodies[i]));
        cr_assert(RV_IS_STR(v), "%s", bodies[i]);
        cr_assert_str_eq(RV_AS_STR(v)->data, bodies[i]);
    }
    RvValue v = rt_event_value(vm, "42", 2);
    cr_assert(RV_IS_INT(v));
}

/* ------------------------------------------------------------ context --- */

static RvValue ctx_get(RvValue ctx, const char *key)
{
    RvValue v;
    cr_assert(rv_map_get_cstr(RV_AS_MAP(ctx), key, &v), "no key %s", key);
    return v;
}

Test(lambda, context_has_every_field)
{
    RtEvent ev = { .request_id = "rid-1", .deadline_ms = rt_api_now_ms() + 60000,
                   .function_arn = "arn:x", .trace_id = "Root=1",
                   .client_context = "{\"client\":{\"id\":1}}", .cognito_identity = "plain" };
    RtFuncInfo fi = { "fn", "7", "grp", "stream", 256 };
    RvValue ctx = rt_context_value(vm, &ev, &fi);
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "request_id"))->data, "rid-1");
    cr_assert_eq(RV_AS_INT(ctx_get(ctx, "deadline_ms")), ev.deadline_ms);
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "invoked_function_arn"))->data, "arn:x");
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "trace_id"))->data, "Root=1");
    cr_assert(RV_IS_MAP(ctx_get(ctx, "client_context")));
    cr_assert(RV_IS_STR(ctx_get(ctx, "identity")));
    cr_assert(RV_IS_NIL(ctx_get(ctx, "tenant_id")));
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "function_name"))->data, "fn");
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "function_version"))->data, "7");
    cr_assert_eq(RV_AS_INT(ctx_get(ctx, "memory_limit_mb")), 256);
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "log_group_name"))->data, "grp");
    cr_assert_str_eq(RV_AS_STR(ctx_get(ctx, "log_stream_name"))->data, "stream");
    RvValue left;
    cr_assert_eq(rv_pcall(vm, ctx_get(ctx, "get_remaining_time_ms"), 0, NULL, &left), 0);
    cr_assert(RV_IS_INT(left));
    cr_assert(RV_AS_INT(left) > 50000 && RV_AS_INT(left) <= 60000);
}

Test(lambda, context_remaining_time_clamps_to_zero)
{
    RtEvent ev = { .request_id = "r", .deadline_ms = 5000 };
    RtFuncInfo fi = { 0 };
    RvValue ctx = rt_context_value(vm, &ev, &fi);
    cr_assert(RV_IS_NIL(ctx_get(ctx, "memory_limit_mb")));
    cr_assert(RV_IS_NIL(ctx_get(ctx, "function_name")));
    RvValue left;
    cr_assert_eq(rv_pcall(vm, ctx_get(ctx, "get_remaining_time_ms"), 0, NULL, &left), 0);
    cr_assert_eq(RV_AS_INT(left), 0);
}

/* ------------------------------------------------------------- result --- */

Test(lambda, result_map_is_json)
{
    RvValue m = rv_map_new(vm, 2);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "statusCode", RV_INT(200));
    rv_map_set_cstr(vm, RV_AS_MAP(m), "body", rv_str_cstr(vm, "hi \"x\""));
    RtResult r = { 0 };
    rt_result_from_value(vm, m, false, &r);
    cr_assert_not(r.is_error);
    cr_assert_str_eq(r.body, "{\"statusCode\":200,\"body\":\"hi \\\"x\\\"\"}");
    cr_assert_eq(r.len, strlen(r.body));
    rt_result_free(&r);
    rt_result_from_value(vm, RV_NIL, false, &r);
    cr_assert_str_eq(r.body, "null");
    rt_result_free(&r);
    rt_result_from_value(vm, rv_ok(vm, RV_INT(3)), false, &r);
    cr_assert_str_eq(r.body, "3");
    rt_result_free(&r);
}

Test(lambda, result_string_legacy_verbatim_else_json)
{
    RvValue s = rv_str_cstr(vm, "{\"raw\":1}");
    RtResult r = { 0 };
    rt_result_from_value(vm, s, true, &r);
    cr_assert_str_eq(r.body, "{\"raw\":1}");
    rt_result_free(&r);
    rt_result_from_value(vm, s, false, &r);
    cr_assert_str_eq(r.body, "\"{\\\"raw\\\":1}\"");
    rt_result_free(&r);
}

Test(lambda, result_err_becomes_error)
{
    RtResult r = { 0 };
    rt_result_from_value(vm, rv_err(vm, rv_str_cstr(vm, "bad input")), false, &r);
    cr_assert(r.is_error);
    cr_assert_str_eq(r.error_type, "Error");
    cJSON *j = parse_body(&r);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "errorMessage")->valuestring, "bad input");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "errorType")->valuestring, "Error");
    cr_assert(cJSON_IsArray(cJSON_GetObjectItem(j, "stackTrace")));
    cJSON_Delete(j);
    rt_result_free(&r);
}

Test(lambda, result_over_6mb_is_clean_error)
{
    size_t n = RT_API_MAX_RESPONSE + 10;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = 0;
    RtResult r = { 0 };
    rt_result_from_value(vm, rv_str_new(vm, big, n), true, &r);
    free(big);
    cr_assert(r.is_error);
    cr_assert_str_eq(r.error_type, "Function.ResponseSizeTooLarge");
    cr_assert(r.len < 1000);
    rt_result_free(&r);
}

Test(lambda, error_value_gives_kind_message_trace)
{
    RvValue msg = rv_str_cstr(vm, "Division by zero");
    RvValue e = rv_error_new(vm, RV_E_ZERODIV, msg, RV_AS_STR(msg));
    rv_array_push(vm, RV_AS_ERROR(e)->trace, rv_str_cstr(vm, "f (x.ruchy:2)"));
    RtResult r = { 0 };
    rt_result_from_error(vm, e, &r);
    cr_assert_str_eq(r.error_type, "ZeroDivisionError");
    cJSON *j = parse_body(&r);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "errorMessage")->valuestring, "Division by zero");
    cJSON *st = cJSON_GetObjectItem(j, "stackTrace");
    cr_assert_eq(cJSON_GetArraySize(st), 1);
    cr_assert_str_eq(cJSON_GetArrayItem(st, 0)->valuestring, "f (x.ruchy:2)");
    cJSON_Delete(j);
    rt_result_free(&r);
}

Test(lambda, thrown_map_gives_its_type)
{
    RvValue m = rv_map_new(vm, 2);
    rv_map_set_cstr(vm, RV_AS_MAP(m), "errorType", rv_str_cstr(vm, "Bad\r\nType"));
    rv_map_set_cstr(vm, RV_AS_MAP(m), "message", rv_str_cstr(vm, "nope"));
    RvValue e = rv_error_new(vm, RV_E_THROWN, m, RV_AS_STR(rv_to_str(vm, m)));
    RtResult r = { 0 };
    rt_result_from_error(vm, e, &r);
    cr_assert_str_eq(r.error_type, "Bad__Type");  /* header-safe */
    cJSON *j = parse_body(&r);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "errorMessage")->valuestring, "nope");
    cJSON_Delete(j);
    rt_result_free(&r);
}

/* --------------------------------------------------------------- INIT --- */

static RtInitError load_fail(const char *src, const char *func)
{
    RtHandler h;
    RtInitError err = { 0 };
    const char *p = src ? write_src("f.ruchy", src) : "/nonexistent/f.ruchy";
    cr_assert_not(rt_handler_load(&h, p, "f.ruchy", func, NULL, &err));
    cr_assert_null(h.vm);
    cr_assert_not_null(err.message);
    return err;
}

Test(lambda, init_errors_have_lambda_types)
{
    struct { const char *src, *func, *type, *needle; } cases[] = {
        { NULL, "handler", "Runtime.ImportModuleError", "f.ruchy" },
        { "fun handler(e) {\n  let x = (1 +\n}\n", "handler", "Runtime.UserCodeSyntaxError",
          "f.ruchy:" },
        { "let x = 1 / 0\nfun handler(e) { e }\n", "handler", "Runtime.InitError",
          "ZeroDivisionError" },
        { "fun other(e) { e }\n", "handler", "Runtime.HandlerNotFound", "handler" },
        { "let handler = 5\nfun use_it() { handler }\n", "handler", "Runtime.HandlerNotFound",
          "not a function" },
        { "fun main() { let k = 1\n fun handler(e) { k } }\n", "handler",
          "Runtime.HandlerNotFound", "local" },
        { "fun main() { fun handler(e) { e }\n 1 / 0 }\n", "handler", "Runtime.InitError",
          "main()" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        RtInitError err = load_fail(cases[i].src, cases[i].func);
        cr_assert_str_eq(err.type, cases[i].type, "case %zu", i);
        cr_assert(strstr(err.message, cases[i].needle), "case %zu: %s", i, err.message);
        rt_init_error_free(&err);
    }
}

static RtHandler load_ok(const char *src, const char *func)
{
    RtHandler h;
    RtInitError err = { 0 };
    const char *p = write_src("ok.ruchy", src);
    cr_assert(rt_handler_load(&h, p, "ok.ruchy", func, NULL, &err), "%s",
              err.message ? err.message : "");
    return h;
}

Test(lambda, calling_convention_detection)
{
    RtHandler h = load_ok("pub fun lambda_handler(request_id: &str, body: &str) -> String "
                          "{ body }\nfun two(event, context) { 1 }\nfun one(e) { 1 }\n"
                          "fun zero() { 1 }\n", "lambda_handler");
    cr_assert(h.legacy);
    cr_assert_eq(h.nargs, 2);
    rt_handler_free(&h);
    h = load_ok("fun two(event, context) { 1 }\n", "two");
    cr_assert_not(h.legacy);
    cr_assert_eq(h.nargs, 2);
    rt_handler_free(&h);
    h = load_ok("fun one(e) { 1 }\n", "one");
    cr_assert_eq(h.nargs, 1);
    rt_handler_free(&h);
    h = load_ok("fun zero() { 1 }\n", "zero");
    cr_assert_eq(h.nargs, 0);
    rt_handler_free(&h);
    h = load_ok("fn main() {\n fn handler(event) { event }\n}\n", "handler");
    cr_assert_eq(h.nargs, 1);
    rt_handler_free(&h);
}

/* ---------------------------------------------------------- invocation --- */

Test(lambda, whole_invocation_and_trace_env)
{
    RtHandler h = load_ok("fun handler(event, context) {\n"
                          "  { \"n\": event[\"n\"] + 1, \"id\": context.request_id,\n"
                          "    \"trace\": env_var(\"_X_AMZN_TRACE_ID\").unwrap_or(\"-\") }\n}\n",
                          "handler");
    char body[] = "{\"n\":41}";
    RtEvent ev = { .body = body, .body_len = strlen(body), .request_id = "abc",
                   .deadline_ms = rt_api_now_ms() + 10000, .trace_id = "Root=1-2" };
    RtFuncInfo fi = { 0 };
    RtResult r;
    cr_assert(rt_invoke_run(&h, &ev, &fi, 50, &r));
    cr_assert_not(r.is_error);
    cr_assert_str_eq(r.body, "{\"n\":42,\"id\":\"abc\",\"trace\":\"Root=1-2\"}");
    rt_result_free(&r);
    ev.trace_id = NULL;
    cr_assert(rt_invoke_run(&h, &ev, &fi, 50, &r));
    cr_assert(strstr(r.body, "\"trace\":\"-\""), "%s", r.body);
    cr_assert_null(getenv("_X_AMZN_TRACE_ID"));
    rt_result_free(&r);
    rt_handler_free(&h);
}

Test(lambda, deadline_stops_a_loop_with_timeout_error)
{
    RtHandler h = load_ok("fun handler(e) { let mut i = 0\n loop { i += 1 } }\n", "handler");
    RtEvent ev = { .body = "{}", .body_len = 2, .request_id = "t",
                   .deadline_ms = rt_api_now_ms() + 300 };
    RtFuncInfo fi = { 0 };
    RtResult r;
    rt_invoke_run(&h, &ev, &fi, 50, &r);
    cr_assert(r.is_error);
    cr_assert_str_eq(r.error_type, "TimeoutError");
    rt_result_free(&r);
    ev.deadline_ms = rt_api_now_ms() + 10000;   /* the next one is not disturbed */
    RtHandler h2 = load_ok("fun handler(e) { 1 }\n", "handler");
    rt_invoke_run(&h2, &ev, &fi, 50, &r);
    cr_assert_not(r.is_error);
    rt_result_free(&r);
    rt_handler_free(&h2);
    rt_handler_free(&h);
}

/* --------------------------------------------------------------- logs --- */

Test(lambda, json_log_lines_are_filtered_objects)
{
    rt_log_configure(true, RT_LOG_WARN);
    char path[160];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *out = fopen(path, "w+");
    RtHandler h;
    RtInitError err = { 0 };
    const char *p = write_src("log.ruchy", "fun handler(e) {\n log_info(\"hidden\")\n"
                              " log_warn(\"w {}\", 1)\n log_error(\"quote \\\" and \\n\")\n"
                              " println(\"plain\")\n 0 }\n");
    cr_assert(rt_handler_load(&h, p, "log.ruchy", "handler", out, &err));
    RtEvent ev = { .body = "{}", .body_len = 2, .request_id = "req-9" };
    RtFuncInfo fi = { 0 };
    RtResult r;
    rt_invoke_run(&h, &ev, &fi, 50, &r);
    rt_result_free(&r);
    rt_handler_free(&h);
    rewind(out);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, out)) {
        cJSON *j = cJSON_Parse(line);
        cr_assert_not_null(j, "not JSON: %s", line);
        cr_assert_str_eq(cJSON_GetObjectItem(j, "requestId")->valuestring, "req-9");
        cr_assert_not_null(cJSON_GetObjectItem(j, "timestamp"));
        const char *lvl = cJSON_GetObjectItem(j, "level")->valuestring;
        cr_assert(strcmp(lvl, "WARN") == 0 || strcmp(lvl, "ERROR") == 0, "%s", line);
        if (n == 0)
            cr_assert_str_eq(cJSON_GetObjectItem(j, "message")->valuestring, "w 1");
        if (n == 1)
            cr_assert_str_eq(cJSON_GetObjectItem(j, "message")->valuestring, "quote \" and \n");
        cJSON_Delete(j);
        n++;
    }
    cr_assert_eq(n, 2);
    fclose(out);
    rt_log_configure(false, RT_LOG_INFO);
}
