/* rs_seq.c — more collection methods: array set operations (union,
 * intersection, difference), windows, dedup, partition, group_by,
 * take_while/skip_while, retain, truncate, swap, split_at, repeat, to_map,
 * is_sorted, min_by_key/max_by_key; tuple helpers; map methods with
 * callbacks; and the range forms of array methods.
 *
 * Semantics follow Rust where Rust has the method: dedup, retain, truncate
 * and swap change the receiver in place and return nil; everything else
 * returns a new value. Set operations keep the receiver's order, drop
 * duplicates and compare structurally (rv_equal). Map callbacks receive
 * two arguments (key, value).
 *
 * Callbacks run arbitrary code: predicates are evaluated first (one call
 * per element, in order, through the array `map` method, which pins what
 * it needs), and the result is assembled afterwards without further calls.
 */
#include "rs.h"

#define RECV(argv) RV_AS_ARRAY((argv)[0])

/* Method argument i (>= 1) of fn as an integer. */
static int64_t rs_iarg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_INT(argv[i]))
        rs_bad_arg(vm, fn, i, "an integer", argv[i]);
    return RV_AS_INT(argv[i]);
}

/* Method argument i as an array (a range is materialised into argv[i]). */
static RvArray *rs_arr_arg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (RV_IS_RANGE(argv[i]))
        argv[i] = rs_range_to_array(vm, RV_AS_RANGE(argv[i]));
    if (!RV_IS_ARRAY(argv[i]))
        rs_bad_arg(vm, fn, i, "an array", argv[i]);
    return RV_AS_ARRAY(argv[i]);
}

/* A new map used as a set of the elements of a. */
static RvMap *rs_set_of(RvVM *vm, const RvArray *a)
{
    RvMap *m = RV_AS_MAP(rv_map_new(vm, a->len));
    for (uint32_t i = 0; i < a->len; i++)
        rv_map_set(vm, m, a->items[i], RV_TRUE);
    return m;
}

/* Append the elements of a to out that are not in seen (then adding
 * them), and, when filter is set, only those whose membership in filter
 * equals want. */
static void rs_set_add(RvVM *vm, RvArray *out, RvMap *seen, const RvArray *a,
                       RvMap *filter, bool want)
{
    RvValue dummy;
    for (uint32_t i = 0; i < a->len; i++) {
        RvValue v = a->items[i];
        if (rv_map_get(seen, v, &dummy))
            continue;
        if (filter && rv_map_get(filter, v, &dummy) != want)
            continue;
        rv_map_set(vm, seen, v, RV_TRUE);
        rv_array_push(vm, out, v);
    }
}

typedef enum { RS_SET_UNION, RS_SET_INTER, RS_SET_DIFF } RsSetOp;

static RvValue rs_set_op(RvVM *vm, RvValue *argv, const char *fn, RsSetOp op)
{
    RvArray *a = RECV(argv), *b = rs_arr_arg(vm, fn, argv, 1);
    RvValue out = rv_array_new(vm, a->len);
    RvMap *seen = RV_AS_MAP(rv_map_new(vm, a->len));
    if (op == RS_SET_UNION) {
        rs_set_add(vm, RV_AS_ARRAY(out), seen, a, NULL, false);
        rs_set_add(vm, RV_AS_ARRAY(out), seen, b, NULL, false);
    } else {
        rs_set_add(vm, RV_AS_ARRAY(out), seen, a, rs_set_of(vm, b), op == RS_SET_INTER);
    }
    return out;
}

/* union(b), intersection(b), difference(b): order of the receiver first,
 * no duplicates. */
RS_DEF(a_union)        { RS_RETURN(rs_set_op(vm, argv, "union", RS_SET_UNION)); }
RS_DEF(a_intersection) { RS_RETURN(rs_set_op(vm, argv, "intersection", RS_SET_INTER)); }
RS_DEF(a_difference)   { RS_RETURN(rs_set_op(vm, argv, "difference", RS_SET_DIFF)); }

/* windows(n): every run of n consecutive elements (none when len < n). */
RS_DEF(a_windows)
{
    RvArray *a = RECV(argv);
    int64_t n = rs_iarg(vm, "windows", argv, 1);
    if (n <= 0)
        rv_throw(vm, RV_E_VALUE, "windows() argument 1 must be > 0, got %lld", (long long)n);
    RvValue out = rv_array_new(vm, 0);
    for (uint32_t i = 0; n <= (int64_t)a->len && i + (uint32_t)n <= a->len; i++)
        rv_array_push(vm, RV_AS_ARRAY(out), rv_array_from(vm, (uint32_t)n, a->items + i));
    RS_RETURN(out);
}

/* dedup(): removes consecutive equal elements in place; returns nil. */
RS_DEF(a_dedup)
{
    RvArray *a = RECV(argv);
    uint32_t k = 0;
    for (uint32_t i = 0; i < a->len; i++) {
        if (k > 0 && rv_equal(a->items[k - 1], a->items[i]))
            continue;
        RV_STORE(vm, a, &a->items[k], a->items[i]);
        k++;
    }
    for (uint32_t i = k; i < a->len; i++)
        a->items[i] = RV_NIL;
    a->len = k;
    RS_RETURN(RV_NIL);
}

/* truncate(n): keeps the first n elements in place; returns nil. */
RS_DEF(a_truncate)
{
    RvArray *a = RECV(argv);
    int64_t n = rs_iarg(vm, "truncate", argv, 1);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "truncate() argument 1 must be >= 0, got %lld", (long long)n);
    while ((int64_t)a->len > n)
        a->items[--a->len] = RV_NIL;
    RS_RETURN(RV_NIL);
}

/* swap(i, j): exchanges two elements in place; returns nil. */
RS_DEF(a_swap)
{
    RvArray *a = RECV(argv);
    uint32_t i = rs_elem_index(vm, "swap", argv, 1, a->len);
    uint32_t j = rs_elem_index(vm, "swap", argv, 2, a->len);
    RvValue t = a->items[i];
    RV_STORE(vm, a, &a->items[i], a->items[j]);
    RV_STORE(vm, a, &a->items[j], t);
    RS_RETURN(RV_NIL);
}

/* split_at(i) -> (a[..i], a[i..]); 0 <= i <= len. */
RS_DEF(a_split_at)
{
    RvArray *a = RECV(argv);
    uint32_t i = rs_gap_index(vm, "split_at", argv, 1, a->len);
    RvValue parts[2];
    parts[0] = rv_array_from(vm, i, a->items);
    parts[1] = rv_array_from(vm, a->len - i, a->items + i);
    RS_RETURN(rv_tuple_new(vm, 2, parts));
}

/* repeat(n): the elements n times over. */
RS_DEF(a_repeat)
{
    RvArray *a = RECV(argv);
    int64_t n = rs_iarg(vm, "repeat", argv, 1);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "repeat() argument 1 must be >= 0, got %lld", (long long)n);
    if (a->len > 0 && (uint64_t)n > RS_MAX_ELEMS / a->len)
        rv_throw(vm, RV_E_MEMORY, "repeat(): array too large");
    uint32_t len = a->len;
    RvValue out = rv_array_new(vm, (uint32_t)(len * (uint64_t)n));
    for (int64_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < len; i++)
            rv_array_push(vm, RV_AS_ARRAY(out), a->items[i]);
    RS_RETURN(out);
}

/* chain(other): concat under its own name (for error messages). */
RS_DEF(a_chain)
{
    (void)rs_arr_arg(vm, "chain", argv, 1);
    RS_RETURN(rs_a_concat(vm, argc, argv));
}

/* to_map(): [(k, v), ...] or [[k, v], ...] -> map (a later key wins). */
RS_DEF(a_to_map)
{
    RvArray *a = RECV(argv);
    RvValue out = rv_map_new(vm, a->len);
    for (uint32_t i = 0; i < a->len; i++) {
        RvValue e = a->items[i];
        const RvValue *kv = RV_IS_TUPLE(e) && RV_AS_TUPLE(e)->len == 2 ? RV_AS_TUPLE(e)->items
                          : RV_IS_ARRAY(e) && RV_AS_ARRAY(e)->len == 2 ? RV_AS_ARRAY(e)->items
                          : NULL;
        if (!kv)
            rv_throw(vm, RV_E_TYPE, "to_map(): element %u must be a (key, value) pair, got %s",
                     i, rv_type_name(e));
        rv_map_set(vm, RV_AS_MAP(out), kv[0], kv[1]);
    }
    RS_RETURN(out);
}

/* is_sorted(): true when every element is <= the next (rv_compare). */
RS_DEF(a_is_sorted)
{
    RvArray *a = RECV(argv);
    for (uint32_t i = 1; i < a->len; i++)
        if (rv_compare(vm, a->items[i - 1], a->items[i]) > 0)
            RS_RETURN(RV_FALSE);
    RS_RETURN(RV_TRUE);
}

/* ------------------------------------------------- with callbacks --- */

/* f(x) for every element (argv[1] = f), as a new array; afterwards argv[1]
 * is a holder, not f. Elements appended by f are not visited. */
static RvArray *rs_results(RvVM *vm, RvValue *argv, const char *fn)
{
    rs_want_fn(vm, fn, argv, 1);
    return RV_AS_ARRAY(rs_a_map(vm, 2, argv));
}

/* partition(f) -> (elements where f is truthy, the others). */
RS_DEF(a_partition)
{
    RvArray *r = rs_results(vm, argv, "partition"), *a = RECV(argv);
    RvValue parts[2] = { rv_array_new(vm, 0), rv_array_new(vm, 0) };
    for (uint32_t i = 0; i < r->len && i < a->len; i++)
        rv_array_push(vm, RV_AS_ARRAY(parts[RV_TRUTHY(r->items[i]) ? 0 : 1]), a->items[i]);
    RS_RETURN(rv_tuple_new(vm, 2, parts));
}

/* group_by(f) -> map from f(x) to the array of elements with that key, in
 * order of first appearance. */
RS_DEF(a_group_by)
{
    RvArray *r = rs_results(vm, argv, "group_by"), *a = RECV(argv);
    RvValue out = rv_map_new(vm, 0);
    for (uint32_t i = 0; i < r->len && i < a->len; i++) {
        RvValue list;
        if (!rv_map_get(RV_AS_MAP(out), r->items[i], &list)) {
            list = rv_array_new(vm, 1);
            rv_map_set(vm, RV_AS_MAP(out), r->items[i], list);
        }
        rv_array_push(vm, RV_AS_ARRAY(list), a->items[i]);
    }
    RS_RETURN(out);
}

/* retain(f): keeps the elements where f is truthy, in place; nil. */
RS_DEF(a_retain)
{
    RvArray *r = rs_results(vm, argv, "retain"), *a = RECV(argv);
    uint32_t k = 0, n = r->len < a->len ? r->len : a->len;
    for (uint32_t i = 0; i < n; i++)
        if (RV_TRUTHY(r->items[i])) {
            RV_STORE(vm, a, &a->items[k], a->items[i]);
            k++;
        }
    for (uint32_t i = k; i < a->len; i++)
        a->items[i] = RV_NIL;
    a->len = k;
    RS_RETURN(RV_NIL);
}

/* Index of the first element where f is falsy (len when none). f is only
 * called up to that element, like Rust's take_while. */
static uint32_t rs_while_end(RvVM *vm, RvValue *argv, const char *fn)
{
    rs_want_fn(vm, fn, argv, 1);
    RvArray *h = rs_pin(vm, &argv[1]);
    uint32_t i = 0;
    for (; i < RECV(argv)->len; i++) {
        RvValue x = RECV(argv)->items[i];
        if (!rs_truthy(rv_call(vm, h->items[0], 1, &x)))
            break;
    }
    return i < RECV(argv)->len ? i : RECV(argv)->len;
}

RS_DEF(a_take_while)
{
    uint32_t end = rs_while_end(vm, argv, "take_while");
    RS_RETURN(rv_array_from(vm, end, RECV(argv)->items));
}

RS_DEF(a_skip_while)
{
    uint32_t end = rs_while_end(vm, argv, "skip_while");
    RvArray *a = RECV(argv);
    RS_RETURN(rv_array_from(vm, a->len - end, a->items + end));
}

/* min_by_key(f) / max_by_key(f): the element with the smallest / largest
 * f(x) (first smallest, last largest, as in Rust), nil when empty. */
RS_DEF(a_min_by_key)
{
    rs_want_fn(vm, "min_by_key", argv, 1);
    RvArray *s = RV_AS_ARRAY(rs_a_sort_by_key(vm, 2, argv));
    RS_RETURN(s->len ? s->items[0] : RV_NIL);
}

RS_DEF(a_max_by_key)
{
    rs_want_fn(vm, "max_by_key", argv, 1);
    RvArray *s = RV_AS_ARRAY(rs_a_sort_by_key(vm, 2, argv));
    RS_RETURN(s->len ? s->items[s->len - 1] : RV_NIL);
}

/* ------------------------------------------------------------ tuples --- */

RS_DEF(t_first)
{
    RvTuple *t = RV_AS_TUPLE(argv[0]);
    RS_RETURN(t->len ? t->items[0] : RV_NIL);
}

RS_DEF(t_last)
{
    RvTuple *t = RV_AS_TUPLE(argv[0]);
    RS_RETURN(t->len ? t->items[t->len - 1] : RV_NIL);
}

RS_DEF(t_contains)
{
    RvTuple *t = RV_AS_TUPLE(argv[0]);
    for (uint32_t i = 0; i < t->len; i++)
        if (rv_equal(t->items[i], argv[1]))
            RS_RETURN(RV_TRUE);
    RS_RETURN(RV_FALSE);
}

/* -------------------------------------------- maps with callbacks --- */

typedef enum { RS_MF_FILTER, RS_MF_VALUES, RS_MF_EACH, RS_MF_ANY, RS_MF_ALL } RsMapFn;

/* Holder slots: the function, the entry snapshot, the result map. */
enum { RS_MH_FN = 0, RS_MH_ENTRIES = 1, RS_MH_OUT = 2 };

/* Run f over a snapshot of the map's entries: f(k, v) (f(v) for
 * map_values) and fold the results by op. */
static RvValue rs_map_walk(RvVM *vm, RvValue *argv, const char *fn, RsMapFn op)
{
    rs_want_fn(vm, fn, argv, 1);
    RvValue entries = rs_m_entries(vm, 1, argv);
    RvArray *h = rs_pin(vm, &argv[1]);
    rv_array_push(vm, h, entries);
    rv_array_push(vm, h, rv_map_new(vm, 0));
    for (uint32_t i = 0; i < RV_AS_ARRAY(h->items[RS_MH_ENTRIES])->len; i++) {
        RvTuple *kv = RV_AS_TUPLE(RV_AS_ARRAY(h->items[RS_MH_ENTRIES])->items[i]);
        RvValue args[2] = { kv->items[0], kv->items[1] };
        RvValue r = op == RS_MF_VALUES ? rv_call(vm, h->items[RS_MH_FN], 1, &args[1])
                                       : rv_call(vm, h->items[RS_MH_FN], 2, args);
        RvMap *out = RV_AS_MAP(h->items[RS_MH_OUT]);
        kv = RV_AS_TUPLE(RV_AS_ARRAY(h->items[RS_MH_ENTRIES])->items[i]);
        if (op == RS_MF_FILTER && RV_TRUTHY(r))
            rv_map_set(vm, out, kv->items[0], kv->items[1]);
        else if (op == RS_MF_VALUES)
            rv_map_set(vm, out, kv->items[0], r);
        else if (op == RS_MF_ANY && RV_TRUTHY(r))
            return RV_TRUE;
        else if (op == RS_MF_ALL && !RV_TRUTHY(r))
            return RV_FALSE;
    }
    switch (op) {
    case RS_MF_ANY:  return RV_FALSE;
    case RS_MF_ALL:  return RV_TRUE;
    case RS_MF_EACH: return RV_NIL;
    default:         return h->items[RS_MH_OUT];
    }
}

/* filter(f(k, v)) -> new map; map_values(f(v)) -> new map; each(f(k, v));
 * any / all (f(k, v)) -> bool. */
RS_DEF(m_filter)     { RS_RETURN(rs_map_walk(vm, argv, "filter", RS_MF_FILTER)); }
RS_DEF(m_map_values) { RS_RETURN(rs_map_walk(vm, argv, "map_values", RS_MF_VALUES)); }
RS_DEF(m_each)       { RS_RETURN(rs_map_walk(vm, argv, "each", RS_MF_EACH)); }
RS_DEF(m_any)        { RS_RETURN(rs_map_walk(vm, argv, "any", RS_MF_ANY)); }
RS_DEF(m_all)        { RS_RETURN(rs_map_walk(vm, argv, "all", RS_MF_ALL)); }

/* retain(f(k, v)): removes the entries where f is falsy, in place; nil. */
RS_DEF(m_retain)
{
    RvValue recv = argv[0];
    RvValue kept = rs_map_walk(vm, argv, "retain", RS_MF_FILTER);
    RvMap *m = RV_AS_MAP(recv);
    RvValue keys = rs_m_keys(vm, 1, &recv);
    for (uint32_t i = 0; i < RV_AS_ARRAY(keys)->len; i++) {
        RvValue k = RV_AS_ARRAY(keys)->items[i], dummy;
        if (!rv_map_get(RV_AS_MAP(kept), k, &dummy))
            (void)rv_map_remove(vm, m, k, &dummy);
    }
    RS_RETURN(RV_NIL);
}

/* ------------------------------------------- range forms of methods --- */

/* Materialise the range receiver, then run the array method. */
#define RS_RANGE_AS_ARRAY(name, target)                                  \
    RS_DEF(g_##name)                                                     \
    {                                                                    \
        argv[0] = rs_range_to_array(vm, RV_AS_RANGE(argv[0]));           \
        RS_RETURN(target(vm, argc, argv));                               \
    }

RS_RANGE_AS_ARRAY(join, rs_a_join)
RS_RANGE_AS_ARRAY(first, rs_a_first)
RS_RANGE_AS_ARRAY(last, rs_a_last)
RS_RANGE_AS_ARRAY(nth, rs_a_nth)
RS_RANGE_AS_ARRAY(chunks, rs_a_chunks)
RS_RANGE_AS_ARRAY(windows, rs_a_windows)
RS_RANGE_AS_ARRAY(filter_map, rs_a_filter_map)
RS_RANGE_AS_ARRAY(flat_map, rs_a_flat_map)
RS_RANGE_AS_ARRAY(position, rs_a_position)
RS_RANGE_AS_ARRAY(partition, rs_a_partition)
RS_RANGE_AS_ARRAY(group_by, rs_a_group_by)
RS_RANGE_AS_ARRAY(take_while, rs_a_take_while)
RS_RANGE_AS_ARRAY(skip_while, rs_a_skip_while)
RS_RANGE_AS_ARRAY(slice, rs_a_slice)
RS_RANGE_AS_ARRAY(chain, rs_a_chain)
