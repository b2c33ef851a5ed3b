/* coldstart_probe.c — time one cold start of a Lambda bootstrap.
 *
 * Usage: coldstart_probe [--timeout-ms N] [--event JSON] [--body-out FILE]
 *                        -- PROGRAM [ARGS...]
 *
 * Listens on 127.0.0.1 (free port), sets AWS_LAMBDA_RUNTIME_API to it, and
 * forks; the child takes t0 = CLOCK_MONOTONIC just before execv(PROGRAM) and
 * hands it over through a shared page. The probe acts as a minimal Runtime
 * API for one invocation:
 *   t1 = the whole head of the first "GET /2018-06-01/runtime/invocation/next"
 *        has arrived (the end of INIT: what Lambda reports as Init Duration);
 *   then it answers with one event (JSON, request id "probe-1");
 *   t2 = the whole POST .../probe-1/response (head and body) has arrived,
 *        answered 202.
 * Then the child is killed (SIGKILL) and reaped. Prints one line
 *   init_us=T1-T0 first_us=T2-T0 init_cpu_us=C
 * where C is the child's own on-CPU time from just before execv() to t1
 * (/proc/PID/schedstat; its children, e.g. curl, are not counted), which a
 * busy machine disturbs less than wall time.
 * and writes the posted body to --body-out FILE when given. Every wait is
 * bounded by --timeout-ms (default 10000); several connections are accepted
 * (a curl-based bootstrap opens one per request).
 * Exit status: 0 measured; 1 the program failed, timed out or spoke wrongly;
 * 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 8
#define BUF_CAP (1 << 20)
#define NEXT_LINE "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n"
#define RESP_PATH "/2018-06-01/runtime/invocation/probe-1/response"

typedef struct {
    int fd;
    size_t len;
    char *buf; /* BUF_CAP + 1 bytes */
} Conn;

/* Shared with the child, written just before its execv(). */
typedef struct {
    int64_t t0;       /* CLOCK_MONOTONIC, ns */
    long long cpu0;   /* the child's on-CPU ns so far */
} Start;

typedef struct {
    int lfd;
    Conn conns[MAX_CONNS];
    int64_t deadline_ns;
    pid_t child;
    int exited; /* the child was reaped */
} Probe;

static int64_t now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *msg)
{
    fprintf(stderr, "coldstart_probe: %s\n", msg);
    exit(1);
}

/* Listening socket on 127.0.0.1, free port; the port through *port. */
static int listen_local(int *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 16) ||
        getsockname(fd, (struct sockaddr *)&sa, &sl))
        die("cannot listen on 127.0.0.1");
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Length of the whole request in c (head + Content-Length body), 0 while
 * incomplete. NUL-terminates the buffered bytes. */
static size_t request_len(Conn *c)
{
    c->buf[c->len] = '\0';
    char *end = strstr(c->buf, "\r\n\r\n");
    if (!end)
        return 0;
    size_t head = (size_t)(end - c->buf) + 4;
    const char *cl = strcasestr(c->buf, "\r\nContent-Length:");
    size_t body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
    return c->len >= head + body ? head + body : 0;
}

/* Accept a pending connection into a free slot. */
static void accept_one(Probe *p)
{
    int fd = accept4(p->lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    for (int i = 0; i < MAX_CONNS; i++)
        if (p->conns[i].fd < 0) {
            p->conns[i].fd = fd;
            p->conns[i].len = 0;
            return;
        }
    close(fd);
}

/* Read what connection i has; 1 when it holds a whole request. */
static int read_conn(Probe *p, int i)
{
    Conn *c = &p->conns[i];
    ssize_t k = read(c->fd, c->buf + c->len, BUF_CAP - c->len);
    if (k <= 0) {
        close(c->fd);
        c->fd = -1;
        return 0;
    }
    c->len += (size_t)k;
    return request_len(c) > 0;
}

/* Wait for the next whole request on any connection; its Conn, or NULL on
 * timeout or when the child has exited (checked every 20 ms). The request
 * stays at the start of conn->buf. */
static Conn *next_request(Probe *p)
{
    for (int guard = 0; guard < 1000000; guard++) {
        struct pollfd pf[MAX_CONNS + 1] = {{.fd = p->lfd, .events = POLLIN}};
        for (int i = 0; i < MAX_CONNS; i++)
            pf[i + 1] = (struct pollfd){.fd = p->conns[i].fd, .events = POLLIN};
        int64_t left = (p->deadline_ns - now_ns(CLOCK_MONOTONIC)) / 1000000;
        if (left <= 0)
            return NULL;
        int n = poll(pf, MAX_CONNS + 1, left < 20 ? (int)left : 20);
        if (n < 0)
            return NULL;
        if (n == 0) {
            if (waitpid(p->child, NULL, WNOHANG) == p->child) {
                p->exited = 1;
                return NULL;
            }
            continue;
        }
        for (int i = 0; i < MAX_CONNS; i++)
            if (pf[i + 1].revents && read_conn(p, i))
                return &p->conns[i];
        if (pf[0].revents & POLLIN)
            accept_one(p);
    }
    return NULL;
}

/* Drop the first request (of length n) from c. */
static void consume(Conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

static void send_str(int fd, const char *s)
{
    for (size_t n = strlen(s); n > 0;) {
        ssize_t k = write(fd, s, n);
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

/* Answer a /next with the event. */
static void send_event(int fd, const char *event)
{
    char head[512];
    long long deadline = (long long)(now_ns(CLOCK_REALTIME) / 1000000) + 30000;
    snprintf(head, sizeof head,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Lambda-Runtime-Aws-Request-Id: probe-1\r\n"
             "Lambda-Runtime-Deadline-Ms: %lld\r\n"
             "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:probe\r\n"
             "Content-Length: %zu\r\n\r\n",
             deadline, strlen(event));
    send_str(fd, head);
    send_str(fd, event);
}

/* On-CPU time so far of process pid, which must not be running (schedstat
 * is brought up to date when a task stops), in ns; 0 when unreadable. */
static long long cpu_ns(pid_t pid)
{
    char path[64];
    long long ns = 0;
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%lld", &ns) != 1)
            ns = 0;
        fclose(f);
    }
    return ns;
}

/* Child: record its CPU time and t0 in *st, exec the program. Never returns. */
static void run_child(Start *st, char **argv)
{
    st->cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);   /* exact, unlike schedstat of a running task */
    st->t0 = now_ns(CLOCK_MONOTONIC);
    execv(argv[0], argv);
    perror(argv[0]);
    _exit(127);
}

/* Write the posted body (after the head of c's first request) to path. */
static void save_body(const Conn *c, size_t n, const char *path)
{
    const char *body = strstr(c->buf, "\r\n\r\n") + 4;
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write --body-out");
    fwrite(body, 1, n - (size_t)(body - c->buf), f);
    fclose(f);
}

/* Report a failed run; always -1. */
static int fail(const char *what, const char *got)
{
    fprintf(stderr, "coldstart_probe: %s%s%.80s\n", what, got ? ", got: " : "", got ? got : "");
    return -1;
}

/* Serve INIT and one invocation; t1, t2 and the child's CPU time at t1 set.
 * 0 ok, -1 with a message. */
static int serve(Probe *p, const char *event, const char *body_out, int64_t *t1, int64_t *t2,
                 long long *cpu)
{
    Conn *c = next_request(p);
    if (!c)
        return fail("no GET /next (timeout, or the program exited)", NULL);
    *t1 = now_ns(CLOCK_MONOTONIC);
    *cpu = cpu_ns(p->child);
    if (strncmp(c->buf, NEXT_LINE, strlen(NEXT_LINE)))
        return fail("the first request is not GET /next", c->buf);
    consume(c, request_len(c));
    send_event(c->fd, event);
    if (!(c = next_request(p)))
        return fail("no response posted (timeout, or the program exited)", NULL);
    *t2 = now_ns(CLOCK_MONOTONIC);
    size_t n = request_len(c);
    if (strncmp(c->buf, "POST " RESP_PATH " ", strlen("POST " RESP_PATH " ")))
        return fail("expected POST " RESP_PATH, c->buf);
    if (body_out)
        save_body(c, n, body_out);
    send_str(c->fd, "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                    "Content-Length: 15\r\n\r\n{\"status\":\"OK\"}");
    return 0;
}

int main(int argc, char **argv)
{
    long timeout_ms = 10000;
    const char *event = "{\"name\":\"bench\"}", *body_out = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--"); i += 2) {
        if (i + 1 >= argc)
            die("option needs a value");
        if (!strcmp(argv[i], "--timeout-ms")) timeout_ms = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--event")) event = argv[i + 1];
        else if (!strcmp(argv[i], "--body-out")) body_out = argv[i + 1];
        else die("usage: coldstart_probe [--timeout-ms N] [--event JSON] [--body-out FILE] -- PROGRAM [ARGS...]");
    }
    if (i + 1 >= argc || timeout_ms <= 0)
        die("usage: coldstart_probe [--timeout-ms N] [--event JSON] [--body-out FILE] -- PROGRAM [ARGS...]");
    static Probe p;
    static char bufs[MAX_CONNS][BUF_CAP + 1];
    for (int k = 0; k < MAX_CONNS; k++)
        p.conns[k] = (Conn){.fd = -1, .buf = bufs[k]};
    int port;
    p.lfd = listen_local(&port);
    char api[32];
    snprintf(api, sizeof api, "127.0.0.1:%d", port);
    setenv("AWS_LAMBDA_RUNTIME_API", api, 1);
    Start *st = mmap(NULL, sizeof *st, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (st == MAP_FAILED)
        die("mmap failed");
    p.deadline_ns = now_ns(CLOCK_MONOTONIC) + (int64_t)timeout_ms * 1000000;
    p.child = fork();
    if (p.child < 0)
        die("fork failed");
    if (p.child == 0)
        run_child(st, argv + i + 1);
    int64_t t1 = 0, t2 = 0;
    long long cpu = 0;
    int rc = serve(&p, event, body_out, &t1, &t2, &cpu);
    if (!p.exited) {
        kill(p.child, SIGKILL);
        waitpid(p.child, NULL, 0);
    }
    if (rc)
        return 1;
    printf("init_us=%lld first_us=%lld init_cpu_us=%lld\n", (long long)((t1 - st->t0) / 1000),
           (long long)((t2 - st->t0) / 1000), (cpu - st->cpu0) / 1000);
    return 0;
}
