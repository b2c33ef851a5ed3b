/* rv_ops.h — slow paths of the dispatch loop (private to vm/).
 * Every function here may throw (rv_throw) unless noted; results are
 * allocated in the current heap.
 */
#ifndef RV_OPS_H
#define RV_OPS_H

#include "rv_vm.h"
#include "rv_insn.h"

/* Binary arithmetic/bitwise opcode (ADD..POW, BAND..SHR) on any operands. */
RvValue rv_op_arith(RvVM *vm, RvOpcode op, RvValue a, RvValue b);
/* NEG or BNOT on any operand. */
RvValue rv_op_unary(RvVM *vm, RvOpcode op, RvValue a);
/* a < b (or_equal: a <= b) for numbers, strings, arrays, tuples. */
bool rv_op_less(RvVM *vm, RvValue a, RvValue b, bool or_equal);
/* a > b (or_equal: a >= b); errors name the operands in this order. */
bool rv_op_greater(RvVM *vm, RvValue a, RvValue b, bool or_equal);
/* a < b (a <= b with or_equal) for the TLT/TLE slow path; when swapped the
 * source wrote b > a (b >= a), so errors name b first. Throws TypeError. */
bool rv_op_ordered(RvVM *vm, RvValue a, RvValue b, bool or_equal, bool swapped);
/* Pattern-literal equality: same kind (1 is not 1.0) and equal. Never throws. */
bool rv_op_same(RvValue a, RvValue k);

RvValue rv_op_getindex(RvVM *vm, RvValue obj, RvValue key);
void rv_op_setindex(RvVM *vm, RvValue obj, RvValue key, RvValue v);
RvValue rv_op_getfield(RvVM *vm, RvValue obj, uint32_t sym);
void rv_op_setfield(RvVM *vm, RvValue obj, uint32_t sym, RvValue v);
RvValue rv_op_getelem(RvVM *vm, RvValue obj, uint32_t idx);
RvValue rv_op_slicefrom(RvVM *vm, RvValue obj, uint32_t from, uint32_t drop);
RvValue rv_op_payload(RvVM *vm, RvValue v, uint32_t idx);

RvValue rv_op_range(RvVM *vm, RvValue lo, RvValue hi, int flags);
RvValue rv_op_repeat(RvVM *vm, RvValue v, RvValue n);
/* Concatenate n registers (strings or anything, shown raw). */
RvValue rv_op_concat(RvVM *vm, const RvValue *r, int n);

/* Iteration: prep returns the source to iterate; next advances *cursor and
 * stores the element in *out, returning false at the end. */
RvValue rv_op_iterprep(RvVM *vm, RvValue v);
bool rv_op_iternext(RvVM *vm, RvValue src, RvValue *cursor, RvValue *out);

/* Method lookup for CALLM on recv: returns a native (argv includes the
 * receiver), or stores a closure to call in *fn and sets *with_self when the
 * receiver is passed as the first argument. Throws TypeError if none. */
const RvNative *rv_op_method(RvVM *vm, RvValue recv, uint32_t sym, RvValue *fn,
                             bool *with_self);

#endif
