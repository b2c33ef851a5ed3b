/* rt_handler.c — handler resolution and INIT (DESIGN §6, issue 4).
 *
 * INIT = read the file, compile it, run its top level once (main() is not
 * called), then find the handler:
 *   1. a top-level function FUNC;
 *   2. compatibility: FUNC defined directly inside main() (and not at top
 *      level): main() runs once and the nested function is used. It must
 *      not capture main()'s local variables (it gets no frame to live in).
 * Calling convention: as many of (event, context) as the function declares,
 * except the legacy ruchy-lambda form lambda_handler(request_id: &str,
 * body: &str) -> String, recognised by two parameters whose first is
 * annotated as a string (or named request_id); $RUCHY_HANDLER_SIGNATURE=
 * legacy|event overrides the detection.
 *
 * Failures carry the errorType Lambda shows: Runtime.MalformedHandlerName,
 * Runtime.ImportModuleError (file missing), Runtime.UserCodeSyntaxError,
 * Runtime.InitError (top level or main() threw), Runtime.HandlerNotFound.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "rc.h"
#include "rt.h"
#include "rt_lambda.h"
#include "rv_proto.h"

/* --------------------------------------------------------- messages --- */

static char *rt_vstrdupf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* Fill err with type and a formatted message; returns false (for chaining). */
static bool rt_fail(RtInitError *err, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool rt_fail(RtInitError *err, const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->type = type;
    err->message = rt_vstrdupf(fmt, ap);
    va_end(ap);
    return false;
}

/* Text written by fn(arg, FILE*) as a malloc'd string (open_memstream). */
static char *rt_capture(void (*fn)(void *, FILE *), void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fn(arg, f);
    fclose(f);
    while (len > 0 && buf[len - 1] == '\n')
        buf[--len] = '\0';
    return buf;
}

static void rt_print_diags(void *d, FILE *f)
{
    rc_diags_print(d, f);
}

typedef struct { RvVM *vm; RvValue err; } RtErrArg;

static void rt_print_error(void *a, FILE *f)
{
    RtErrArg *e = a;
    rv_error_print(e->vm, e->err, f);
}

void rt_init_error_free(RtInitError *err)
{
    if (!err)
        return;
    free(err->message);
    err->message = NULL;
    err->type = NULL;
}

/* ------------------------------------------------------- resolution --- */

bool rt_handler_resolve(const char *spec, const char *root, char **path, char **func,
                        RtInitError *err)
{
    *path = *func = NULL;
    const char *dot = spec ? strrchr(spec, '.') : NULL;
    const char *slash = spec ? strrchr(spec, '/') : NULL;
    if (!spec || !dot || dot == spec || !dot[1] || (slash && slash > dot) ||
        (slash && slash + 1 == dot))
        return rt_fail(err, "Runtime.MalformedHandlerName",
                       "Bad handler '%s': expected FILE.FUNCTION (e.g. main.handler), "
                       "FILE relative to LAMBDA_TASK_ROOT without .ruchy",
                       spec ? spec : "(unset _HANDLER)");
    if (!root || !*root)
        root = ".";
    size_t n = strlen(root) + 1 + (size_t)(dot - spec) + sizeof ".ruchy";
    *path = malloc(n);
    *func = strdup(dot + 1);
    if (!*path || !*func) {
        free(*path);
        free(*func);
        *path = *func = NULL;
        return rt_fail(err, "Runtime.Unknown", "out of memory");
    }
    snprintf(*path, n, "%s/%.*s.ruchy", root, (int)(dot - spec), spec);
    return true;
}

static bool rt_is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

bool rt_handler_resolve_cli(const char *spec, char **path, char **func,
                            RtInitError *err)
{
    *path = *func = NULL;
    const char *dot = strrchr(spec, '.');
    const char *slash = strrchr(spec, '/');
    bool split = !rt_is_file(spec) && dot && dot != spec && dot[1] && !(slash && slash > dot);
    size_t flen = split ? (size_t)(dot - spec) : strlen(spec);
    *path = malloc(flen + sizeof ".ruchy");
    *func = strdup(split ? dot + 1 : "handler");
    if (!*path || !*func) {
        free(*path);
        free(*func);
        *path = *func = NULL;
        return rt_fail(err, "Runtime.Unknown", "out of memory");
    }
    memcpy(*path, spec, flen);
    (*path)[flen] = '\0';
    if (!rt_is_file(*path))
        strcat(*path, ".ruchy");
    return true;
}

/* ------------------------------------------------ calling convention --- */

static bool rt_word_at(const char *s, const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'));
}

/* First parameter text of "fun NAME(" / "fn NAME(" in src, into out. */
static bool rt_first_param(const char *src, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    for (const char *p = strstr(src, name); p; p = strstr(p + 1, name)) {
        const char *q = p;
        while (q > src && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        bool decl = (q - src >= 3 && rt_word_at(src, q - 3, "fun")) ||
                    (q - src >= 2 && rt_word_at(src, q - 2, "fn"));
        const char *r = p + n;
        while (*r == ' ' || *r == '\t')
            r++;
        if (!decl || q == p || *r != '(')
            continue;
        size_t k = 0;
        for (r++; *r && *r != ',' && *r != ')' && k + 1 < cap; r++)
            out[k++] = *r;
        out[k] = '\0';
        return true;
    }
    return false;
}

/* The legacy form: (request_id: &str, body: &str) -> String. */
static bool rt_detect_legacy(const char *src, const char *func, int nparams)
{
    const char *force = getenv("RUCHY_HANDLER_SIGNATURE");
    if (force && strcmp(force, "legacy") == 0)
        return true;
    if ((force && strcmp(force, "event") == 0) || nparams != 2)
        return false;
    char p[128];
    if (!rt_first_param(src, func, p, sizeof p))
        return false;
    const char *colon = strchr(p, ':');
    if (colon) {
        const char *t = colon + 1;
        while (*t == ' ' || *t == '&')
            t++;
        if (strncmp(t, "str", 3) == 0 || strncmp(t, "String", 6) == 0)
            return true;
    }
    const char *nm = p;
    while (*nm == ' ')
        nm++;
    return strncmp(nm, "request_id", 10) == 0 || strncmp(nm, "req_id", 6) == 0;
}

static int rt_arity(RvValue fn)
{
    int n = 2;
    if (RV_IS_CLOSURE(fn))
        n = RV_AS_CLOSURE(fn)->proto->nparams;
    else if (RV_IS_NATIVE(fn) && RV_AS_NATIVE(fn)->max_args >= 0)
        n = RV_AS_NATIVE(fn)->max_args;
    return n > 2 ? 2 : n;
}

/* ------------------------------------------------------------- INIT --- */

/* Compatibility: func nested directly in main(). Runs main() once. */
static bool rt_from_main(RtHandler *h, const char *func, RtInitError *err)
{
    RvValue main_fn, res;
    if (!rv_global_get(h->vm, "main", &main_fn) || !RV_IS_CLOSURE(main_fn))
        return rt_fail(err, "Runtime.HandlerNotFound",
                       "%s.%s is undefined: no top-level function '%s' in %s",
                       h->path, func, func, h->path);
    RvProto *mp = RV_AS_CLOSURE(main_fn)->proto, *hp = NULL;
    for (uint32_t i = 0; i < mp->nprotos && !hp; i++)
        if (mp->protos[i]->name && strcmp(mp->protos[i]->name->data, func) == 0)
            hp = mp->protos[i];
    if (!hp)
        return rt_fail(err, "Runtime.HandlerNotFound",
                       "%s.%s is undefined: no function '%s' at top level or inside main()",
                       h->path, func, func);
    if (hp->nupvals > 0)
        return rt_fail(err, "Runtime.HandlerNotFound",
                       "%s.%s is defined inside main() and uses main()'s local variables; "
                       "define it at top level", h->path, func);
    if (rv_pcall(h->vm, main_fn, 0, NULL, &res)) {
        RtErrArg a = { h->vm, res };
        char *text = rt_capture(rt_print_error, &a);
        rt_fail(err, "Runtime.InitError", "main() failed during INIT: %s", text ? text : "?");
        free(text);
        return false;
    }
    RvClosure *cl = (RvClosure *)rv_obj_alloc_in(h->vm, RV_HEAP_PROGRAM, RV_K_CLOSURE,
                                                 sizeof(RvClosure));
    cl->proto = hp;
    cl->nup = 0;
    h->fn = RV_OBJ(cl);
    return true;
}

/* Compile and run the top level. */
static bool rt_compile_run(RtHandler *h, const char *src, size_t len, const char *display,
                           RtInitError *err)
{
    RcDiags d;
    rc_diags_init(&d, display, src);
    RvProto *chunk = rc_compile_ex(h->vm, display, src, len, &d, RC_OPT_GLOBALS);
    if (!chunk || d.n > 0) {
        char *text = rt_capture(rt_print_diags, &d);
        rt_fail(err, "Runtime.UserCodeSyntaxError", "%s", text ? text : "compile error");
        free(text);
        rc_diags_free(&d);
        return false;
    }
    rc_diags_free(&d);
    RvValue e;
    if (rv_run_main(h->vm, chunk, &e)) {
        RtErrArg a = { h->vm, e };
        char *text = rt_capture(rt_print_error, &a);
        rt_fail(err, "Runtime.InitError", "%s", text ? text : "top level failed");
        free(text);
        return false;
    }
    return true;
}

/* Find func and its convention once the top level ran. */
static bool rt_bind(RtHandler *h, const char *src, const char *func, RtInitError *err)
{
    RvValue fn;
    if (rv_global_get(h->vm, func, &fn)) {
        if (!RV_IS_CALLABLE(fn))
            return rt_fail(err, "Runtime.HandlerNotFound",
                           "%s.%s is not a function (it is %s)", h->path, func,
                           rv_type_name(fn));
        h->fn = fn;
    } else if (!rt_from_main(h, func, err)) {
        return false;
    }
    int arity = rt_arity(h->fn);
    h->legacy = rt_detect_legacy(src, func, arity);
    h->nargs = arity;
    return true;
}

bool rt_handler_load(RtHandler *h, const char *path, const char *display,
                     const char *func, FILE *out, RtInitError *err)
{
    memset(h, 0, sizeof *h);
    memset(err, 0, sizeof *err);
    size_t len;
    char *src = rt_read_file(path, &len);
    if (!src)
        return rt_fail(err, "Runtime.ImportModuleError", "Cannot load handler file '%s': %s",
                       path, strerror(errno));
    h->path = strdup(display ? display : path);
    h->func = strdup(func);
    rv_set_stdlib_init(rt_stdlib_init);
    h->vm = rv_vm_new();
    bool ok = h->path && h->func && h->vm;
    if (h->vm && out)
        rv_set_output(h->vm, out);
    if (!ok)
        rt_fail(err, "Runtime.Unknown", "out of memory");
    ok = ok && rt_compile_run(h, src, len, h->path, err) && rt_bind(h, src, func, err);
    if (h->vm)
        rv_flush(h->vm);
    free(src);
    if (!ok)
        rt_handler_free(h);
    return ok;
}

void rt_handler_free(RtHandler *h)
{
    if (!h)
        return;
    if (h->vm)
        rv_vm_free(h->vm);
    free(h->path);
    free(h->func);
    memset(h, 0, sizeof *h);
}
