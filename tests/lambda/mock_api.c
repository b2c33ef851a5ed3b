/* mock_api.c — a strict mock of the AWS Lambda Runtime API, for tests.
 *
 * Binds 127.0.0.1 only (port 0 = a free port, printed alone on the first
 * line of stdout, then flushed), serves scripted events on GET /next, checks
 * every answer, and logs every request. Single-threaded, poll()-driven,
 * keep-alive, several connections at once. Always stops by itself.
 *
 * Usage:
 *   mock_api --events FILE [--log FILE] [--port N] [--max-seconds S]
 *            [--idle-exit S | --die-after N | --fail-next]
 *            [--close-idle MS] [--mixed-case]
 *
 *   --events FILE    the scripted events (format below); required
 *   --log FILE       one JSON object per request and line:
 *                    {"seq","t_ms","conn","method","path","headers":{...},
 *                     "body","body_len"[,"body_truncated"],"status"[,"note"]}
 *                    (body is null for a refused oversize body; cut at 64 KiB)
 *   --max-seconds S  hard stop after S seconds (default 30), exit status 3
 *   --idle-exit S    once every event was handed out, exit 0 after S seconds
 *                    without any request (a pending /next just blocks until
 *                    then). Without it, /next blocks until --max-seconds.
 *   --die-after N    on the /next that would hand out event N+1, close the
 *                    listening socket and every connection, exit 0 (the
 *                    "API is gone" case: the client sees EOF, then refusal)
 *   --fail-next      once the events are exhausted, answer /next with 500
 *   --close-idle MS  close keep-alive connections idle for MS milliseconds
 *                    (like a peer that drops idle sockets during a freeze)
 *   --mixed-case     spell the Lambda-Runtime-* headers in odd letter cases
 *
 * Event file: one event per line; blank lines and lines starting with '#'
 * are skipped. A line is zero or more space-separated @tags, then the body
 * (the rest of the line, verbatim; normally compact JSON):
 *   @id=ID            request id (default: unique UUID-shaped id)
 *   @deadline=+MS     deadline = now + MS at hand-out time (default +30000)
 *   @deadline=MS      absolute Lambda-Runtime-Deadline-Ms value (e.g. 5000)
 *   @arn=ARN          invoked function ARN (default arn:aws:lambda:...:mock)
 *   @trace=V @client-context=V @cognito=V @tenant=V   optional headers
 *   @content-type=V   payload Content-Type (default application/json)
 *   @header=Name:V    any extra response header
 *   @chunked          send the body with chunked transfer encoding
 *   @pad=N            body becomes {"pad":"xxx..."} with N x's
 * Tag values end at the next space; write %20 for a space, %25 for '%'.
 *
 * Strictness (answers like AWS's emulator): a POST for an id never handed
 * out → 400 InvalidRequestID; a second answer for an id → 403; a body over
 * 6291456 bytes → 413 (the id then counts as answered); /init/error after the
 * first /next, or twice → 403; request line not "METHOD /path HTTP/1.1",
 * missing Host, bad header, bad/ambiguous Content-Length, POST without a
 * length, GET with a body → 400 (connection closed); unknown path → 404;
 * wrong method → 405.
 */
#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 32
#define MAX_BODY 6291456LL
#define MAX_HEAD 65536
#define MAX_REQ_HEADERS 64
#define LOG_BODY_MAX 65536
#define PREFIX "/2018-06-01/runtime/"

typedef struct {
    char *id, *arn, *trace, *cc, *cognito, *tenant, *ctype;
    char *extra[8]; /* "Name: value" */
    int nextra;
    long long deadline;
    int deadline_rel, chunked;
    char *body;
    size_t body_len;
    int state; /* 0 waiting, 1 handed out, 2 answered */
} Event;

typedef struct {
    char *head; /* copy of the request head, names/values point into it */
    char *method, *path;
    char *names[MAX_REQ_HEADERS], *values[MAX_REQ_HEADERS];
    int nh, chunked, close;
    long long cl; /* -1: none */
} Req;

typedef struct {
    int fd, id, parked, have_head;
    char *buf;
    size_t len, cap;
    long long discard_left; /* oversize body bytes still to drop */
    int64_t last_ms;
    Req req;
} Conn;

typedef struct {
    Event *ev;
    int nev, next;
    int handed, init_done, init_error;
    int listen_fd;
    Conn conns[MAX_CONNS];
    int next_conn_id;
    FILE *log;
    long seq;
    int64_t start_ms, last_req_ms;
    int max_seconds, idle_exit, die_after, fail_next, close_idle_ms, mixed;
} Mock;

static int64_t now_ms(int realtime)
{
    struct timespec ts;
    clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die_usage(const char *msg)
{
    fprintf(stderr, "mock_api: %s\n", msg);
    exit(64);
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p)
        die_usage("out of memory");
    return p;
}

/* ---- event file ---------------------------------------------------------- */

/* Decode %XX in place. */
static char *pct_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
            char hex[3] = {r[1], r[2], 0};
            *w++ = (char)strtol(hex, NULL, 16);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
    return s;
}

static void parse_tag(Event *e, char *tag, int lineno)
{
    char *eq = strchr(tag, '=');
    char *v = eq ? pct_decode(eq + 1) : NULL;
    if (eq)
        *eq = 0;
    char **slot = !strcmp(tag, "@id") ? &e->id : !strcmp(tag, "@arn") ? &e->arn
                : !strcmp(tag, "@trace") ? &e->trace
                : !strcmp(tag, "@client-context") ? &e->cc
                : !strcmp(tag, "@cognito") ? &e->cognito
                : !strcmp(tag, "@tenant") ? &e->tenant
                : !strcmp(tag, "@content-type") ? &e->ctype : NULL;
    if (slot && v) {
        *slot = xstrndup(v, strlen(v));
    } else if (!strcmp(tag, "@chunked") && !v) {
        e->chunked = 1;
    } else if (!strcmp(tag, "@deadline") && v) {
        e->deadline_rel = v[0] == '+';
        e->deadline = atoll(v + e->deadline_rel);
    } else if (!strcmp(tag, "@header") && v && strchr(v, ':') && e->nextra < 8) {
        char *c = strchr(v, ':');
        size_t n = strlen(v) + 2;
        e->extra[e->nextra] = malloc(n);
        if (!e->extra[e->nextra])
            die_usage("out of memory");
        snprintf(e->extra[e->nextra++], n, "%.*s: %s", (int)(c - v), v, c + 1);
    } else if (!strcmp(tag, "@pad") && v) {
        size_t n = (size_t)atoll(v);
        free(e->body);
        if (!(e->body = malloc(n + 11)))
            die_usage("out of memory");
        memcpy(e->body, "{\"pad\":\"", 8);
        memset(e->body + 8, 'x', n);
        memcpy(e->body + 8 + n, "\"}", 3);
        e->body_len = n + 10;
    } else {
        fprintf(stderr, "mock_api: line %d: bad tag '%s'\n", lineno, tag);
        exit(64);
    }
}

static void parse_event(Mock *m, char *line, int lineno)
{
    Event *e = &m->ev[m->nev++];
    memset(e, 0, sizeof *e);
    e->deadline = 30000;
    e->deadline_rel = 1;
    char *p = line;
    while (*p == '@') {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = 0;
        parse_tag(e, p, lineno);
        p = sp ? sp + 1 : p + strlen(p);
    }
    if (!e->body) {
        e->body_len = strlen(p);
        e->body = xstrndup(p, e->body_len);
    }
    if (!e->id) {
        char id[64];
        snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012d", (unsigned)getpid(),
                 (unsigned)(m->start_ms & 0xffff), lineno & 0xfff, m->nev & 0xfff,
                 m->nev);
        e->id = xstrndup(id, strlen(id));
    }
}

static void load_events(Mock *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die_usage("cannot open the events file");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, cap_ev = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0 || line[0] == '#')
            continue;
        if (m->nev == cap_ev) {
            cap_ev = cap_ev ? cap_ev * 2 : 16;
            m->ev = realloc(m->ev, (size_t)cap_ev * sizeof *m->ev);
            if (!m->ev)
                die_usage("out of memory");
        }
        parse_event(m, line, lineno);
    }
    free(line);
    fclose(f);
}

/* ---- output -------------------------------------------------------------- */

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void log_request(Mock *m, Conn *c, const char *body, long long body_len,
                        int status, const char *note)
{
    if (!m->log)
        return;
    cJSON *o = cJSON_CreateObject(), *h = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "seq", (double)m->seq++);
    cJSON_AddNumberToObject(o, "t_ms", (double)(now_ms(0) - m->start_ms));
    cJSON_AddNumberToObject(o, "conn", c->id);
    cJSON_AddStringToObject(o, "method", c->req.method ? c->req.method : "");
    cJSON_AddStringToObject(o, "path", c->req.path ? c->req.path : "");
    for (int i = 0; i < c->req.nh; i++)
        cJSON_AddStringToObject(h, c->req.names[i], c->req.values[i]);
    cJSON_AddItemToObject(o, "headers", h);
    if (body) {
        size_t n = body_len > LOG_BODY_MAX ? LOG_BODY_MAX : (size_t)body_len;
        char *cut = xstrndup(body, n);
        cJSON_AddStringToObject(o, "body", cut);
        free(cut);
        if (body_len > LOG_BODY_MAX)
            cJSON_AddTrueToObject(o, "body_truncated");
    } else {
        cJSON_AddNullToObject(o, "body");
    }
    cJSON_AddNumberToObject(o, "body_len", (double)body_len);
    cJSON_AddNumberToObject(o, "status", status);
    if (note)
        cJSON_AddStringToObject(o, "note", note);
    char *s = cJSON_PrintUnformatted(o);
    if (s)
        fprintf(m->log, "%s\n", s);
    fflush(m->log);
    free(s);
    cJSON_Delete(o);
}

static const char *reason(int st)
{
    return st == 202 ? "Accepted" : st == 400 ? "Bad Request" : st == 403 ? "Forbidden"
         : st == 404 ? "Not Found" : st == 405 ? "Method Not Allowed"
         : st == 413 ? "Request Entity Too Large" : "Internal Server Error";
}

/* Answer with a small JSON body (status 202 → {"status":"OK"}). */
static int reply(Conn *c, int st, const char *type, const char *msg)
{
    char body[512], head[256];
    if (type)
        snprintf(body, sizeof body, "{\"errorMessage\":\"%s\",\"errorType\":\"%s\"}",
                 msg, type);
    else
        snprintf(body, sizeof body, "{\"status\":\"OK\"}");
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\n%s\r\n",
                      st, reason(st), strlen(body), c->req.close ? "Connection: close\r\n" : "");
    return send_all(c->fd, head, (size_t)hn) || send_all(c->fd, body, strlen(body));
}

/* Header name as sent: canonical, or oddly cased with --mixed-case. */
static const char *hname(const Mock *m, const char *canon, const char *odd)
{
    return m->mixed ? odd : canon;
}

static void put(char **p, size_t *n, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (*n + (size_t)k + 1 > *cap) {
        *cap = (*n + (size_t)k + 1) * 2;
        *p = realloc(*p, *cap);
        if (!*p)
            die_usage("out of memory");
    }
    va_start(ap, fmt);
    vsnprintf(*p + *n, *cap - *n, fmt, ap);
    va_end(ap);
    *n += (size_t)k;
}

/* Append the body in chunks of 1, 7, then 4096 bytes, with a chunk
 * extension and a trailer, to exercise the client's parser. */
static void put_chunked(char **p, size_t *n, size_t *cap, const Event *e)
{
    size_t off = 0, i = 0;
    while (off < e->body_len) {
        size_t k = i == 0 ? 1 : i == 1 ? 7 : 4096;
        if (k > e->body_len - off)
            k = e->body_len - off;
        put(p, n, cap, "%zx%s\r\n%.*s\r\n", k, i == 0 ? ";ext=1" : "", (int)k,
            e->body + off);
        off += k;
        i++;
    }
    put(p, n, cap, "0\r\nX-Mock-Trailer: done\r\n\r\n");
}

static int send_event(Mock *m, Conn *c, Event *e)
{
    char *p = NULL;
    size_t n = 0, cap = 0;
    long long dl = e->deadline_rel ? now_ms(1) + e->deadline : e->deadline;
    put(&p, &n, &cap, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n",
        e->ctype ? e->ctype : "application/json");
    put(&p, &n, &cap, "%s: %s\r\n",
        hname(m, "Lambda-Runtime-Aws-Request-Id", "lambda-runtime-aws-request-id"), e->id);
    put(&p, &n, &cap, "%s: %lld\r\n",
        hname(m, "Lambda-Runtime-Deadline-Ms", "LAMBDA-RUNTIME-DEADLINE-MS"), dl);
    put(&p, &n, &cap, "%s: %s\r\n",
        hname(m, "Lambda-Runtime-Invoked-Function-Arn", "lambda-Runtime-invoked-FUNCTION-arn"),
        e->arn ? e->arn : "arn:aws:lambda:us-east-1:123456789012:function:mock");
    const char *opt[4][3] = {
        {"Lambda-Runtime-Trace-Id", "lambda-runtime-trace-id", e->trace},
        {"Lambda-Runtime-Client-Context", "LAMBDA-runtime-client-context", e->cc},
        {"Lambda-Runtime-Cognito-Identity", "lambda-runtime-COGNITO-identity", e->cognito},
        {"Lambda-Runtime-Aws-Tenant-Id", "Lambda-Runtime-AWS-Tenant-ID", e->tenant}};
    for (int i = 0; i < 4; i++)
        if (opt[i][2])
            put(&p, &n, &cap, "%s: %s\r\n", hname(m, opt[i][0], opt[i][1]), opt[i][2]);
    for (int i = 0; i < e->nextra; i++)
        put(&p, &n, &cap, "%s\r\n", e->extra[i]);
    if (e->chunked) {
        put(&p, &n, &cap, "Transfer-Encoding: chunked\r\n\r\n");
        put_chunked(&p, &n, &cap, e);
    } else {
        put(&p, &n, &cap, "Content-Length: %zu\r\n\r\n", e->body_len);
    }
    int rc = send_all(c->fd, p, n);
    if (!rc && !e->chunked)
        rc = send_all(c->fd, e->body, e->body_len);
    free(p);
    return rc;
}

/* ---- connections --------------------------------------------------------- */

static void req_reset(Req *r)
{
    free(r->head);
    memset(r, 0, sizeof *r);
    r->cl = -1;
}

static void conn_close(Conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->buf);
    req_reset(&c->req);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

static void die_now(Mock *m)
{
    for (int i = 0; i < MAX_CONNS; i++)
        conn_close(&m->conns[i]);
    close(m->listen_fd);
    if (m->log)
        fclose(m->log);
    fprintf(stderr, "mock_api: dying after %d events (--die-after)\n", m->handed);
    exit(0);
}

static Event *find_event(Mock *m, const char *id, size_t n)
{
    for (int i = 0; i < m->next; i++)
        if (strlen(m->ev[i].id) == n && memcmp(m->ev[i].id, id, n) == 0)
            return &m->ev[i];
    return NULL;
}

static int serve_next(Mock *m, Conn *c)
{
    m->init_done = 1;
    if (m->die_after >= 0 && m->handed >= m->die_after) {
        log_request(m, c, "", 0, 0, "die");
        die_now(m);
    }
    if (m->next < m->nev) {
        Event *e = &m->ev[m->next++];
        e->state = 1;
        m->handed++;
        log_request(m, c, "", 0, 200, e->id);
        return send_event(m, c, e);
    }
    if (m->fail_next) {
        log_request(m, c, "", 0, 500, "fail-next");
        return reply(c, 500, "ServiceException", "mock: no more events (--fail-next)");
    }
    log_request(m, c, "", 0, 0, "parked");
    c->parked = 1;
    return 0;
}

/* POST .../invocation/{id}/response|error and POST .../init/error. */
static int serve_answer(Mock *m, Conn *c, const char *rest, const char *body,
                        size_t blen, int oversize)
{
    long long bl = oversize && c->req.cl >= 0 ? c->req.cl : (long long)blen;
    const char *b = oversize ? NULL : body;
    int st;
    const char *type = NULL, *msg = NULL;
    if (!strcmp(rest, "init/error")) {
        if (m->init_done || m->init_error)
            st = 403, type = "InvalidStateTransition", msg = "init/error not allowed now";
        else
            st = oversize ? 413 : 202, m->init_error = 1;
    } else {
        const char *id = rest + strlen("invocation/"), *slash = strchr(id, '/');
        Event *e = slash ? find_event(m, id, (size_t)(slash - id)) : NULL;
        if (!e)
            st = 400, type = "InvalidRequestID", msg = "Invalid request ID";
        else if (e->state == 2)
            st = 403, type = "InvalidStateTransition", msg = "Invalid state transition";
        else
            st = oversize ? 413 : 202, e->state = 2;
    }
    if (st == 413)
        type = "RequestEntityTooLarge", msg = "Exceeded maximum allowed payload size (6291456 bytes).";
    log_request(m, c, b, bl, st, NULL);
    return reply(c, st, type, msg);
}

static int is_answer_path(const char *rest)
{
    if (!strcmp(rest, "init/error"))
        return 1;
    if (strncmp(rest, "invocation/", 11) != 0)
        return 0;
    const char *id = rest + 11, *slash = strchr(id, '/');
    return slash && slash > id && (!strcmp(slash, "/response") || !strcmp(slash, "/error"));
}

static int route(Mock *m, Conn *c, const char *body, size_t blen, int oversize)
{
    const char *path = c->req.path, *method = c->req.method;
    const char *rest = strncmp(path, PREFIX, strlen(PREFIX)) ? NULL : path + strlen(PREFIX);
    int is_next = rest && !strcmp(rest, "invocation/next");
    int is_post = rest && is_answer_path(rest);
    if (!is_next && !is_post) {
        log_request(m, c, body, (long long)blen, 404, NULL);
        return reply(c, 404, "NotFound", "no such path");
    }
    if (strcmp(method, is_next ? "GET" : "POST") != 0) {
        log_request(m, c, body, (long long)blen, 405, NULL);
        return reply(c, 405, "MethodNotAllowed", "wrong method");
    }
    if (is_next)
        return serve_next(m, c);
    return serve_answer(m, c, rest, body, blen, oversize);
}

/* ---- request parsing ----------------------------------------------------- */

static int is_token(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~", *s))
            return 0;
    return 1;
}

/* Parse one header line into req; -1 when malformed. */
static int parse_header(Req *r, char *line, int *has_host)
{
    char *colon = strchr(line, ':');
    if (!colon || r->nh >= MAX_REQ_HEADERS)
        return -1;
    *colon = 0;
    char *v = colon + 1, *e = v + strlen(v);
    while (*v == ' ' || *v == '\t')
        v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = 0;
    if (!is_token(line))
        return -1;
    r->names[r->nh] = line;
    r->values[r->nh++] = v;
    if (!strcasecmp(line, "Host"))
        *has_host = 1;
    if (!strcasecmp(line, "Content-Length")) {
        if (r->cl >= 0 || !*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 15)
            return -1;
        r->cl = atoll(v);
    }
    if (!strcasecmp(line, "Transfer-Encoding")) {
        if (strcasecmp(v, "chunked") != 0 || r->chunked)
            return -1;
        r->chunked = 1;
    }
    if (!strcasecmp(line, "Connection") && !strcasecmp(v, "close"))
        r->close = 1;
    return 0;
}

/* Parse the head (hlen bytes, ending in CRLF CRLF) into c->req; -1 if bad. */
static int parse_head(Conn *c, size_t hlen)
{
    Req *r = &c->req;
    req_reset(r);
    r->head = xstrndup(c->buf, hlen - 2); /* keep the last line's CRLF */
    if (strlen(r->head) != hlen - 2)
        return -1; /* NUL in head */
    char *save = NULL, *line = strtok_r(r->head, "\n", &save);
    if (!line || line[strlen(line) - 1] != '\r')
        return -1;
    line[strlen(line) - 1] = 0;
    char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2 || strchr(sp2 + 1, ' '))
        return -1;
    *sp1 = *sp2 = 0;
    r->method = line;
    r->path = sp1 + 1;
    if (strspn(r->method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(r->method) ||
        !*r->method || r->path[0] != '/' || strcmp(sp2 + 1, "HTTP/1.1") != 0)
        return -1;
    int has_host = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        size_t n = strlen(line);
        if (n < 2 || line[n - 1] != '\r' || line[0] == ' ' || line[0] == '\t')
            return -1;
        line[n - 1] = 0;
        if (parse_header(r, line, &has_host) < 0)
            return -1;
    }
    if (!has_host || (r->chunked && r->cl >= 0))
        return -1;
    if (!strcmp(r->method, "GET") && (r->chunked || r->cl > 0))
        return -1;
    if (!strcmp(r->method, "POST") && !r->chunked && r->cl < 0)
        return -1;
    return 0;
}

/* Decode a chunked body at p[0..n): 1 complete (*out malloc'd, *used bytes
 * consumed), 0 need more data, -1 malformed. */
static int dechunk(const char *p, size_t n, char **out, size_t *olen, size_t *used)
{
    size_t off = 0, len = 0;
    char *body = NULL;
    for (;;) {
        const char *nl = memchr(p + off, '\n', n - off);
        if (!nl)
            goto more;
        char *end;
        unsigned long long sz = strtoull(p + off, &end, 16);
        if (end == p + off || (*end != '\r' && *end != ';') || sz > (unsigned long long)MAX_BODY * 2)
            goto bad;
        off = (size_t)(nl - p) + 1;
        if (sz == 0)
            break;
        if (n - off < sz + 2)
            goto more;
        if (p[off + sz] != '\r' || p[off + sz + 1] != '\n')
            goto bad;
        char *nb = realloc(body, len + sz + 1);
        if (!nb)
            goto bad;
        body = nb;
        memcpy(body + len, p + off, sz);
        len += sz;
        off += sz + 2;
    }
    for (;;) { /* trailers up to the empty line */
        const char *nl = memchr(p + off, '\n', n - off);
        if (!nl)
            goto more;
        size_t ll = (size_t)(nl - (p + off));
        off += ll + 1;
        if (ll == 1)
            break;
    }
    if (!body && !(body = malloc(1)))
        goto bad;
    body[len] = 0;
    *out = body, *olen = len, *used = off;
    return 1;
more:
    free(body);
    return 0;
bad:
    free(body);
    return -1;
}

static void consume(Conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

static int bad_request(Mock *m, Conn *c)
{
    c->req.close = 1;
    log_request(m, c, NULL, 0, 400, "malformed");
    reply(c, 400, "BadRequest", "malformed request");
    return -1;
}

/* Collect the parsed request's body from c->buf: 1 ready (*body malloc'd),
 * 0 need more data, -1 malformed. */
static int take_body(Conn *c, char **body, size_t *blen)
{
    size_t used;
    if (c->req.chunked) {
        int d = dechunk(c->buf, c->len, body, blen, &used);
        if (d <= 0)
            return d < 0 || c->len > MAX_BODY * 2 ? -1 : 0;
    } else {
        used = c->req.cl > 0 ? (size_t)c->req.cl : 0;
        if (c->len < used)
            return 0;
        if (!(*body = malloc(used + 1)))
            die_usage("out of memory");
        memcpy(*body, c->buf, used);
        (*body)[used] = 0;
        *blen = used;
    }
    consume(c, used);
    return 1;
}

/* Route the request (body is freed), then get ready for the next one on
 * the connection; -1 when it must be closed. */
static int dispatch(Mock *m, Conn *c, char *body, size_t blen, int oversize)
{
    m->last_req_ms = now_ms(0);
    int rc = route(m, c, body, blen, oversize);
    free(body);
    if (rc || c->req.close)
        return -1;
    if (!c->parked) {
        req_reset(&c->req);
        c->have_head = 0;
    }
    return 0;
}

/* Handle every complete request in c->buf; -1 when the connection must go. */
static int process(Mock *m, Conn *c)
{
    while (!c->parked) {
        if (c->discard_left > 0) { /* an oversize body: count it, keep none */
            size_t k = c->len < (size_t)c->discard_left ? c->len : (size_t)c->discard_left;
            consume(c, k);
            c->discard_left -= (long long)k;
            if (c->discard_left > 0)
                return 0;
            if (dispatch(m, c, NULL, 0, 1))
                return -1;
            continue;
        }
        if (!c->have_head) {
            char *e = memmem(c->buf, c->len, "\r\n\r\n", 4);
            if (!e)
                return c->len > MAX_HEAD ? bad_request(m, c) : 0;
            size_t hlen = (size_t)(e - c->buf) + 4;
            if (parse_head(c, hlen) < 0)
                return bad_request(m, c);
            consume(c, hlen);
            c->have_head = 1;
            if (c->req.cl > MAX_BODY) {
                c->discard_left = c->req.cl;
                continue;
            }
        }
        char *body = NULL;
        size_t blen = 0;
        int t = take_body(c, &body, &blen);
        if (t <= 0)
            return t < 0 ? bad_request(m, c) : 0;
        if (dispatch(m, c, body, blen, blen > MAX_BODY))
            return -1;
    }
    return 0;
}

/* Read what is available on c; -1 when the connection is finished. */
static int on_readable(Mock *m, Conn *c)
{
    if (c->cap - c->len < 65536) {
        size_t cap = c->cap ? c->cap * 2 : 131072;
        char *nb = realloc(c->buf, cap);
        if (!nb)
            die_usage("out of memory");
        c->buf = nb;
        c->cap = cap;
    }
    ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0)
        return -1;
    c->len += (size_t)n;
    c->last_ms = now_ms(0);
    if (c->parked) {
        c->len = 0; /* a blocked /next: nothing else is expected */
        return 0;
    }
    return process(m, c);
}

/* ---- main loop ----------------------------------------------------------- */

static void accept_one(Mock *m)
{
    int fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    int one = 1; /* head and body are sent separately: no Nagle delay */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    for (int i = 0; i < MAX_CONNS; i++) {
        Conn *c = &m->conns[i];
        if (c->fd < 0) {
            c->fd = fd;
            c->id = ++m->next_conn_id;
            c->last_ms = now_ms(0);
            c->req.cl = -1;
            return;
        }
    }
    close(fd); /* too many connections */
}

/* Exit when a time limit is reached; return the poll timeout in ms. */
static int check_timers(Mock *m)
{
    int64_t now = now_ms(0);
    int64_t left = m->start_ms + (int64_t)m->max_seconds * 1000 - now;
    if (left <= 0) {
        fprintf(stderr, "mock_api: --max-seconds %d reached\n", m->max_seconds);
        exit(3);
    }
    if (m->idle_exit >= 0 && m->next >= m->nev) {
        int64_t idle = m->last_req_ms + (int64_t)m->idle_exit * 1000 - now;
        if (idle <= 0) {
            fprintf(stderr, "mock_api: idle for %d s after the last event, exiting\n",
                    m->idle_exit);
            exit(0);
        }
        if (idle < left)
            left = idle;
    }
    for (int i = 0; m->close_idle_ms > 0 && i < MAX_CONNS; i++) {
        Conn *c = &m->conns[i];
        if (c->fd < 0 || c->parked || c->len || c->have_head)
            continue;
        int64_t t = c->last_ms + m->close_idle_ms - now;
        if (t <= 0)
            conn_close(c);
        else if (t < left)
            left = t;
    }
    return left > 1000 ? 1000 : (int)left + 1;
}

static void run(Mock *m)
{
    for (;;) {
        struct pollfd pf[MAX_CONNS + 1];
        int idx[MAX_CONNS + 1], n = 0;
        int timeout = check_timers(m);
        pf[n].fd = m->listen_fd, pf[n].events = POLLIN, idx[n++] = -1;
        for (int i = 0; i < MAX_CONNS; i++)
            if (m->conns[i].fd >= 0)
                pf[n].fd = m->conns[i].fd, pf[n].events = POLLIN, idx[n++] = i;
        int r = poll(pf, (nfds_t)n, timeout);
        if (r < 0 && errno != EINTR)
            die_usage("poll failed");
        for (int k = 0; r > 0 && k < n; k++) {
            if (!pf[k].revents)
                continue;
            if (idx[k] < 0) {
                accept_one(m);
                continue;
            }
            Conn *c = &m->conns[idx[k]];
            if (on_readable(m, c) < 0)
                conn_close(c);
        }
    }
}

static int listen_local(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die_usage("socket failed");
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only, always */
    socklen_t al = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) < 0)
        die_usage("cannot bind 127.0.0.1");
    printf("%d\n", ntohs(a.sin_port));
    fflush(stdout);
    return fd;
}

static int int_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        die_usage("missing option value");
    char *end;
    long v = strtol(argv[++*i], &end, 10);
    if (*end || v < 0 || v > 1000000)
        die_usage("bad numeric option value");
    return (int)v;
}

int main(int argc, char **argv)
{
    static Mock m;
    const char *events = NULL, *log = NULL;
    int port = 0;
    m.max_seconds = 30, m.idle_exit = -1, m.die_after = -1;
    m.start_ms = m.last_req_ms = now_ms(0);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--events") && i + 1 < argc) events = argv[++i];
        else if (!strcmp(a, "--log") && i + 1 < argc) log = argv[++i];
        else if (!strcmp(a, "--port")) port = int_arg(argc, argv, &i);
        else if (!strcmp(a, "--max-seconds")) m.max_seconds = int_arg(argc, argv, &i);
        else if (!strcmp(a, "--idle-exit")) m.idle_exit = int_arg(argc, argv, &i);
        else if (!strcmp(a, "--die-after")) m.die_after = int_arg(argc, argv, &i);
        else if (!strcmp(a, "--close-idle")) m.close_idle_ms = int_arg(argc, argv, &i);
        else if (!strcmp(a, "--fail-next")) m.fail_next = 1;
        else if (!strcmp(a, "--mixed-case")) m.mixed = 1;
        else die_usage("bad option (see the comment at the top of mock_api.c)");
    }
    if (!events || port > 65535 || m.max_seconds < 1)
        die_usage("usage: mock_api --events FILE [--log FILE] [options]");
    load_events(&m, events);
    if (log && !(m.log = fopen(log, "w")))
        die_usage("cannot open the log file");
    for (int i = 0; i < MAX_CONNS; i++)
        m.conns[i].fd = -1;
    m.listen_fd = listen_local(port);
    run(&m);
    return 0;
}
