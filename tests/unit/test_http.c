/* test_http.c — rt_http (HTTP/1.1 client) and rt_api (Runtime API) against
 * the strict mock (tests/lambda/mock_api, started as a child process per
 * test) or a tiny scripted server thread. Everything talks to 127.0.0.1
 * only; every test is bounded by Criterion's timeout and, where a hang is
 * the failure mode, by alarm(5).
 *
 * The mock binary is $RT_MOCK_API, else MOCK_API_BIN (compile-time).
 */
#include <criterion/criterion.h>
#include <cJSON.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "net_helpers.h"
#include "rt_api.h"
#include "rt_http.h"

#ifndef MOCK_API_BIN
#define MOCK_API_BIN "tests/lambda/mock_api"
#endif

#define NEXT_PATH "/2018-06-01/runtime/invocation/next"

/* ---- the mock as a child process ----------------------------------------- */

static pid_t mock_pid = -1;
static int mock_port;
static char mock_dir[64], mock_log[128], mock_addr[64];

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read the port the child prints on its first stdout line (5 s max). */
static int read_port(int fd)
{
    char buf[32];
    size_t n = 0;
    int64_t end = mono_ms() + 5000;
    while (n < sizeof buf - 1 && mono_ms() < end) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t k = read(fd, buf + n, 1);
        if (k <= 0)
            break;
        if (buf[n] == '\n')
            break;
        n += (size_t)k;
    }
    buf[n] = 0;
    return atoi(buf);
}

/* Start the mock with `events` as its event file plus extra args (NULL-
 * terminated, at most 8). Sets mock_port, mock_addr, mock_log. */
static void mock_start(const char *events, const char *a1, const char *a2,
                       const char *a3)
{
    strcpy(mock_dir, "/tmp/rt_test_XXXXXX");
    cr_assert_not_null(mkdtemp(mock_dir));
    char evpath[128];
    snprintf(evpath, sizeof evpath, "%s/events.txt", mock_dir);
    snprintf(mock_log, sizeof mock_log, "%s/log.jsonl", mock_dir);
    FILE *f = fopen(evpath, "w");
    cr_assert_not_null(f);
    fputs(events, f);
    fclose(f);
    const char *bin = getenv("RT_MOCK_API") ? getenv("RT_MOCK_API") : MOCK_API_BIN;
    const char *argv[16] = {bin, "--events", evpath, "--log", mock_log,
                            "--max-seconds", "20"};
    int argc = 7;
    const char *extra[3] = {a1, a2, a3};
    for (int i = 0; i < 3 && extra[i]; i++)
        argv[argc++] = extra[i];
    int pfd[2];
    cr_assert_eq(pipe(pfd), 0);
    mock_pid = fork();
    cr_assert_neq(mock_pid, -1);
    if (mock_pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(pfd[1]);
    mock_port = read_port(pfd[0]);
    close(pfd[0]);
    cr_assert_gt(mock_port, 0, "mock did not start (%s)", bin);
    snprintf(mock_addr, sizeof mock_addr, "127.0.0.1:%d", mock_port);
}

/* Wait (bounded) for the mock to exit by itself; returns its exit status
 * or -1 if it is still running after timeout_ms. */
static int mock_wait(int timeout_ms)
{
    int64_t end = mono_ms() + timeout_ms;
    while (mono_ms() < end) {
        int st;
        if (waitpid(mock_pid, &st, WNOHANG) == mock_pid) {
            mock_pid = -1;
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
        }
        usleep(20000);
    }
    return -1;
}

static void mock_stop(void)
{
    if (mock_pid > 0) {
        kill(mock_pid, SIGTERM);
        waitpid(mock_pid, NULL, 0);
        mock_pid = -1;
    }
    if (mock_dir[0]) {
        char p[160];
        snprintf(p, sizeof p, "%s/events.txt", mock_dir);
        unlink(p);
        unlink(mock_log);
        rmdir(mock_dir);
        mock_dir[0] = 0;
    }
}

/* The i-th JSON line of the mock's log (caller deletes), NULL if absent. */
static cJSON *log_line(int i)
{
    FILE *f = fopen(mock_log, "r");
    if (!f)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    cJSON *j = NULL;
    for (int k = 0; getline(&line, &cap, f) >= 0; k++)
        if (k == i) {
            j = cJSON_Parse(line);
            break;
        }
    free(line);
    fclose(f);
    return j;
}

static int log_count(void)
{
    FILE *f = fopen(mock_log, "r");
    int n = 0, ch;
    if (!f)
        return 0;
    while ((ch = fgetc(f)) != EOF)
        n += ch == '\n';
    fclose(f);
    return n;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jint(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valueint : -1;
}

static const char *jhdr(const cJSON *o, const char *name)
{
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "headers"), *e;
    cJSON_ArrayForEach(e, h) if (strcasecmp(e->string, name) == 0) return e->valuestring;
    return NULL;
}

static RtApi api;

static void api_up(const char *events, const char *a1, const char *a2, const char *a3)
{
    mock_start(events, a1, a2, a3);
    cr_assert_eq(rt_api_init(&api, mock_addr), RT_API_OK);
}

static void setup(void)
{
    memset(&api, 0, sizeof api);
    api.http.fd = -1;
}

static void teardown(void)
{
    rt_api_close(&api);
    mock_stop();
}

TestSuite(api, .init = setup, .fini = teardown, .timeout = 15);
TestSuite(http, .init = setup, .fini = teardown, .timeout = 15);
TestSuite(errjson, .timeout = 5);

/* ---- Runtime API against the mock ----------------------------------------- */

Test(api, next_parses_every_header_case_insensitively)
{
    api_up("@id=req-A @trace=Root=1-5e;Parent=53;Sampled=1 @client-context={\"c\":1}"
           " @cognito={\"cognitoIdentityId\":\"x\"} @tenant=t-9 @content-type=text/plain"
           " @arn=arn:aws:lambda:eu-west-1:1:function:f:prod {\"k\":\"v\"}\n",
           "--mixed-case", NULL, NULL);
    RtEvent ev;
    int64_t before = rt_api_now_ms();
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK, "%s", rt_api_errmsg(&api));
    cr_assert_str_eq(ev.request_id, "req-A");
    cr_assert_str_eq(ev.body, "{\"k\":\"v\"}");
    cr_assert_eq(ev.body_len, 9);
    cr_assert_str_eq(ev.trace_id, "Root=1-5e;Parent=53;Sampled=1");
    cr_assert_str_eq(ev.client_context, "{\"c\":1}");
    cr_assert_str_eq(ev.cognito_identity, "{\"cognitoIdentityId\":\"x\"}");
    cr_assert_str_eq(ev.tenant_id, "t-9");
    cr_assert_str_eq(ev.content_type, "text/plain");
    cr_assert_str_eq(ev.function_arn, "arn:aws:lambda:eu-west-1:1:function:f:prod");
    cr_assert_geq(ev.deadline_ms, before + 29000);
    int64_t left = rt_event_remaining_ms(&ev, rt_api_now_ms());
    cr_assert(left > 28000 && left <= 30000, "remaining %lld", (long long)left);
    cr_assert_eq(rt_api_http_status(&api), 200);
    rt_event_free(&ev);
    cr_assert_null(ev.body);
}

Test(api, absent_headers_are_null_and_relative_deadline_clamps)
{
    api_up("@deadline=5000 plain text, not JSON\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_null(ev.trace_id);
    cr_assert_null(ev.client_context);
    cr_assert_null(ev.cognito_identity);
    cr_assert_str_eq(ev.body, "plain text, not JSON");
    cr_assert_eq(ev.deadline_ms, 5000);
    cr_assert_eq(rt_event_remaining_ms(&ev, rt_api_now_ms()), 0);
    rt_event_free(&ev);
}

Test(api, respond_round_trip_on_one_connection)
{
    api_up("{\"n\":1}\n{\"n\":2}\n", NULL, NULL, NULL);
    for (int i = 0; i < 2; i++) {
        RtEvent ev;
        cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
        char out[64];
        int n = snprintf(out, sizeof out, "{\"echo\":%s}", ev.body);
        cr_assert_eq(rt_api_respond(&api, ev.request_id, out, (size_t)n), RT_API_OK,
                     "%s", rt_api_errmsg(&api));
        cr_assert_eq(rt_api_http_status(&api), 202);
        rt_event_free(&ev);
    }
    cr_assert_eq(log_count(), 4);
    cJSON *l1 = log_line(1), *l3 = log_line(3);
    cr_assert_str_eq(jstr(l1, "method"), "POST");
    cr_assert(strstr(jstr(l1, "path"), "/2018-06-01/runtime/invocation/") != NULL);
    cr_assert(strstr(jstr(l1, "path"), "/response") != NULL);
    cr_assert_str_eq(jstr(l1, "body"), "{\"echo\":{\"n\":1}}");
    cr_assert_str_eq(jhdr(l1, "content-type"), "application/json");
    cr_assert_str_eq(jhdr(l1, "content-length"), "16");
    cr_assert_eq(jint(l1, "status"), 202);
    cr_assert_eq(jint(l3, "conn"), 1, "keep-alive: every call on connection 1");
    cr_assert_eq(api.http.connects, 1);
    cJSON_Delete(l1);
    cJSON_Delete(l3);
}

Test(api, error_round_trip_with_type_header)
{
    api_up("@id=e-1 {}\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    const char *frames[] = {"handler (main.ruchy:3)", "main (main.ruchy:9)"};
    char *body = rt_api_error_json("Runtime.Error", "boom \"quoted\"", frames, 2);
    cr_assert_eq(rt_api_error(&api, ev.request_id, "Runtime.Error", body), RT_API_OK);
    cJSON *l = log_line(1);
    cr_assert_str_eq(jstr(l, "path"), "/2018-06-01/runtime/invocation/e-1/error");
    cr_assert_str_eq(jhdr(l, "Lambda-Runtime-Function-Error-Type"), "Runtime.Error");
    cJSON *posted = cJSON_Parse(jstr(l, "body"));
    cr_assert_not_null(posted);
    cr_assert_str_eq(jstr(posted, "errorMessage"), "boom \"quoted\"");
    cr_assert_str_eq(jstr(posted, "errorType"), "Runtime.Error");
    cJSON *st = cJSON_GetObjectItem(posted, "stackTrace");
    cr_assert_eq(cJSON_GetArraySize(st), 2);
    cr_assert_str_eq(cJSON_GetArrayItem(st, 1)->valuestring, "main (main.ruchy:9)");
    cJSON_Delete(posted);
    cJSON_Delete(l);
    free(body);
    rt_event_free(&ev);
}

Test(api, init_error_before_next_accepted_after_next_403)
{
    api_up("{}\n", NULL, NULL, NULL);
    char *b = rt_api_error_json("Runtime.HandlerNotFound", "no handler", NULL, 0);
    cr_assert_eq(rt_api_init_error(&api, "Runtime.HandlerNotFound", b), RT_API_OK);
    cJSON *l = log_line(0);
    cr_assert_str_eq(jstr(l, "path"), "/2018-06-01/runtime/init/error");
    cr_assert_str_eq(jhdr(l, "lambda-runtime-function-error-type"),
                     "Runtime.HandlerNotFound");
    cr_assert_str_eq(jstr(l, "body"), b);
    cJSON_Delete(l);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(rt_api_init_error(&api, "Runtime.InitError", b), RT_API_REJECTED);
    cr_assert_eq(rt_api_http_status(&api), 403);
    free(b);
    rt_event_free(&ev);
}

Test(api, answering_twice_is_403_unknown_id_is_400)
{
    api_up("@id=r1 {}\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, "r1", "1", 1), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, "r1", "2", 1), RT_API_REJECTED);
    cr_assert_eq(rt_api_http_status(&api), 403);
    cr_assert_eq(rt_api_error(&api, "r1", "X", "{}"), RT_API_REJECTED);
    cr_assert_eq(rt_api_http_status(&api), 403);
    cr_assert_eq(rt_api_respond(&api, "no-such-id", "1", 1), RT_API_REJECTED);
    cr_assert_eq(rt_api_http_status(&api), 400);
    cr_assert(strstr(rt_api_errmsg(&api), "InvalidRequestID") != NULL);
    cr_assert_eq(api.http.connects, 1, "4xx keeps the connection");
    rt_event_free(&ev);
}

Test(api, six_mb_guard_refuses_before_sending)
{
    api_up("@id=big {}\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    size_t n = RT_API_MAX_RESPONSE + 1;
    char *big = malloc(n);
    memset(big, 'a', n);
    cr_assert_eq(rt_api_respond(&api, "big", big, n), RT_API_TOO_LARGE);
    big[n - 1] = 0;
    cr_assert_eq(rt_api_error(&api, "big", "E", big), RT_API_OK, "exactly 6 MiB passes");
    cr_assert_eq(log_count(), 2, "the refused body never reached the API");
    cJSON *l = log_line(1);
    cr_assert_eq(jint(l, "body_len"), (int)RT_API_MAX_RESPONSE);
    cJSON_Delete(l);
    free(big);
    rt_event_free(&ev);
}

Test(api, mock_413_then_403_and_connection_survives)
{
    api_up("@id=x {}\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    size_t n = RT_API_MAX_RESPONSE + 1; /* bypass the guard with raw rt_http */
    char *big = calloc(1, n);
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&api.http, "POST",
                                 "/2018-06-01/runtime/invocation/x/response", NULL, 0,
                                 big, n, 65536, &r), RT_HTTP_OK);
    cr_assert_eq(r.status, 413);
    rt_http_response_free(&r);
    cr_assert_eq(rt_api_error(&api, "x", "Function.ResponseSizeTooLarge", "{}"),
                 RT_API_REJECTED);
    cr_assert_eq(rt_api_http_status(&api), 403);
    cr_assert_eq(api.http.connects, 1);
    cJSON *l = log_line(1);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(l, "body")));
    cr_assert_eq(jint(l, "status"), 413);
    cJSON_Delete(l);
    free(big);
    rt_event_free(&ev);
}

Test(api, event_over_limit_reports_id_so_caller_can_post_error)
{
    api_up("@id=huge @pad=50000\n", NULL, NULL, NULL);
    api.max_event = 1000;
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_TOO_LARGE);
    cr_assert_str_eq(ev.request_id, "huge");
    cr_assert_null(ev.body);
    cr_assert_eq(rt_api_error(&api, ev.request_id, "Runtime.EventTooLarge", "{}"),
                 RT_API_OK, "%s", rt_api_errmsg(&api));
    rt_event_free(&ev);
}

Test(api, chunked_event_body)
{
    api_up("@chunked @id=c1 {\"chunked\":[1,2,3],\"text\":\"abcdefghijklmnop\"}\n"
           "@chunked @pad=20000\n", NULL, NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK, "%s", rt_api_errmsg(&api));
    cr_assert_str_eq(ev.body, "{\"chunked\":[1,2,3],\"text\":\"abcdefghijklmnop\"}");
    cr_assert_eq(rt_api_respond(&api, "c1", "{}", 2), RT_API_OK, "keep-alive after chunks");
    rt_event_free(&ev);
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(ev.body_len, 20010);
    cr_assert_eq(api.http.connects, 1);
    rt_event_free(&ev);
}

Test(api, reconnects_after_server_closes_idle_connection)
{
    api_up("{}\n{}\n", "--close-idle", "100", NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, ev.request_id, "1", 1), RT_API_OK);
    rt_event_free(&ev);
    usleep(400000); /* the mock drops the idle socket meanwhile */
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK, "%s", rt_api_errmsg(&api));
    cr_assert_eq(rt_api_respond(&api, ev.request_id, "2", 1), RT_API_OK);
    rt_event_free(&ev);
    cr_assert_eq(api.http.connects, 2);
    cJSON *l0 = log_line(0), *l2 = log_line(2);
    cr_assert_neq(jint(l0, "conn"), jint(l2, "conn"));
    cr_assert_eq(log_count(), 4, "no request was sent twice");
    cJSON_Delete(l0);
    cJSON_Delete(l2);
}

Test(api, dead_api_is_fatal_quickly)
{
    alarm(5);
    api_up("{}\n{}\n", "--die-after", "1", NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, ev.request_id, "1", 1), RT_API_OK);
    rt_event_free(&ev);
    int64_t t0 = mono_ms();
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_FATAL);
    cr_assert_lt(mono_ms() - t0, 3000);
    cr_assert_eq(mock_wait(3000), 0);
    cr_assert_eq(rt_api_respond(&api, "x", "1", 1), RT_API_FATAL);
    rt_event_free(&ev);
}

Test(api, next_500_is_fatal)
{
    alarm(5);
    api_up("", "--fail-next", NULL, NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_FATAL);
    cr_assert_eq(rt_api_http_status(&api), 500);
    cr_assert_null(ev.request_id);
}

Test(api, next_blocks_until_idle_exit_then_fatal)
{
    alarm(5);
    api_up("{}\n", "--idle-exit", "1", NULL);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, ev.request_id, "1", 1), RT_API_OK);
    rt_event_free(&ev);
    int64_t t0 = mono_ms();
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_FATAL);
    cr_assert_geq(mono_ms() - t0, 800, "/next has no client-side timeout");
    cr_assert_eq(mock_wait(2000), 0);
}

Test(api, connection_refused_is_fatal)
{
    alarm(5);
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", net_dead_port());
    cr_assert_eq(rt_api_init(&api, addr), RT_API_OK);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_FATAL);
    cr_assert(strstr(rt_api_errmsg(&api), "connect") != NULL);
    cr_assert_eq(rt_api_init_error(&api, "E", "{}"), RT_API_FATAL);
}

Test(api, bad_request_ids_and_endpoint)
{
    cr_assert_eq(rt_api_init(&api, "127.0.0.1:9"), RT_API_OK);
    cr_assert_eq(rt_api_respond(&api, "a/b", "1", 1), RT_API_BADARG);
    cr_assert_eq(rt_api_respond(&api, "a b", "1", 1), RT_API_BADARG);
    cr_assert_eq(rt_api_respond(&api, "", "1", 1), RT_API_BADARG);
    cr_assert_eq(rt_api_error(&api, "id\r\nX: y", "E", "{}"), RT_API_BADARG);
    cr_assert_eq(rt_api_error(&api, "ok", "E\r\nInjected: 1", "{}"), RT_API_BADARG);
    unsetenv("AWS_LAMBDA_RUNTIME_API");
    cr_assert_eq(rt_api_init(&api, NULL), RT_API_BADARG);
    setenv("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001", 1);
    cr_assert_eq(rt_api_init(&api, NULL), RT_API_OK);
    cr_assert_str_eq(api.http.port, "9001");
}

/* ---- rt_http against a scripted server thread ----------------------------- */

/* Per connection i (0-based) the server reads one request head, then sends
 * replies[i] (NULL: close without answering); with keep[i] it then reads a
 * second request on the same socket and sends replies2[i] (NULL: close). */
typedef struct {
    int lfd, port, accepts;
    const char *replies[4], *replies2[4];
    int keep[4];
    pthread_t th;
} Srv;

static Srv srv;

static void *srv_main(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) {
        struct pollfd p = {.fd = srv.lfd, .events = POLLIN};
        if (poll(&p, 1, 1500) <= 0)
            break; /* bounded: no client for 1.5 s */
        int fd = accept(srv.lfd, NULL, NULL);
        if (fd < 0)
            break;
        srv.accepts++;
        if (net_read_head(fd) == 0 && srv.replies[i]) {
            send(fd, srv.replies[i], strlen(srv.replies[i]), MSG_NOSIGNAL);
            if (srv.keep[i] && net_read_head(fd) == 0 && srv.replies2[i])
                send(fd, srv.replies2[i], strlen(srv.replies2[i]), MSG_NOSIGNAL);
        }
        close(fd);
    }
    return NULL;
}

static void srv_start(void)
{
    srv.lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    cr_assert_eq(bind(srv.lfd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(srv.lfd, 4), 0);
    getsockname(srv.lfd, (struct sockaddr *)&a, &l);
    srv.port = ntohs(a.sin_port);
    pthread_create(&srv.th, NULL, srv_main, NULL);
}

static void srv_join(void)
{
    pthread_join(srv.th, NULL);
    close(srv.lfd);
}

static RtHttp cli;

static void cli_init(void)
{
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", srv.port);
    cr_assert_eq(rt_http_init(&cli, addr, 1000), RT_HTTP_OK);
}

#define OK_KEEP "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

Test(http, init_parses_host_port)
{
    RtHttp c;
    cr_assert_eq(rt_http_init(&c, "127.0.0.1:9001", 0), RT_HTTP_OK);
    cr_assert_str_eq(c.host, "127.0.0.1");
    cr_assert_str_eq(c.port, "9001");
    cr_assert_eq(c.connect_timeout_ms, 2000);
    cr_assert_eq(rt_http_init(&c, "localhost:1", 50), RT_HTTP_OK);
    const char *bad[] = {"nohost", ":9001", "host:", "host:99999", "host:12a", "h:0"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_eq(rt_http_init(&c, bad[i], 0), RT_HTTP_EARG, "%s", bad[i]);
    cr_assert_eq(rt_http_init(&c, NULL, 0), RT_HTTP_EARG);
    cr_assert(strlen(rt_http_errmsg(&c)) > 0);
    cr_assert_str_eq(rt_http_strerror(RT_HTTP_ETOOBIG), "ETOOBIG");
}

Test(http, retries_once_when_reused_socket_dies_after_send)
{
    srv.replies[0] = OK_KEEP, srv.keep[0] = 1, srv.replies2[0] = NULL;
    srv.replies[1] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain";
    srv_start();
    cli_init();
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&cli, "GET", "/a", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK);
    cr_assert_str_eq(r.body, "ok");
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&cli, "GET", "/b", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK,
                 "%s", rt_http_errmsg(&cli));
    cr_assert_str_eq(r.body, "again");
    rt_http_response_free(&r);
    cr_assert_eq(cli.stale_retries, 1);
    cr_assert_eq(cli.connects, 2);
    rt_http_close(&cli);
    srv_join();
    cr_assert_eq(srv.accepts, 2);
}

Test(http, no_retry_on_a_fresh_connection)
{
    alarm(5);
    srv.replies[0] = NULL; /* read the request, close */
    srv_start();
    cli_init();
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r),
                 RT_HTTP_ECLOSED);
    rt_http_response_free(&r);
    srv_join();
    cr_assert_eq(srv.accepts, 1);
}

Test(http, retry_happens_only_once)
{
    alarm(5);
    srv.replies[0] = OK_KEEP, srv.keep[0] = 1, srv.replies2[0] = NULL;
    srv.replies[1] = NULL;
    srv_start();
    cli_init();
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK);
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r),
                 RT_HTTP_ECLOSED);
    rt_http_response_free(&r);
    srv_join();
    cr_assert_eq(srv.accepts, 2);
}

Test(http, framing_by_close_chunked_interim_and_errors)
{
    srv.replies[0] = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX-A: 1\r\n\r\nuntil close";
    srv.replies[1] = "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                     "3\r\nabc\r\nA;x=y\r\n0123456789\r\n0\r\nT: v\r\n\r\n";
    srv.replies[2] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
    srv.replies[3] = "SPDY/9 200 OK\r\n\r\n";
    srv_start();
    cli_init();
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(r.body, "until close");
    cr_assert_str_eq(rt_http_header(&r, "x-a"), "1");
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK,
                 "%s", rt_http_errmsg(&cli));
    cr_assert_str_eq(r.body, "abc0123456789");
    cr_assert_eq(r.body_len, 13);
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r), RT_HTTP_EIO);
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&cli, "GET", "/", NULL, 0, NULL, 0, 100, &r),
                 RT_HTTP_EPROTO);
    rt_http_response_free(&r);
    srv_join();
}

Test(http, body_limit_by_length_and_by_chunks)
{
    mock_start("@id=a @pad=5000\n@id=b @chunked @pad=5000\n", NULL, NULL, NULL);
    RtHttp c;
    rt_http_init(&c, mock_addr, 0);
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&c, "GET", NEXT_PATH, NULL, 0, NULL, 0, 1000, &r),
                 RT_HTTP_ETOOBIG);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(rt_http_header(&r, "Lambda-Runtime-Aws-Request-Id"), "a");
    cr_assert_null(r.body);
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&c, "GET", NEXT_PATH, NULL, 0, NULL, 0, 1000, &r),
                 RT_HTTP_ETOOBIG);
    rt_http_response_free(&r);
    cr_assert_eq(c.connects, 2, "a refused body resets the connection");
    rt_http_close(&c);
}

Test(http, mock_rejects_malformed_and_unknown)
{
    mock_start("{}\n", NULL, NULL, NULL);
    RtHttp c;
    rt_http_init(&c, mock_addr, 0);
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&c, "GET", "/2018-06-01/runtime/nope", NULL, 0, NULL, 0,
                                 1000, &r), RT_HTTP_OK);
    cr_assert_eq(r.status, 404);
    rt_http_response_free(&r);
    cr_assert_eq(rt_http_request(&c, "POST", NEXT_PATH, NULL, 0, "", 0, 1000, &r),
                 RT_HTTP_OK);
    cr_assert_eq(r.status, 405);
    rt_http_response_free(&r);
    RtHttpHeader h = {"Transfer-Encoding", "gzip"};
    cr_assert_eq(rt_http_request(&c, "POST", "/2018-06-01/runtime/init/error", &h, 1, "",
                                 0, 1000, &r), RT_HTTP_OK);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(rt_http_header(&r, "connection"), "close");
    rt_http_response_free(&r);
    cr_assert_eq(c.fd, -1, "closed after Connection: close");
    cJSON *l = log_line(2);
    cr_assert_str_eq(jstr(l, "note"), "malformed");
    cJSON_Delete(l);
    rt_http_close(&c);
}

Test(http, request_validation_and_refused_connect)
{
    alarm(5);
    RtHttp c;
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", net_dead_port());
    rt_http_init(&c, addr, 1000);
    RtHttpResponse r;
    RtHttpHeader bad = {"X-Evil", "a\r\nb: c"};
    cr_assert_eq(rt_http_request(&c, "GET", "/", &bad, 1, NULL, 0, 10, &r), RT_HTTP_EARG);
    cr_assert_eq(rt_http_request(&c, "GET", "/a b", NULL, 0, NULL, 0, 10, &r), RT_HTTP_EARG);
    cr_assert_eq(c.connects, 0, "nothing sent");
    int64_t t0 = mono_ms();
    cr_assert_eq(rt_http_request(&c, "GET", "/", NULL, 0, NULL, 0, 10, &r), RT_HTTP_ECONNECT);
    cr_assert_lt(mono_ms() - t0, 1000);
    rt_http_response_free(&r);
}

/* Hosts are numeric or localhost (no resolver in the bootstrap): localhost
 * reaches 127.0.0.1, a name fails with ERESOLVE before any socket exists. */
Test(http, numeric_hosts_and_localhost)
{
    alarm(5);
    RtHttp c;
    char addr[32];
    snprintf(addr, sizeof addr, "LocalHost:%d", net_dead_port());
    rt_http_init(&c, addr, 1000);
    cr_assert_eq(rt_http_connect(&c), RT_HTTP_ECONNECT, "%s", rt_http_errmsg(&c));
    cr_assert(strstr(rt_http_errmsg(&c), "Connection refused"), "%s", rt_http_errmsg(&c));
    const char *names[] = {"runtime.example:9001", "127.0.0.256:9001", "::1:9001"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        cr_assert_eq(rt_http_init(&c, names[i], 1000), RT_HTTP_OK);
        cr_assert_eq(rt_http_connect(&c), RT_HTTP_ERESOLVE, "%s", names[i]);
        cr_assert(strstr(rt_http_errmsg(&c), "must be an IPv4 address or localhost"),
                  "%s", rt_http_errmsg(&c));
        cr_assert_eq(c.connects, 0);
    }
}

/* ---- error JSON ----------------------------------------------------------- */

Test(errjson, escapes_and_parses_back)
{
    const char *msg = "q\" b\\ nl\n tab\t cr\r ctl\x01 del\x7f é 日本 😀 bad\xff end";
    const char *frames[] = {"f (a.ruchy:1)", "line\nbreak"};
    char *j = rt_api_error_json("Runtime.Err\"or", msg, frames, 2);
    cr_assert_not_null(j);
    cr_assert(strstr(j, "\\u0001") != NULL);
    cr_assert(strstr(j, "\\ufffd") != NULL);
    cJSON *o = cJSON_Parse(j);
    cr_assert_not_null(o, "%s", j);
    cr_assert_str_eq(jstr(o, "errorMessage"),
                     "q\" b\\ nl\n tab\t cr\r ctl\x01 del\x7f é 日本 😀 bad\xef\xbf\xbd end");
    cr_assert_str_eq(jstr(o, "errorType"), "Runtime.Err\"or");
    cJSON *st = cJSON_GetObjectItem(o, "stackTrace");
    cr_assert_str_eq(cJSON_GetArrayItem(st, 1)->valuestring, "line\nbreak");
    cJSON_Delete(o);
    free(j);
}

Test(errjson, null_arguments_give_the_empty_shape)
{
    char *j = rt_api_error_json(NULL, NULL, NULL, 3);
    cr_assert_str_eq(j, "{\"errorMessage\":\"\",\"errorType\":\"\",\"stackTrace\":[]}");
    free(j);
}

Test(errjson, rejects_overlong_and_surrogate_utf8)
{
    char *j = rt_api_error_json("T", "\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80", NULL, 0);
    cJSON *o = cJSON_Parse(j);
    cr_assert_not_null(o);
    cr_assert_null(strstr(jstr(o, "errorMessage"), "\xc0"));
    cr_assert_null(strstr(jstr(o, "errorMessage"), "\xed\xa0"));
    cJSON_Delete(o);
    free(j);
}

Test(errjson, huge_message_is_cut_on_a_character_boundary)
{
    size_t n = 1 << 20;
    char *msg = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(msg + i, "\xc3\xa9", 2); /* é */
    msg[n] = 0;
    char *j = rt_api_error_json("T", msg, NULL, 0);
    cr_assert_lt(strlen(j), 300000);
    cJSON *o = cJSON_Parse(j);
    cr_assert_not_null(o);
    const char *m = jstr(o, "errorMessage");
    size_t ml = strlen(m);
    cr_assert_str_eq(m + ml - 3, "...");
    cr_assert(ml >= 4 && (unsigned char)m[ml - 4] == 0xa9, "no split character");
    cJSON_Delete(o);
    free(j);
    free(msg);
}

Test(http, connect_times_out_on_a_full_backlog)
{
    alarm(5);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof a;
    cr_assert_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(lfd, 0), 0);
    getsockname(lfd, (struct sockaddr *)&a, &l);
    int filler[4];
    for (int i = 0; i < 4; i++) { /* never accepted: fill the accept queue */
        filler[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(filler[i], (struct sockaddr *)&a, sizeof a);
    }
    usleep(50000);
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", ntohs(a.sin_port));
    RtHttp c;
    rt_http_init(&c, addr, 300);
    int64_t t0 = mono_ms();
    cr_assert_eq(rt_http_connect(&c), RT_HTTP_ECONNECT);
    int64_t dt = mono_ms() - t0;
    cr_assert(dt >= 250 && dt < 2000, "took %lld ms", (long long)dt);
    cr_assert(strstr(rt_http_errmsg(&c), "timed out") != NULL, "%s", rt_http_errmsg(&c));
    for (int i = 0; i < 4; i++)
        close(filler[i]);
    close(lfd);
}
