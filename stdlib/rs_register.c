/* rs_register.c — installs the builtin and method tables into a VM.
 *
 * The tables (rs_builtins.def, rs_methods.def) are the only place a native
 * is named; this file turns them into arrays and registers each entry.
 * Shared helpers used by several stdlib files (rs_pin) live here too.
 */
#include "rs.h"

typedef struct RsBuiltinDef {
    const char *name;
    RvCFn fn;
    int min, max;
} RsBuiltinDef;

typedef struct RsMethodDef {
    RvMethodClass mc;
    const char *name;
    RvCFn fn;
    int min, max;
} RsMethodDef;

static const RsBuiltinDef rs_builtin_table[] = {
#define BUILTIN(name, fn, min, max) { name, fn, min, max },
#include "rs_builtins.def"
#undef BUILTIN
};

static const RsMethodDef rs_method_table[] = {
#define METHOD(mc, name, fn, min, max) { mc, name, fn, min, max },
#include "rs_methods.def"
#undef METHOD
};

/* Register every entry of both tables. Allocates the native objects in the
 * program heap (through the VM's registry). */
void rs_register_all(RvVM *vm)
{
    RvHeapId prev = rv_heap_target(vm, RV_HEAP_PROGRAM);
    size_t nb = sizeof rs_builtin_table / sizeof rs_builtin_table[0];
    for (size_t i = 0; i < nb; i++) {
        const RsBuiltinDef *d = &rs_builtin_table[i];
        rv_register_builtin(vm, d->name, d->fn, d->min, d->max);
    }
    size_t nm = sizeof rs_method_table / sizeof rs_method_table[0];
    for (size_t i = 0; i < nm; i++) {
        const RsMethodDef *d = &rs_method_table[i];
        rv_register_method(vm, d->mc, d->name, d->fn, d->min, d->max);
    }
    rv_heap_target(vm, prev);
}

/* See rs.h. Allocates the holder in the current heap. */
RvArray *rs_pin(RvVM *vm, RvValue *slot)
{
    RvValue holder = rv_array_new(vm, 4);
    RvArray *h = RV_AS_ARRAY(holder);
    rv_array_push(vm, h, *slot);
    *slot = holder;
    return h;
}

/* See rs.h. Never returns. */
_Noreturn void rs_bad_arg(RvVM *vm, const char *fn, int argn, const char *expected,
                          RvValue got)
{
    if (argn == 0)
        rv_throw(vm, RV_E_TYPE, "%s() receiver must be %s, got %s", fn, expected,
                 rv_type_name(got));
    rv_throw(vm, RV_E_TYPE, "%s() argument %d must be %s, got %s", fn, argn, expected,
             rv_type_name(got));
}
