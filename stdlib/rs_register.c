/* rs_register.c — installs the builtin and method tables into a VM.
 *
 * The tables (rs_builtins.def, rs_methods.def) are the only place a native
 * is named; this file turns them into one constant RvNativeSet (rv.h) and
 * hands it to the VM in one call (a cold start pays nothing per entry).
 * Shared helpers used by several stdlib files (rs_pin) live here too.
 *
 * The set is compact: per native one function pointer and a 4-byte
 * RvNativeInfo, the names in one blob, and the RvNative objects in
 * zero-initialised storage (no file size) that the VM fills in on demand.
 * The blob holds each distinct name once (len of strings, arrays and maps
 * is one "len"), and a name that ends another is its tail. C cannot
 * compare strings at compile time, so the build generates the blob from
 * the .def files (scripts/native-names.awk writes stdlib/rs_names.h in
 * the build directory) with, per entry, its name's offset and length,
 * named after the entry's line in its .def: rs_off_b_LINE for a builtin,
 * rs_off_m_LINE for a method. An entry picks up its own with __LINE__, so
 * every entry must be on a line of its own (the generator checks), and
 * its name's length must be the generated one (checked below: a header
 * out of step with the .def does not compile).
 */
#include "rs.h"
/* Generated in the build tree: found through Automake's -I. (the top
 * build directory). */
#include "stdlib/rs_names.h"

/* The generated value prefix##__LINE__ of the entry on the current line
 * (the second level makes __LINE__ expand before the paste). */
#define RS_CAT_(a, b) a##b
#define RS_CAT(a, b) RS_CAT_(a, b)
#define RS_AT_LINE(prefix) RS_CAT(prefix, __LINE__)

/* Per entry, at file scope: its name is the generated one's length, and it
 * fits RvNativeInfo. */
#define RS_CHECK(off, len, name, min, max, mc)                                \
    _Static_assert((len) == sizeof(name) - 1 &&                               \
                   (off) + sizeof(name) <= RS_NAMES_SIZE,                     \
                   "stdlib/rs_names.h out of step with the .def: " name);     \
    _Static_assert(RV_NI_FITS(off, len, min, max, mc),                        \
                   "native does not fit RvNativeInfo: " name);
#define BUILTIN(name, fn, min, max) \
    RS_CHECK(RS_AT_LINE(rs_off_b_), RS_AT_LINE(rs_len_b_), name, min, max, 0)
#define METHOD(mc, name, fn, min, max) \
    RS_CHECK(RS_AT_LINE(rs_off_m_), RS_AT_LINE(rs_len_m_), name, min, max, mc)
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD

static const char rs_names[] = RS_NAMES_BLOB;
_Static_assert(sizeof rs_names == RS_NAMES_SIZE, "stdlib/rs_names.h: blob size");
_Static_assert(RS_NAMES_SIZE <= RV_NI_OFF_LIMIT, "names blob too big for RvNativeInfo");

/* Entry counts. */
#define BUILTIN(name, fn, min, max) +1
enum { RS_NBUILTINS = 0
#include "rs_builtins.def"
};
#undef BUILTIN
#define METHOD(mc, name, fn, min, max) +1
enum { RS_NMETHODS = 0
#include "rs_methods.def"
};
#undef METHOD

/* Native k: builtins first (builtin i is native i), then the methods. */
static const RvCFn rs_fns[] = {
#define BUILTIN(name, fn, min, max) fn,
#define METHOD(mc, name, fn, min, max) fn,
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
};

static const RvNativeInfo rs_info[] = {
#define BUILTIN(name, fn, min, max) \
    RV_NI(RS_AT_LINE(rs_off_b_), RS_AT_LINE(rs_len_b_), min, max, 0),
#define METHOD(mc, name, fn, min, max) \
    RV_NI(RS_AT_LINE(rs_off_m_), RS_AT_LINE(rs_len_m_), min, max, mc),
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
};

/* The natives' objects (bss), filled in by the VM when needed. */
static RvNative rs_objs[RS_NBUILTINS + RS_NMETHODS];

static const RvNativeSet rs_natives = {
    .names = rs_names,
    .fns = rs_fns,
    .info = rs_info,
    .nbuiltins = RS_NBUILTINS,
    .nmethods = RS_NMETHODS,
    .objs = rs_objs,
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
