/* rt_convert.c — what crosses the boundary between Lambda and Ruchy code:
 * the event (JSON payload -> value), the context map, the handler's result
 * (value -> response bytes) and errors (value -> Lambda error JSON).
 *
 * Context keys: request_id, deadline_ms, invoked_function_arn, trace_id,
 * client_context, identity (parsed JSON when they are, else strings),
 * tenant_id, function_name, function_version, memory_limit_mb,
 * log_group_name, log_stream_name (nil when unknown) and
 * get_remaining_time_ms, a native bound to the map: a method call on a map
 * calls the callable stored under that key, and the binding passes the map
 * itself, so the native reads deadline_ms from it — no global state.
 *
 * Error types: a VM error gives its kind name ("TypeError", "TimeoutError"
 * ...). A thrown or Err-returned payload gives: for a struct or enum value,
 * its type name; for a map, its "errorType"/"type"/"name" string (message
 * from "errorMessage"/"message"); for anything else "Error" with the value's
 * display text as message.
 */
#include <stdlib.h>
#include <string.h>
#include "rs.h"
#include "rt_lambda.h"

/* ------------------------------------------------------------- event --- */

/* JSON value of text (protected parse), or the string itself. */
static RvValue rt_json_or_string(RvVM *vm, RvValue text)
{
    static const char name[] = "json_parse";
    int idx = rv_builtin_index(vm, name, sizeof name - 1);
    RvValue out;
    if (idx >= 0 && rv_pcall(vm, rv_builtin_value(vm, idx), 1, &text, &out) == 0)
        return out;
    return text;
}

RvValue rt_event_value(RvVM *vm, const char *body, size_t len)
{
    return rt_json_or_string(vm, rv_str_new(vm, body ? body : "", body ? len : 0));
}

/* ----------------------------------------------------------- context --- */

static RvValue rt_str_or_nil(RvVM *vm, const char *s)
{
    return s ? rv_str_cstr(vm, s) : RV_NIL;
}

/* context.get_remaining_time_ms(): argv[0] is the context map (bound). */
static RvValue rt_remaining_native(RvVM *vm, int argc, RvValue *argv)
{
    RvValue d = RV_INT(0);
    if (argc >= 1 && RV_IS_MAP(argv[0]))
        rv_map_get_cstr(RV_AS_MAP(argv[0]), "deadline_ms", &d);
    if (!RV_IS_INT(d))
        rv_throw(vm, RV_E_TYPE, "get_remaining_time_ms(): context.deadline_ms is not an integer");
    RtEvent ev = { .deadline_ms = RV_AS_INT(d) };
    return RV_INT(rt_event_remaining_ms(&ev, rt_api_now_ms()));
}

/* A native bound to recv, in the current heap. */
static RvValue rt_bound_native(RvVM *vm, RvValue recv, const char *name, RvCFn fn)
{
    RvNative *n = (RvNative *)rv_obj_alloc(vm, RV_K_NATIVE, sizeof(RvNative));
    n->name = name;
    n->fn = fn;
    n->min_args = 1;
    n->max_args = 1;
    RvBound *b = (RvBound *)rv_obj_alloc(vm, RV_K_BOUND, sizeof(RvBound));
    RV_STORE(vm, b, &b->recv, recv);
    RV_STORE(vm, b, &b->fn, RV_OBJ(n));
    return RV_OBJ(b);
}

RvValue rt_context_value(RvVM *vm, const RtEvent *ev, const RtFuncInfo *fi)
{
    RvValue ctx = rv_map_new(vm, 16);
    RvMap *m = RV_AS_MAP(ctx);
    rv_map_set_cstr(vm, m, "request_id", rt_str_or_nil(vm, ev->request_id));
    rv_map_set_cstr(vm, m, "deadline_ms", RV_INT(ev->deadline_ms));
    rv_map_set_cstr(vm, m, "invoked_function_arn", rt_str_or_nil(vm, ev->function_arn));
    rv_map_set_cstr(vm, m, "trace_id", rt_str_or_nil(vm, ev->trace_id));
    rv_map_set_cstr(vm, m, "client_context", ev->client_context
                    ? rt_json_or_string(vm, rv_str_cstr(vm, ev->client_context)) : RV_NIL);
    rv_map_set_cstr(vm, m, "identity", ev->cognito_identity
                    ? rt_json_or_string(vm, rv_str_cstr(vm, ev->cognito_identity)) : RV_NIL);
    rv_map_set_cstr(vm, m, "tenant_id", rt_str_or_nil(vm, ev->tenant_id));
    rv_map_set_cstr(vm, m, "function_name", rt_str_or_nil(vm, fi->function_name));
    rv_map_set_cstr(vm, m, "function_version", rt_str_or_nil(vm, fi->function_version));
    rv_map_set_cstr(vm, m, "memory_limit_mb",
                    fi->memory_limit_mb > 0 ? RV_INT(fi->memory_limit_mb) : RV_NIL);
    rv_map_set_cstr(vm, m, "log_group_name", rt_str_or_nil(vm, fi->log_group_name));
    rv_map_set_cstr(vm, m, "log_stream_name", rt_str_or_nil(vm, fi->log_stream_name));
    rv_map_set_cstr(vm, m, "get_remaining_time_ms",
                    rt_bound_native(vm, ctx, "get_remaining_time_ms", rt_remaining_native));
    return ctx;
}

/* ------------------------------------------------------------ result --- */

bool rt_result_set_error(RtResult *out, const char *type, const char *message)
{
    rt_result_free(out);
    out->is_error = true;
    out->error_type = strdup(type);
    out->body = rt_api_error_json(type, message, NULL, 0);
    out->len = out->body ? strlen(out->body) : 0;
    return out->error_type && out->body;
}

/* Take len bytes at p as the success body (malloc'd copy). */
static void rt_result_take(RtResult *out, const char *p, size_t len)
{
    if (len > RT_API_MAX_RESPONSE) {
        char msg[160];
        snprintf(msg, sizeof msg, "Response payload size (%zu bytes) exceeded maximum "
                 "allowed payload size (%u bytes).", len, RT_API_MAX_RESPONSE);
        rt_result_set_error(out, "Function.ResponseSizeTooLarge", msg);
        return;
    }
    rt_result_free(out);
    out->body = malloc(len + 1);
    if (!out->body) {
        rt_result_set_error(out, "Runtime.OutOfMemory", "cannot copy the response");
        return;
    }
    memcpy(out->body, p, len);
    out->body[len] = '\0';
    out->len = len;
}

void rt_result_from_value(RvVM *vm, RvValue v, bool legacy, RtResult *out)
{
    if (rv_optres(vm, v) == RV_RES_ERR) {
        RvEnum *e = RV_AS_ENUM(v);
        rt_result_from_error(vm, e->n > 0 ? e->f[0] : RV_NIL, out);
        return;
    }
    if (legacy && RV_IS_STR(v)) {
        rt_result_take(out, RV_AS_STR(v)->data, RV_AS_STR(v)->len);
        return;
    }
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_json_write(vm, &b, v, 0);
    rt_result_take(out, b.p, b.len);
    rv_buf_release(&b);
}

/* ------------------------------------------------------------- error --- */

/* String value of key (first of names present) in m, or NULL. */
static RvStr *rt_map_str(RvMap *m, const char *const *names)
{
    RvValue v;
    for (; *names; names++)
        if (rv_map_get_cstr(m, *names, &v) && RV_IS_STR(v))
            return RV_AS_STR(v);
    return NULL;
}

/* errorType and message of a thrown / returned payload. */
static void rt_classify_payload(RvVM *vm, RvValue p, const char **type, RvStr **msg)
{
    static const char *const type_keys[] = { "errorType", "type", "name", NULL };
    static const char *const msg_keys[] = { "errorMessage", "message", NULL };
    *type = "Error";
    *msg = NULL;
    if (RV_IS_MAP(p)) {
        RvStr *t = rt_map_str(RV_AS_MAP(p), type_keys);
        *msg = rt_map_str(RV_AS_MAP(p), msg_keys);
        if (t)
            *type = t->data;
    } else if (RV_IS_STRUCT(p) || (RV_IS_ENUM(p) && !rv_optres(vm, p))) {
        RvType *t = RV_IS_STRUCT(p) ? RV_AS_STRUCT(p)->type : RV_AS_ENUM(p)->type;
        *type = t->name->data;
        if (RV_IS_STRUCT(p))
            for (uint32_t i = 0; i < t->nfields && i < RV_AS_STRUCT(p)->n; i++)
                if (strcmp(t->field_names[i]->data, "message") == 0 &&
                    RV_IS_STR(RV_AS_STRUCT(p)->f[i]))
                    *msg = RV_AS_STR(RV_AS_STRUCT(p)->f[i]);
    }
    if (!*msg)
        *msg = RV_AS_STR(rv_to_str(vm, p));
}

/* Header-safe copy of an error type (printable ASCII, at most 127). */
static void rt_clean_type(const char *t, char *out, size_t cap)
{
    size_t k = 0;
    for (; *t && k + 1 < cap; t++)
        out[k++] = (*t > ' ' && *t < 127) ? *t : '_';
    out[k] = '\0';
    if (k == 0)
        strcpy(out, "Error");
}

void rt_result_from_error(RvVM *vm, RvValue err, RtResult *out)
{
    const char *type;
    RvStr *msg = NULL;
    RvArray *trace = NULL;
    if (RV_IS_ERROR(err)) {
        RvError *e = RV_AS_ERROR(err);
        trace = e->trace;
        if (e->ekind == RV_E_THROWN)
            rt_classify_payload(vm, e->value, &type, &msg);
        else
            type = rv_err_kind_name(e->ekind), msg = e->msg;
    } else {
        rt_classify_payload(vm, err, &type, &msg);
    }
    size_t n = trace ? trace->len : 0;
    const char **frames = n ? calloc(n, sizeof *frames) : NULL;
    size_t k = 0;
    for (size_t i = 0; frames && i < n; i++)
        if (RV_IS_STR(trace->items[i]))
            frames[k++] = RV_AS_STR(trace->items[i])->data;
    char clean[128];
    rt_clean_type(type, clean, sizeof clean);
    rt_result_free(out);
    out->is_error = true;
    out->error_type = strdup(clean);
    out->body = rt_api_error_json(clean, msg ? msg->data : "", frames, k);
    out->len = out->body ? strlen(out->body) : 0;
    free(frames);
}

void rt_result_free(RtResult *r)
{
    if (!r)
        return;
    free(r->body);
    free(r->error_type);
    memset(r, 0, sizeof *r);
}
