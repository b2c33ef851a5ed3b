/* rt_log.c — handler output and logs (issue 4 "Logs").
 *
 * Ruchy's println/print write into the VM's stdout buffer (rv_write), which
 * the invocation flushes at its end and before an error is posted.
 *
 * The builtins log_debug / log_info / log_warn / log_error(args...) render
 * their arguments like println (format placeholders included). They are
 * registered here, from the runtime (rt_stdlib_init), so every VM that the
 * runtime creates — ruchy-vm run/check/invoke/serve and bootstrap — has
 * them. In Text mode (the default) they write "[LEVEL] message".
 * (env_var and the other environment builtins live in stdlib/rs_sys.c.)
 *
 * With AWS_LAMBDA_LOG_FORMAT=JSON, println, print and the log builtins
 * write one JSON object per line:
 *   {"timestamp":"2024-05-01T12:00:00.123Z","level":"INFO",
 *    "requestId":"...","message":"..."}
 * (requestId only inside an invocation; println/print are INFO; print
 * without a newline is held until the line is complete or the invocation
 * ends). Records below AWS_LAMBDA_LOG_LEVEL (TRACE, DEBUG, INFO — the
 * default —, WARN, ERROR, FATAL) are dropped. Text mode never filters.
 *
 * Process-wide state: these settings, the current request id and the
 * pending print() text — natives receive only the VM, and a process serves
 * one invocation at a time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "rs.h"
#include "rt_lambda.h"

static const char *const rt_level_names[] = {
    "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"
};

static struct {
    bool json;
    int min_level;
    char request_id[128];
    char *pending;          /* print() text without its newline yet (JSON) */
    size_t plen, pcap;
} rt_log = { false, RT_LOG_INFO, "", NULL, 0, 0 };

/* ------------------------------------------------------ configuration --- */

void rt_log_configure(bool json, int min_level)
{
    rt_log.json = json;
    rt_log.min_level = min_level < RT_LOG_TRACE ? RT_LOG_TRACE
                     : min_level > RT_LOG_FATAL ? RT_LOG_FATAL : min_level;
}

void rt_log_configure_env(void)
{
    const char *fmt = getenv("AWS_LAMBDA_LOG_FORMAT");
    const char *lvl = getenv("AWS_LAMBDA_LOG_LEVEL");
    int level = RT_LOG_INFO;
    for (int i = RT_LOG_TRACE; lvl && i <= RT_LOG_FATAL; i++)
        if (strcasecmp(lvl, rt_level_names[i]) == 0)
            level = i;
    if (lvl && strcasecmp(lvl, "WARNING") == 0)
        level = RT_LOG_WARN;
    rt_log_configure(fmt && strcasecmp(fmt, "JSON") == 0, level);
}

bool rt_log_is_json(void)
{
    return rt_log.json;
}

void rt_log_set_request(const char *request_id)
{
    snprintf(rt_log.request_id, sizeof rt_log.request_id, "%s",
             request_id ? request_id : "");
}

/* ------------------------------------------------------------- JSON --- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t rt_utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* s[0..n) as a JSON string literal appended at out (room for 6n + 2
 * bytes); invalid UTF-8 becomes U+FFFD. Returns the end. */
static char *rt_json_quote(char *out, const char *s, size_t n)
{
    *out++ = '"';
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t k = rt_utf8_seq((const unsigned char *)s + i, n - i);
            memcpy(out, k ? s + i : "\xEF\xBF\xBD", k ? k : 3);
            out += k ? k : 3;
            i += k ? k : 1;
            continue;
        }
        if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = (char)c;
        } else if (c == '\n') {
            memcpy(out, "\\n", 2);
            out += 2;
        } else if (c < 0x20 || c == 0x7f) {
            out += sprintf(out, "\\u%04x", c);
        } else {
            *out++ = (char)c;
        }
        i++;
    }
    *out++ = '"';
    return out;
}

/* "2024-05-01T12:00:00.123Z" into out (>= 32 bytes). */
static void rt_timestamp(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!rs_utc_iso((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out, cap))
        snprintf(out, cap, "1970-01-01T00:00:00.000Z");   /* clock outside 0000..9999 */
}

/* One JSON log record, into the VM output (vm NULL: stdout directly). */
static void rt_log_record(RvVM *vm, int level, const char *msg, size_t n)
{
    if (level < rt_log.min_level)
        return;
    size_t idlen = strlen(rt_log.request_id);
    char *line = malloc(6 * (n + idlen) + 128);
    if (!line)
        return;
    char ts[40];
    rt_timestamp(ts, sizeof ts);
    char *p = line + sprintf(line, "{\"timestamp\":\"%s\",\"level\":\"%s\"", ts,
                             rt_level_names[level]);
    if (idlen) {
        p += sprintf(p, ",\"requestId\":");
        p = rt_json_quote(p, rt_log.request_id, idlen);
    }
    p += sprintf(p, ",\"message\":");
    p = rt_json_quote(p, msg, n);
    p += sprintf(p, "}\n");
    if (vm) {
        rv_write(vm, line, (size_t)(p - line));
    } else {
        fwrite(line, 1, (size_t)(p - line), stdout);
        fflush(stdout);
    }
    free(line);
}

/* ---------------------------------------------------------- natives --- */

static void rt_pending_add(const char *s, size_t n)
{
    if (rt_log.plen + n + 1 > rt_log.pcap) {
        size_t cap = (rt_log.plen + n + 1) * 2;
        char *p = realloc(rt_log.pending, cap);
        if (!p)
            return;
        rt_log.pending = p;
        rt_log.pcap = cap;
    }
    memcpy(rt_log.pending + rt_log.plen, s, n);
    rt_log.plen += n;
}

/* JSON mode: text (with pending print() text before it) as records, one
 * per completed line; newline false keeps the tail pending. */
static void rt_json_text(RvVM *vm, const char *s, size_t n, bool newline)
{
    rt_pending_add(s, n);
    if (newline)
        rt_pending_add("\n", 1);
    char *nl = rt_log.plen ? memchr(rt_log.pending, '\n', rt_log.plen) : NULL;
    if (!nl)
        return;
    char *last = rt_log.pending + rt_log.plen - 1;
    while (*last != '\n')
        last--;
    rt_log_record(vm, RT_LOG_INFO, rt_log.pending, (size_t)(last - rt_log.pending));
    size_t rest = rt_log.plen - (size_t)(last + 1 - rt_log.pending);
    memmove(rt_log.pending, last + 1, rest);
    rt_log.plen = rest;
}

static RvValue rt_print_common(RvVM *vm, int argc, RvValue *argv, bool newline)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_render_args(vm, &b, argc, argv);
    rt_json_text(vm, b.p, b.len, newline);
    rv_buf_release(&b);
    return RV_NIL;
}

static RvValue rt_json_println(RvVM *vm, int argc, RvValue *argv)
{
    return rt_print_common(vm, argc, argv, true);
}

static RvValue rt_json_print(RvVM *vm, int argc, RvValue *argv)
{
    return rt_print_common(vm, argc, argv, false);
}

static RvValue rt_log_at(RvVM *vm, int level, int argc, RvValue *argv)
{
    if (rt_log.json && level < rt_log.min_level)
        return RV_NIL;
    RvBuf b;
    rv_buf_init(&b, vm);
    rs_render_args(vm, &b, argc, argv);
    if (rt_log.json) {
        rt_log_record(vm, level, b.p, b.len);
    } else {
        char tag[16];
        snprintf(tag, sizeof tag, "[%s] ", rt_level_names[level]);
        rv_write(vm, tag, strlen(tag));
        rv_write(vm, b.p, b.len);
        rv_write(vm, "\n", 1);
    }
    rv_buf_release(&b);
    return RV_NIL;
}

static RvValue rt_log_debug(RvVM *vm, int argc, RvValue *argv)
{
    return rt_log_at(vm, RT_LOG_DEBUG, argc, argv);
}
static RvValue rt_log_info(RvVM *vm, int argc, RvValue *argv)
{
    return rt_log_at(vm, RT_LOG_INFO, argc, argv);
}
static RvValue rt_log_warn(RvVM *vm, int argc, RvValue *argv)
{
    return rt_log_at(vm, RT_LOG_WARN, argc, argv);
}
static RvValue rt_log_error(RvVM *vm, int argc, RvValue *argv)
{
    return rt_log_at(vm, RT_LOG_ERROR, argc, argv);
}

void rt_stdlib_init(RvVM *vm)
{
    rs_register_all(vm);
    rv_register_builtin(vm, "log_debug", rt_log_debug, 0, -1);
    rv_register_builtin(vm, "log_info", rt_log_info, 0, -1);
    rv_register_builtin(vm, "log_warn", rt_log_warn, 0, -1);
    rv_register_builtin(vm, "log_error", rt_log_error, 0, -1);
    if (rt_log.json) {
        rv_register_builtin(vm, "println", rt_json_println, 0, -1);
        rv_register_builtin(vm, "print", rt_json_print, 0, -1);
    }
}

/* ----------------------------------------------------------- output --- */

void rt_log_flush(RvVM *vm)
{
    if (rt_log.json && rt_log.plen > 0) {
        rt_log_record(vm, RT_LOG_INFO, rt_log.pending, rt_log.plen);
        rt_log.plen = 0;
    }
    rv_flush(vm);
}

void rt_log_runtime(RvVM *vm, int level, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!rt_log.json) {
        if (vm)
            rv_flush(vm);
        fprintf(stderr, "%s %s\n", rt_level_names[level], msg);
        fflush(stderr);
        return;
    }
    rt_log_record(vm, level, msg, strlen(msg));
    if (vm)
        rv_flush(vm);
}
