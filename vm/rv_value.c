/* rv_value.c — equality, hashing, ordering and type names of values, method
 * classes, and the built-in enums Option and Result.
 *
 * rv_equal and rv_hash sit on the hot path of map lookups and `==`: the
 * cheap cases (same tag and bits, int/int, identical objects, interned
 * strings) come first; structural comparison happens only for containers.
 */
#include <math.h>
#include <string.h>
#include "rv_vm.h"

/* Nesting bound for structural equality/hash/compare: deeper (or cyclic)
 * structures compare unequal instead of overflowing the C stack. */
#define RV_EQ_MAX_DEPTH 2000

/* type_of names by object kind; keep in sync with RvKind (rv_value.h). */
static const char *const rv_kind_names[RV_K__COUNT] = {
    [RV_K_STR] = "string",       [RV_K_ARRAY] = "array",
    [RV_K_MAP] = "object",       [RV_K_TUPLE] = "tuple",
    [RV_K_RANGE] = "range",      [RV_K_CLOSURE] = "function",
    [RV_K_NATIVE] = "builtin_function", [RV_K_STRUCT] = "struct",
    [RV_K_ENUM] = "enum_variant", [RV_K_ERROR] = "error",
    [RV_K_UPVAL] = "upvalue",    [RV_K_PROTO] = "proto",
    [RV_K_TYPE] = "type",        [RV_K_BOUND] = "function",
};

/* type_of name of v (static string). Never throws. */
const char *rv_type_name(RvValue v)
{
    switch (v.tag) {
    case RV_T_NIL: return "nil";
    case RV_T_BOOL: return "boolean";
    case RV_T_INT: return "integer";
    case RV_T_FLOAT: return "float";
    default: break;
    }
    unsigned k = v.as.o->kind;
    return k < RV_K__COUNT && rv_kind_names[k] ? rv_kind_names[k] : "object";
}

/* --------------------------------------------------------------- equal --- */

/* Integer i and float f denote the same number exactly. */
static bool int_float_eq(int64_t i, double f)
{
    if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
        return false;
    return (double)(int64_t)f == f && (int64_t)f == i;
}

static bool equal_at(RvValue a, RvValue b, int depth);

static bool values_equal(const RvValue *a, const RvValue *b, uint32_t n, int depth)
{
    for (uint32_t i = 0; i < n; i++)
        if (!equal_at(a[i], b[i], depth))
            return false;
    return true;
}

static bool maps_equal(RvMap *a, RvMap *b, int depth)
{
    if (a->len != b->len)
        return false;
    uint32_t it = 0;
    RvValue k, v, w;
    while (rv_map_next(a, &it, &k, &v))
        if (!rv_map_get(b, k, &w) || !equal_at(v, w, depth))
            return false;
    return true;
}

static bool objs_equal(RvObj *a, RvObj *b, int depth)
{
    if (a->kind != b->kind || depth > RV_EQ_MAX_DEPTH)
        return false;
    switch (a->kind) {
    case RV_K_STR:
        return rv_str_eq((RvStr *)a, (RvStr *)b);
    case RV_K_ARRAY: {
        RvArray *x = (RvArray *)a, *y = (RvArray *)b;
        return x->len == y->len && values_equal(x->items, y->items, x->len, depth + 1);
    }
    case RV_K_TUPLE: {
        RvTuple *x = (RvTuple *)a, *y = (RvTuple *)b;
        return x->len == y->len && values_equal(x->items, y->items, x->len, depth + 1);
    }
    case RV_K_MAP:
        return maps_equal((RvMap *)a, (RvMap *)b, depth + 1);
    case RV_K_RANGE: {
        RvRange *x = (RvRange *)a, *y = (RvRange *)b;
        return x->lo == y->lo && x->hi == y->hi && x->incl == y->incl &&
               x->has_lo == y->has_lo && x->has_hi == y->has_hi;
    }
    case RV_K_ENUM: {
        RvEnum *x = (RvEnum *)a, *y = (RvEnum *)b;
        return x->type == y->type && x->variant == y->variant && x->n == y->n &&
               values_equal(x->f, y->f, x->n, depth + 1);
    }
    case RV_K_STRUCT: {
        RvStruct *x = (RvStruct *)a, *y = (RvStruct *)b;
        return x->type == y->type && x->n == y->n && values_equal(x->f, y->f, x->n, depth + 1);
    }
    case RV_K_BOUND: {
        RvBound *x = (RvBound *)a, *y = (RvBound *)b;
        return RV_IS_OBJ(x->recv) && RV_IS_OBJ(y->recv) && x->recv.as.o == y->recv.as.o &&
               x->fn.as.o == y->fn.as.o;
    }
    default:
        return false;   /* closures, natives, errors, types: identity only */
    }
}

static bool equal_at(RvValue a, RvValue b, int depth)
{
    if (a.tag == b.tag) {
        switch (a.tag) {
        case RV_T_NIL: return true;
        case RV_T_BOOL: return a.as.b == b.as.b;
        case RV_T_INT: return a.as.i == b.as.i;
        case RV_T_FLOAT: return a.as.f == b.as.f;
        default: return a.as.o == b.as.o || objs_equal(a.as.o, b.as.o, depth);
        }
    }
    if (a.tag == RV_T_INT && b.tag == RV_T_FLOAT)
        return int_float_eq(a.as.i, b.as.f);
    if (a.tag == RV_T_FLOAT && b.tag == RV_T_INT)
        return int_float_eq(b.as.i, a.as.f);
    return false;
}

/* Structural equality (see the contract in rv.h). Never throws. */
bool rv_equal(RvValue a, RvValue b)
{
    return equal_at(a, b, 0);
}

/* ---------------------------------------------------------------- hash --- */

static inline uint32_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (uint32_t)x ^ (uint32_t)(x >> 32);
}

static inline uint32_t combine(uint32_t h, uint32_t x)
{
    return (h ^ x) * 16777619u + 0x9e3779b9u;
}

static uint32_t hash_at(RvValue v, int depth);

static uint32_t hash_values(uint32_t h, const RvValue *a, uint32_t n, int depth)
{
    for (uint32_t i = 0; i < n; i++)
        h = combine(h, hash_at(a[i], depth));
    return h;
}

static uint32_t hash_obj(RvObj *o, int depth)
{
    if (depth > RV_EQ_MAX_DEPTH)
        return 7;
    switch (o->kind) {
    case RV_K_STR: return rv_str_hash((RvStr *)o);
    case RV_K_ARRAY: {
        RvArray *a = (RvArray *)o;
        return hash_values(0xA11A7u, a->items, a->len, depth + 1);
    }
    case RV_K_TUPLE: {
        RvTuple *t = (RvTuple *)o;
        return hash_values(0x7E9u, t->items, t->len, depth + 1);
    }
    case RV_K_MAP: {                 /* order-insensitive, like equality */
        RvMap *m = (RvMap *)o;
        uint32_t h = 0x3A9u + m->len, it = 0;
        RvValue k, v;
        while (rv_map_next(m, &it, &k, &v))
            h += mix64(((uint64_t)hash_at(k, depth + 1) << 32) | hash_at(v, depth + 1));
        return h;
    }
    case RV_K_RANGE: {
        RvRange *r = (RvRange *)o;
        return combine(mix64((uint64_t)r->lo), mix64((uint64_t)r->hi + r->incl));
    }
    case RV_K_ENUM: {
        RvEnum *e = (RvEnum *)o;
        uint32_t h = combine(mix64((uintptr_t)e->type), e->variant);
        return hash_values(h, e->f, e->n, depth + 1);
    }
    case RV_K_STRUCT: {
        RvStruct *s = (RvStruct *)o;
        return hash_values(mix64((uintptr_t)s->type), s->f, s->n, depth + 1);
    }
    case RV_K_BOUND:
        return mix64((uintptr_t)((RvBound *)o)->fn.as.o);
    default:
        return mix64((uintptr_t)o);
    }
}

static uint32_t hash_at(RvValue v, int depth)
{
    switch (v.tag) {
    case RV_T_NIL: return 0x6E11u;
    case RV_T_BOOL: return v.as.b ? 0xB001u : 0xB000u;
    case RV_T_INT: return mix64((uint64_t)v.as.i);
    case RV_T_FLOAT: {
        double f = v.as.f;
        if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && f == (double)(int64_t)f)
            return mix64((uint64_t)(int64_t)f);         /* 2.0 hashes like 2, -0.0 like 0 */
        uint64_t bits;
        memcpy(&bits, &f, sizeof bits);
        return mix64(bits ^ 0xF10A7ULL);
    }
    default: return hash_obj(v.as.o, depth);
    }
}

/* Hash consistent with rv_equal. Never throws. */
uint32_t rv_hash(RvValue v)
{
    if (RV_IS_STR(v))
        return rv_str_hash(RV_AS_STR(v));
    return hash_at(v, 0);
}

/* ------------------------------------------------------------- compare --- */

/* Exact order of integer i and float f (NaN sorts after every number). */
static int cmp_int_float(int64_t i, double f)
{
    if (isnan(f) || f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    int64_t t = (int64_t)f;                 /* truncation: exact here */
    if (i != t)
        return i < t ? -1 : 1;
    double frac = f - (double)t;
    return frac > 0 ? -1 : frac < 0;
}

static int cmp_num(RvValue a, RvValue b)
{
    if (RV_IS_INT(a)) {
        if (RV_IS_INT(b))
            return (a.as.i > b.as.i) - (a.as.i < b.as.i);
        return cmp_int_float(a.as.i, b.as.f);
    }
    if (RV_IS_INT(b))
        return -cmp_int_float(b.as.i, a.as.f);
    double x = a.as.f, y = b.as.f;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x == y) return 0;
    return isnan(x) - isnan(y);
}

static int cmp_seq(RvVM *vm, const RvValue *a, uint32_t na, const RvValue *b, uint32_t nb)
{
    uint32_t n = na < nb ? na : nb;
    for (uint32_t i = 0; i < n; i++) {
        int c = rv_compare(vm, a[i], b[i]);
        if (c)
            return c;
    }
    return (na > nb) - (na < nb);
}

/* Total order for numbers, strings, arrays, tuples. Throws TypeError
 * "Cannot compare X and Y" otherwise. */
int rv_compare(RvVM *vm, RvValue a, RvValue b)
{
    if (RV_IS_NUM(a) && RV_IS_NUM(b))
        return cmp_num(a, b);
    if (RV_IS_OBJ(a) && RV_IS_OBJ(b) && a.as.o->kind == b.as.o->kind) {
        switch (a.as.o->kind) {
        case RV_K_STR: {
            RvStr *x = RV_AS_STR(a), *y = RV_AS_STR(b);
            uint32_t n = x->len < y->len ? x->len : y->len;
            int c = memcmp(x->data, y->data, n);
            return c ? (c > 0) - (c < 0) : (x->len > y->len) - (x->len < y->len);
        }
        case RV_K_ARRAY:
            return cmp_seq(vm, RV_AS_ARRAY(a)->items, RV_AS_ARRAY(a)->len,
                           RV_AS_ARRAY(b)->items, RV_AS_ARRAY(b)->len);
        case RV_K_TUPLE:
            return cmp_seq(vm, RV_AS_TUPLE(a)->items, RV_AS_TUPLE(a)->len,
                           RV_AS_TUPLE(b)->items, RV_AS_TUPLE(b)->len);
        default:
            break;
        }
    }
    rv_throw(vm, RV_E_TYPE, "Cannot compare %s and %s", rv_type_name(a), rv_type_name(b));
}

/* ------------------------------------------------------- method classes --- */

RvMethodClass rv_method_class(RvVM *vm, RvValue v)
{
    switch (v.tag) {
    case RV_T_NIL: return RV_MC_NIL;
    case RV_T_BOOL: return RV_MC_BOOL;
    case RV_T_INT: return RV_MC_INT;
    case RV_T_FLOAT: return RV_MC_FLOAT;
    default: break;
    }
    switch (v.as.o->kind) {
    case RV_K_STR: return RV_MC_STR;
    case RV_K_ARRAY: return RV_MC_ARRAY;
    case RV_K_MAP: return RV_MC_MAP;
    case RV_K_TUPLE: return RV_MC_TUPLE;
    case RV_K_RANGE: return RV_MC_RANGE;
    case RV_K_CLOSURE: case RV_K_NATIVE: case RV_K_BOUND: return RV_MC_FUNC;
    case RV_K_STRUCT: return RV_MC_STRUCT;
    case RV_K_ERROR: return RV_MC_ERROR;
    case RV_K_ENUM: {
        RvType *t = RV_AS_ENUM(v)->type;
        return t == vm->t_option ? RV_MC_OPTION : t == vm->t_result ? RV_MC_RESULT : RV_MC_ENUM;
    }
    default: return RV_MC_ANY;
    }
}

/* ---------------------------------------------------- enums, Option/Result --- */

RvValue rv_enum_new(RvVM *vm, RvType *t, uint32_t variant, uint32_t n, const RvValue *f)
{
    RvEnum *e = (RvEnum *)rv_obj_alloc(vm, RV_K_ENUM, sizeof(RvEnum) + (size_t)n * sizeof(RvValue));
    e->type = t;
    e->variant = variant;
    e->h.aux = variant;
    e->n = n;
    for (uint32_t i = 0; i < n && f; i++)
        RV_STORE(vm, e, &e->f[i], f[i]);
    return RV_OBJ(e);
}

/* A built-in enum type with unit/1-field variants, in the program heap. */
static RvType *builtin_enum(RvVM *vm, const char *name, const char *v0, uint32_t a0,
                            const char *v1, uint32_t a1)
{
    RvType *t = (RvType *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_TYPE, sizeof(RvType));
    t->name = RV_AS_STR(rv_intern(vm, name, strlen(name)));
    t->is_enum = 1;
    t->nvariants = 2;
    t->variants = rv_alloc_in(vm, RV_HEAP_PROGRAM, 2 * sizeof(RvVariant));
    t->variants[0].name = RV_AS_STR(rv_intern(vm, v0, strlen(v0)));
    t->variants[0].discr = 0;
    t->variants[0].arity = a0;
    t->variants[1].name = RV_AS_STR(rv_intern(vm, v1, strlen(v1)));
    t->variants[1].discr = 1;
    t->variants[1].arity = a1;
    t->h.flags |= RV_OF_FROZEN;
    return t;
}

/* Create Option and Result (program heap) and the shared None. Runs after
 * rv_symtab_init. */
void rv_types_init(RvVM *vm)
{
    vm->t_option = builtin_enum(vm, "Option", "None", 0, "Some", 1);
    vm->t_result = builtin_enum(vm, "Result", "Ok", 1, "Err", 1);
    RvHeapId prev = rv_heap_target(vm, RV_HEAP_PROGRAM);
    vm->v_none = rv_enum_new(vm, vm->t_option, 0, 0, NULL);
    rv_heap_target(vm, prev);
}

/* The built-in enum types (program heap). Never throw. */
/* The built-in enum types live in the program heap. None is one shared
 * program-heap value; Some/Ok/Err allocate a new enum value in the target
 * heap (throw MemoryError). */
RvType *rv_type_option(RvVM *vm) { return vm->t_option; }
RvType *rv_type_result(RvVM *vm) { return vm->t_result; }
RvValue rv_none(RvVM *vm) { return vm->v_none; }
RvValue rv_some(RvVM *vm, RvValue v) { return rv_enum_new(vm, vm->t_option, 1, 1, &v); }
RvValue rv_ok(RvVM *vm, RvValue v) { return rv_enum_new(vm, vm->t_result, 0, 1, &v); }
RvValue rv_err(RvVM *vm, RvValue v) { return rv_enum_new(vm, vm->t_result, 1, 1, &v); }

/* RV_OPT_* / RV_RES_* for Option/Result values, 0 otherwise. Never throws. */
int rv_optres(RvVM *vm, RvValue v)
{
    if (!RV_IS_ENUM(v))
        return 0;
    RvEnum *e = RV_AS_ENUM(v);
    if (e->type == vm->t_option)
        return e->variant == 0 ? RV_OPT_NONE : RV_OPT_SOME;
    if (e->type == vm->t_result)
        return e->variant == 0 ? RV_RES_OK : RV_RES_ERR;
    return 0;
}
