/* rs_register.c — installs the builtin and method tables into a VM.
 *
 * The tables (rs_builtins.def, rs_methods.def) are the only place a native
 * is named; this file turns them into static arrays of natives and hands
 * them to the VM in one call (a cold start pays nothing per entry).
 * Shared helpers used by several stdlib files (rs_pin) live here too.
 */
#include "rs.h"

/* The natives, in static storage: builtin i is rs_builtins[i]. */
static RvNative rs_builtins[] = {
#define BUILTIN(name, fn, min, max) RV_STATIC_NATIVE(name, fn, min, max, 0),
#include "rs_builtins.def"
#undef BUILTIN
};

static RvNative rs_methods[] = {
#define METHOD(mc, name, fn, min, max) RV_STATIC_NATIVE(name, fn, min, max, mc),
#include "rs_methods.def"
#undef METHOD
};

static const RvNativeSet rs_natives = {
    rs_builtins, sizeof rs_builtins / sizeof rs_builtins[0],
    rs_methods, sizeof rs_methods / sizeof rs_methods[0],
};

/* Install both tables (rv_use_natives: nothing is interned or allocated per
 * entry). */
void rs_register_all(RvVM *vm)
{
    rv_use_natives(vm, &rs_natives);
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
