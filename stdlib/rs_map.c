/* rs_map.c — map methods (decision 7, Rust HashMap semantics with
 * insertion order), tuple methods and range methods.
 *
 * get/insert/remove return Options like Rust; keys/values/entries are new
 * arrays in insertion order. Most range methods materialise the range as an
 * array and reuse the array method.
 */
#include "rs.h"

#define RECV(argv) RV_AS_MAP((argv)[0])

/* Argument i (>= 1) of method fn as a map. */
static RvMap *rs_map_arg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_MAP(argv[i]))
        rs_bad_arg(vm, fn, i, "a map", argv[i]);
    return RV_AS_MAP(argv[i]);
}

/* get(k) -> Some(v)/None; get(k, default) -> v or default. */
RS_DEF(m_get)
{
    RvValue v;
    bool found = rv_map_get(RECV(argv), argv[1], &v);
    if (argc > 2)
        RS_RETURN(found ? v : argv[2]);
    RS_RETURN(found ? rv_some(vm, v) : rv_none(vm));
}

RS_DEF(m_get_or)
{
    RvValue v;
    RS_RETURN(rv_map_get(RECV(argv), argv[1], &v) ? v : argv[2]);
}

RS_DEF(m_contains_key)
{
    RvValue v;
    RS_RETURN(RV_BOOL(rv_map_get(RECV(argv), argv[1], &v)));
}

RS_DEF(m_len)      { RS_RETURN(RV_INT(RECV(argv)->len)); }
RS_DEF(m_is_empty) { RS_RETURN(RV_BOOL(RECV(argv)->len == 0)); }

typedef enum { RS_MK_KEYS, RS_MK_VALUES, RS_MK_ENTRIES } RsMapPart;

/* New array of the keys, values or (key, value) tuples, in order. */
static RvValue rs_map_part(RvVM *vm, RvMap *m, RsMapPart part)
{
    RvValue out = rv_array_new(vm, m->len);
    uint32_t it = 0;
    RvValue k, v;
    while (rv_map_next(m, &it, &k, &v)) {
        RvValue kv[2] = { k, v };
        RvValue item = part == RS_MK_KEYS ? k : part == RS_MK_VALUES ? v
                     : rv_tuple_new(vm, 2, kv);
        rv_array_push(vm, RV_AS_ARRAY(out), item);
    }
    return out;
}

RS_DEF(m_keys)    { RS_RETURN(rs_map_part(vm, RECV(argv), RS_MK_KEYS)); }
RS_DEF(m_values)  { RS_RETURN(rs_map_part(vm, RECV(argv), RS_MK_VALUES)); }
RS_DEF(m_entries) { RS_RETURN(rs_map_part(vm, RECV(argv), RS_MK_ENTRIES)); }

/* insert(k, v) -> Some(previous value) or None. */
RS_DEF(m_insert)
{
    RvValue old;
    bool had = rv_map_get(RECV(argv), argv[1], &old);
    rv_map_set(vm, RECV(argv), argv[1], argv[2]);
    RS_RETURN(had ? rv_some(vm, old) : rv_none(vm));
}

/* set(k, v) -> nil. */
RS_DEF(m_set)
{
    rv_map_set(vm, RECV(argv), argv[1], argv[2]);
    RS_RETURN(RV_NIL);
}

/* remove(k) -> Some(removed value) or None. */
RS_DEF(m_remove)
{
    RvValue old;
    RS_RETURN(rv_map_remove(vm, RECV(argv), argv[1], &old) ? rv_some(vm, old) : rv_none(vm));
}

RS_DEF(m_clear)
{
    RvValue keys = rs_map_part(vm, RECV(argv), RS_MK_KEYS);
    RvArray *ks = RV_AS_ARRAY(keys);
    RvValue old;
    for (uint32_t i = 0; i < ks->len; i++)
        (void)rv_map_remove(vm, RECV(argv), ks->items[i], &old);
    RS_RETURN(RV_NIL);
}

/* merge(other)/extend(other): other's entries set into the receiver. */
RS_DEF(m_extend)
{
    RvMap *m = RECV(argv), *o = rs_map_arg(vm, "extend", argv, 1);
    if (m == o)
        RS_RETURN(RV_NIL);
    uint32_t it = 0;
    RvValue k, v;
    while (rv_map_next(o, &it, &k, &v))
        rv_map_set(vm, m, k, v);
    RS_RETURN(RV_NIL);
}

/* merge(other): extend under its own name (for error messages). */
RS_DEF(m_merge)
{
    (void)rs_map_arg(vm, "merge", argv, 1);
    RS_RETURN(rs_m_extend(vm, argc, argv));
}

/* clone(): a new map with the same entries (values shared). */
RS_DEF(m_clone)
{
    RvMap *m = RECV(argv);
    RvValue out = rv_map_new(vm, m->len);
    uint32_t it = 0;
    RvValue k, v;
    while (rv_map_next(m, &it, &k, &v))
        rv_map_set(vm, RV_AS_MAP(out), k, v);
    RS_RETURN(out);
}

/* ------------------------------------------------------------ tuples --- */

RS_DEF(t_len) { RS_RETURN(RV_INT(RV_AS_TUPLE(argv[0])->len)); }

/* get(i): element (negative from the end) or nil. */
RS_DEF(t_get)
{
    RvTuple *t = RV_AS_TUPLE(argv[0]);
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, "get", 1, "an integer", argv[1]);
    int64_t i = RV_AS_INT(argv[1]);
    if (i < 0)
        i += t->len;
    RS_RETURN(i >= 0 && i < (int64_t)t->len ? t->items[i] : RV_NIL);
}

RS_DEF(t_to_array)
{
    RvTuple *t = RV_AS_TUPLE(argv[0]);
    RS_RETURN(rv_array_from(vm, t->len, t->items));
}

/* ------------------------------------------------------------ ranges --- */

#define RANGE(argv) RV_AS_RANGE((argv)[0])

/* contains(x): numeric membership; open ends are unbounded. */
RS_DEF(g_contains)
{
    RvRange *r = RANGE(argv);
    if (!RV_IS_NUM(argv[1]))
        RS_RETURN(RV_FALSE);
    if (RV_IS_INT(argv[1])) {
        int64_t x = RV_AS_INT(argv[1]);
        bool lo_ok = !r->has_lo || x >= r->lo;
        bool hi_ok = !r->has_hi || (r->incl ? x <= r->hi : x < r->hi);
        RS_RETURN(RV_BOOL(lo_ok && hi_ok));
    }
    double x = RV_AS_FLOAT(argv[1]);
    bool lo_ok = !r->has_lo || x >= (double)r->lo;
    bool hi_ok = !r->has_hi || (r->incl ? x <= (double)r->hi : x < (double)r->hi);
    RS_RETURN(RV_BOOL(lo_ok && hi_ok));
}

/* Number of values in a closed range (ValueError when open); saturates at
 * UINT64_MAX for the full inclusive i64 range. */
static uint64_t rs_range_len(RvVM *vm, RvRange *r)
{
    if (!r->has_lo || !r->has_hi)
        rv_throw(vm, RV_E_VALUE, "len(): open range has no length");
    if (r->hi < r->lo || (!r->incl && r->hi == r->lo))
        return 0;
    uint64_t d = (uint64_t)r->hi - (uint64_t)r->lo;
    return r->incl ? (d == UINT64_MAX ? d : d + 1) : d;
}

RS_DEF(g_len)
{
    uint64_t n = rs_range_len(vm, RANGE(argv));
    if (n > INT64_MAX)
        rv_throw(vm, RV_E_OVERFLOW, "len(): range length does not fit in an integer");
    RS_RETURN(RV_INT(n));
}

RS_DEF(g_is_empty)
{
    RvRange *r = RANGE(argv);
    if (!r->has_lo || !r->has_hi)
        RS_RETURN(RV_FALSE);
    RS_RETURN(RV_BOOL(r->hi < r->lo || (!r->incl && r->hi == r->lo)));
}

RS_DEF(g_to_array) { RS_RETURN(rs_range_to_array(vm, RANGE(argv))); }

RS_DEF(g_rev)
{
    argv[0] = rs_range_to_array(vm, RANGE(argv));
    RS_RETURN(rs_a_reverse(vm, 1, argv));
}

/* step_by(n): lo, lo+n, ... within the range; n > 0. */
RS_DEF(g_step_by)
{
    RvRange *r = RANGE(argv);
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, "step_by", 1, "an integer", argv[1]);
    int64_t step = RV_AS_INT(argv[1]);
    if (step <= 0)
        rv_throw(vm, RV_E_VALUE, "step_by(): step must be > 0, got %lld", (long long)step);
    uint64_t n = rs_range_len(vm, r);
    uint64_t count = n == 0 ? 0 : (n - 1) / (uint64_t)step + 1;
    if (count > RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "step_by(): too many elements");
    RvValue out = rv_array_new(vm, (uint32_t)count);
    int64_t v = r->lo;
    for (uint64_t i = 0; i < count; i++) {
        rv_array_push(vm, RV_AS_ARRAY(out), RV_INT(v));
        if (i + 1 < count)
            v += step;
    }
    RS_RETURN(out);
}

/* take(n): works on ranges open at the top too ((1..).take(3)). */
RS_DEF(g_take)
{
    RvRange *r = RANGE(argv);
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, "take", 1, "an integer", argv[1]);
    int64_t n = RV_AS_INT(argv[1]);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "take(): count must be >= 0, got %lld", (long long)n);
    if (!r->has_lo)
        rv_throw(vm, RV_E_VALUE, "take(): range has no start");
    uint64_t avail = r->has_hi ? rs_range_len(vm, r) : UINT64_MAX;
    uint64_t count = (uint64_t)n < avail ? (uint64_t)n : avail;
    if (count > RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "take(): too many elements");
    if (count > 0 && r->lo > INT64_MAX - (int64_t)(count - 1))
        rv_throw(vm, RV_E_OVERFLOW, "take(): integer overflow");
    RvValue out = rv_array_new(vm, (uint32_t)count);
    for (uint64_t i = 0; i < count; i++)
        rv_array_push(vm, RV_AS_ARRAY(out), RV_INT(r->lo + (int64_t)i));
    RS_RETURN(out);
}

/* The remaining range methods: materialise, then the array method. */
#define RS_RANGE_DELEGATE(name, target)                          \
    RS_DEF(g_##name)                                             \
    {                                                            \
        argv[0] = rs_range_to_array(vm, RANGE(argv));            \
        RS_RETURN(target(vm, argc, argv));                       \
    }

RS_RANGE_DELEGATE(map, rs_a_map)
RS_RANGE_DELEGATE(filter, rs_a_filter)
RS_RANGE_DELEGATE(each, rs_a_each)
RS_RANGE_DELEGATE(any, rs_a_any)
RS_RANGE_DELEGATE(all, rs_a_all)
RS_RANGE_DELEGATE(find, rs_a_find)
RS_RANGE_DELEGATE(reduce, rs_a_reduce)
RS_RANGE_DELEGATE(fold, rs_a_fold)
RS_RANGE_DELEGATE(sum, rs_a_sum)
RS_RANGE_DELEGATE(product, rs_a_product)
RS_RANGE_DELEGATE(min, rs_a_min)
RS_RANGE_DELEGATE(max, rs_a_max)
RS_RANGE_DELEGATE(enumerate, rs_a_enumerate)
RS_RANGE_DELEGATE(zip, rs_a_zip)
RS_RANGE_DELEGATE(skip, rs_a_skip)
