/* rt_http.h — a minimal HTTP/1.1 client over ONE keep-alive TCP connection.
 *
 * Made for the Lambda Runtime API (plain HTTP on a local socket): IPv4,
 * requests with Content-Length bodies, responses framed by Content-Length,
 * chunked transfer encoding or connection close. No read timeout (a GET that
 * blocks for minutes is normal), a connect timeout, TCP_NODELAY, and one
 * transparent reconnect when a reused connection turns out to be stale.
 *
 * All state lives in RtHttp; nothing is global. Every function returns an
 * RT_HTTP_* code (never exits or aborts); on failure rt_http_errmsg() holds a
 * human-readable message. Not thread-safe: one RtHttp per thread.
 */
#ifndef RT_HTTP_H
#define RT_HTTP_H

#include <stddef.h>

/* Return codes. Every failure closes the connection; the next request
 * reconnects. */
enum {
    RT_HTTP_OK = 0,
    RT_HTTP_EARG = -1,     /* bad address string, header with CR/LF, NULL arg */
    RT_HTTP_ERESOLVE = -2, /* host is not an IPv4 address or localhost */
    RT_HTTP_ECONNECT = -3, /* connection refused / connect timed out */
    RT_HTTP_ECLOSED = -4,  /* peer closed/reset before any response byte */
    RT_HTTP_EIO = -5,      /* send/recv error or EOF in the middle of a response */
    RT_HTTP_EPROTO = -6,   /* malformed response (status line, headers, framing) */
    RT_HTTP_ETOOBIG = -7,  /* response body larger than the caller's limit */
    RT_HTTP_ENOMEM = -8
};

/* One header (name and value are NUL-terminated, owned by the response). */
typedef struct RtHttpHeader {
    const char *name;
    const char *value;
} RtHttpHeader;

/* A parsed response. Owned by the caller; release with rt_http_response_free. */
typedef struct RtHttpResponse {
    int status;             /* e.g. 200; 0 when no status line was read */
    RtHttpHeader *headers;  /* in received order; names as received */
    size_t nheaders;
    char *body;             /* malloc'd, NUL-terminated (may hold NULs); NULL
                               only when the body was refused (ETOOBIG) */
    size_t body_len;
} RtHttpResponse;

#define RT_HTTP_RBUF 16384

/* The client. Treat the fields as private except the counters. */
typedef struct RtHttp {
    char host[256];
    char port[8];
    int fd;                    /* -1 when not connected */
    int connect_timeout_ms;
    unsigned served_on_fd;     /* responses completed on the current fd */
    unsigned connects;         /* successful connects so far (statistics) */
    unsigned stale_retries;    /* transparent reconnects so far (statistics) */
    size_t rpos, rlen;         /* read buffer window */
    char rbuf[RT_HTTP_RBUF];
    char err[256];
} RtHttp;

/* Parse "host:port" (IPv4 host name or dotted address, numeric port) into c
 * and set the connect timeout (<= 0 means 2000 ms). Does not connect; the
 * first request does. Allocates nothing. Returns RT_HTTP_OK or RT_HTTP_EARG. */
int rt_http_init(RtHttp *c, const char *hostport, int connect_timeout_ms);

/* Connect now if not connected (e.g. to warm up during INIT). Returns
 * RT_HTTP_OK, RT_HTTP_ERESOLVE or RT_HTTP_ECONNECT. */
int rt_http_connect(RtHttp *c);

/* Send one request and read its response into *out (which this function
 * initialises; the caller frees it with rt_http_response_free whatever the
 * return code). `hdrs` are extra request headers (Host, Content-Length and
 * User-Agent defaults are added here; values must not contain CR/LF).
 * A body is sent with Content-Length when body != NULL (len may be 0).
 * The response body may not exceed max_body bytes: a bigger one yields
 * RT_HTTP_ETOOBIG with out->status and out->headers filled and no body.
 * If a reused connection is found closed (EPIPE/ECONNRESET/EOF before any
 * response byte), reconnects and resends exactly once. Blocks without a
 * timeout while waiting for the response. */
int rt_http_request(RtHttp *c, const char *method, const char *path,
                    const RtHttpHeader *hdrs, size_t nhdrs,
                    const void *body, size_t len, size_t max_body,
                    RtHttpResponse *out);

/* Case-insensitive lookup of the first header called `name`; NULL if absent.
 * The result points into r. */
const char *rt_http_header(const RtHttpResponse *r, const char *name);

/* Free everything a response owns and reset it to empty. NULL-safe. */
void rt_http_response_free(RtHttpResponse *r);

/* Close the connection (if any). The client can still be used afterwards. */
void rt_http_close(RtHttp *c);

/* Message describing the last failure (static storage inside c). */
const char *rt_http_errmsg(const RtHttp *c);

/* Short constant name of a return code, e.g. "ECONNECT". */
const char *rt_http_strerror(int code);

#endif
