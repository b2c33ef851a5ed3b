/* stdlib_harness.h — helpers for test_stdlib.c (included once, by it alone):
 * a real VM with the stdlib registered, test callbacks registered as
 * builtins, and calls of natives inside a protected boundary of our own so
 * that a throw lands back in the test with its kind and message.
 */
#ifndef STDLIB_HARNESS_H
#define STDLIB_HARNESS_H

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rv_vm.h"
#include "rs.h"

static RvVM *vm;
static FILE *out_f;
static char *out_buf;
static size_t out_len;

/* ---------------------------------------------------- test callbacks --- */

static RvValue t_double(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_INT(RV_AS_INT(a[0]) * 2); }
static RvValue t_even(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_BOOL(RV_AS_INT(a[0]) % 2 == 0); }
static RvValue t_add(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_INT(RV_AS_INT(a[0]) + RV_AS_INT(a[1])); }
static RvValue t_desc(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_INT(RV_AS_INT(a[1]) - RV_AS_INT(a[0])); }
static RvValue t_slen(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_INT(RV_AS_STR(a[0])->len); }
static RvValue t_forty_two(RvVM *v, int c, RvValue *a) { (void)v; (void)c; (void)a; return RV_INT(42); }
static RvValue t_some_even(RvVM *v, int c, RvValue *a)
{
    (void)c;
    return RV_AS_INT(a[0]) % 2 == 0 ? rv_some(v, RV_INT(RV_AS_INT(a[0]) * 10)) : rv_none(v);
}
static RvValue t_pair(RvVM *v, int c, RvValue *a) { (void)c; return rv_array_from(v, 2, (RvValue[]){ a[0], a[0] }); }
static RvValue t_boom(RvVM *v, int c, RvValue *a) { (void)c; (void)a; rv_throw(v, RV_E_VALUE, "boom"); }
static RvValue t_neg(RvVM *v, int c, RvValue *a) { (void)v; (void)c; return RV_INT(-RV_AS_INT(a[0])); }
static RvValue t_str(RvVM *v, int c, RvValue *a) { (void)c; return rv_to_str(v, a[0]); }
/* Pops the receiver captured in the global "victim" on every call. */
static RvValue t_popper(RvVM *v, int c, RvValue *a)
{
    (void)c;
    RvValue arr;
    if (rv_global_get(v, "victim", &arr) && RV_AS_ARRAY(arr)->len > 0)
        RV_AS_ARRAY(arr)->len--;
    return a[0];
}

static RvValue fnv(const char *name)
{
    return rv_builtin_value(vm, rv_builtin_index(vm, name, strlen(name)));
}

static void setup(void)
{
    rv_set_stdlib_init(rs_register_all);
    vm = rv_vm_new();
    out_f = open_memstream(&out_buf, &out_len);
    rv_set_output(vm, out_f);
    rv_register_builtin(vm, "t_double", t_double, 1, 1);
    rv_register_builtin(vm, "t_even", t_even, 1, 1);
    rv_register_builtin(vm, "t_add", t_add, 2, 2);
    rv_register_builtin(vm, "t_desc", t_desc, 2, 2);
    rv_register_builtin(vm, "t_slen", t_slen, 1, 1);
    rv_register_builtin(vm, "t_42", t_forty_two, 0, 1);
    rv_register_builtin(vm, "t_some_even", t_some_even, 1, 1);
    rv_register_builtin(vm, "t_pair", t_pair, 1, 1);
    rv_register_builtin(vm, "t_boom", t_boom, 0, -1);
    rv_register_builtin(vm, "t_neg", t_neg, 1, 1);
    rv_register_builtin(vm, "t_str", t_str, 1, 1);
    rv_register_builtin(vm, "t_popper", t_popper, 1, 1);
}

static void teardown(void)
{
    rv_vm_free(vm);
    fclose(out_f);
    free(out_buf);
}


/* ------------------------------------------------------------ harness --- */

static int last_kind;
static char last_msg[1024];

/* Call fn inside a protected boundary: true when it returned normally. */
static bool protect(RvCFn fn, int argc, RvValue *argv, RvValue *out)
{
    RvJmp j;
    j.prev = vm->jmp;
    j.nframes = vm->nframes;
    j.reentry = vm->reentry;
    j.top = vm->stack;
    vm->jmp = &j;
    if (setjmp(j.jb) == 0) {
        *out = fn(vm, argc, argv);
        vm->jmp = j.prev;
        return true;
    }
    vm->jmp = j.prev;
    vm->nframes = j.nframes;
    vm->reentry = j.reentry;
    RvError *e = RV_AS_ERROR(vm->error);
    last_kind = e->ekind;
    snprintf(last_msg, sizeof last_msg, "%s", e->msg ? e->msg->data : "");
    vm->error = RV_NIL;
    return false;
}

/* Look up a method and check its arity the way the VM does. */
static RvCFn method(const char *name, int argc, RvValue *argv)
{
    const RvNative *n = rv_method_find(vm, argv[0], rv_sym(vm, name, strlen(name)));
    cr_assert(n, "no method %s on %s", name, rv_type_name(argv[0]));
    int na = argc - 1;
    cr_assert(na >= n->min_args && (n->max_args < 0 || na <= n->max_args),
              "%s: arity %d outside %d..%d", name, na, n->min_args, n->max_args);
    return n->fn;
}

static RvCFn builtin(const char *name, int argc)
{
    int i = rv_builtin_index(vm, name, strlen(name));
    cr_assert(i >= 0, "no builtin %s", name);
    const RvNative *n = RV_AS_NATIVE(rv_builtin_value(vm, i));
    cr_assert(argc >= n->min_args && (n->max_args < 0 || argc <= n->max_args),
              "%s: arity %d outside %d..%d", name, argc, n->min_args, n->max_args);
    return n->fn;
}

static RvValue ok_call(RvCFn fn, const char *name, int argc, RvValue *argv)
{
    RvValue r;
    cr_assert(protect(fn, argc, argv, &r), "%s threw: %s", name, last_msg);
    return r;
}

/* Expect a throw of kind whose message contains want (if not NULL). */
static void err_call(int kind, const char *want, RvCFn fn, const char *name, int argc,
                     RvValue *argv)
{
    RvValue r;
    cr_assert_not(protect(fn, argc, argv, &r), "%s did not throw", name);
    cr_assert_eq(last_kind, kind, "%s: kind %d (%s), wanted %d", name, last_kind, last_msg, kind);
    if (want)
        cr_assert(strstr(last_msg, want), "%s: message '%s' lacks '%s'", name, last_msg, want);
}

#define ARGS(...) (int)(sizeof((RvValue[]){ __VA_ARGS__ }) / sizeof(RvValue)), (RvValue[]){ __VA_ARGS__ }
#define M(name, ...) mcall(name, ARGS(__VA_ARGS__))
#define MERR(kind, want, name, ...) merr(kind, want, name, ARGS(__VA_ARGS__))
#define B(name, ...) bcall(name, ARGS(__VA_ARGS__))
#define B0(name) bcall(name, 0, NULL)
#define BERR(kind, want, name, ...) berr(kind, want, name, ARGS(__VA_ARGS__))

static RvValue mcall(const char *name, int argc, RvValue *argv)
{
    return ok_call(method(name, argc, argv), name, argc, argv);
}
static void merr(int kind, const char *want, const char *name, int argc, RvValue *argv)
{
    err_call(kind, want, method(name, argc, argv), name, argc, argv);
}
static RvValue bcall(const char *name, int argc, RvValue *argv)
{
    return ok_call(builtin(name, argc), name, argc, argv);
}
static void berr(int kind, const char *want, const char *name, int argc, RvValue *argv)
{
    err_call(kind, want, builtin(name, argc), name, argc, argv);
}

/* Display form with strings quoted (rotating buffers). */
static const char *sh(RvValue v)
{
    static char bufs[8][2048];
    static int k;
    char *o = bufs[k++ & 7];
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, v, RV_SHOW_REPR);
    snprintf(o, 2048, "%.*s", (int)b.len, b.p ? b.p : "");
    return o;
}

static const char *output(void)
{
    rv_flush(vm);
    fflush(out_f);
    return out_buf ? out_buf : "";
}

static RvValue S(const char *s) { return rv_str_cstr(vm, s); }
#define I(x) RV_INT(x)
#define F(x) RV_FLOAT(x)
#define A(...) rv_array_from(vm, ARGS(__VA_ARGS__))
#define T(...) rv_tuple_new(vm, ARGS(__VA_ARGS__))
#define A0 rv_array_new(vm, 0)

static RvValue map2(const char *k1, RvValue v1, const char *k2, RvValue v2)
{
    RvValue m = rv_map_new(vm, 0);
    rv_map_set(vm, RV_AS_MAP(m), S(k1), v1);
    rv_map_set(vm, RV_AS_MAP(m), S(k2), v2);
    return m;
}

static void eq_at(RvValue v, const char *text, int line)
{
    const char *got = sh(v);
    cr_assert(strcmp(got, text) == 0, "line %d: got `%s`, wanted `%s`", line, got, text);
}
#define EQ(v, text) eq_at((v), (text), __LINE__)

#endif
