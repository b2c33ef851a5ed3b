/* rs_iter.c — array methods that call back into Ruchy code (map, filter,
 * reduce, sort_by, ...) and sorting.
 *
 * rv_call can run any code, including code that mutates the receiver or
 * triggers the collector. So: values a native still needs after a call are
 * kept in a holder array pinned into argv (rs_pin), and the receiver's
 * length and items are re-read after every call.
 *
 * sort() and friends return a NEW array and leave the receiver unchanged;
 * numbers order numerically, strings bytewise, mixed kinds raise TypeError
 * (decision 3, through rv_compare).
 */
#include "rs.h"

#define RECV(argv) RV_AS_ARRAY((argv)[0])

typedef enum {
    RS_IT_MAP, RS_IT_FILTER, RS_IT_FILTER_MAP, RS_IT_FLAT_MAP, RS_IT_ANY,
    RS_IT_ALL, RS_IT_FIND, RS_IT_EACH, RS_IT_COUNT, RS_IT_POSITION
} RsIterOp;

/* Holder slots while iterating. */
enum { RS_H_FN = 0, RS_H_OUT = 1, RS_H_CUR = 2 };

/* Handle the callback result r for element i (held in h) under op.
 * Returns true with *result set when the iteration is decided early. */
static bool rs_iter_step(RvVM *vm, RsIterOp op, RvArray *h, uint32_t i, RvValue r,
                         int64_t *count, RvValue *result)
{
    RvValue x = h->items[RS_H_CUR];
    RvArray *out = RV_AS_ARRAY(h->items[RS_H_OUT]);
    int o;
    switch (op) {
    case RS_IT_MAP:        rv_array_push(vm, out, r); break;
    case RS_IT_FILTER:     if (RV_TRUTHY(r)) rv_array_push(vm, out, x); break;
    case RS_IT_FLAT_MAP:   rs_array_spread(vm, out, r); break;
    case RS_IT_EACH:       break;
    case RS_IT_COUNT:      *count += RV_TRUTHY(r); break;
    case RS_IT_FILTER_MAP:
        o = rv_optres(vm, r);
        if (o == RV_OPT_SOME)
            rv_array_push(vm, out, RV_AS_ENUM(r)->f[0]);
        else if (o != RV_OPT_NONE && !RV_IS_NIL(r))
            rv_array_push(vm, out, r);
        break;
    case RS_IT_ANY:
        if (RV_TRUTHY(r)) { *result = RV_TRUE; return true; }
        break;
    case RS_IT_ALL:
        if (!RV_TRUTHY(r)) { *result = RV_FALSE; return true; }
        break;
    case RS_IT_FIND:
        if (RV_TRUTHY(r)) { *result = x; return true; }
        break;
    case RS_IT_POSITION:
        if (RV_TRUTHY(r)) { *result = rv_some(vm, RV_INT(i)); return true; }
        break;
    }
    return false;
}

/* The result when the loop ran to the end. */
static RvValue rs_iter_end(RvVM *vm, RsIterOp op, RvArray *h, int64_t count)
{
    switch (op) {
    case RS_IT_ANY:      return RV_FALSE;
    case RS_IT_ALL:      return RV_TRUE;
    case RS_IT_FIND:     return RV_NIL;
    case RS_IT_EACH:     return RV_NIL;
    case RS_IT_COUNT:    return RV_INT(count);
    case RS_IT_POSITION: return rv_none(vm);
    default:             return h->items[RS_H_OUT];
    }
}

static RvValue rs_iterate(RvVM *vm, RvValue *argv, const char *fn, RsIterOp op)
{
    rs_want_fn(vm, fn, argv, 1);
    RvArray *h = rs_pin(vm, &argv[1]);
    bool collects = op == RS_IT_MAP || op == RS_IT_FILTER || op == RS_IT_FILTER_MAP ||
                    op == RS_IT_FLAT_MAP;
    rv_array_push(vm, h, rv_array_new(vm, collects ? RECV(argv)->len : 0));
    rv_array_push(vm, h, RV_NIL);
    int64_t count = 0;
    RvValue result;
    for (uint32_t i = 0; i < RECV(argv)->len; i++) {
        RvValue x = RECV(argv)->items[i];
        RV_STORE(vm, h, &h->items[RS_H_CUR], x);
        RvValue r = rv_call(vm, h->items[RS_H_FN], 1, &x);
        if (rs_iter_step(vm, op, h, i, r, &count, &result))
            return result;
    }
    return rs_iter_end(vm, op, h, count);
}

RS_DEF(a_map)        { RS_RETURN(rs_iterate(vm, argv, "map", RS_IT_MAP)); }
RS_DEF(a_filter)     { RS_RETURN(rs_iterate(vm, argv, "filter", RS_IT_FILTER)); }
RS_DEF(a_filter_map) { RS_RETURN(rs_iterate(vm, argv, "filter_map", RS_IT_FILTER_MAP)); }
RS_DEF(a_flat_map)   { RS_RETURN(rs_iterate(vm, argv, "flat_map", RS_IT_FLAT_MAP)); }
RS_DEF(a_any)        { RS_RETURN(rs_iterate(vm, argv, "any", RS_IT_ANY)); }
RS_DEF(a_all)        { RS_RETURN(rs_iterate(vm, argv, "all", RS_IT_ALL)); }
RS_DEF(a_find)       { RS_RETURN(rs_iterate(vm, argv, "find", RS_IT_FIND)); }
RS_DEF(a_each)       { RS_RETURN(rs_iterate(vm, argv, "each", RS_IT_EACH)); }

/* count() -> length; count(f) -> number of elements where f is truthy. */
RS_DEF(a_count)
{
    if (argc < 2)
        RS_RETURN(RV_INT(RECV(argv)->len));
    RS_RETURN(rs_iterate(vm, argv, "count", RS_IT_COUNT));
}

/* position(f) with a predicate, position(x) with a value: Some(index) or
 * None. */
RS_DEF(a_position)
{
    if (RV_IS_CALLABLE(argv[1]))
        RS_RETURN(rs_iterate(vm, argv, "position", RS_IT_POSITION));
    RS_RETURN(rs_a_index_of(vm, argc, argv));
}

/* acc = f(acc, x) over items[start..]; argv[fslot] holds f. */
static RvValue rs_fold_with(RvVM *vm, RvValue *argv, int fslot, RvValue init, uint32_t start)
{
    RvArray *h = rs_pin(vm, &argv[fslot]);
    rv_array_push(vm, h, init);
    for (uint32_t i = start; i < RECV(argv)->len; i++) {
        RvValue args[2] = { h->items[1], RECV(argv)->items[i] };
        RvValue r = rv_call(vm, h->items[0], 2, args);
        RV_STORE(vm, h, &h->items[1], r);
    }
    return h->items[1];
}

/* reduce(init, f) or reduce(f, init) -> accumulated value; reduce(f) ->
 * Some(result) with the first element as the start, None when empty. */
RS_DEF(a_reduce)
{
    if (argc == 2) {
        rs_want_fn(vm, "reduce", argv, 1);
        if (RECV(argv)->len == 0)
            RS_RETURN(rv_none(vm));
        RvValue r = rs_fold_with(vm, argv, 1, RECV(argv)->items[0], 1);
        RS_RETURN(rv_some(vm, r));
    }
    if (RV_IS_CALLABLE(argv[2]))
        RS_RETURN(rs_fold_with(vm, argv, 2, argv[1], 0));
    if (RV_IS_CALLABLE(argv[1]))
        RS_RETURN(rs_fold_with(vm, argv, 1, argv[2], 0));
    rs_bad_arg(vm, "reduce", 2, "a function", argv[2]);
}

/* fold(init, f). */
RS_DEF(a_fold)
{
    rs_want_fn(vm, "fold", argv, 2);
    RS_RETURN(rs_fold_with(vm, argv, 2, argv[1], 0));
}

/* ---------------------------------------------------------- sorting --- */

typedef enum { RS_SORT_NATURAL, RS_SORT_CALLBACK, RS_SORT_KEY } RsSortMode;

/* Holder slots while sorting. */
enum { RS_S_FN = 0, RS_S_SRC = 1, RS_S_DST = 2 };

/* Compare two elements under mode; the comparator lives in h. */
static int rs_sort_cmp(RvVM *vm, RsSortMode mode, RvArray *h, RvValue a, RvValue b)
{
    if (mode == RS_SORT_NATURAL)
        return rv_compare(vm, a, b);
    if (mode == RS_SORT_KEY)
        return rv_compare(vm, RV_AS_TUPLE(a)->items[0], RV_AS_TUPLE(b)->items[0]);
    RvValue args[2] = { a, b };
    RvValue r = rv_call(vm, h->items[RS_S_FN], 2, args);
    if (RV_IS_INT(r))
        return RV_AS_INT(r) < 0 ? -1 : RV_AS_INT(r) > 0;
    if (RV_IS_FLOAT(r))
        return RV_AS_FLOAT(r) < 0 ? -1 : RV_AS_FLOAT(r) > 0;
    if (RV_IS_BOOL(r))
        return RV_AS_BOOL(r) ? -1 : 1;
    rv_throw(vm, RV_E_TYPE, "sort_by(): comparator must return an integer, got %s",
             rv_type_name(r));
}

/* Merge src[lo..mid) and src[mid..hi) into dst[lo..hi), stable. */
static void rs_merge(RvVM *vm, RsSortMode mode, RvArray *h, uint32_t lo, uint32_t mid,
                     uint32_t hi)
{
    uint32_t i = lo, j = mid, k = lo;
    while (k < hi) {
        RvArray *src = RV_AS_ARRAY(h->items[RS_S_SRC]);
        RvArray *dst = RV_AS_ARRAY(h->items[RS_S_DST]);
        bool left = j >= hi ||
                    (i < mid && rs_sort_cmp(vm, mode, h, src->items[i], src->items[j]) <= 0);
        RvValue v = left ? src->items[i++] : src->items[j++];
        RV_STORE(vm, dst, &dst->items[k], v);
        k++;
    }
}

/* Sort a copy of the elements of a; returns the sorted new array. The
 * comparator (if any) is argv[fslot], which gets replaced by the holder. */
static RvValue rs_sort_copy(RvVM *vm, RvArray *a, RsSortMode mode, RvValue *slot)
{
    RvArray *h = rs_pin(vm, slot);
    uint32_t n = a->len;
    rv_array_push(vm, h, rv_array_from(vm, n, a->items));
    rv_array_push(vm, h, rv_array_from(vm, n, a->items));
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            rs_merge(vm, mode, h, lo, mid, hi);
        }
        RvValue t = h->items[RS_S_SRC];
        RV_STORE(vm, h, &h->items[RS_S_SRC], h->items[RS_S_DST]);
        RV_STORE(vm, h, &h->items[RS_S_DST], t);
    }
    return h->items[RS_S_SRC];
}

/* sort(): new array in natural order. */
RS_DEF(a_sort)
{
    RvValue slot = RV_NIL;   /* no comparator; natives never collect */
    RS_RETURN(rs_sort_copy(vm, RECV(argv), RS_SORT_NATURAL, &slot));
}

/* sort_by(cmp): new array ordered by cmp(a, b) < 0, == 0, > 0. */
RS_DEF(a_sort_by)
{
    rs_want_fn(vm, "sort_by", argv, 1);
    RS_RETURN(rs_sort_copy(vm, RECV(argv), RS_SORT_CALLBACK, &argv[1]));
}

/* sort_by_key(f): new array ordered by f(x), stable. */
RS_DEF(a_sort_by_key)
{
    RvValue pairs = rs_iterate(vm, argv, "sort_by_key", RS_IT_MAP);
    RvArray *p = RV_AS_ARRAY(pairs);
    RvArray *a = RECV(argv);
    uint32_t n = p->len < a->len ? p->len : a->len;
    for (uint32_t i = 0; i < n; i++) {
        RvValue kv[2] = { p->items[i], a->items[i] };
        RV_STORE(vm, p, &p->items[i], rv_tuple_new(vm, 2, kv));
    }
    p->len = n;
    argv[1] = pairs;
    RvValue sorted = rs_sort_copy(vm, p, RS_SORT_KEY, &argv[1]);
    RvArray *s = RV_AS_ARRAY(sorted);
    for (uint32_t i = 0; i < s->len; i++)
        RV_STORE(vm, s, &s->items[i], RV_AS_TUPLE(s->items[i])->items[1]);
    RS_RETURN(sorted);
}
