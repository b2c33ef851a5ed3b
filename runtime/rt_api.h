/* rt_api.h — the AWS Lambda Runtime API (2018-06-01) on top of rt_http.
 *
 * One RtApi per process (or per thread): it owns the keep-alive connection.
 * Nothing here is global; the invocation loop that calls these functions,
 * converts events and runs handlers lives above this layer.
 *
 * Outcomes of every call (RtApiStatus):
 *   RT_API_OK        — delivered / accepted (2xx).
 *   RT_API_REJECTED  — the API answered 4xx to a POST (400 invalid request id,
 *                      403 state transition, 413 payload too large...). The
 *                      status is in rt_api_http_status(); the process is
 *                      healthy and may post an /error instead or go on.
 *   RT_API_TOO_LARGE — local 6 MB guard: nothing was sent (POST), or the event
 *                      was bigger than api->max_event (next; see rt_api_next).
 *   RT_API_BADARG    — caller bug: NULL / unsafe request id or header value.
 *   RT_API_FATAL     — 5xx, connection refused, API gone, protocol error, or a
 *                      non-200 answer to /next. The caller must exit non-zero
 *                      (never retry in a loop).
 * rt_api_errmsg() describes the last non-OK outcome.
 */
#ifndef RT_API_H
#define RT_API_H

#include <stddef.h>
#include <stdint.h>
#include "rt_http.h"

#define RT_API_MAX_RESPONSE 6291456u          /* 6 MiB: buffered response limit */
#define RT_API_MAX_EVENT (7u * 1024 * 1024)    /* default limit for /next bodies */
#define RT_API_PREFIX "/2018-06-01"

typedef enum RtApiStatus {
    RT_API_OK = 0,
    RT_API_REJECTED = 1,
    RT_API_TOO_LARGE = 2,
    RT_API_BADARG = 3,
    RT_API_FATAL = -1
} RtApiStatus;

/* One invocation as delivered by GET /next. Every string is malloc'd and
 * NUL-terminated, or NULL when the header was absent. Owned by the caller;
 * release with rt_event_free. */
typedef struct RtEvent {
    char *body;               /* event payload (NULL only with RT_API_TOO_LARGE) */
    size_t body_len;
    char *request_id;         /* Lambda-Runtime-Aws-Request-Id (always set) */
    int64_t deadline_ms;      /* Lambda-Runtime-Deadline-Ms, 0 when absent/bad */
    char *function_arn;       /* Lambda-Runtime-Invoked-Function-Arn */
    char *trace_id;           /* Lambda-Runtime-Trace-Id */
    char *client_context;     /* Lambda-Runtime-Client-Context */
    char *cognito_identity;   /* Lambda-Runtime-Cognito-Identity */
    char *tenant_id;          /* Lambda-Runtime-Aws-Tenant-Id */
    char *content_type;       /* Content-Type of the payload */
} RtEvent;

typedef struct RtApi {
    RtHttp http;
    size_t max_event;     /* /next body limit; RT_API_MAX_EVENT by default */
    int http_status;      /* status of the last answered call, 0 if none */
    char err[320];
} RtApi;

/* Prepare `api` for the Runtime API at `endpoint` ("host:port"; NULL reads
 * $AWS_LAMBDA_RUNTIME_API). Does not connect. Allocates nothing.
 * Returns RT_API_OK, or RT_API_BADARG (missing/bad endpoint, message set). */
RtApiStatus rt_api_init(RtApi *api, const char *endpoint);

/* Close the connection. `api` may be re-used (it reconnects on demand). */
void rt_api_close(RtApi *api);

/* GET /runtime/invocation/next: blocks (no timeout) until an event arrives.
 * On RT_API_OK fills *ev (initialised here; free with rt_event_free on every
 * outcome). On RT_API_TOO_LARGE the headers were read but the body was over
 * api->max_event: ev->request_id (if the API sent one) is set and ev->body is
 * NULL, so the caller can post an /error for it; the connection was reset.
 * Any other non-200 or transport failure is RT_API_FATAL. */
RtApiStatus rt_api_next(RtApi *api, RtEvent *ev);

/* Release every string of *ev and zero it. NULL-safe. */
void rt_event_free(RtEvent *ev);

/* Milliseconds left until ev->deadline_ms at wall-clock time now_ms (use
 * rt_api_now_ms()); clamped to >= 0, and 0 when there is no deadline. */
int64_t rt_event_remaining_ms(const RtEvent *ev, int64_t now_ms);

/* Current wall-clock time in Unix epoch milliseconds. */
int64_t rt_api_now_ms(void);

/* POST /runtime/invocation/{id}/response with `len` bytes of `body` as
 * application/json. Bodies over RT_API_MAX_RESPONSE are refused before
 * sending (RT_API_TOO_LARGE). The body is not retained. */
RtApiStatus rt_api_respond(RtApi *api, const char *id, const void *body, size_t len);

/* Same, with an explicit Content-Type (NULL = application/json). */
RtApiStatus rt_api_respond_typed(RtApi *api, const char *id, const void *body,
                                 size_t len, const char *content_type);

/* POST /runtime/invocation/{id}/error with header
 * Lambda-Runtime-Function-Error-Type: error_type (omitted when NULL) and the
 * NUL-terminated JSON `json_body` (NULL = empty body). Same size guard. */
RtApiStatus rt_api_error(RtApi *api, const char *id, const char *error_type,
                         const char *json_body);

/* POST /runtime/init/error (before the first /next), same conventions. The
 * caller should exit non-zero afterwards whatever the outcome. */
RtApiStatus rt_api_init_error(RtApi *api, const char *error_type,
                              const char *json_body);

/* Build {"errorMessage":...,"errorType":...,"stackTrace":[...]} with proper
 * JSON string escaping (invalid UTF-8 becomes U+FFFD). NULL message/type
 * become "", NULL frames with nframes 0 gives []. The message is cut to
 * 256 KiB and the trace to 1000 frames so the result always fits the 6 MB
 * limit. Returns a malloc'd NUL-terminated string (caller frees) or NULL when
 * out of memory. */
char *rt_api_error_json(const char *error_type, const char *message,
                        const char *const *frames, size_t nframes);

/* Message describing the last non-OK outcome (storage inside api). */
const char *rt_api_errmsg(const RtApi *api);

/* HTTP status of the last call that got an answer, 0 if none. */
int rt_api_http_status(const RtApi *api);

#endif
