/* rs_option.c — Option and Result methods with Rust semantics (decision 7).
 *
 * One native serves both types where Rust's meaning coincides: Some and Ok
 * are the "present" variants, None and Err the "absent" ones; Err carries a
 * payload that callbacks receive (unwrap_or_else, or_else). unwrap on None
 * or Err raises a RuntimeError.
 */
#include "rs.h"

/* Which variant the receiver is (rv_optres). */
static int rs_kind(RvVM *vm, RvValue *argv)
{
    return rv_optres(vm, argv[0]);
}

/* Some(x)/Ok(x)? */
static bool rs_present(int k) { return k == RV_OPT_SOME || k == RV_RES_OK; }

/* Payload of a variant with one (None: nil). */
static RvValue rs_payload(RvValue v)
{
    RvEnum *e = RV_AS_ENUM(v);
    return e->n > 0 ? e->f[0] : RV_NIL;
}

/* Rebuild the same kind of wrapper around x. */
static RvValue rs_rewrap(RvVM *vm, int k, RvValue x)
{
    switch (k) {
    case RV_OPT_SOME: return rv_some(vm, x);
    case RV_RES_OK:   return rv_ok(vm, x);
    case RV_RES_ERR:  return rv_err(vm, x);
    default:          return rv_none(vm);
    }
}

/* Throw RuntimeError "<prefix><display form of v>". */
static _Noreturn void rs_unwrap_fail(RvVM *vm, const char *prefix, RvValue v)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_buf_adds(&b, prefix);
    rv_show(vm, &b, v, RV_SHOW_REPR);
    rv_throw(vm, RV_E_RUNTIME, "%.*s", (int)b.len, b.p);
}

/* unwrap(): the payload of Some/Ok; RuntimeError for None/Err. */
RS_DEF(o_unwrap)
{
    int k = rs_kind(vm, argv);
    if (rs_present(k))
        RS_RETURN(rs_payload(argv[0]));
    if (k == RV_OPT_NONE)
        rv_throw(vm, RV_E_RUNTIME, "called unwrap() on None");
    rs_unwrap_fail(vm, "called unwrap() on ", argv[0]);
}

/* expect(msg): like unwrap with msg as the error ("msg: <err>" for Err). */
RS_DEF(o_expect)
{
    int k = rs_kind(vm, argv);
    if (rs_present(k))
        RS_RETURN(rs_payload(argv[0]));
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, argv[1], RV_SHOW_RAW);
    if (k == RV_RES_ERR) {
        rv_buf_adds(&b, ": ");
        rv_show(vm, &b, rs_payload(argv[0]), RV_SHOW_REPR);
    }
    rv_throw(vm, RV_E_RUNTIME, "%.*s", (int)b.len, b.p);
}

RS_DEF(o_unwrap_or)
{
    RS_RETURN(rs_present(rs_kind(vm, argv)) ? rs_payload(argv[0]) : argv[1]);
}

/* unwrap_or_else(f): f() for None, f(e) for Err(e). */
RS_DEF(o_unwrap_or_else)
{
    int k = rs_kind(vm, argv);
    if (rs_present(k))
        RS_RETURN(rs_payload(argv[0]));
    rs_want_fn(vm, "unwrap_or_else", argv, 1);
    RvValue e = rs_payload(argv[0]);
    RS_RETURN(rv_call(vm, argv[1], k == RV_RES_ERR ? 1 : 0, &e));
}

/* unwrap_or_default(): the payload or nil (types are not known). */
RS_DEF(o_unwrap_or_default)
{
    RS_RETURN(rs_present(rs_kind(vm, argv)) ? rs_payload(argv[0]) : RV_NIL);
}

RS_DEF(o_is_some) { RS_RETURN(RV_BOOL(rs_kind(vm, argv) == RV_OPT_SOME)); }
RS_DEF(o_is_none) { RS_RETURN(RV_BOOL(rs_kind(vm, argv) == RV_OPT_NONE)); }
RS_DEF(r_is_ok)   { RS_RETURN(RV_BOOL(rs_kind(vm, argv) == RV_RES_OK)); }
RS_DEF(r_is_err)  { RS_RETURN(RV_BOOL(rs_kind(vm, argv) == RV_RES_ERR)); }

/* is_some_and(f): Some(x) and f(x) truthy. */
RS_DEF(o_is_some_and)
{
    if (rs_kind(vm, argv) != RV_OPT_SOME)
        RS_RETURN(RV_FALSE);
    rs_want_fn(vm, "is_some_and", argv, 1);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(RV_BOOL(rs_truthy(rv_call(vm, argv[1], 1, &x))));
}

/* map(f): Some(f(x))/Ok(f(x)); None and Err unchanged. */
RS_DEF(o_map)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "map", argv, 1);
    if (!rs_present(k))
        RS_RETURN(argv[0]);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(rs_rewrap(vm, k, rv_call(vm, argv[1], 1, &x)));
}

/* map_or(default, f): f(x) when present, else default. */
RS_DEF(o_map_or)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "map_or", argv, 2);
    if (!rs_present(k))
        RS_RETURN(argv[1]);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(rv_call(vm, argv[2], 1, &x));
}

/* map_err(f): Err(f(e)); Ok unchanged. */
RS_DEF(r_map_err)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "map_err", argv, 1);
    if (k != RV_RES_ERR)
        RS_RETURN(argv[0]);
    RvValue e = rs_payload(argv[0]);
    RS_RETURN(rv_err(vm, rv_call(vm, argv[1], 1, &e)));
}

/* and_then(f): f(x) when present (f returns the new Option/Result). */
RS_DEF(o_and_then)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "and_then", argv, 1);
    if (!rs_present(k))
        RS_RETURN(argv[0]);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(rv_call(vm, argv[1], 1, &x));
}

/* or_else(f): f() for None, f(e) for Err(e); present values unchanged. */
RS_DEF(o_or_else)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "or_else", argv, 1);
    if (rs_present(k))
        RS_RETURN(argv[0]);
    RvValue e = rs_payload(argv[0]);
    RS_RETURN(rv_call(vm, argv[1], k == RV_RES_ERR ? 1 : 0, &e));
}

RS_DEF(o_or)  { RS_RETURN(rs_present(rs_kind(vm, argv)) ? argv[0] : argv[1]); }
RS_DEF(o_and) { RS_RETURN(rs_present(rs_kind(vm, argv)) ? argv[1] : argv[0]); }

/* filter(f): Some(x) when f(x) is truthy, else None. */
RS_DEF(o_filter)
{
    rs_want_fn(vm, "filter", argv, 1);
    if (rs_kind(vm, argv) != RV_OPT_SOME)
        RS_RETURN(argv[0]);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(rs_truthy(rv_call(vm, argv[1], 1, &x)) ? argv[0] : rv_none(vm));
}

/* flatten(): Some(Some(x)) -> Some(x), Some(None) -> None. */
RS_DEF(o_flatten)
{
    if (rs_kind(vm, argv) != RV_OPT_SOME)
        RS_RETURN(argv[0]);
    RvValue inner = rs_payload(argv[0]);
    int k = rv_optres(vm, inner);
    RS_RETURN(k == RV_OPT_SOME || k == RV_OPT_NONE ? inner : argv[0]);
}

/* ok_or(e): Some(x) -> Ok(x), None -> Err(e). */
RS_DEF(o_ok_or)
{
    if (rs_kind(vm, argv) == RV_OPT_SOME)
        RS_RETURN(rv_ok(vm, rs_payload(argv[0])));
    RS_RETURN(rv_err(vm, argv[1]));
}

/* ok_or_else(f): Some(x) -> Ok(x), None -> Err(f()). */
RS_DEF(o_ok_or_else)
{
    rs_want_fn(vm, "ok_or_else", argv, 1);
    if (rs_kind(vm, argv) == RV_OPT_SOME)
        RS_RETURN(rv_ok(vm, rs_payload(argv[0])));
    RS_RETURN(rv_err(vm, rv_call(vm, argv[1], 0, argv)));   /* no args */
}

/* iter(): [x] for Some(x), [] for None. */
RS_DEF(o_iter)
{
    if (rs_kind(vm, argv) == RV_OPT_SOME) {
        RvValue x = rs_payload(argv[0]);
        RS_RETURN(rv_array_from(vm, 1, &x));
    }
    RS_RETURN(rv_array_new(vm, 0));
}

/* ok(): Ok(x) -> Some(x), Err -> None. err(): the reverse. */
RS_DEF(r_ok)
{
    RS_RETURN(rs_kind(vm, argv) == RV_RES_OK ? rv_some(vm, rs_payload(argv[0])) : rv_none(vm));
}

RS_DEF(r_err)
{
    RS_RETURN(rs_kind(vm, argv) == RV_RES_ERR ? rv_some(vm, rs_payload(argv[0])) : rv_none(vm));
}

/* unwrap_err(): the payload of Err; RuntimeError for Ok. */
RS_DEF(r_unwrap_err)
{
    if (rs_kind(vm, argv) == RV_RES_ERR)
        RS_RETURN(rs_payload(argv[0]));
    rs_unwrap_fail(vm, "called unwrap_err() on ", argv[0]);
}

/* expect_err(msg): the payload of Err; RuntimeError "msg: <x>" for Ok(x). */
RS_DEF(r_expect_err)
{
    if (rs_kind(vm, argv) == RV_RES_ERR)
        RS_RETURN(rs_payload(argv[0]));
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, argv[1], RV_SHOW_RAW);
    rv_buf_adds(&b, ": ");
    rv_show(vm, &b, rs_payload(argv[0]), RV_SHOW_REPR);
    rv_throw(vm, RV_E_RUNTIME, "%.*s", (int)b.len, b.p);
}

/* is_ok_and(f): Ok(x) and f(x) truthy. is_err_and(f): Err(e) and f(e). */
static RvValue rs_is_and(RvVM *vm, RvValue *argv, const char *fn, int want)
{
    rs_want_fn(vm, fn, argv, 1);
    if (rs_kind(vm, argv) != want)
        return RV_FALSE;
    RvValue x = rs_payload(argv[0]);
    return RV_BOOL(rs_truthy(rv_call(vm, argv[1], 1, &x)));
}

RS_DEF(r_is_ok_and)  { RS_RETURN(rs_is_and(vm, argv, "is_ok_and", RV_RES_OK)); }
RS_DEF(r_is_err_and) { RS_RETURN(rs_is_and(vm, argv, "is_err_and", RV_RES_ERR)); }

/* is_none_or(f): None, or Some(x) with f(x) truthy. */
RS_DEF(o_is_none_or)
{
    rs_want_fn(vm, "is_none_or", argv, 1);
    if (rs_kind(vm, argv) != RV_OPT_SOME)
        RS_RETURN(RV_TRUE);
    RvValue x = rs_payload(argv[0]);
    RS_RETURN(RV_BOOL(rs_truthy(rv_call(vm, argv[1], 1, &x))));
}

/* map_or_else(default_fn, f): f(x) when present, else default_fn() for
 * None or default_fn(e) for Err(e). */
RS_DEF(o_map_or_else)
{
    int k = rs_kind(vm, argv);
    rs_want_fn(vm, "map_or_else", argv, 1);
    rs_want_fn(vm, "map_or_else", argv, 2);
    RvValue x = rs_payload(argv[0]);
    if (rs_present(k))
        RS_RETURN(rv_call(vm, argv[2], 1, &x));
    RS_RETURN(rv_call(vm, argv[1], k == RV_RES_ERR ? 1 : 0, &x));
}

/* xor(other): Some when exactly one of the two is Some. TypeError when
 * other is not an Option. */
RS_DEF(o_xor)
{
    int ko = rv_optres(vm, argv[1]);
    if (ko != RV_OPT_SOME && ko != RV_OPT_NONE)
        rs_bad_arg(vm, "xor", 1, "an Option", argv[1]);
    bool a = rs_kind(vm, argv) == RV_OPT_SOME, b = ko == RV_OPT_SOME;
    if (a == b)
        RS_RETURN(rv_none(vm));
    RS_RETURN(a ? argv[0] : argv[1]);
}

/* zip(other): Some((x, y)) when both are Some, else None. */
RS_DEF(o_zip)
{
    int ko = rv_optres(vm, argv[1]);
    if (ko != RV_OPT_SOME && ko != RV_OPT_NONE)
        rs_bad_arg(vm, "zip", 1, "an Option", argv[1]);
    if (rs_kind(vm, argv) != RV_OPT_SOME || ko != RV_OPT_SOME)
        RS_RETURN(rv_none(vm));
    RvValue pair[2] = { rs_payload(argv[0]), rs_payload(argv[1]) };
    RS_RETURN(rv_some(vm, rv_tuple_new(vm, 2, pair)));
}
