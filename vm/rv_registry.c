/* rv_registry.c — the builtin and method registry, and argument checking
 * for natives.
 *
 * The stdlib's natives are static (rv_use_natives): constant tables of
 * functions, small descriptors and one names blob, turned into RvNative
 * objects in the set's own static storage when needed (the builtins at
 * rv_use_natives, a method when a lookup first finds it), so a cold start
 * interns and allocates nothing for them. Builtin i is vm->builtins[i] (the
 * compiler resolves a call to an index at compile time); a name is found by
 * scanning the static descriptors, or through vm->builtin_tab (by symbol)
 * for builtins registered one by one. Methods are found through one
 * open-addressing table per receiver class, keyed by the method name's
 * symbol id, with RV_MC_ANY as the last resort; the table caches what the
 * first lookup of each name found in the static set (or that it is absent).
 * Registered natives and the index array live in the program heap; the
 * lookup tables are malloc'd (they hold no values, and a first invocation
 * filling them touches no new heap pages).
 */
#include <stdlib.h>
#include <string.h>
#include "rv_vm.h"

#define TAB_MIN_CAP 16u
#define TAB_EMPTY UINT32_MAX

static inline uint32_t sym_slot(uint32_t sym, uint32_t cap)
{
    uint32_t h = sym * 0x9E3779B1u;
    return (h ^ (h >> 15)) & (cap - 1);
}

static RvNative *tab_get(const RvMethodTab *t, uint32_t sym)
{
    if (t->cap == 0)
        return NULL;
    for (uint32_t j = sym_slot(sym, t->cap);; j = (j + 1) & (t->cap - 1)) {
        if (t->syms[j] == sym)
            return t->fns[j];
        if (t->syms[j] == TAB_EMPTY)
            return NULL;
    }
}

/* Insert without growing; the table has a free slot. */
static void tab_insert(RvMethodTab *t, uint32_t sym, RvNative *fn)
{
    uint32_t j = sym_slot(sym, t->cap);
    while (t->syms[j] != TAB_EMPTY && t->syms[j] != sym)
        j = (j + 1) & (t->cap - 1);
    if (t->syms[j] == TAB_EMPTY)
        t->n++;
    t->syms[j] = sym;
    t->fns[j] = fn;
}

/* Set sym -> fn, growing to keep the load factor at most 1/2. */
static void tab_put(RvVM *vm, RvMethodTab *t, uint32_t sym, RvNative *fn)
{
    if ((t->n + 1) * 2 > t->cap) {
        RvMethodTab old = *t;
        uint32_t cap = old.cap ? old.cap * 2 : TAB_MIN_CAP;
        uint32_t *syms = malloc(cap * sizeof *syms);
        RvNative **fns = malloc(cap * sizeof *fns);
        if (syms == NULL || fns == NULL) {
            free(syms);
            free(fns);
            rv_throw(vm, RV_E_MEMORY, "out of memory (method table)");
        }
        memset(syms, 0xff, cap * sizeof *syms);
        *t = (RvMethodTab){ syms, fns, 0, cap };
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.syms[i] != TAB_EMPTY)
                tab_insert(t, old.syms[i], old.fns[i]);
        free(old.syms);
        free(old.fns);
    }
    tab_insert(t, sym, fn);
}

/* See rv_vm.h. */
void rv_registry_free(RvVM *vm)
{
    for (int mc = 0; mc < RV_MC__COUNT; mc++) {
        free(vm->methods[mc].syms);
        free(vm->methods[mc].fns);
        vm->methods[mc] = (RvMethodTab){ 0 };
    }
    free(vm->builtin_tab.syms);
    free(vm->builtin_tab.fns);
    vm->builtin_tab = (RvMethodTab){ 0 };
}

static RvNative *native_new(RvVM *vm, const char *name, RvCFn fn, int min, int max)
{
    RvNative *n = (RvNative *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_NATIVE, sizeof(RvNative));
    n->name = name;
    n->fn = fn;
    n->min_args = (int16_t)min;
    n->max_args = (int16_t)max;
    n->name_len = (uint16_t)strlen(name);
    n->h.flags |= RV_OF_FROZEN;
    return n;
}

/* The native that marks "looked up, not there" in a method cache. */
static RvNative absent;

/* ------------------------------------------------------ static natives --- */

/* The object of native k of set: fills set->objs[k] from the constant
 * tables (always with the same contents, so it may run again at any time)
 * and returns it. Field by field: a compound literal would clear the
 * whole object first, at a cold start once per builtin. */
static RvNative *static_native(const RvNativeSet *set, uint32_t k)
{
    RvNativeInfo in = set->info[k];
    RvNative *n = &set->objs[k];
    n->h = (RvObj){ .kind = RV_K_NATIVE, .flags = RV_OF_FROZEN, .heap = RV_HEAP_PROGRAM };
    n->name = set->names + rv_ni_off(in);
    n->fn = set->fns[k];
    n->min_args = (int16_t)rv_ni_min(in);
    n->max_args = (int16_t)rv_ni_max(in);
    n->name_len = (uint16_t)rv_ni_len(in);
    n->mclass = (uint8_t)rv_ni_class(in);
    return n;
}

/* Whether the name of the native described by in, whose length the caller
 * has found to be n, is name[0..n). The scans test the length themselves
 * (with the class: RV_NI_KEY): most entries fail it, and a call per entry
 * showed up in the cold start. Inline: at -Oz a call on each length match
 * cost the cold start some 650 instructions. */
static inline bool static_name_bytes(const char *names, RvNativeInfo in, const char *name,
                                     size_t n)
{
    const char *s = names + rv_ni_off(in);
    return s[0] == name[0] && memcmp(s, name, n) == 0;
}

/* ----------------------------------------------------------- builtins --- */

/* Make room for one more builtin index. */
static void builtins_grow(RvVM *vm)
{
    if (vm->nbuiltins < vm->builtins_cap)
        return;
    uint32_t cap = vm->builtins_cap ? vm->builtins_cap * 2 : 64;
    vm->builtins = rv_realloc_in(vm, RV_HEAP_PROGRAM, vm->builtins,
                                 vm->builtins_cap * sizeof(RvNative *),
                                 cap * sizeof(RvNative *));
    vm->builtins_cap = cap;
}

void rv_use_natives(RvVM *vm, const RvNativeSet *set)
{
    vm->natives = set;
    uint32_t cap = set->nbuiltins + 16;
    vm->builtins = rv_alloc_in(vm, RV_HEAP_PROGRAM, cap * sizeof(RvNative *));
    vm->builtins_cap = cap;
    for (uint32_t i = 0; i < set->nbuiltins; i++)
        vm->builtins[i] = static_native(set, i);
    vm->nbuiltins = set->nbuiltins;
}

/* Index of the static builtin called name[0..n), -1 if none. */
static int static_builtin(const RvVM *vm, const char *name, size_t n)
{
    const RvNativeSet *set = vm->natives;
    if (!set || n > RV_NI_LEN_MAX)
        return -1;
    const RvNativeInfo *info = set->info;
    for (uint32_t i = 0; i < set->nbuiltins; i++)
        if ((info[i] & RV_NI_BUILTIN_KEY_MASK) == n &&
            static_name_bytes(set->names, info[i], name, n))
            return (int)i;
    return -1;
}

/* Index of builtin name[0..n) (registered or static), -1 if none. */
static int find_builtin(RvVM *vm, const char *name, size_t n)
{
    if (vm->builtin_tab.n > 0) {
        RvNative *nat = tab_get(&vm->builtin_tab, rv_sym(vm, name, n));
        if (nat)
            return (int)nat->h.aux;
    }
    return static_builtin(vm, name, n);
}

int rv_register_builtin(RvVM *vm, const char *name, RvCFn fn, int min, int max)
{
    RvNative *n = native_new(vm, name, fn, min, max);
    int i = find_builtin(vm, name, n->name_len);
    if (i < 0) {                      /* a new name: the next index */
        builtins_grow(vm);
        i = (int)vm->nbuiltins++;
    }
    n->h.aux = (uint32_t)i;
    vm->builtins[i] = n;              /* re-registration keeps the index */
    tab_put(vm, &vm->builtin_tab, rv_sym(vm, name, n->name_len), n);
    return i;
}

/* Index of builtin name[0..n), -1 if none. Interns nothing unless builtins
 * were registered one by one. */
int rv_builtin_index(RvVM *vm, const char *name, size_t n)
{
    if (vm->nbuiltins == 0 || n == 0)
        return -1;
    return find_builtin(vm, name, n);
}

/* Native value of builtin i, nil when out of range. */
RvValue rv_builtin_value(RvVM *vm, int i)
{
    if (i < 0 || (uint32_t)i >= vm->nbuiltins)
        return RV_NIL;
    return RV_OBJ(vm->builtins[i]);
}

/* ------------------------------------------------------------ methods --- */

void rv_register_method(RvVM *vm, RvMethodClass mc, const char *name, RvCFn fn,
                        int min, int max)
{
    if ((unsigned)mc >= RV_MC__COUNT)
        return;
    uint32_t sym = rv_sym(vm, name, strlen(name));
    tab_put(vm, &vm->methods[mc], sym, native_new(vm, name, fn, min, max));
}

/* The static method of class mc named sym (its object filled in), or
 * &absent. */
static RvNative *static_method(RvVM *vm, RvMethodClass mc, uint32_t sym)
{
    const RvNativeSet *set = vm->natives;
    if (!set)
        return &absent;
    const RvStr *s = rv_sym_str(vm, sym);
    if (s->len > RV_NI_LEN_MAX)
        return &absent;
    RvNativeInfo key = RV_NI_KEY(s->len, mc);
    const RvNativeInfo *info = set->info;
    uint32_t end = set->nbuiltins + set->nmethods;
    for (uint32_t k = set->nbuiltins; k < end; k++)
        if ((info[k] & RV_NI_KEY_MASK) == key &&
            static_name_bytes(set->names, info[k], s->data, s->len))
            return static_native(set, k);
    return &absent;
}

/* Native of class mc for sym, NULL if none; the first lookup of each
 * (class, symbol) scans the static set and caches the answer. */
static const RvNative *class_method(RvVM *vm, RvMethodClass mc, uint32_t sym)
{
    RvMethodTab *t = &vm->methods[mc];
    RvNative *n = tab_get(t, sym);
    if (!n) {
        n = static_method(vm, mc, sym);
        tab_put(vm, t, sym, n);
    }
    return n == &absent ? NULL : n;
}

/* Native for (class of recv, sym): the class, then ENUM for Option and
 * Result, then ANY. NULL when none. Throws only MemoryError (the cache
 * is malloc'd). */
const RvNative *rv_method_find(RvVM *vm, RvValue recv, uint32_t sym)
{
    RvMethodClass mc = rv_method_class(vm, recv);
    const RvNative *n = class_method(vm, mc, sym);
    if (!n && (mc == RV_MC_OPTION || mc == RV_MC_RESULT))
        n = class_method(vm, RV_MC_ENUM, sym);
    if (!n && mc != RV_MC_ANY)
        n = class_method(vm, RV_MC_ANY, sym);
    return n;
}

/* ---------------------------------------------------- argument checks --- */

_Noreturn void rv_arg_error(RvVM *vm, const char *fn, int i, const char *expected,
                            RvValue got)
{
    rv_throw(vm, RV_E_TYPE, "%s() argument %d must be %s, got %s", fn, i + 1, expected,
             rv_type_name(got));
}

/* argv[i] as an integer, else TypeError. */
int64_t rv_arg_int(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_INT(argv[i]))
        rv_arg_error(vm, fn, i, "integer", argv[i]);
    return RV_AS_INT(argv[i]);
}

/* argv[i] (integer or float) as a double, else TypeError. */
double rv_arg_num(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_NUM(argv[i]))
        rv_arg_error(vm, fn, i, "number", argv[i]);
    return RV_AS_NUM(argv[i]);
}

/* argv[i] as a string, else TypeError. */
RvStr *rv_arg_str(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_STR(argv[i]))
        rv_arg_error(vm, fn, i, "string", argv[i]);
    return RV_AS_STR(argv[i]);
}

/* argv[i] as an array, else TypeError. */
RvArray *rv_arg_array(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_ARRAY(argv[i]))
        rv_arg_error(vm, fn, i, "array", argv[i]);
    return RV_AS_ARRAY(argv[i]);
}

/* argv[i] as a map, else TypeError. */
RvMap *rv_arg_map(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_MAP(argv[i]))
        rv_arg_error(vm, fn, i, "map", argv[i]);
    return RV_AS_MAP(argv[i]);
}

/* TypeError unless argv[i] is callable. */
void rv_arg_callable(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_CALLABLE(argv[i]))
        rv_arg_error(vm, fn, i, "function", argv[i]);
}
