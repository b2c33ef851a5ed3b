/* rs_array.c — array methods without callbacks (§9.2, project semantics)
 * and the collection builtins.
 *
 * Arrays have reference semantics: push/pop/insert/remove/extend/clear
 * change the receiver in place; every other method returns a new array.
 * first/last/get return the element or nil; nth/index_of return Options.
 * Every store into an array goes through RV_STORE (write barrier).
 */
#include <string.h>
#include "rs.h"

#define RECV(argv) RV_AS_ARRAY((argv)[0])

/* Argument i (>= 1) of method fn as an integer. */
static int64_t rs_iarg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_INT(argv[i]))
        rs_bad_arg(vm, fn, i, "an integer", argv[i]);
    return RV_AS_INT(argv[i]);
}

/* Argument i (>= 1) as a non-negative count. */
static uint64_t rs_count_arg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    int64_t n = rs_iarg(vm, fn, argv, i);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "%s(): count must be >= 0, got %lld", fn, (long long)n);
    return (uint64_t)n;
}

/* Argument i as an array; a range is converted (and replaces argv[i]). */
static RvArray *rs_arr_arg(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (RV_IS_RANGE(argv[i]))
        argv[i] = rs_range_to_array(vm, RV_AS_RANGE(argv[i]));
    if (!RV_IS_ARRAY(argv[i]))
        rs_bad_arg(vm, fn, i, "an array", argv[i]);
    return RV_AS_ARRAY(argv[i]);
}

/* New array holding a->items[from..to). */
static RvValue rs_arr_sub(RvVM *vm, const RvArray *a, uint32_t from, uint32_t to)
{
    return rv_array_from(vm, to - from, a->items + from);
}

/* Index i normalised (negative from the end); false when outside. */
static bool rs_norm_index(int64_t i, uint32_t len, uint32_t *out)
{
    if (i < 0)
        i += len;
    if (i < 0 || i >= (int64_t)len)
        return false;
    *out = (uint32_t)i;
    return true;
}

/* See rs.h. */
uint32_t rs_elem_index(RvVM *vm, const char *fn, RvValue *argv, int n, uint32_t len)
{
    int64_t i = rs_iarg(vm, fn, argv, n);
    uint32_t k;
    if (!rs_norm_index(i, len, &k))
        rv_throw(vm, RV_E_INDEX, "%s(): index %lld out of bounds for array of length %u", fn,
                 (long long)i, len);
    return k;
}

/* See rs.h. */
uint32_t rs_gap_index(RvVM *vm, const char *fn, RvValue *argv, int n, uint32_t len)
{
    int64_t i = rs_iarg(vm, fn, argv, n);
    if (i < 0 || i > (int64_t)len)
        rv_throw(vm, RV_E_INDEX, "%s(): index %lld out of bounds for array of length %u", fn,
                 (long long)i, len);
    return (uint32_t)i;
}

RS_DEF(a_len)      { RS_RETURN(RV_INT(RECV(argv)->len)); }
RS_DEF(a_is_empty) { RS_RETURN(RV_BOOL(RECV(argv)->len == 0)); }
RS_DEF(a_identity) { RS_RETURN(argv[0]); }

RS_DEF(a_first)
{
    RvArray *a = RECV(argv);
    RS_RETURN(a->len ? a->items[0] : RV_NIL);
}

RS_DEF(a_last)
{
    RvArray *a = RECV(argv);
    RS_RETURN(a->len ? a->items[a->len - 1] : RV_NIL);
}

/* get(i): element (negative counts from the end) or nil. */
RS_DEF(a_get)
{
    RvArray *a = RECV(argv);
    uint32_t k;
    RS_RETURN(rs_norm_index(rs_iarg(vm, "get", argv, 1), a->len, &k) ? a->items[k] : RV_NIL);
}

/* nth(i): Some(element) or None; i >= 0. */
RS_DEF(a_nth)
{
    RvArray *a = RECV(argv);
    int64_t i = rs_iarg(vm, "nth", argv, 1);
    RS_RETURN(i >= 0 && i < (int64_t)a->len ? rv_some(vm, a->items[i]) : rv_none(vm));
}

/* ----------------------------------------------------- in place --- */

RS_DEF(a_push)
{
    RvArray *a = RECV(argv);
    if (a->len >= RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "push(): array too large");
    rv_array_push(vm, a, argv[1]);
    RS_RETURN(RV_NIL);
}

/* pop(): removes and returns the last element; nil when empty. */
RS_DEF(a_pop)
{
    RvArray *a = RECV(argv);
    if (a->len == 0)
        RS_RETURN(RV_NIL);
    RvValue v = a->items[a->len - 1];
    a->items[a->len - 1] = RV_NIL;
    a->len--;
    RS_RETURN(v);
}

/* insert(i, x): 0 <= i <= len, IndexError otherwise. */
RS_DEF(a_insert)
{
    RvArray *a = RECV(argv);
    uint32_t i = rs_gap_index(vm, "insert", argv, 1, a->len);
    rv_array_push(vm, a, RV_NIL);
    for (uint32_t k = a->len - 1; k > i; k--)
        RV_STORE(vm, a, &a->items[k], a->items[k - 1]);
    RV_STORE(vm, a, &a->items[i], argv[2]);
    RS_RETURN(RV_NIL);
}

/* remove(i): removes and returns element i (negative from the end). */
RS_DEF(a_remove)
{
    RvArray *a = RECV(argv);
    uint32_t k = rs_elem_index(vm, "remove", argv, 1, a->len);
    RvValue v = a->items[k];
    for (; k + 1 < a->len; k++)
        RV_STORE(vm, a, &a->items[k], a->items[k + 1]);
    a->items[a->len - 1] = RV_NIL;
    a->len--;
    RS_RETURN(v);
}

/* extend(other): appends other's elements (array or range) in place. */
RS_DEF(a_extend)
{
    RvArray *a = RECV(argv), *b = rs_arr_arg(vm, "extend", argv, 1);
    uint32_t n = b->len;               /* a.extend(a) appends one copy */
    if ((uint64_t)a->len + n > RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "extend(): array too large");
    for (uint32_t i = 0; i < n; i++)
        rv_array_push(vm, a, b->items[i]);
    RS_RETURN(RV_NIL);
}

RS_DEF(a_clear)
{
    RvArray *a = RECV(argv);
    for (uint32_t i = 0; i < a->len; i++)
        a->items[i] = RV_NIL;
    a->len = 0;
    RS_RETURN(RV_NIL);
}

/* ------------------------------------------------------- queries --- */

RS_DEF(a_contains)
{
    RvArray *a = RECV(argv);
    for (uint32_t i = 0; i < a->len; i++)
        if (rv_equal(a->items[i], argv[1]))
            RS_RETURN(RV_TRUE);
    RS_RETURN(RV_FALSE);
}

/* index_of(x): Some(first index with an equal element) or None. */
RS_DEF(a_index_of)
{
    RvArray *a = RECV(argv);
    for (uint32_t i = 0; i < a->len; i++)
        if (rv_equal(a->items[i], argv[1]))
            RS_RETURN(rv_some(vm, RV_INT(i)));
    RS_RETURN(rv_none(vm));
}

/* join([sep]): strings raw, other elements in display form. */
RS_DEF(a_join)
{
    RvArray *a = RECV(argv);
    RvStr *sep = NULL;
    if (argc > 1) {
        if (!RV_IS_STR(argv[1]))
            rs_bad_arg(vm, "join", 1, "a string", argv[1]);
        sep = RV_AS_STR(argv[1]);
    }
    RvBuf b;
    rv_buf_init(&b, vm);
    for (uint32_t i = 0; i < a->len; i++) {
        if (i > 0 && sep)
            rv_buf_add(&b, sep->data, sep->len);
        rv_show(vm, &b, a->items[i], RV_SHOW_RAW);
    }
    RS_RETURN(rv_buf_str(&b));
}

/* Sum or product of the numeric elements: integers checked (OverflowError),
 * any float makes the result a float. */
static RvValue rs_fold_num(RvVM *vm, RvArray *a, bool product, const char *fn)
{
    int64_t acc = product ? 1 : 0;
    double facc = 0;
    bool is_float = false;
    for (uint32_t i = 0; i < a->len; i++) {
        RvValue v = a->items[i];
        if (!RV_IS_NUM(v))
            rv_throw(vm, RV_E_TYPE, "%s(): element %u must be a number, got %s", fn, i,
                     rv_type_name(v));
        if (!is_float && RV_IS_FLOAT(v)) {
            is_float = true;
            facc = (double)acc;
        }
        if (is_float) {
            facc = product ? facc * RV_AS_NUM(v) : facc + RV_AS_NUM(v);
        } else if (product ? __builtin_mul_overflow(acc, RV_AS_INT(v), &acc)
                           : __builtin_add_overflow(acc, RV_AS_INT(v), &acc)) {
            rv_throw(vm, RV_E_OVERFLOW, "%s(): integer overflow", fn);
        }
    }
    return is_float ? RV_FLOAT(facc) : RV_INT(acc);
}

RS_DEF(a_sum)     { RS_RETURN(rs_fold_num(vm, RECV(argv), false, "sum")); }
RS_DEF(a_product) { RS_RETURN(rs_fold_num(vm, RECV(argv), true, "product")); }

/* Smallest (want_max false) or largest element by rv_compare; nil if empty. */
static RvValue rs_extreme(RvVM *vm, RvArray *a, bool want_max)
{
    if (a->len == 0)
        return RV_NIL;
    RvValue best = a->items[0];
    for (uint32_t i = 1; i < a->len; i++) {
        int c = rv_compare(vm, a->items[i], best);
        if (want_max ? c > 0 : c < 0)
            best = a->items[i];
    }
    return best;
}

RS_DEF(a_min) { RS_RETURN(rs_extreme(vm, RECV(argv), false)); }
RS_DEF(a_max) { RS_RETURN(rs_extreme(vm, RECV(argv), true)); }

/* -------------------------------------------------- new arrays --- */

RS_DEF(a_clone)
{
    RvArray *a = RECV(argv);
    RS_RETURN(rs_arr_sub(vm, a, 0, a->len));
}

/* concat(other)/append(other): new array a + other. */
RS_DEF(a_concat)
{
    RvArray *a = RECV(argv), *b = rs_arr_arg(vm, "concat", argv, 1);
    if ((uint64_t)a->len + b->len > RS_MAX_ELEMS)
        rv_throw(vm, RV_E_MEMORY, "concat(): array too large");
    RvValue out = rv_array_new(vm, a->len + b->len);
    for (uint32_t i = 0; i < a->len; i++)
        rv_array_push(vm, RV_AS_ARRAY(out), a->items[i]);
    for (uint32_t i = 0; i < b->len; i++)
        rv_array_push(vm, RV_AS_ARRAY(out), b->items[i]);
    RS_RETURN(out);
}

RS_DEF(a_reverse)
{
    RvArray *a = RECV(argv);
    RvValue out = rv_array_new(vm, a->len);
    for (uint32_t i = a->len; i-- > 0;)
        rv_array_push(vm, RV_AS_ARRAY(out), a->items[i]);
    RS_RETURN(out);
}

/* unique(): first occurrence of each value, in order. */
RS_DEF(a_unique)
{
    RvArray *a = RECV(argv);
    RvValue seen = rv_map_new(vm, a->len);
    RvValue out = rv_array_new(vm, a->len);
    RvValue dummy;
    for (uint32_t i = 0; i < a->len; i++) {
        RvValue v = a->items[i];
        if (rv_map_get(RV_AS_MAP(seen), v, &dummy))
            continue;
        rv_map_set(vm, RV_AS_MAP(seen), v, RV_TRUE);
        rv_array_push(vm, RV_AS_ARRAY(out), v);
    }
    RS_RETURN(out);
}

/* See rs.h. */
void rs_array_spread(RvVM *vm, RvArray *out, RvValue v)
{
    if (RV_IS_ARRAY(v)) {
        RvArray *in = RV_AS_ARRAY(v);
        if ((uint64_t)out->len + in->len > RS_MAX_ELEMS)
            rv_throw(vm, RV_E_MEMORY, "flatten(): array too large");
        for (uint32_t k = 0; k < in->len; k++)
            rv_array_push(vm, out, in->items[k]);
        return;
    }
    int o = rv_optres(vm, v);
    if (o == RV_OPT_NONE)
        return;
    rv_array_push(vm, out, o == RV_OPT_SOME ? RV_AS_ENUM(v)->f[0] : v);
}

RS_DEF(a_flatten)
{
    RvArray *a = RECV(argv);
    RvValue out = rv_array_new(vm, a->len);
    for (uint32_t i = 0; i < a->len; i++)
        rs_array_spread(vm, RV_AS_ARRAY(out), a->items[i]);
    RS_RETURN(out);
}

/* enumerate(): [(0, x0), (1, x1), ...]. */
RS_DEF(a_enumerate)
{
    RvArray *a = RECV(argv);
    RvValue out = rv_array_new(vm, a->len);
    for (uint32_t i = 0; i < a->len; i++) {
        RvValue pair[2] = { RV_INT(i), a->items[i] };
        rv_array_push(vm, RV_AS_ARRAY(out), rv_tuple_new(vm, 2, pair));
    }
    RS_RETURN(out);
}

/* zip(other): tuples up to the shorter length. */
RS_DEF(a_zip)
{
    RvArray *a = RECV(argv), *b = rs_arr_arg(vm, "zip", argv, 1);
    uint32_t n = a->len < b->len ? a->len : b->len;
    RvValue out = rv_array_new(vm, n);
    for (uint32_t i = 0; i < n; i++) {
        RvValue pair[2] = { a->items[i], b->items[i] };
        rv_array_push(vm, RV_AS_ARRAY(out), rv_tuple_new(vm, 2, pair));
    }
    RS_RETURN(out);
}

RS_DEF(a_take)
{
    RvArray *a = RECV(argv);
    uint64_t n = rs_count_arg(vm, "take", argv, 1);
    RS_RETURN(rs_arr_sub(vm, a, 0, n < a->len ? (uint32_t)n : a->len));
}

RS_DEF(a_skip)
{
    RvArray *a = RECV(argv);
    uint64_t n = rs_count_arg(vm, "skip", argv, 1);
    RS_RETURN(rs_arr_sub(vm, a, n < a->len ? (uint32_t)n : a->len, a->len));
}

/* slice(start[, end]): negative from the end, clamped; start > end is a
 * ValueError. */
RS_DEF(a_slice)
{
    RvArray *a = RECV(argv);
    int64_t len = a->len;
    int64_t s = rs_iarg(vm, "slice", argv, 1);
    int64_t e = argc > 2 ? rs_iarg(vm, "slice", argv, 2) : len;
    if (s < 0)
        s = s + len < 0 ? 0 : s + len;
    if (e < 0)
        e = e + len < 0 ? 0 : e + len;
    if (s > len)
        s = len;
    if (e > len)
        e = len;
    if (s > e)
        rv_throw(vm, RV_E_VALUE, "slice(): start %lld is greater than end %lld",
                 (long long)s, (long long)e);
    RS_RETURN(rs_arr_sub(vm, a, (uint32_t)s, (uint32_t)e));
}

/* chunks(n): consecutive sub-arrays of n elements (the last may be short). */
RS_DEF(a_chunks)
{
    RvArray *a = RECV(argv);
    int64_t n = rs_iarg(vm, "chunks", argv, 1);
    if (n <= 0)
        rv_throw(vm, RV_E_VALUE, "chunks(): size must be > 0, got %lld", (long long)n);
    RvValue out = rv_array_new(vm, 0);
    for (uint32_t i = 0; i < a->len; i += (uint32_t)(n < a->len ? n : a->len)) {
        uint32_t z = (uint64_t)i + (uint64_t)n < a->len ? i + (uint32_t)n : a->len;
        rv_array_push(vm, RV_AS_ARRAY(out), rs_arr_sub(vm, a, i, z));
    }
    RS_RETURN(out);
}

/* ----------------------------------------------------- builtins --- */

/* Check that argv[0] of builtin fn is an array (ranges converted). */
static void rs_want_array(RvVM *vm, const char *fn, RvValue *argv)
{
    if (RV_IS_RANGE(argv[0]))
        argv[0] = rs_range_to_array(vm, RV_AS_RANGE(argv[0]));
    if (!RV_IS_ARRAY(argv[0]))
        rs_bad_arg(vm, fn, 1, "an array", argv[0]);
}

/* reverse(array | string). */
RS_DEF(reverse)
{
    if (RV_IS_STR(argv[0]))
        RS_RETURN(rs_s_reverse(vm, 1, argv));
    if (!RV_IS_ARRAY(argv[0]))
        rs_bad_arg(vm, "reverse", 1, "an array or a string", argv[0]);
    RS_RETURN(rs_a_reverse(vm, 1, argv));
}

RS_DEF(sort)      { rs_want_array(vm, "sort", argv); RS_RETURN(rs_a_sort(vm, 1, argv)); }
RS_DEF(enumerate) { rs_want_array(vm, "enumerate", argv); RS_RETURN(rs_a_enumerate(vm, 1, argv)); }
RS_DEF(sum)       { rs_want_array(vm, "sum", argv); RS_RETURN(rs_a_sum(vm, 1, argv)); }
RS_DEF(pop)       { rs_want_array(vm, "pop", argv); RS_RETURN(rs_a_pop(vm, 1, argv)); }

RS_DEF(zip)
{
    rs_want_array(vm, "zip", argv);
    RS_RETURN(rs_a_zip(vm, 2, argv));
}

/* push(a, x): appends in place and returns the array. */
RS_DEF(push)
{
    if (!RV_IS_ARRAY(argv[0]))
        rs_bad_arg(vm, "push", 1, "an array", argv[0]);
    (void)rs_a_push(vm, 2, argv);
    RS_RETURN(argv[0]);
}

RS_DEF(product) { rs_want_array(vm, "product", argv); RS_RETURN(rs_a_product(vm, 1, argv)); }
RS_DEF(unique)  { rs_want_array(vm, "unique", argv); RS_RETURN(rs_a_unique(vm, 1, argv)); }
RS_DEF(flatten) { rs_want_array(vm, "flatten", argv); RS_RETURN(rs_a_flatten(vm, 1, argv)); }

/* join(array[, sep]): the join method as a function. */
RS_DEF(join)
{
    rs_want_array(vm, "join", argv);
    if (argc > 1 && !RV_IS_STR(argv[1]))
        rs_bad_arg(vm, "join", 2, "a string", argv[1]);
    RS_RETURN(rs_a_join(vm, argc, argv));
}

/* split(s[, sep]): the split method as a function. */
RS_DEF(split)
{
    if (!RV_IS_STR(argv[0]))
        rs_bad_arg(vm, "split", 1, "a string", argv[0]);
    if (argc > 1 && !RV_IS_STR(argv[1]))
        rs_bad_arg(vm, "split", 2, "a string", argv[1]);
    RS_RETURN(rs_s_split(vm, argc, argv));
}
