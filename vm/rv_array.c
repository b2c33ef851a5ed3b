/* rv_array.c — arrays (growable, shared by reference), tuples (immutable,
 * inline items) and integer ranges.
 *
 * Array items live in a separate block in the array's own heap, grown
 * geometrically through rv_obj_realloc. Every store goes through RV_STORE.
 */
#include <string.h>
#include "rv_vm.h"

#define ARRAY_MIN_CAP 4u
#define ARRAY_MAX_CAP (UINT32_MAX / 2)

/* ------------------------------------------------------------- arrays --- */

RvValue rv_array_new(RvVM *vm, uint32_t cap)
{
    RvArray *a = (RvArray *)rv_obj_alloc(vm, RV_K_ARRAY, sizeof(RvArray));
    if (cap) {
        a->items = rv_obj_realloc(vm, &a->h, NULL, 0, (size_t)cap * sizeof(RvValue));
        a->cap = cap;
    }
    return RV_OBJ(a);
}

/* Array holding a copy of items[0..n) (target heap). Throws MemoryError. */
RvValue rv_array_from(RvVM *vm, uint32_t n, const RvValue *items)
{
    RvValue v = rv_array_new(vm, n);
    RvArray *a = RV_AS_ARRAY(v);
    for (uint32_t i = 0; i < n; i++)
        RV_STORE(vm, a, &a->items[i], items[i]);
    a->len = n;
    return v;
}

/* Grow the item block (in the array's heap) to hold n items, doubling.
 * Throws MemoryError. */
void rv_array_reserve(RvVM *vm, RvArray *a, uint32_t n)
{
    if (n <= a->cap)
        return;
    if (n > ARRAY_MAX_CAP)
        rv_throw(vm, RV_E_MEMORY, "array too large (%u elements)", n);
    uint32_t ncap = a->cap < ARRAY_MIN_CAP ? ARRAY_MIN_CAP : a->cap;
    while (ncap < n)
        ncap = ncap > ARRAY_MAX_CAP / 2 ? ARRAY_MAX_CAP : ncap * 2;
    a->items = rv_obj_realloc(vm, &a->h, a->items, (size_t)a->cap * sizeof(RvValue),
                              (size_t)ncap * sizeof(RvValue));
    a->cap = ncap;
}

/* Append v (amortised O(1)). Throws MemoryError. */
void rv_array_push(RvVM *vm, RvArray *a, RvValue v)
{
    if (a->len == a->cap)
        rv_array_reserve(vm, a, a->len + 1);
    RV_STORE(vm, a, &a->items[a->len], v);
    a->len++;
}

/* Remove and return the last item, nil when empty. Never throws. */
RvValue rv_array_pop(RvArray *a)
{
    if (a->len == 0)
        return RV_NIL;
    RvValue v = a->items[--a->len];
    a->items[a->len] = RV_NIL;
    return v;
}

/* Normalise idx (negative counts from the end) or throw IndexError. */
static uint32_t array_index(RvVM *vm, const RvArray *a, int64_t idx)
{
    int64_t i = idx < 0 ? idx + (int64_t)a->len : idx;
    if (i < 0 || i >= (int64_t)a->len)
        rv_throw(vm, RV_E_INDEX, "Index %lld out of bounds for array of length %u",
                 (long long)idx, a->len);
    return (uint32_t)i;
}

/* Item idx (negative counts from the end). Throws IndexError. */
RvValue rv_array_get(RvVM *vm, RvArray *a, int64_t idx)
{
    if ((uint64_t)idx < a->len)
        return a->items[idx];
    return a->items[array_index(vm, a, idx)];
}

/* Store v at idx (negative counts from the end). Throws IndexError. */
void rv_array_set(RvVM *vm, RvArray *a, int64_t idx, RvValue v)
{
    uint32_t i = (uint64_t)idx < a->len ? (uint32_t)idx : array_index(vm, a, idx);
    RV_STORE(vm, a, &a->items[i], v);
}

/* ------------------------------------------------------------- tuples --- */

RvValue rv_tuple_new(RvVM *vm, uint32_t n, const RvValue *items)
{
    if (n > ARRAY_MAX_CAP)
        rv_throw(vm, RV_E_MEMORY, "tuple too large (%u elements)", n);
    RvTuple *t = (RvTuple *)rv_obj_alloc(vm, RV_K_TUPLE,
                                         sizeof(RvTuple) + (size_t)n * sizeof(RvValue));
    t->len = n;
    if (items)
        for (uint32_t i = 0; i < n; i++)
            RV_STORE(vm, t, &t->items[i], items[i]);
    t->h.flags |= RV_OF_FROZEN;
    return RV_OBJ(t);
}

/* ------------------------------------------------------------- ranges --- */

RvValue rv_range_open(RvVM *vm, int64_t lo, bool has_lo, int64_t hi, bool has_hi,
                      bool incl)
{
    RvRange *r = (RvRange *)rv_obj_alloc(vm, RV_K_RANGE, sizeof(RvRange));
    r->lo = has_lo ? lo : 0;
    r->hi = has_hi ? hi : 0;
    r->has_lo = has_lo;
    r->has_hi = has_hi;
    r->incl = incl;
    r->h.flags |= RV_OF_FROZEN;
    return RV_OBJ(r);
}

/* Range lo..hi or lo..=hi (target heap). Throws MemoryError. */
RvValue rv_range_new(RvVM *vm, int64_t lo, int64_t hi, bool incl)
{
    return rv_range_open(vm, lo, true, hi, true, incl);
}
