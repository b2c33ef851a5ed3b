/* rs_math.c — math builtins (§10.3) and integer/float methods (§9.3).
 *
 * Integer arithmetic is checked: results that do not fit in an i64 raise
 * OverflowError. The builtins floor/ceil/round return integers; the float
 * methods of the same names return floats.
 */
#include <math.h>
#include "rs.h"

/* The numeric argument i of fn (TypeError otherwise). argn is the 1-based
 * argument number used in the message (0 = receiver). */
static RvValue rs_num(RvVM *vm, const char *fn, RvValue *argv, int i, int argn)
{
    if (!RV_IS_NUM(argv[i]))
        rs_bad_arg(vm, fn, argn, "a number", argv[i]);
    return argv[i];
}

/* d converted to an integer (truncating); ValueError for NaN/inf,
 * OverflowError when out of range. */
static int64_t rs_f2i(RvVM *vm, const char *fn, double d)
{
    if (isnan(d) || isinf(d))
        rv_throw(vm, RV_E_VALUE, "%s(): cannot convert %s to an integer", fn,
                 isnan(d) ? "NaN" : "infinity");
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
        rv_throw(vm, RV_E_OVERFLOW, "%s(): %g does not fit in an integer", fn, d);
    return (int64_t)d;
}

/* Checked a ** b for b >= 0. */
static int64_t rs_ipow(RvVM *vm, const char *fn, int64_t a, int64_t b)
{
    int64_t r = 1;
    while (b > 0) {
        if ((b & 1) && __builtin_mul_overflow(r, a, &r))
            goto overflow;
        b >>= 1;
        if (b > 0 && __builtin_mul_overflow(a, a, &a))
            goto overflow;
    }
    return r;
overflow:
    rv_throw(vm, RV_E_OVERFLOW, "%s(): integer overflow", fn);
}

/* |v| for a number; OverflowError for the smallest integer. */
static RvValue rs_abs_val(RvVM *vm, const char *fn, RvValue v)
{
    if (RV_IS_FLOAT(v))
        return RV_FLOAT(fabs(RV_AS_FLOAT(v)));
    int64_t i = RV_AS_INT(v);
    if (i == INT64_MIN)
        rv_throw(vm, RV_E_OVERFLOW, "%s(): integer overflow", fn);
    return RV_INT(i < 0 ? -i : i);
}

/* min/max of two numbers: integers stay integers, mixed gives a float. */
static RvValue rs_minmax2(RvValue a, RvValue b, bool want_max)
{
    if (RV_IS_INT(a) && RV_IS_INT(b)) {
        int64_t x = RV_AS_INT(a), y = RV_AS_INT(b);
        return RV_INT(want_max ? (x > y ? x : y) : (x < y ? x : y));
    }
    double x = RV_AS_NUM(a), y = RV_AS_NUM(b);
    return RV_FLOAT(want_max ? fmax(x, y) : fmin(x, y));
}

/* --------------------------------------------------------- builtins --- */

RS_DEF(sqrt) { RS_RETURN(RV_FLOAT(sqrt(rv_arg_num(vm, "sqrt", argv, 0)))); }
RS_DEF(sin)  { RS_RETURN(RV_FLOAT(sin(rv_arg_num(vm, "sin", argv, 0)))); }
RS_DEF(cos)  { RS_RETURN(RV_FLOAT(cos(rv_arg_num(vm, "cos", argv, 0)))); }
RS_DEF(tan)  { RS_RETURN(RV_FLOAT(tan(rv_arg_num(vm, "tan", argv, 0)))); }
RS_DEF(exp)  { RS_RETURN(RV_FLOAT(exp(rv_arg_num(vm, "exp", argv, 0)))); }
RS_DEF(log10) { RS_RETURN(RV_FLOAT(log10(rv_arg_num(vm, "log10", argv, 0)))); }

/* log(x) natural logarithm; log(x, base). */
RS_DEF(log)
{
    double x = rv_arg_num(vm, "log", argv, 0);
    if (argc > 1)
        RS_RETURN(RV_FLOAT(log(x) / log(rv_arg_num(vm, "log", argv, 1))));
    RS_RETURN(RV_FLOAT(log(x)));
}

/* pow(a, b): integer when both are integers and b >= 0, else float. */
RS_DEF(pow)
{
    RvValue a = rs_num(vm, "pow", argv, 0, 1), b = rs_num(vm, "pow", argv, 1, 2);
    if (RV_IS_INT(a) && RV_IS_INT(b) && RV_AS_INT(b) >= 0)
        RS_RETURN(RV_INT(rs_ipow(vm, "pow", RV_AS_INT(a), RV_AS_INT(b))));
    RS_RETURN(RV_FLOAT(pow(RV_AS_NUM(a), RV_AS_NUM(b))));
}

RS_DEF(abs) { RS_RETURN(rs_abs_val(vm, "abs", rs_num(vm, "abs", argv, 0, 1))); }

/* min(a, b) / max(a, b); min(array) / max(array) delegate to the method. */
static RvValue rs_minmax_builtin(RvVM *vm, int argc, RvValue *argv, bool want_max)
{
    const char *fn = want_max ? "max" : "min";
    if (argc == 1) {
        if (!RV_IS_ARRAY(argv[0]))
            rs_bad_arg(vm, fn, 1, "an array (or two numbers)", argv[0]);
        return want_max ? rs_a_max(vm, 1, argv) : rs_a_min(vm, 1, argv);
    }
    RvValue a = rs_num(vm, fn, argv, 0, 1), b = rs_num(vm, fn, argv, 1, 2);
    return rs_minmax2(a, b, want_max);
}

RS_DEF(min) { RS_RETURN(rs_minmax_builtin(vm, argc, argv, false)); }
RS_DEF(max) { RS_RETURN(rs_minmax_builtin(vm, argc, argv, true)); }

/* floor/ceil/round builtins return integers. */
static RvValue rs_to_int_by(RvVM *vm, const char *fn, RvValue *argv, double (*f)(double))
{
    RvValue v = rs_num(vm, fn, argv, 0, 1);
    if (RV_IS_INT(v))
        return v;
    return RV_INT(rs_f2i(vm, fn, f(RV_AS_FLOAT(v))));
}

RS_DEF(floor) { RS_RETURN(rs_to_int_by(vm, "floor", argv, floor)); }
RS_DEF(ceil)  { RS_RETURN(rs_to_int_by(vm, "ceil", argv, ceil)); }
RS_DEF(round) { RS_RETURN(rs_to_int_by(vm, "round", argv, round)); }

/* ------------------------------------------ integer and float methods --- */

RS_DEF(n_abs)      { RS_RETURN(rs_abs_val(vm, "abs", argv[0])); }
RS_DEF(n_sqrt)     { RS_RETURN(RV_FLOAT(sqrt(RV_AS_NUM(argv[0])))); }
RS_DEF(n_to_float) { RS_RETURN(RV_FLOAT(RV_AS_NUM(argv[0]))); }

RS_DEF(n_to_int)
{
    if (RV_IS_INT(argv[0]))
        RS_RETURN(argv[0]);
    RS_RETURN(RV_INT(rs_f2i(vm, "to_int", RV_AS_FLOAT(argv[0]))));
}

/* signum(): -1/0/1 for integers; -1.0/1.0 (NaN stays NaN) for floats. */
RS_DEF(n_signum)
{
    if (RV_IS_INT(argv[0])) {
        int64_t i = RV_AS_INT(argv[0]);
        RS_RETURN(RV_INT(i < 0 ? -1 : i > 0));
    }
    double d = RV_AS_FLOAT(argv[0]);
    RS_RETURN(RV_FLOAT(isnan(d) ? d : signbit(d) ? -1.0 : 1.0));
}

RS_DEF(n_min) { RS_RETURN(rs_minmax2(argv[0], rs_num(vm, "min", argv, 1, 1), false)); }
RS_DEF(n_max) { RS_RETURN(rs_minmax2(argv[0], rs_num(vm, "max", argv, 1, 1), true)); }

/* clamp(lo, hi): ValueError when lo > hi. */
RS_DEF(n_clamp)
{
    RvValue lo = rs_num(vm, "clamp", argv, 1, 1), hi = rs_num(vm, "clamp", argv, 2, 2);
    if (RV_AS_NUM(lo) > RV_AS_NUM(hi))
        rv_throw(vm, RV_E_VALUE, "clamp(): min is greater than max");
    RS_RETURN(rs_minmax2(rs_minmax2(argv[0], lo, true), hi, false));
}

RS_DEF(n_is_positive) { RS_RETURN(RV_BOOL(RV_AS_NUM(argv[0]) > 0)); }
RS_DEF(n_is_negative) { RS_RETURN(RV_BOOL(RV_AS_NUM(argv[0]) < 0)); }

/* Integer pow(n), n >= 0, checked. */
RS_DEF(i_pow)
{
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, "pow", 1, "an integer", argv[1]);
    int64_t n = RV_AS_INT(argv[1]);
    if (n < 0)
        rv_throw(vm, RV_E_VALUE, "pow(): exponent must be >= 0, got %lld", (long long)n);
    RS_RETURN(RV_INT(rs_ipow(vm, "pow", RV_AS_INT(argv[0]), n)));
}

#define RS_FLOAT_UNARY(name, expr)                       \
    RS_DEF(f_##name)                                     \
    {                                                    \
        double x = RV_AS_FLOAT(argv[0]);                 \
        RS_RETURN(expr);                                 \
    }

RS_FLOAT_UNARY(round, RV_FLOAT(round(x)))
RS_FLOAT_UNARY(floor, RV_FLOAT(floor(x)))
RS_FLOAT_UNARY(ceil, RV_FLOAT(ceil(x)))
RS_FLOAT_UNARY(trunc, RV_FLOAT(trunc(x)))
RS_FLOAT_UNARY(fract, RV_FLOAT(x - trunc(x)))
RS_FLOAT_UNARY(sin, RV_FLOAT(sin(x)))
RS_FLOAT_UNARY(cos, RV_FLOAT(cos(x)))
RS_FLOAT_UNARY(tan, RV_FLOAT(tan(x)))
RS_FLOAT_UNARY(ln, RV_FLOAT(log(x)))
RS_FLOAT_UNARY(log10, RV_FLOAT(log10(x)))
RS_FLOAT_UNARY(exp, RV_FLOAT(exp(x)))
RS_FLOAT_UNARY(is_nan, RV_BOOL(isnan(x)))
RS_FLOAT_UNARY(is_finite, RV_BOOL(isfinite(x)))
RS_FLOAT_UNARY(is_infinite, RV_BOOL(isinf(x)))

/* powi/powf/pow on a float: float result. */
RS_DEF(f_pow)
{
    double e = RV_AS_NUM(rs_num(vm, "pow", argv, 1, 1));
    RS_RETURN(RV_FLOAT(pow(RV_AS_FLOAT(argv[0]), e)));
}

RS_FLOAT_UNARY(log2, RV_FLOAT(log2(x)))
RS_FLOAT_UNARY(asin, RV_FLOAT(asin(x)))
RS_FLOAT_UNARY(acos, RV_FLOAT(acos(x)))
RS_FLOAT_UNARY(atan, RV_FLOAT(atan(x)))
RS_FLOAT_UNARY(cbrt, RV_FLOAT(cbrt(x)))
RS_FLOAT_UNARY(to_degrees, RV_FLOAT(x * (180.0 / 3.14159265358979323846)))
RS_FLOAT_UNARY(to_radians, RV_FLOAT(x * (3.14159265358979323846 / 180.0)))

/* atan2(other) / hypot(other) on a float, numeric argument. */
RS_DEF(f_atan2)
{
    RS_RETURN(RV_FLOAT(atan2(RV_AS_FLOAT(argv[0]),
                             RV_AS_NUM(rs_num(vm, "atan2", argv, 1, 1)))));
}

RS_DEF(f_hypot)
{
    RS_RETURN(RV_FLOAT(hypot(RV_AS_FLOAT(argv[0]),
                             RV_AS_NUM(rs_num(vm, "hypot", argv, 1, 1)))));
}

/* ------------------------------------------ checked integer methods --- */

typedef enum { RS_CK_ADD, RS_CK_SUB, RS_CK_MUL, RS_CK_DIV } RsCheckedOp;

/* checked_add/sub/mul/div(n) -> Some(result) or None on overflow or
 * division by zero (Rust). TypeError for a non-integer argument. */
static RvValue rs_checked(RvVM *vm, RvValue *argv, const char *fn, RsCheckedOp op)
{
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, fn, 1, "an integer", argv[1]);
    int64_t a = RV_AS_INT(argv[0]), b = RV_AS_INT(argv[1]), r = 0;
    bool bad;
    switch (op) {
    case RS_CK_ADD: bad = __builtin_add_overflow(a, b, &r); break;
    case RS_CK_SUB: bad = __builtin_sub_overflow(a, b, &r); break;
    case RS_CK_MUL: bad = __builtin_mul_overflow(a, b, &r); break;
    default:
        bad = b == 0 || (a == INT64_MIN && b == -1);
        r = bad ? 0 : a / b;
        break;
    }
    return bad ? rv_none(vm) : rv_some(vm, RV_INT(r));
}

RS_DEF(i_checked_add) { RS_RETURN(rs_checked(vm, argv, "checked_add", RS_CK_ADD)); }
RS_DEF(i_checked_sub) { RS_RETURN(rs_checked(vm, argv, "checked_sub", RS_CK_SUB)); }
RS_DEF(i_checked_mul) { RS_RETURN(rs_checked(vm, argv, "checked_mul", RS_CK_MUL)); }
RS_DEF(i_checked_div) { RS_RETURN(rs_checked(vm, argv, "checked_div", RS_CK_DIV)); }

/* rem_euclid(n): the non-negative remainder; ZeroDivisionError for 0. */
RS_DEF(i_rem_euclid)
{
    if (!RV_IS_INT(argv[1]))
        rs_bad_arg(vm, "rem_euclid", 1, "an integer", argv[1]);
    int64_t a = RV_AS_INT(argv[0]), b = RV_AS_INT(argv[1]);
    if (b == 0)
        rv_throw(vm, RV_E_ZERODIV, "rem_euclid(): division by zero");
    if (b == -1)
        RS_RETURN(RV_INT(0));
    int64_t r = a % b;
    if (r < 0)
        r += b < 0 ? -b : b;
    RS_RETURN(RV_INT(r));
}
