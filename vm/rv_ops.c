/* rv_ops.c — arithmetic, comparison and construction slow paths of the
 * dispatch loop: everything that is not int/int or float/float.
 */
#include <math.h>
#include <string.h>
#include "rv_ops.h"

static const char *op_verb(RvOpcode op)
{
    switch (op) {
    case RV_OP_ADD: return "add";
    case RV_OP_SUB: return "subtract";
    case RV_OP_MUL: return "multiply";
    case RV_OP_DIV: return "divide";
    case RV_OP_MOD: return "take the remainder of";
    case RV_OP_POW: return "raise";
    default:        return "apply a bitwise operator to";
    }
}

_Noreturn static void type_error(RvVM *vm, RvOpcode op, RvValue a, RvValue b)
{
    rv_throw(vm, RV_E_TYPE, "Cannot %s %s and %s", op_verb(op), rv_type_name(a),
             rv_type_name(b));
}

/* Checked integer power; on overflow the result becomes a float (§5.1). */
static RvValue int_pow(int64_t base, int64_t exp)
{
    if (exp < 0)
        return RV_FLOAT(pow((double)base, (double)exp));
    int64_t r = 1, b = base;
    int64_t e = exp;
    while (e > 0) {
        if ((e & 1) && __builtin_mul_overflow(r, b, &r))
            return RV_FLOAT(pow((double)base, (double)exp));
        e >>= 1;
        if (e > 0 && __builtin_mul_overflow(b, b, &b))
            return RV_FLOAT(pow((double)base, (double)exp));
    }
    return RV_INT(r);
}

static RvValue int_arith(RvVM *vm, RvOpcode op, int64_t x, int64_t y)
{
    int64_t r = 0;
    switch (op) {
    case RV_OP_ADD:
        if (__builtin_add_overflow(x, y, &r))
            rv_throw(vm, RV_E_OVERFLOW, "Integer overflow in addition");
        return RV_INT(r);
    case RV_OP_SUB:
        if (__builtin_sub_overflow(x, y, &r))
            rv_throw(vm, RV_E_OVERFLOW, "Integer overflow in subtraction");
        return RV_INT(r);
    case RV_OP_MUL:
        if (__builtin_mul_overflow(x, y, &r))
            rv_throw(vm, RV_E_OVERFLOW, "Integer overflow in multiplication");
        return RV_INT(r);
    case RV_OP_DIV:
    case RV_OP_MOD:
        if (y == 0)
            rv_throw(vm, RV_E_ZERODIV, "Division by zero");
        if (x == INT64_MIN && y == -1) {
            if (op == RV_OP_MOD)
                return RV_INT(0);
            rv_throw(vm, RV_E_OVERFLOW, "Integer overflow in division");
        }
        return RV_INT(op == RV_OP_DIV ? x / y : x % y);
    case RV_OP_POW:  return int_pow(x, y);
    case RV_OP_BAND: return RV_INT(x & y);
    case RV_OP_BOR:  return RV_INT(x | y);
    case RV_OP_BXOR: return RV_INT(x ^ y);
    case RV_OP_SHL:
    case RV_OP_SHR:
        if (y < 0 || y > 63)
            rv_throw(vm, RV_E_VALUE, "shift amount %lld out of range 0..63", (long long)y);
        return RV_INT(op == RV_OP_SHL ? (int64_t)((uint64_t)x << y) : x >> y);
    default:
        rv_throw(vm, RV_E_RUNTIME, "bad arithmetic opcode");
    }
}

static RvValue float_arith(RvVM *vm, RvOpcode op, double x, double y, RvValue a, RvValue b)
{
    switch (op) {
    case RV_OP_ADD: return RV_FLOAT(x + y);
    case RV_OP_SUB: return RV_FLOAT(x - y);
    case RV_OP_MUL: return RV_FLOAT(x * y);
    case RV_OP_DIV: return RV_FLOAT(x / y);
    case RV_OP_MOD:
        if (y == 0.0)
            rv_throw(vm, RV_E_ZERODIV, "Division by zero");
        return RV_FLOAT(fmod(x, y));
    case RV_OP_POW: return RV_FLOAT(pow(x, y));
    default: type_error(vm, op, a, b);
    }
}

static RvValue repeat_str(RvVM *vm, RvStr *s, int64_t n)
{
    if (n <= 0 || s->len == 0)
        return rv_str_new(vm, "", 0);
    if ((uint64_t)n * s->len > (1u << 30))
        rv_throw(vm, RV_E_MEMORY, "string repeat result too large");
    RvStr *r = rv_str_alloc(vm, (size_t)n * s->len);
    for (int64_t i = 0; i < n; i++)
        memcpy(r->data + (size_t)i * s->len, s->data, s->len);
    return RV_OBJ(r);
}

static RvValue concat2(RvVM *vm, RvValue a, RvValue b)
{
    RvValue sa = RV_IS_STR(a) ? a : rv_to_str(vm, a);
    RvValue sb = RV_IS_STR(b) ? b : rv_to_str(vm, b);
    return rv_str_concat(vm, RV_AS_STR(sa), RV_AS_STR(sb));
}

static bool concat_operand(RvValue v)
{
    return RV_IS_STR(v) || RV_IS_NUM(v) || RV_IS_BOOL(v);
}

static RvValue array_concat(RvVM *vm, RvArray *x, RvArray *y)
{
    RvValue r = rv_array_new(vm, x->len + y->len);
    RvArray *a = RV_AS_ARRAY(r);
    for (uint32_t i = 0; i < x->len; i++)
        rv_array_push(vm, a, x->items[i]);
    for (uint32_t i = 0; i < y->len; i++)
        rv_array_push(vm, a, y->items[i]);
    return r;
}

/* Binary arithmetic on any operands (§5.1). */
RvValue rv_op_arith(RvVM *vm, RvOpcode op, RvValue a, RvValue b)
{
    if (RV_IS_INT(a) && RV_IS_INT(b))
        return int_arith(vm, op, a.as.i, b.as.i);
    if (RV_IS_NUM(a) && RV_IS_NUM(b) && op <= RV_OP_POW)
        return float_arith(vm, op, RV_AS_NUM(a), RV_AS_NUM(b), a, b);
    if (op == RV_OP_ADD) {
        if ((RV_IS_STR(a) && concat_operand(b)) || (RV_IS_STR(b) && concat_operand(a)))
            return concat2(vm, a, b);
        if (RV_IS_ARRAY(a) && RV_IS_ARRAY(b))
            return array_concat(vm, RV_AS_ARRAY(a), RV_AS_ARRAY(b));
    }
    if (op == RV_OP_MUL) {
        if (RV_IS_STR(a) && RV_IS_INT(b))
            return repeat_str(vm, RV_AS_STR(a), b.as.i);
        if (RV_IS_INT(a) && RV_IS_STR(b))
            return repeat_str(vm, RV_AS_STR(b), a.as.i);
    }
    type_error(vm, op, a, b);
}

/* Unary minus / bitwise not. */
RvValue rv_op_unary(RvVM *vm, RvOpcode op, RvValue a)
{
    if (op == RV_OP_NEG) {
        if (RV_IS_INT(a)) {
            if (a.as.i == INT64_MIN)
                rv_throw(vm, RV_E_OVERFLOW, "Integer overflow in negation");
            return RV_INT(-a.as.i);
        }
        if (RV_IS_FLOAT(a))
            return RV_FLOAT(-a.as.f);
        rv_throw(vm, RV_E_TYPE, "Cannot negate %s", rv_type_name(a));
    }
    if (RV_IS_INT(a))
        return RV_INT(~a.as.i);
    rv_throw(vm, RV_E_TYPE, "Cannot apply ~ to %s", rv_type_name(a));
}

bool rv_op_less(RvVM *vm, RvValue a, RvValue b, bool or_equal)
{
    int c = rv_compare(vm, a, b);
    if (RV_IS_NUM(a) && RV_IS_NUM(b) && (isnan(RV_AS_NUM(a)) || isnan(RV_AS_NUM(b))))
        return false;
    return or_equal ? c <= 0 : c < 0;
}

bool rv_op_greater(RvVM *vm, RvValue a, RvValue b, bool or_equal)
{
    int c = rv_compare(vm, a, b);
    if (RV_IS_NUM(a) && RV_IS_NUM(b) && (isnan(RV_AS_NUM(a)) || isnan(RV_AS_NUM(b))))
        return false;
    return or_equal ? c >= 0 : c > 0;
}

bool rv_op_ordered(RvVM *vm, RvValue a, RvValue b, bool or_equal, bool swapped)
{
    return swapped ? rv_op_greater(vm, b, a, or_equal) : rv_op_less(vm, a, b, or_equal);
}

bool rv_op_same(RvValue a, RvValue k)
{
    if (a.tag != k.tag)
        return false;
    if (RV_IS_OBJ(k) && (!RV_IS_OBJ(a) || a.as.o->kind != k.as.o->kind))
        return false;
    return rv_equal(a, k);
}

/* lo..hi; flags: 1 inclusive, 2 no low bound, 4 no high bound. */
RvValue rv_op_range(RvVM *vm, RvValue lo, RvValue hi, int flags)
{
    if ((!(flags & 2) && !RV_IS_INT(lo)) || (!(flags & 4) && !RV_IS_INT(hi)))
        rv_throw(vm, RV_E_TYPE, "Range bounds must be integers, got %s and %s",
                 rv_type_name(lo), rv_type_name(hi));
    RvValue r = rv_range_new(vm, (flags & 2) ? 0 : lo.as.i, (flags & 4) ? 0 : hi.as.i,
                             flags & 1);
    RV_AS_RANGE(r)->has_lo = !(flags & 2);
    RV_AS_RANGE(r)->has_hi = !(flags & 4);
    return r;
}

/* [v; n] */
RvValue rv_op_repeat(RvVM *vm, RvValue v, RvValue n)
{
    if (!RV_IS_INT(n) || n.as.i < 0)
        rv_throw(vm, RV_E_TYPE, "array repeat count must be a non-negative integer, got %s",
                 rv_type_name(n));
    if (n.as.i > (1 << 26))
        rv_throw(vm, RV_E_MEMORY, "array repeat count %lld too large", (long long)n.as.i);
    RvValue r = rv_array_new(vm, (uint32_t)n.as.i);
    for (int64_t i = 0; i < n.as.i; i++)
        rv_array_push(vm, RV_AS_ARRAY(r), v);
    return r;
}

/* Concatenation of n registers; non-strings are shown raw. */
RvValue rv_op_concat(RvVM *vm, const RvValue *r, int n)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        if (!RV_IS_STR(r[i])) {
            RvBuf b;
            rv_buf_init(&b, vm);
            for (int j = 0; j < n; j++)
                rv_show(vm, &b, r[j], RV_SHOW_RAW);
            return rv_buf_str(&b);
        }
        total += RV_AS_STR(r[i])->len;
    }
    RvStr *s = rv_str_alloc(vm, total);
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        RvStr *p = RV_AS_STR(r[i]);
        memcpy(s->data + at, p->data, p->len);
        at += p->len;
    }
    return RV_OBJ(s);
}
