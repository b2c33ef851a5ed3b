/* rt_serve.c — `ruchy-vm serve`: a local endpoint compatible with the
 * Lambda Invoke API as AWS's Runtime Interface Emulator exposes it.
 *
 *   ruchy-vm serve FILE[.FUNC] [--port N] [--watch] [--max-requests N]
 *
 * Listens on 127.0.0.1:N (default 9000; 0 picks a free port) and prints
 * "listening on 127.0.0.1:PORT" as its first stdout line. Each
 *   POST /2015-03-31/functions/function/invocations
 * runs one invocation with the request body as the event and answers 200
 * with the response; a handler error answers 200 with the error JSON and
 * "X-Amz-Function-Error: Unhandled" (as the emulator does). Other paths get
 * 404, other methods 405. One request per connection (Connection: close),
 * a 10 s receive timeout per client, bodies up to RT_API_MAX_EVENT.
 *
 * --watch: the file is checked (mtime, size, inode) before every request
 * and every 250 ms; a changed file is loaded into a new VM and swapped in
 * when INIT succeeds. A file that no longer loads is reported on stderr
 * and the previous version keeps serving. --max-requests N exits 0 after
 * N requests (tests).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "rt.h"
#include "rt_lambda.h"

#define RT_INVOKE_PATH "/2015-03-31/functions/function/invocations"
#define RT_MAX_HEAD 65536

typedef struct RtServe {
    RtHandler h;
    char *spec;
    struct stat st;        /* the file as last loaded (or last tried) */
    bool watch;
    int lfd;
    RtFuncInfo fi;
} RtServe;

/* ------------------------------------------------------------ watch --- */

static bool rt_same_file(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Reload when the file changed; keep the old handler when it fails. */
static void rt_serve_check(RtServe *s)
{
    struct stat st;
    if (!s->watch || stat(s->h.path, &st) != 0 || rt_same_file(&st, &s->st))
        return;
    s->st = st;
    RtHandler fresh;
    if (rt_local_load(&fresh, s->spec, NULL) != RT_EXIT_OK) {
        fprintf(stderr, "ruchy-vm serve: %s no longer loads; still serving the previous "
                "version\n", s->h.path);
        return;
    }
    rt_handler_free(&s->h);
    s->h = fresh;
    fprintf(stderr, "ruchy-vm serve: reloaded %s\n", s->h.path);
}

/* ------------------------------------------------------------- HTTP --- */

static bool rt_send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static void rt_reply(int fd, int status, const char *reason, const char *extra,
                     const char *body, size_t len)
{
    char head[512];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                     status, reason, len, extra ? extra : "");
    if (rt_send_all(fd, head, (size_t)n))
        rt_send_all(fd, body, len);
}

/* Value of header name in the NUL-terminated head, copied into out. */
static bool rt_head_value(const char *head, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, n) != 0 || p[2 + n] != ':')
            continue;
        const char *v = p + 3 + n;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t k = strcspn(v, "\r\n");
        snprintf(out, cap, "%.*s", (int)(k < cap ? k : cap - 1), v);
        return true;
    }
    return false;
}

/* Read the head (to CRLFCRLF) into buf; returns its length incl. the
 * blank line, with *have the bytes read in total; 0 on failure. */
static size_t rt_read_head(int fd, char *buf, size_t cap, size_t *have)
{
    size_t n = 0;
    while (n + 1 < cap) {
        ssize_t k = recv(fd, buf + n, cap - 1 - n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        n += (size_t)k;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end) {
            *have = n;
            return (size_t)(end + 4 - buf);
        }
    }
    return 0;
}

/* Read a Content-Length body; prefix holds bytes already received. */
static char *rt_read_body(int fd, const char *prefix, size_t pre, size_t len)
{
    char *body = malloc(len + 1);
    if (!body)
        return NULL;
    size_t n = pre < len ? pre : len;
    memcpy(body, prefix, n);
    while (n < len) {
        ssize_t k = recv(fd, body + n, len - n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            free(body);
            return NULL;
        }
        n += (size_t)k;
    }
    body[len] = '\0';
    return body;
}

/* --------------------------------------------------------- requests --- */

static void rt_serve_invoke(RtServe *s, int fd, char *body, size_t len)
{
    RtEvent ev;
    if (!rt_local_event(&ev, body, len)) {
        free(body);
        rt_reply(fd, 500, "Internal Server Error", NULL, "{}", 2);
        return;
    }
    RtResult res;
    rt_invoke_run(&s->h, &ev, &s->fi, rt_timeout_margin_ms(), &res);
    if (res.is_error)
        rt_log_runtime(s->h.vm, RT_LOG_ERROR, "Invoke Error %s", res.body);
    rt_reply(fd, 200, "OK", res.is_error ? "X-Amz-Function-Error: Unhandled\r\n" : NULL,
             res.body, res.len);
    rt_result_free(&res);
    rt_event_free(&ev);
}

static void rt_serve_client(RtServe *s, int fd)
{
    static const char notfound[] = "{\"errorMessage\":\"not found\"}";
    char *head = malloc(RT_MAX_HEAD);
    size_t have = 0, hlen = head ? rt_read_head(fd, head, RT_MAX_HEAD, &have) : 0;
    char method[16], path[256], value[64];
    if (!hlen || sscanf(head, "%15s %255s", method, path) != 2) {
        rt_reply(fd, 400, "Bad Request", NULL, "{}", 2);
        free(head);
        return;
    }
    path[strcspn(path, "?")] = '\0';
    if (strcmp(path, RT_INVOKE_PATH) != 0) {
        rt_reply(fd, 404, "Not Found", NULL, notfound, sizeof notfound - 1);
    } else if (strcmp(method, "POST") != 0) {
        rt_reply(fd, 405, "Method Not Allowed", NULL, "{}", 2);
    } else {
        size_t len = rt_head_value(head, "Content-Length", value, sizeof value)
                   ? strtoul(value, NULL, 10) : 0;
        if (rt_head_value(head, "Expect", value, sizeof value) &&
            strcasecmp(value, "100-continue") == 0)
            rt_send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
        char *body = len <= RT_API_MAX_EVENT ? rt_read_body(fd, head + hlen, have - hlen, len)
                                              : NULL;
        if (body) {
            rt_serve_check(s);
            rt_serve_invoke(s, fd, body, len);
        } else {
            rt_reply(fd, 413, "Payload Too Large", NULL, "{}", 2);
        }
    }
    free(head);
}

/* ------------------------------------------------------------- main --- */

static int rt_listen(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        fprintf(stderr, "ruchy-vm serve: cannot listen on 127.0.0.1:%d: %s\n", port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    printf("listening on 127.0.0.1:%d\n", ntohs(a.sin_port));
    fflush(stdout);
    return fd;
}

static void rt_serve_loop(RtServe *s, long max_requests)
{
    for (long served = 0; max_requests <= 0 || served < max_requests;) {
        struct pollfd p = { .fd = s->lfd, .events = POLLIN };
        int r = poll(&p, 1, s->watch ? 250 : -1);
        if (r < 0 && errno != EINTR)
            return;
        rt_serve_check(s);
        if (r <= 0)
            continue;
        int fd = accept(s->lfd, NULL, NULL);
        if (fd < 0)
            continue;
        struct timeval tv = { 10, 0 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        rt_serve_client(s, fd);
        close(fd);
        served++;
    }
}

int rt_cmd_serve(int argc, char **argv)
{
    RtServe s;
    memset(&s, 0, sizeof s);
    long port = 9000, max_requests = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--max-requests") == 0 && i + 1 < argc)
            max_requests = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--watch") == 0)
            s.watch = true;
        else if (!s.spec && argv[i][0] != '-')
            s.spec = argv[i];
        else
            port = -1, i = argc;
    }
    if (!s.spec || port < 0 || port > 65535) {
        fputs("usage: ruchy-vm serve FILE[.FUNC] [--port N] [--watch] [--max-requests N]\n",
              stderr);
        return RT_EXIT_USAGE;
    }
    rt_log_configure_env();
    int rc = rt_local_load(&s.h, s.spec, NULL);
    if (rc != RT_EXIT_OK)
        return rc;
    stat(s.h.path, &s.st);
    rt_local_func_info(&s.fi);
    s.lfd = rt_listen((int)port);
    if (s.lfd < 0) {
        rt_handler_free(&s.h);
        return RT_EXIT_USAGE;
    }
    rt_serve_loop(&s, max_requests);
    close(s.lfd);
    rt_handler_free(&s.h);
    return RT_EXIT_OK;
}
