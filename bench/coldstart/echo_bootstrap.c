/* echo_bootstrap.c — the smallest useful Lambda custom runtime, as the
 * baseline of bench/coldstart/run: no VM, no allocator, no JSON.
 *
 * Reads AWS_LAMBDA_RUNTIME_API (numeric IPv4 "a.b.c.d:port"), keeps one
 * keep-alive HTTP/1.1 connection, and loops: GET .../invocation/next, POST
 * the event body unchanged to .../invocation/ID/response, read the 202.
 * Exits 1 on any error or when the API goes away (EOF), never retries.
 * Build: musl-gcc -std=c11 -Os -static -s -o echo_bootstrap echo_bootstrap.c
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HEAD 16384
#define MAX_BODY (6 * 1024 * 1024 + 1)
#define MAX_INVOCATIONS 100000000L
#define API "/2018-06-01/runtime/invocation/"

typedef struct {
    int fd;
    char head[MAX_HEAD + 1];
    size_t have;          /* bytes in head[] not yet consumed */
    char *body;           /* MAX_BODY bytes */
    size_t body_len;
    char id[256];         /* Lambda-Runtime-Aws-Request-Id of the last /next */
} Conn;

/* Connect to "a.b.c.d:port"; -1 on failure. TCP_NODELAY like real runtimes. */
static int api_connect(const char *api)
{
    char host[64];
    const char *colon = strrchr(api, ':');
    if (!colon || (size_t)(colon - api) >= sizeof host)
        return -1;
    memcpy(host, api, (size_t)(colon - api));
    host[colon - api] = '\0';
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Write all of buf; -1 on error. */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k <= 0)
            return -1;
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Value of header NAME (case-insensitive) in the NUL-terminated head, copied
 * into out (cap bytes); 0 when found. */
static int header(const char *head, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) || line[nl] != ':')
            continue;
        const char *v = line + nl + 1, *end = strstr(v, "\r\n");
        while (*v == ' ')
            v++;
        size_t len = (size_t)(end - v);
        if (len >= cap)
            return -1;
        memcpy(out, v, len);
        out[len] = '\0';
        return 0;
    }
    return -1;
}

/* Read until c->head holds a whole response head; its length (through the
 * blank line), or 0 on error, EOF or an oversize head. */
static size_t fill_head(Conn *c)
{
    for (int i = 0; i < MAX_HEAD; i++) {
        c->head[c->have] = '\0';
        char *end = strstr(c->head, "\r\n\r\n");
        if (end)
            return (size_t)(end - c->head) + 4;
        if (c->have >= MAX_HEAD)
            return 0;
        ssize_t k = read(c->fd, c->head + c->have, MAX_HEAD - c->have);
        if (k <= 0)
            return 0;
        c->have += (size_t)k;
    }
    return 0;
}

/* Read one response (head + Content-Length body) into c; returns the status
 * code, -1 on error or EOF. Bytes past the response stay buffered. */
static int read_response(Conn *c)
{
    size_t hlen = fill_head(c);
    if (!hlen)
        return -1;
    char val[32];
    c->head[hlen - 2] = '\0';   /* the head alone, for header() */
    long len = header(c->head, "Content-Length", val, sizeof val) ? 0 : atol(val);
    if (len < 0 || len >= MAX_BODY)
        return -1;
    header(c->head, "Lambda-Runtime-Aws-Request-Id", c->id, sizeof c->id);
    int status = atoi(c->head + 9);   /* "HTTP/1.1 200 ..." */
    size_t got = c->have - hlen < (size_t)len ? c->have - hlen : (size_t)len;
    memcpy(c->body, c->head + hlen, got);
    memmove(c->head, c->head + hlen + got, c->have - hlen - got);
    c->have -= hlen + got;
    for (ssize_t k; got < (size_t)len; got += (size_t)k)
        if ((k = read(c->fd, c->body + got, (size_t)len - got)) <= 0)
            return -1;
    c->body_len = (size_t)len;
    return status;
}

/* One invocation: /next, echo the body to /response. 0 ok, -1 stop. */
static int invoke_once(Conn *c, const char *api)
{
    char req[1024];
    int n = snprintf(req, sizeof req, "GET " API "next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
    if (write_all(c->fd, req, (size_t)n) || read_response(c) != 200 || !c->id[0])
        return -1;
    n = snprintf(req, sizeof req,
                 "POST " API "%s/response HTTP/1.1\r\nHost: %s\r\n"
                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                 c->id, api, c->body_len);
    if (n <= 0 || (size_t)n >= sizeof req || write_all(c->fd, req, (size_t)n) ||
        write_all(c->fd, c->body, c->body_len))
        return -1;
    c->id[0] = '\0';
    return read_response(c) == 202 ? 0 : -1;
}

int main(void)
{
    static Conn c;
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api || (c.body = malloc(MAX_BODY)) == NULL || (c.fd = api_connect(api)) < 0) {
        fputs("echo_bootstrap: cannot reach AWS_LAMBDA_RUNTIME_API\n", stderr);
        return 1;
    }
    for (long i = 0; i < MAX_INVOCATIONS; i++)
        if (invoke_once(&c, api))
            return 1;
    return 0;
}
