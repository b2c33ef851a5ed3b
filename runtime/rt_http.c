/* rt_http.c — HTTP/1.1 over one keep-alive socket (see rt_http.h).
 *
 * Layout: address parsing and connect (with timeout), a small buffered
 * reader, request writing, response parsing (status line, headers, body by
 * Content-Length / chunked / close), and the request driver that does the
 * one-time transparent reconnect on a stale connection.
 */
#include "rt_http.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "rv.h"

#define MAX_LINE 32768        /* longest status/header/chunk-size line */
#define MAX_HEADERS 128
#define MAX_HEADER_BYTES 262144

/* Per-response parse state that does not belong in RtHttpResponse. */
typedef struct {
    int got_byte;      /* any response byte received */
    int keep_alive;    /* connection reusable after this response */
} RespState;

static int fail(RtHttp *c, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- connection ---------------------------------------------------------- */

int rt_http_init(RtHttp *c, const char *hostport, int connect_timeout_ms)
{
    if (!c)
        return RT_HTTP_EARG;
    memset(c, 0, offsetof(RtHttp, rbuf));
    c->err[0] = 0;
    c->fd = -1;
    c->connect_timeout_ms = connect_timeout_ms > 0 ? connect_timeout_ms : 2000;
    if (!hostport)
        return fail(c, RT_HTTP_EARG, "no address given");
    const char *colon = strrchr(hostport, ':');
    size_t hlen = colon ? (size_t)(colon - hostport) : 0;
    if (!colon || hlen == 0 || hlen >= sizeof c->host)
        return fail(c, RT_HTTP_EARG, "bad address '%s' (want host:port)", hostport);
    const char *p = colon + 1;
    size_t plen = strlen(p);
    uint64_t port;
    if (plen > 5 || !rv_parse_uint(p, 65535, &port) || port < 1)
        return fail(c, RT_HTTP_EARG, "bad port in '%s'", hostport);
    memcpy(c->host, hostport, hlen);
    c->host[hlen] = 0;
    memcpy(c->port, p, plen + 1);
    return RT_HTTP_OK;
}

void rt_http_close(RtHttp *c)
{
    if (c && c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    if (c) {
        c->rpos = c->rlen = 0;
        c->served_on_fd = 0;
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Non-blocking connect bounded by deadline; returns fd or -1 (errno set). */
static int connect_one(const struct sockaddr_in *sa, int64_t deadline)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) < 0) {
        if (errno != EINPROGRESS)
            goto bad;
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        for (;;) {
            int64_t left = deadline - mono_ms();
            if (left <= 0) {
                errno = ETIMEDOUT;
                goto bad;
            }
            int n = poll(&pfd, 1, (int)left);
            if (n > 0)
                break;
            if (n < 0 && errno != EINTR)
                goto bad;
        }
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
            goto bad;
        if (soerr) {
            errno = soerr;
            goto bad;
        }
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
        goto bad;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
bad:;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

/* A dotted quad into *out: exactly four decimal parts 0..255 joined by
 * '.', each "0" or without leading zeros ("01.2.3.4" is refused, as by
 * inet_pton), nothing before or after. Returns 1, or 0 when malformed. */
static int parse_ipv4(const char *s, struct in_addr *out)
{
    uint32_t a = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t v;
        const char *e = rv_scan_uint(s, 10, &v);
        if (!e || e == s || v > 255 || (*s == '0' && e - s > 1) ||
            *e != (i < 3 ? '.' : '\0'))
            return 0;
        a = a << 8 | (uint32_t)v;
        s = e + 1;
    }
    out->s_addr = htonl(a);
    return 1;
}

/* The address of a numeric IPv4 host or "localhost". No name service: the
 * Runtime API address is always numeric (AWS_LAMBDA_RUNTIME_API is
 * 127.0.0.1:9001 on Lambda and in the Runtime Interface Emulator), and a
 * resolver would add DNS code and configuration-file reads to every cold
 * start. */
static int numeric_host(const char *host, struct in_addr *out)
{
    if (strcasecmp(host, "localhost") == 0) {
        out->s_addr = htonl(INADDR_LOOPBACK);
        return 1;
    }
    return parse_ipv4(host, out);
}

int rt_http_connect(RtHttp *c)
{
    if (c->fd >= 0)
        return RT_HTTP_OK;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    uint64_t port;
    rv_scan_uint(c->port, 10, &port); /* digits only: checked by rt_http_init */
    sa.sin_port = htons((uint16_t)port);
    if (!numeric_host(c->host, &sa.sin_addr))
        return fail(c, RT_HTTP_ERESOLVE,
                    "cannot resolve %s: the address must be an IPv4 address or localhost",
                    c->host);
    c->fd = connect_one(&sa, mono_ms() + c->connect_timeout_ms);
    if (c->fd < 0)
        return fail(c, RT_HTTP_ECONNECT, "cannot connect to %s:%s: %s", c->host,
                    c->port, strerror(errno));
    c->rpos = c->rlen = 0;
    c->served_on_fd = 0;
    c->connects++;
    return RT_HTTP_OK;
}

/* True when an idle connection was closed or reset by the peer (or has
 * unsolicited data, which we cannot use either). Never blocks. */
static int peer_gone(RtHttp *c)
{
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN | POLLRDHUP};
    if (poll(&pfd, 1, 0) <= 0)
        return 0;
    return 1;
}

/* ---- buffered reading ---------------------------------------------------- */

/* Refill the buffer: >0 bytes, 0 on EOF, -1 on error (errno set). */
static ssize_t fill(RtHttp *c)
{
    for (;;) {
        ssize_t n = recv(c->fd, c->rbuf, sizeof c->rbuf, 0);
        if (n >= 0) {
            c->rpos = 0;
            c->rlen = (size_t)n;
            return n;
        }
        if (errno != EINTR)
            return -1;
    }
}

/* EOF/reset before any response byte is ECLOSED; later, EIO. */
static int read_fail(RtHttp *c, RespState *st, ssize_t n)
{
    int early = !st->got_byte && (n == 0 || errno == ECONNRESET);
    if (n == 0)
        return fail(c, early ? RT_HTTP_ECLOSED : RT_HTTP_EIO,
                    "connection closed by peer%s", early ? "" : " mid-response");
    return fail(c, early ? RT_HTTP_ECLOSED : RT_HTTP_EIO, "recv: %s",
                strerror(errno));
}

/* Read one line (without CR LF) into a malloc'd string *line. */
static int read_line(RtHttp *c, RespState *st, char **line, size_t *len)
{
    size_t cap = 256, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return fail(c, RT_HTTP_ENOMEM, "out of memory");
    for (;;) {
        if (c->rpos == c->rlen) {
            ssize_t r = fill(c);
            if (r <= 0) {
                int rc = read_fail(c, st, r);
                free(buf);
                return rc;
            }
            st->got_byte = 1;
        }
        char ch = c->rbuf[c->rpos++];
        if (ch == '\n')
            break;
        if (n + 2 > cap) {
            char *nb = cap * 2 > MAX_LINE ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return fail(c, RT_HTTP_EPROTO, "response line too long");
            }
            buf = nb;
            cap *= 2;
        }
        buf[n++] = ch;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    *line = buf;
    *len = n;
    return RT_HTTP_OK;
}

/* Copy exactly n bytes into dst (NULL: discard). */
static int read_exact(RtHttp *c, RespState *st, char *dst, size_t n)
{
    while (n > 0) {
        if (c->rpos == c->rlen) {
            ssize_t r = fill(c);
            if (r <= 0)
                return read_fail(c, st, r);
        }
        size_t k = c->rlen - c->rpos;
        if (k > n)
            k = n;
        if (dst) {
            memcpy(dst, c->rbuf + c->rpos, k);
            dst += k;
        }
        c->rpos += k;
        n -= k;
    }
    return RT_HTTP_OK;
}

/* ---- writing ------------------------------------------------------------- */

static int hdr_ok(const char *s)
{
    return s && !strpbrk(s, "\r\n");
}

/* Format the request head into a malloc'd buffer. */
static char *format_head(const RtHttp *c, const char *method, const char *path,
                         const RtHttpHeader *hdrs, size_t nhdrs, const void *body,
                         size_t len, size_t *out_len)
{
    size_t cap = strlen(method) + strlen(path) + strlen(c->host) + 160;
    for (size_t i = 0; i < nhdrs; i++)
        cap += strlen(hdrs[i].name) + strlen(hdrs[i].value) + 4;
    char *h = malloc(cap);
    if (!h)
        return NULL;
    int has_ua = 0;
    size_t n = (size_t)snprintf(h, cap, "%s %s HTTP/1.1\r\nHost: %s:%s\r\n", method,
                                path, c->host, c->port);
    for (size_t i = 0; i < nhdrs; i++) {
        has_ua |= strcasecmp(hdrs[i].name, "User-Agent") == 0;
        n += (size_t)snprintf(h + n, cap - n, "%s: %s\r\n", hdrs[i].name,
                              hdrs[i].value);
    }
    if (!has_ua)
        n += (size_t)snprintf(h + n, cap - n, "User-Agent: ruchy-lambda-vm\r\n");
    if (body)
        n += (size_t)snprintf(h + n, cap - n, "Content-Length: %zu\r\n", len);
    n += (size_t)snprintf(h + n, cap - n, "\r\n");
    *out_len = n;
    return h;
}

/* Write head + body with sendmsg (no SIGPIPE). EPIPE/ECONNRESET → ECLOSED. */
static int send_all(RtHttp *c, char *head, size_t hlen, const void *body, size_t len)
{
    struct iovec iov[2] = {{head, hlen}, {(void *)body, body ? len : 0}};
    struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
    while (iov[0].iov_len + iov[1].iov_len > 0) {
        ssize_t n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int stale = errno == EPIPE || errno == ECONNRESET;
            return fail(c, stale ? RT_HTTP_ECLOSED : RT_HTTP_EIO, "send: %s",
                        strerror(errno));
        }
        for (int i = 0; i < 2; i++) {
            size_t k = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
            iov[i].iov_base = (char *)iov[i].iov_base + k;
            iov[i].iov_len -= k;
            n -= (ssize_t)k;
        }
        if (iov[0].iov_len == 0) {
            mh.msg_iov = &iov[1];
            mh.msg_iovlen = 1;
        }
    }
    return RT_HTTP_OK;
}

/* ---- response parsing ---------------------------------------------------- */

static int parse_status(RtHttp *c, const char *line, RtHttpResponse *out,
                        RespState *st)
{
    if (strncmp(line, "HTTP/1.", 7) != 0 || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ' || !isdigit((unsigned char)line[9]) ||
        !isdigit((unsigned char)line[10]) || !isdigit((unsigned char)line[11]) ||
        (line[12] != ' ' && line[12] != 0))
        return fail(c, RT_HTTP_EPROTO, "bad status line '%.60s'", line);
    out->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    st->keep_alive = line[7] == '1';
    return RT_HTTP_OK;
}

/* Store "Name: value" (value trimmed) as one allocation "name\0value\0". */
static int add_header(RtHttp *c, RtHttpResponse *out, char *line, size_t len)
{
    char *colon = memchr(line, ':', len);
    if (!colon || colon == line || strcspn(line, " \t") < (size_t)(colon - line))
        return fail(c, RT_HTTP_EPROTO, "bad header line '%.60s'", line);
    if (out->nheaders >= MAX_HEADERS)
        return fail(c, RT_HTTP_EPROTO, "too many response headers");
    if (out->nheaders % 8 == 0) {
        RtHttpHeader *nh = realloc(out->headers, (out->nheaders + 8) * sizeof *nh);
        if (!nh)
            return fail(c, RT_HTTP_ENOMEM, "out of memory");
        out->headers = nh;
    }
    *colon = 0;
    char *v = colon + 1, *e = line + len;
    while (*v == ' ' || *v == '\t')
        v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *e = 0;
    memmove(colon + 1, v, (size_t)(e - v) + 1);
    out->headers[out->nheaders].name = line;
    out->headers[out->nheaders].value = colon + 1;
    out->nheaders++;
    return RT_HTTP_OK;
}

static int read_headers(RtHttp *c, RtHttpResponse *out, RespState *st)
{
    size_t total = 0;
    for (;;) {
        char *line;
        size_t len;
        int rc = read_line(c, st, &line, &len);
        if (rc)
            return rc;
        if (len == 0) {
            free(line);
            return RT_HTTP_OK;
        }
        total += len;
        rc = total > MAX_HEADER_BYTES
                 ? fail(c, RT_HTTP_EPROTO, "response headers too large")
                 : add_header(c, out, line, len);
        if (rc) {
            free(line);
            return rc;
        }
    }
}

/* Grow the body to hold `more` bytes (+NUL), enforcing the limit. */
static int body_reserve(RtHttp *c, RtHttpResponse *out, size_t more, size_t max)
{
    if (more > max || out->body_len > max - more)
        return fail(c, RT_HTTP_ETOOBIG, "response body exceeds %zu bytes", max);
    char *nb = realloc(out->body, out->body_len + more + 1);
    if (!nb)
        return fail(c, RT_HTTP_ENOMEM, "out of memory");
    out->body = nb;
    return RT_HTTP_OK;
}

static int read_chunked(RtHttp *c, RtHttpResponse *out, RespState *st, size_t max)
{
    for (;;) {
        char *line;
        size_t len;
        int rc = read_line(c, st, &line, &len);
        if (rc)
            return rc;
        uint64_t sz;
        const char *end = rv_scan_uint(line, 16, &sz);
        int bad = !end || end == line || (*end && *end != ';' && *end != ' ');
        free(line);
        if (bad)
            return fail(c, RT_HTTP_EPROTO, "bad chunk size line");
        if (sz == 0)
            break;
        if (sz > SIZE_MAX / 2)
            return fail(c, RT_HTTP_ETOOBIG, "chunk too large");
        if ((rc = body_reserve(c, out, (size_t)sz, max)) ||
            (rc = read_exact(c, st, out->body + out->body_len, (size_t)sz)))
            return rc;
        out->body_len += (size_t)sz;
        if ((rc = read_line(c, st, &line, &len)))
            return rc;
        free(line);
        if (len != 0)
            return fail(c, RT_HTTP_EPROTO, "missing CRLF after chunk");
    }
    for (;;) { /* trailers, ignored */
        char *line;
        size_t len;
        int rc = read_line(c, st, &line, &len);
        if (rc)
            return rc;
        free(line);
        if (len == 0)
            return RT_HTTP_OK;
    }
}

/* Body delimited by connection close (no length, no chunking). */
static int read_to_eof(RtHttp *c, RtHttpResponse *out, size_t max)
{
    for (;;) {
        size_t k = c->rlen - c->rpos;
        if (k) {
            int rc = body_reserve(c, out, k, max);
            if (rc)
                return rc;
            memcpy(out->body + out->body_len, c->rbuf + c->rpos, k);
            out->body_len += k;
            c->rpos = c->rlen;
        }
        ssize_t n = fill(c);
        if (n == 0)
            return RT_HTTP_OK;
        if (n < 0)
            return fail(c, RT_HTTP_EIO, "recv: %s", strerror(errno));
    }
}

/* Decide framing from the headers and read the body. */
static int read_body(RtHttp *c, RtHttpResponse *out, RespState *st, size_t max)
{
    const char *te = rt_http_header(out, "Transfer-Encoding");
    const char *cl = rt_http_header(out, "Content-Length");
    const char *conn = rt_http_header(out, "Connection");
    if (conn && strcasecmp(conn, "close") == 0)
        st->keep_alive = 0;
    else if (conn && strcasecmp(conn, "keep-alive") == 0)
        st->keep_alive = 1;
    int rc = body_reserve(c, out, 0, max);
    if (rc)
        return rc;
    if (te && strcasecmp(te, "identity") != 0) {
        if (cl || strcasecmp(te, "chunked") != 0)
            return fail(c, RT_HTTP_EPROTO, "unsupported Transfer-Encoding '%s'", te);
        rc = read_chunked(c, out, st, max);
    } else if (cl) {
        uint64_t n;
        if (!rv_parse_uint(cl, UINT64_MAX, &n))
            return fail(c, RT_HTTP_EPROTO, "bad Content-Length '%.40s'", cl);
        if (n > max)
            return fail(c, RT_HTTP_ETOOBIG, "response body of %llu bytes exceeds %zu",
                        (unsigned long long)n, max);
        if (!(rc = body_reserve(c, out, (size_t)n, max)) &&
            !(rc = read_exact(c, st, out->body, (size_t)n)))
            out->body_len = (size_t)n;
    } else if (out->status == 204 || out->status == 304) {
        rc = RT_HTTP_OK;
    } else {
        st->keep_alive = 0;
        rc = read_to_eof(c, out, max);
    }
    if (out->body)
        out->body[out->body_len] = 0;
    return rc;
}

static int read_response(RtHttp *c, RtHttpResponse *out, RespState *st, size_t max)
{
    for (;;) { /* skip interim 1xx responses */
        char *line;
        size_t len;
        int rc = read_line(c, st, &line, &len);
        if (rc)
            return rc;
        rc = parse_status(c, line, out, st);
        free(line);
        if (rc || (rc = read_headers(c, out, st)))
            return rc;
        if (out->status >= 200)
            return read_body(c, out, st, max);
        rt_http_response_free(out);
    }
}

/* ---- driver -------------------------------------------------------------- */

static int request_once(RtHttp *c, const char *method, const char *path,
                        const RtHttpHeader *hdrs, size_t nhdrs, const void *body,
                        size_t len, size_t max, RtHttpResponse *out, int *reused)
{
    if (c->fd >= 0 && peer_gone(c))
        rt_http_close(c);
    int rc = rt_http_connect(c);
    if (rc)
        return rc;
    *reused = c->served_on_fd > 0;
    size_t hlen;
    char *head = format_head(c, method, path, hdrs, nhdrs, body, len, &hlen);
    if (!head)
        return fail(c, RT_HTTP_ENOMEM, "out of memory");
    rc = send_all(c, head, hlen, body, len);
    free(head);
    RespState st = {0, 1};
    if (rc == RT_HTTP_OK)
        rc = read_response(c, out, &st, max);
    if (rc == RT_HTTP_OK) {
        c->served_on_fd++;
        if (!st.keep_alive || c->rpos != c->rlen)
            rt_http_close(c);
    } else {
        rt_http_close(c);
    }
    return rc;
}

int rt_http_request(RtHttp *c, const char *method, const char *path,
                    const RtHttpHeader *hdrs, size_t nhdrs, const void *body,
                    size_t len, size_t max_body, RtHttpResponse *out)
{
    if (!out)
        return RT_HTTP_EARG;
    memset(out, 0, sizeof *out);
    if (!c || !method || !path || (nhdrs && !hdrs))
        return RT_HTTP_EARG;
    if (!hdr_ok(method) || !hdr_ok(path) || strchr(method, ' ') || strchr(path, ' '))
        return fail(c, RT_HTTP_EARG, "bad method or path");
    for (size_t i = 0; i < nhdrs; i++)
        if (!hdr_ok(hdrs[i].name) || !hdr_ok(hdrs[i].value) || !*hdrs[i].name ||
            strpbrk(hdrs[i].name, ": \t"))
            return fail(c, RT_HTTP_EARG, "bad request header #%zu", i);
    for (int attempt = 0;; attempt++) {
        int reused = 0;
        int rc = request_once(c, method, path, hdrs, nhdrs, body, len, max_body, out,
                              &reused);
        if (rc == RT_HTTP_ETOOBIG && out->body) {
            free(out->body);
            out->body = NULL;
            out->body_len = 0;
        }
        if (rc != RT_HTTP_ECLOSED || !reused || attempt > 0)
            return rc;
        rt_http_response_free(out);
        c->stale_retries++;
    }
}

const char *rt_http_header(const RtHttpResponse *r, const char *name)
{
    for (size_t i = 0; r && i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

void rt_http_response_free(RtHttpResponse *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nheaders; i++)
        free((char *)r->headers[i].name);
    free(r->headers);
    free(r->body);
    memset(r, 0, sizeof *r);
}

const char *rt_http_errmsg(const RtHttp *c)
{
    return c ? c->err : "no client";
}

const char *rt_http_strerror(int code)
{
    switch (code) {
    case RT_HTTP_OK: return "OK";
    case RT_HTTP_EARG: return "EARG";
    case RT_HTTP_ERESOLVE: return "ERESOLVE";
    case RT_HTTP_ECONNECT: return "ECONNECT";
    case RT_HTTP_ECLOSED: return "ECLOSED";
    case RT_HTTP_EIO: return "EIO";
    case RT_HTTP_EPROTO: return "EPROTO";
    case RT_HTTP_ETOOBIG: return "ETOOBIG";
    case RT_HTTP_ENOMEM: return "ENOMEM";
    default: return "E?";
    }
}
