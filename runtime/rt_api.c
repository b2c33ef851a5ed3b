/* rt_api.c — Runtime API calls (see rt_api.h) and the standard error body.
 *
 * Maps rt_http results to the four outcomes the invocation loop needs:
 * OK, REJECTED (4xx, process healthy), TOO_LARGE (local 6 MB guard) and
 * FATAL (exit). Also holds a small JSON string escaper for error bodies.
 */
#include "rt_api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rv.h"

#define MAX_ID 512                   /* longest request id we accept */
#define ERR_MAX_MESSAGE (256 * 1024) /* errorMessage cut (bytes of input) */
#define ERR_MAX_FRAME 4096           /* one stackTrace entry cut */
#define ERR_MAX_FRAMES 1000
#define POST_REPLY_MAX 65536         /* body limit for 202 replies */

static RtApiStatus api_fail(RtApi *api, RtApiStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(api->err, sizeof api->err, fmt, ap);
    va_end(ap);
    return st;
}

RtApiStatus rt_api_init(RtApi *api, const char *endpoint)
{
    if (!api)
        return RT_API_BADARG;
    api->max_event = RT_API_MAX_EVENT;
    api->http_status = 0;
    api->err[0] = 0;
    if (!endpoint)
        endpoint = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!endpoint || !*endpoint) {
        rt_http_init(&api->http, "invalid:1", 0);
        return api_fail(api, RT_API_BADARG, "AWS_LAMBDA_RUNTIME_API is not set");
    }
    if (rt_http_init(&api->http, endpoint, 1000) != RT_HTTP_OK)
        return api_fail(api, RT_API_BADARG, "%s", rt_http_errmsg(&api->http));
    return RT_API_OK;
}

void rt_api_close(RtApi *api)
{
    if (api)
        rt_http_close(&api->http);
}

int64_t rt_api_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t rt_event_remaining_ms(const RtEvent *ev, int64_t now_ms)
{
    if (!ev || ev->deadline_ms <= 0 || ev->deadline_ms <= now_ms)
        return 0;
    return ev->deadline_ms - now_ms;
}

const char *rt_api_errmsg(const RtApi *api)
{
    return api ? api->err : "no api";
}

int rt_api_http_status(const RtApi *api)
{
    return api ? api->http_status : 0;
}

/* ---- /next --------------------------------------------------------------- */

static int dup_header(const RtHttpResponse *r, const char *name, char **dst)
{
    const char *v = rt_http_header(r, name);
    if (!v)
        return 0;
    *dst = strdup(v);
    return *dst ? 0 : -1;
}

static int fill_event(const RtHttpResponse *r, RtEvent *ev)
{
    const char *dl = rt_http_header(r, "Lambda-Runtime-Deadline-Ms");
    if (dl) {
        uint64_t v;
        ev->deadline_ms = rv_parse_uint(dl, INT64_MAX, &v) && v > 0 ? (int64_t)v : 0;
    }
    return dup_header(r, "Lambda-Runtime-Aws-Request-Id", &ev->request_id) |
           dup_header(r, "Lambda-Runtime-Invoked-Function-Arn", &ev->function_arn) |
           dup_header(r, "Lambda-Runtime-Trace-Id", &ev->trace_id) |
           dup_header(r, "Lambda-Runtime-Client-Context", &ev->client_context) |
           dup_header(r, "Lambda-Runtime-Cognito-Identity", &ev->cognito_identity) |
           dup_header(r, "Lambda-Runtime-Aws-Tenant-Id", &ev->tenant_id) |
           dup_header(r, "Content-Type", &ev->content_type);
}

RtApiStatus rt_api_next(RtApi *api, RtEvent *ev)
{
    if (!ev)
        return RT_API_BADARG;
    memset(ev, 0, sizeof *ev);
    if (!api)
        return RT_API_BADARG;
    RtHttpResponse r;
    int rc = rt_http_request(&api->http, "GET", RT_API_PREFIX "/runtime/invocation/next",
                             NULL, 0, NULL, 0, api->max_event, &r);
    api->http_status = r.status;
    RtApiStatus st = RT_API_OK;
    if (rc != RT_HTTP_OK && rc != RT_HTTP_ETOOBIG)
        st = api_fail(api, RT_API_FATAL, "GET /next failed: %s",
                      rt_http_errmsg(&api->http));
    else if (r.status != 200)
        st = api_fail(api, RT_API_FATAL, "GET /next answered HTTP %d: %.200s",
                      r.status, r.body ? r.body : "");
    else if (fill_event(&r, ev) != 0)
        st = api_fail(api, RT_API_FATAL, "out of memory reading the event");
    else if (!ev->request_id || !*ev->request_id)
        st = api_fail(api, RT_API_FATAL, "GET /next: no Lambda-Runtime-Aws-Request-Id");
    else if (rc == RT_HTTP_ETOOBIG)
        st = api_fail(api, RT_API_TOO_LARGE, "event for %s exceeds %zu bytes",
                      ev->request_id, api->max_event);
    if (st == RT_API_OK) {
        ev->body = r.body; /* take ownership */
        ev->body_len = r.body_len;
        r.body = NULL;
    } else if (st == RT_API_FATAL) {
        rt_event_free(ev);
    }
    rt_http_response_free(&r);
    return st;
}

void rt_event_free(RtEvent *ev)
{
    if (!ev)
        return;
    free(ev->body);
    free(ev->request_id);
    free(ev->function_arn);
    free(ev->trace_id);
    free(ev->client_context);
    free(ev->cognito_identity);
    free(ev->tenant_id);
    free(ev->content_type);
    memset(ev, 0, sizeof *ev);
}

/* ---- POSTs --------------------------------------------------------------- */

/* A request id goes verbatim into the path: refuse anything that would
 * change the request line or the path structure. */
static int id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > MAX_ID)
        return 0;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == '/' || *p == '?' || *p == '#')
            return 0;
    return 1;
}

static RtApiStatus post(RtApi *api, const char *path, const RtHttpHeader *h,
                        size_t nh, const void *body, size_t len)
{
    if (len > RT_API_MAX_RESPONSE)
        return api_fail(api, RT_API_TOO_LARGE,
                        "body of %zu bytes exceeds the %u-byte limit; not sent", len,
                        RT_API_MAX_RESPONSE);
    RtHttpResponse r;
    int rc = rt_http_request(&api->http, "POST", path, h, nh, body ? body : "", len,
                             POST_REPLY_MAX, &r);
    api->http_status = r.status;
    RtApiStatus st = RT_API_OK;
    if (rc == RT_HTTP_EARG)
        st = api_fail(api, RT_API_BADARG, "POST %s: %s", path,
                      rt_http_errmsg(&api->http));
    else if (rc != RT_HTTP_OK)
        st = api_fail(api, RT_API_FATAL, "POST %s failed: %s", path,
                      rt_http_errmsg(&api->http));
    else if (r.status >= 400 && r.status < 500)
        st = api_fail(api, RT_API_REJECTED, "POST %s answered HTTP %d: %.200s", path,
                      r.status, r.body);
    else if (r.status < 200 || r.status > 299)
        st = api_fail(api, RT_API_FATAL, "POST %s answered HTTP %d: %.200s", path,
                      r.status, r.body);
    rt_http_response_free(&r);
    return st;
}

RtApiStatus rt_api_respond_typed(RtApi *api, const char *id, const void *body,
                                 size_t len, const char *content_type)
{
    if (!api)
        return RT_API_BADARG;
    if (!id_ok(id) || (!body && len))
        return api_fail(api, RT_API_BADARG, "bad request id or body");
    char path[MAX_ID + 64];
    snprintf(path, sizeof path, RT_API_PREFIX "/runtime/invocation/%s/response", id);
    RtHttpHeader h = {"Content-Type", content_type ? content_type : "application/json"};
    return post(api, path, &h, 1, body, len);
}

RtApiStatus rt_api_respond(RtApi *api, const char *id, const void *body, size_t len)
{
    return rt_api_respond_typed(api, id, body, len, NULL);
}

static RtApiStatus post_error(RtApi *api, const char *path, const char *error_type,
                              const char *json_body)
{
    RtHttpHeader h[2] = {{"Content-Type", "application/json"},
                         {"Lambda-Runtime-Function-Error-Type", error_type}};
    const char *b = json_body ? json_body : "";
    return post(api, path, h, error_type ? 2 : 1, b, strlen(b));
}

RtApiStatus rt_api_error(RtApi *api, const char *id, const char *error_type,
                         const char *json_body)
{
    if (!api)
        return RT_API_BADARG;
    if (!id_ok(id))
        return api_fail(api, RT_API_BADARG, "bad request id");
    char path[MAX_ID + 64];
    snprintf(path, sizeof path, RT_API_PREFIX "/runtime/invocation/%s/error", id);
    return post_error(api, path, error_type, json_body);
}

RtApiStatus rt_api_init_error(RtApi *api, const char *error_type,
                              const char *json_body)
{
    if (!api)
        return RT_API_BADARG;
    return post_error(api, RT_API_PREFIX "/runtime/init/error", error_type, json_body);
}

/* ---- error JSON ---------------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, surrogate, > U+10FFFF */
    return len;
}

/* Append s (at most max bytes, cut on a character boundary) as a JSON
 * string literal. */
static void buf_quote(Buf *b, const char *str, size_t max)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t n = strlen((const char *)s), i = 0;
    int cut = n > max;
    if (cut)
        n = max;
    buf_put(b, "\"", 1);
    while (i < n) {
        unsigned char ch = s[i];
        size_t k = utf8_len(s + i, n - i);
        char esc[8];
        if (ch == '"' || ch == '\\') {
            esc[0] = '\\';
            esc[1] = (char)ch;
            buf_put(b, esc, 2);
        } else if (ch == '\n' || ch == '\t' || ch == '\r') {
            buf_put(b, ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : "\\r", 2);
        } else if (ch < 0x20 || ch == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            buf_put(b, esc, 6);
        } else if (k == 0) {
            if (cut && n - i < 4)
                break; /* a character split by the cut: drop it */
            buf_put(b, "\\ufffd", 6);
            k = 1;
        } else {
            buf_put(b, (const char *)s + i, k);
        }
        i += k ? k : 1;
    }
    if (cut)
        buf_put(b, "...", 3);
    buf_put(b, "\"", 1);
}

char *rt_api_error_json(const char *error_type, const char *message,
                        const char *const *frames, size_t nframes)
{
    Buf b = {0};
    buf_put(&b, "{\"errorMessage\":", 16);
    buf_quote(&b, message, ERR_MAX_MESSAGE);
    buf_put(&b, ",\"errorType\":", 13);
    buf_quote(&b, error_type, ERR_MAX_FRAME);
    buf_put(&b, ",\"stackTrace\":[", 15);
    if (!frames)
        nframes = 0;
    for (size_t i = 0; i < nframes && i < ERR_MAX_FRAMES; i++) {
        if (i)
            buf_put(&b, ",", 1);
        buf_quote(&b, frames[i], ERR_MAX_FRAME);
    }
    buf_put(&b, "]}", 2);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
