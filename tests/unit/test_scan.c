/* test_scan.c — the numbers and addresses the runtime reads from text
 * (all through rv_scan_uint, no strtoull/inet_pton): the Runtime API
 * host and port (rt_http_init/rt_http_connect), chunk sizes and
 * Content-Length (rt_http), Lambda-Runtime-Deadline-Ms (rt_api_next),
 * the environment (rt_timeout_margin_ms, rt_func_info_from_env,
 * rv_memory_limit), and rt_read_file's growing buffer (no fstat).
 *
 * The HTTP cases talk to a one-connection scripted server thread on
 * 127.0.0.1 (or 127.1.2.3); every wait in it is bounded.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "net_helpers.h"
#include "rt.h"
#include "rt_lambda.h"

TestSuite(scan, .timeout = 20);

/* ---- a scripted server: one connection, one canned reply ---------------- */

typedef struct {
    int lfd, port;
    const char *reply;
    pthread_t th;
} Srv;

static void *srv_main(void *arg)
{
    Srv *s = arg;
    struct pollfd p = {.fd = s->lfd, .events = POLLIN};
    if (poll(&p, 1, 3000) <= 0)
        return NULL;
    int fd = accept(s->lfd, NULL, NULL);
    if (fd < 0)
        return NULL;
    if (net_read_head(fd) == 0)
        send(fd, s->reply, strlen(s->reply), MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    char sink[256];
    struct pollfd q = {.fd = fd, .events = POLLIN};
    while (poll(&q, 1, 1000) > 0 && recv(fd, sink, sizeof sink, 0) > 0)
        ; /* until the client closes (or 1 s of silence) */
    close(fd);
    return NULL;
}

/* Listen on ip (dotted quad) at a free port and serve reply once. */
static void srv_start(Srv *s, const char *ip, const char *reply)
{
    s->reply = reply;
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(s->lfd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    cr_assert_eq(inet_pton(AF_INET, ip, &a.sin_addr), 1);
    socklen_t l = sizeof a;
    cr_assert_eq(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0, "bind %s", ip);
    cr_assert_eq(listen(s->lfd, 1), 0);
    getsockname(s->lfd, (struct sockaddr *)&a, &l);
    s->port = ntohs(a.sin_port);
    cr_assert_eq(pthread_create(&s->th, NULL, srv_main, s), 0);
}

static void srv_join(Srv *s)
{
    pthread_join(s->th, NULL);
    close(s->lfd);
}

/* GET / from a server answering reply; the rt_http result code. *r is
 * filled (caller frees). */
static int fetch(const char *reply, RtHttpResponse *r, char *err, size_t errcap)
{
    Srv s;
    RtHttp c;
    char addr[32];
    srv_start(&s, "127.0.0.1", reply);
    snprintf(addr, sizeof addr, "127.0.0.1:%d", s.port);
    cr_assert_eq(rt_http_init(&c, addr, 1000), RT_HTTP_OK);
    int rc = rt_http_request(&c, "GET", "/", NULL, 0, NULL, 0, 1 << 20, r);
    snprintf(err, errcap, "%s", rt_http_errmsg(&c));
    rt_http_close(&c);
    srv_join(&s);
    return rc;
}

/* ---- host and port -------------------------------------------------------- */

/* Dotted quads, and whether inet_pton(AF_INET) takes them (checked
 * against this libc's inet_pton too). */
static const struct {
    const char *host;
    int ok;
} quads[] = {
    {"127.0.0.1", 1}, {"127.1.2.3", 1}, {"127.255.255.254", 1}, {"0.0.0.0", 1},
    {"127.0.0.10", 1}, {"127.100.200.250", 1}, {"255.255.255.255", 1},
    {"256.0.0.1", 0}, {"1.2.3.256", 0}, {"1.2.3", 0}, {"1.2.3.4.5", 0},
    {"1..2.3", 0}, {" 1.2.3.4", 0}, {"1.2.3.4 ", 0}, {"1.2.3.4.", 0}, {".1.2.3", 0},
    {"01.2.3.4", 0}, {"1.2.3.04", 0}, {"00.0.0.0", 0}, {"127.000.0.1", 0},
    {"+1.2.3.4", 0}, {"1.2.3.-4", 0}, {"1.2.+3.4", 0}, {"0x7f.0.0.1", 0},
    {"127.1", 0}, {"2130706433", 0}, {"1234.1.1.1", 0}, {"127.0.0.1a", 0},
    {"99999999999999999999999.0.0.1", 0}, {"4294967297.0.0.1", 0},
    {"1.2.3.4\t", 0}, {"1.2.3.4\n", 0}, {"a.b.c.d", 0}, {"...", 0}, {"1.2.3.", 0},
};

Test(scan, dotted_quads_are_refused_exactly_where_inet_pton_refuses)
{
    alarm(10);
    char addr[320];
    int port = net_dead_port();
    for (size_t i = 0; i < sizeof quads / sizeof *quads; i++) {
        const char *h = quads[i].host;
        struct in_addr ia;
        cr_assert_eq(inet_pton(AF_INET, h, &ia) == 1, quads[i].ok, "libc on '%s'", h);
        RtHttp c;
        snprintf(addr, sizeof addr, "%s:%d", h, port);
        cr_assert_eq(rt_http_init(&c, addr, 200), RT_HTTP_OK, "%s", addr);
        int rc = rt_http_connect(&c);
        if (quads[i].ok) {
            cr_assert_eq(rc, RT_HTTP_ECONNECT, "'%s': %s", h, rt_http_errmsg(&c));
        } else {
            cr_assert_eq(rc, RT_HTTP_ERESOLVE, "'%s': %s", h, rt_http_errmsg(&c));
            cr_assert(strstr(rt_http_errmsg(&c), "must be an IPv4 address or localhost"));
            cr_assert_eq(c.connects, 0);
        }
        rt_http_close(&c);
    }
}

/* The parsed address is the one connected to (byte order included). */
Test(scan, dotted_quad_reaches_that_address)
{
    alarm(10);
    Srv s;
    srv_start(&s, "127.1.2.3", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    char addr[32];
    RtHttp c;
    snprintf(addr, sizeof addr, "127.3.2.1:%d", s.port);
    cr_assert_eq(rt_http_init(&c, addr, 500), RT_HTTP_OK);
    cr_assert_eq(rt_http_connect(&c), RT_HTTP_ECONNECT, "%s", rt_http_errmsg(&c));
    snprintf(addr, sizeof addr, "127.1.2.3:%d", s.port);
    cr_assert_eq(rt_http_init(&c, addr, 500), RT_HTTP_OK);
    RtHttpResponse r;
    cr_assert_eq(rt_http_request(&c, "GET", "/", NULL, 0, NULL, 0, 100, &r), RT_HTTP_OK,
                 "%s", rt_http_errmsg(&c));
    cr_assert_str_eq(r.body, "hi");
    rt_http_response_free(&r);
    rt_http_close(&c);
    srv_join(&s);
}

Test(scan, ports_are_1_to_65535_in_at_most_five_digits)
{
    RtHttp c;
    const char *good[] = {"h:1", "h:65535", "h:00001", "h:9001", "1.2.3.4:80"};
    const char *port[] = {"1", "65535", "00001", "9001", "80"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        cr_assert_eq(rt_http_init(&c, good[i], 0), RT_HTTP_OK, "%s", good[i]);
        cr_assert_str_eq(c.port, port[i]);
    }
    const char *bad[] = {"h:0", "h:00000", "h:65536", "h:99999", "h:000001", "h:",
                         "h:+80", "h: 80", "h:80 ", "h:-1", "h:8a", "h:0x50",
                         "h:99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(rt_http_init(&c, bad[i], 0), RT_HTTP_EARG, "%s", bad[i]);
        cr_assert(strstr(rt_http_errmsg(&c), "bad port"), "%s", rt_http_errmsg(&c));
    }
}

/* ---- response framing ------------------------------------------------------ */

#define CHUNKED "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"

Test(scan, chunk_sizes_are_hex_digits_then_end_semicolon_or_space)
{
    alarm(15);
    static const struct {
        const char *reply;
        int rc;
        const char *body;
    } cases[] = {
        {CHUNKED "1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n", RT_HTTP_OK,
         "abcdefghijklmnopqrstuvwxyz"},
        {CHUNKED "a \r\n0123456789\r\n00\r\n\r\n", RT_HTTP_OK, "0123456789"},
        {CHUNKED "0003\r\nabc\r\n0;x\r\n\r\n", RT_HTTP_OK, "abc"},
        {CHUNKED "0x3\r\nabc\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "+3\r\nabc\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED " 3\r\nabc\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "-1\r\nabc\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "3x\r\nabc\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "g\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "10000000000000000\r\n0\r\n\r\n", RT_HTTP_EPROTO, NULL},
        {CHUNKED "ffffffffffffffff\r\n0\r\n\r\n", RT_HTTP_ETOOBIG, NULL},
        {CHUNKED "100001\r\n0\r\n\r\n", RT_HTTP_ETOOBIG, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        RtHttpResponse r;
        char err[256];
        int rc = fetch(cases[i].reply, &r, err, sizeof err);
        cr_assert_eq(rc, cases[i].rc, "case %zu: %d (%s)", i, rc, err);
        if (cases[i].body)
            cr_assert_str_eq(r.body, cases[i].body, "case %zu", i);
        else if (rc == RT_HTTP_EPROTO)
            cr_assert_str_eq(err, "bad chunk size line", "case %zu", i);
        rt_http_response_free(&r);
    }
}

#define CL(v) "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length:" v "\r\n\r\n"

Test(scan, content_length_is_decimal_digits_only)
{
    alarm(15);
    static const struct {
        const char *reply;
        int rc;
        const char *body;
    } cases[] = {
        {CL(" 5") "hello", RT_HTTP_OK, "hello"},
        {CL(" 007") "seven!!", RT_HTTP_OK, "seven!!"},
        {CL(" 0"), RT_HTTP_OK, ""},
        {CL("\t3 ") "abc", RT_HTTP_OK, "abc"},
        {CL(" +5") "hello", RT_HTTP_EPROTO, NULL},
        {CL(" -5") "hello", RT_HTTP_EPROTO, NULL},
        {CL(" 5x") "hello", RT_HTTP_EPROTO, NULL},
        {CL(" 5 5") "hello", RT_HTTP_EPROTO, NULL},
        {CL(" 0x5") "hello", RT_HTTP_EPROTO, NULL},
        {CL(""), RT_HTTP_EPROTO, NULL},
        {CL(" 18446744073709551616"), RT_HTTP_EPROTO, NULL},
        {CL(" 99999999999999999999999"), RT_HTTP_EPROTO, NULL},
        {CL(" 18446744073709551615"), RT_HTTP_ETOOBIG, NULL},
        {CL(" 1048577"), RT_HTTP_ETOOBIG, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        RtHttpResponse r;
        char err[256];
        int rc = fetch(cases[i].reply, &r, err, sizeof err);
        cr_assert_eq(rc, cases[i].rc, "case %zu: %d (%s)", i, rc, err);
        if (cases[i].body) {
            cr_assert_str_eq(r.body, cases[i].body, "case %zu", i);
        } else if (rc == RT_HTTP_EPROTO) {
            cr_assert(strstr(err, "bad Content-Length"), "case %zu: %s", i, err);
        } else {
            cr_assert(strstr(err, "exceeds"), "case %zu: %s", i, err);
            cr_assert_null(r.body);
        }
        rt_http_response_free(&r);
    }
}

/* ---- Lambda-Runtime-Deadline-Ms -------------------------------------------- */

/* deadline_ms that rt_api_next makes of the header value v. */
static int64_t deadline_of(const char *v)
{
    char reply[512];
    snprintf(reply, sizeof reply,
             "HTTP/1.1 200 OK\r\nConnection: close\r\nLambda-Runtime-Aws-Request-Id: r1\r\n"
             "Lambda-Runtime-Deadline-Ms: %s\r\nContent-Length: 2\r\n\r\n{}", v);
    Srv s;
    srv_start(&s, "127.0.0.1", reply);
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", s.port);
    RtApi api;
    cr_assert_eq(rt_api_init(&api, addr), RT_API_OK);
    RtEvent ev;
    cr_assert_eq(rt_api_next(&api, &ev), RT_API_OK, "%s", api.err);
    cr_assert_str_eq(ev.request_id, "r1");
    int64_t d = ev.deadline_ms;
    rt_event_free(&ev);
    rt_api_close(&api);
    srv_join(&s);
    return d;
}

Test(scan, deadline_header_is_a_positive_int64_or_zero)
{
    alarm(15);
    cr_assert_eq(deadline_of("1700000000123"), INT64_C(1700000000123));
    cr_assert_eq(deadline_of("1"), 1);
    cr_assert_eq(deadline_of("0001"), 1);
    cr_assert_eq(deadline_of("9223372036854775807"), INT64_MAX);
    cr_assert_eq(deadline_of("9223372036854775808"), 0);
    cr_assert_eq(deadline_of("18446744073709551616"), 0);
    cr_assert_eq(deadline_of("0"), 0);
    cr_assert_eq(deadline_of("-5"), 0);
    cr_assert_eq(deadline_of("+5"), 0);
    cr_assert_eq(deadline_of("12x"), 0);
    cr_assert_eq(deadline_of("1.5"), 0);
    cr_assert_eq(deadline_of(""), 0);
}

/* ---- the environment ------------------------------------------------------- */

Test(scan, timeout_margin_env_is_0_to_3600000)
{
    unsetenv("RUCHY_TIMEOUT_MARGIN_MS");
    cr_assert_eq(rt_timeout_margin_ms(), RT_TIMEOUT_MARGIN_DEFAULT);
    static const struct {
        const char *v;
        int64_t want;
    } cases[] = {
        {"0", 0}, {"100", 100}, {"0100", 100}, {"3600000", 3600000},
        {"3600001", RT_TIMEOUT_MARGIN_DEFAULT}, {"-1", RT_TIMEOUT_MARGIN_DEFAULT},
        {"+5", RT_TIMEOUT_MARGIN_DEFAULT}, {"5ms", RT_TIMEOUT_MARGIN_DEFAULT},
        {" 5", RT_TIMEOUT_MARGIN_DEFAULT}, {"", RT_TIMEOUT_MARGIN_DEFAULT},
        {"18446744073709551616", RT_TIMEOUT_MARGIN_DEFAULT},
        {"18446744073709551615", RT_TIMEOUT_MARGIN_DEFAULT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        setenv("RUCHY_TIMEOUT_MARGIN_MS", cases[i].v, 1);
        cr_assert_eq(rt_timeout_margin_ms(), cases[i].want, "'%s'", cases[i].v);
    }
    unsetenv("RUCHY_TIMEOUT_MARGIN_MS");
}

Test(scan, function_memory_size_is_its_leading_digits)
{
    static const struct {
        const char *v;
        int64_t want;
    } cases[] = {
        {"256", 256}, {"10240", 10240}, {"128MB", 128}, {"0", 0}, {"-5", 0},
        {"abc", 0}, {"", 0}, {"9223372036854775807", INT64_MAX},
        {"9223372036854775808", INT64_MAX}, {"99999999999999999999", INT64_MAX},
    };
    RtFuncInfo fi;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", cases[i].v, 1);
        rt_func_info_from_env(&fi);
        cr_assert_eq(fi.memory_limit_mb, cases[i].want, "'%s'", cases[i].v);
    }
    unsetenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    rt_func_info_from_env(&fi);
    cr_assert_eq(fi.memory_limit_mb, 0);
}

/* rv_memory_limit of a fresh VM with the two variables (NULL = unset). */
static size_t limit_with(const char *ruchy_mb, const char *function_mb)
{
    if (ruchy_mb)
        setenv("RUCHY_MEMORY_LIMIT_MB", ruchy_mb, 1);
    else
        unsetenv("RUCHY_MEMORY_LIMIT_MB");
    if (function_mb)
        setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", function_mb, 1);
    else
        unsetenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    RvVM *vm = rv_vm_new();
    cr_assert_not_null(vm);
    size_t n = rv_memory_limit(vm);
    rv_vm_free(vm);
    unsetenv("RUCHY_MEMORY_LIMIT_MB");
    unsetenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    return n;
}

#define MIB ((size_t)1 << 20)

Test(scan, memory_limit_env_is_decimal_mib)
{
    size_t dflt = 1024 * MIB / 4 * 3;
    cr_assert_eq(limit_with(NULL, NULL), dflt);
    cr_assert_eq(limit_with("64", NULL), 64 * MIB);
    cr_assert_eq(limit_with("0", "512"), 0);
    cr_assert_eq(limit_with("064", NULL), 64 * MIB);
    cr_assert_eq(limit_with(NULL, "512"), 512 * MIB / 4 * 3);
    cr_assert_eq(limit_with(NULL, "0"), dflt);
    cr_assert_eq(limit_with("", "512"), 512 * MIB / 4 * 3);
    const char *bad[] = {"-1", "-0", "+64", " 64", "64 ", "64k", "0x40",
                         "18446744073709551616", "18446744073709551615"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cr_assert_eq(limit_with(bad[i], NULL), dflt, "'%s'", bad[i]);
        cr_assert_eq(limit_with(NULL, bad[i]), dflt, "'%s'", bad[i]);
    }
    size_t max_mb = SIZE_MAX >> 20;
    char v[32];
    snprintf(v, sizeof v, "%zu", max_mb);
    cr_assert_eq(limit_with(v, NULL), max_mb * MIB, "%s", v);
    snprintf(v, sizeof v, "%zu", max_mb + 1);
    cr_assert_eq(limit_with(v, NULL), dflt, "%s", v);
}

/* ---- rt_read_file ---------------------------------------------------------- */

/* Write n pattern bytes to a new temp file; its path (static buffer). */
static const char *pattern_file(size_t n)
{
    static char path[64];
    strcpy(path, "/tmp/test_scan_XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    char *b = malloc(n + 1);
    cr_assert_not_null(b);
    for (size_t i = 0; i < n; i++)
        b[i] = (char)('a' + i * 7 % 26);
    cr_assert_eq(write(fd, b, n), (ssize_t)n);
    close(fd);
    free(b);
    return path;
}

Test(scan, read_file_grows_to_any_size)
{
    const size_t sizes[] = {0, 1, 16383, 16384, 16385, 100000, 1 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        const char *p = pattern_file(sizes[i]);
        size_t len = 99;
        char *s = rt_read_file(p, &len);
        cr_assert_not_null(s, "%zu: %s", sizes[i], strerror(errno));
        cr_assert_eq(len, sizes[i]);
        cr_assert_eq(s[len], '\0');
        cr_assert_eq(strlen(s), len);
        for (size_t k = 0; k < len; k++)
            if (s[k] != (char)('a' + k * 7 % 26))
                cr_assert_fail("size %zu: byte %zu differs", sizes[i], k);
        free(s);
        unlink(p);
    }
}

Test(scan, read_file_failures_set_errno)
{
    size_t len = 7;
    errno = 0;
    cr_assert_null(rt_read_file("/nonexistent/dir/x.ruchy", &len));
    cr_assert_eq(errno, ENOENT);
    errno = 0;
    cr_assert_null(rt_read_file("/tmp", &len));
    cr_assert_eq(errno, EISDIR);
    cr_assert_eq(len, 7, "len untouched on failure");
    char *s = rt_read_file("/dev/null", &len);
    cr_assert_not_null(s);
    cr_assert_eq(len, 0);
    free(s);
}

Test(scan, missing_handler_file_message_names_the_errno)
{
    RtHandler h;
    RtInitError err;
    cr_assert_not(rt_handler_load(&h, "/nonexistent/h.ruchy", NULL, "handler", NULL, &err));
    cr_assert_str_eq(err.type, "Runtime.ImportModuleError");
    cr_assert_str_eq(err.message, "Cannot load handler file '/nonexistent/h.ruchy': "
                                  "No such file or directory");
    rt_init_error_free(&err);
}
