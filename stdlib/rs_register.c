/* rs_register.c — installs the builtin and method tables into a VM.
 *
 * The tables (rs_builtins.def, rs_methods.def) are the only place a native
 * is named; this file turns them into one constant RvNativeSet (rv.h) and
 * hands it to the VM in one call (a cold start pays nothing per entry).
 * Shared helpers used by several stdlib files (rs_pin) live here too.
 *
 * The set is compact: per native one function pointer and a 6-byte
 * RvNativeInfo, all names in one blob, and the RvNative objects in
 * zero-initialised storage (no file size) that the VM fills in on demand.
 * The blob is built in standard C: struct rs_names has one char array
 * member per entry, initialised with its name (NUL included); char arrays
 * need no padding (checked below), so the struct object is the names back
 * to back and offsetof gives each name's offset. A member is named after
 * its entry's line in the .def (b_LINE for builtins, m_LINE for methods),
 * so every entry must be on a line of its own: two on one line would
 * declare one member twice, which does not compile.
 */
#include "rs.h"

/* The blob member of the entry on the current line: prefix##__LINE__ (the
 * second level makes __LINE__ expand before the paste). */
#define RS_CAT_(a, b) a##b
#define RS_CAT(a, b) RS_CAT_(a, b)
#define RS_MEMBER(prefix) RS_CAT(prefix, __LINE__)

/* A blob member, checking that the entry fits RvNativeInfo (C11 allows a
 * static assertion among struct members). */
#define RS_NAME_DECL(member, name, min, max)                                  \
    _Static_assert(sizeof(name) <= 256 && (min) >= -1 && (min) <= 127 &&      \
                   (max) >= -1 && (max) <= 127, "native does not fit RvNativeInfo"); \
    char member[sizeof(name)];

static const struct rs_names {
#define BUILTIN(name, fn, min, max) RS_NAME_DECL(RS_MEMBER(b_), name, min, max)
#define METHOD(mc, name, fn, min, max) RS_NAME_DECL(RS_MEMBER(m_), name, min, max)
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
} rs_names = {
#define BUILTIN(name, fn, min, max) name,
#define METHOD(mc, name, fn, min, max) name,
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
};

/* Entry counts, and the blob's size if it has no padding. */
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
#define BUILTIN(name, fn, min, max) +sizeof(name)
#define METHOD(mc, name, fn, min, max) +sizeof(name)
enum { RS_NAMES_SIZE = 0
#include "rs_builtins.def"
#include "rs_methods.def"
};
#undef BUILTIN
#undef METHOD
_Static_assert(sizeof rs_names == RS_NAMES_SIZE, "padding in the names blob");
_Static_assert(RS_NAMES_SIZE <= 65536, "names blob too big for uint16_t offsets");

/* Native k: builtins first (builtin i is native i), then the methods. */
static const RvCFn rs_fns[] = {
#define BUILTIN(name, fn, min, max) fn,
#define METHOD(mc, name, fn, min, max) fn,
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
};

/* Descriptor of native k, naming its blob member. */
#define RS_INFO(member, name, min, max, mc) \
    { offsetof(struct rs_names, member), sizeof(name) - 1, min, max, mc }

static const RvNativeInfo rs_info[] = {
#define BUILTIN(name, fn, min, max) RS_INFO(RS_MEMBER(b_), name, min, max, 0),
#define METHOD(mc, name, fn, min, max) RS_INFO(RS_MEMBER(m_), name, min, max, mc),
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD
};

/* The natives' objects (bss), filled in by the VM when needed. */
static RvNative rs_objs[RS_NBUILTINS + RS_NMETHODS];

static const RvNativeSet rs_natives = {
    .names = (const char *)&rs_names,
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
