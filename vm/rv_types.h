/* rv_types.h — slow paths of the dispatch loop for user types (rv_types.c)
 * and try/catch (rv_try.c). Private to vm/.
 */
#ifndef RV_TYPES_H
#define RV_TYPES_H

#include "rv_vm.h"

/* ---- try/catch (rv_try.c) ----
 * TRY pushes a handler; the first TRY run by an rv_execute activation
 * makes that activation run under a boundary of its own (rv_try_execute),
 * which catches errors thrown by anything above it (natives, deeper
 * frames) and resumes at the innermost handler's catch code. */

/* True when the running rv_execute activation has its try boundary. */
bool rv_try_armed(RvVM *vm);
/* Run the current activation (top frame, from its saved pc) to its end
 * under a try boundary; returns what rv_execute would. Throws what no
 * handler of the activation catches. */
RvValue rv_try_execute(RvVM *vm);
/* Push a handler for the top frame: on error, R[reg] := error, continue at
 * target. Throws MemoryError. */
void rv_try_push(RvVM *vm, uint32_t reg, const uint32_t *target);
/* Pop n handlers (the compiler pairs them with TRY). Never throws. */
void rv_try_pop(RvVM *vm, uint32_t n);
/* What `catch e` binds for error value err: the thrown value of `throw v`,
 * else the error itself. Never throws. */
RvValue rv_caught_value(RvValue err);

/* ---- struct and enum values (rv_types.c) ---- */

/* New instance of struct type t (a type value) with n field values in
 * declaration order. Throws TypeError when t is not a struct type of n
 * fields; MemoryError. */
RvValue rv_struct_make(RvVM *vm, RvValue t, uint32_t n, const RvValue *f);
/* The variant of marker (an enum value) with payload f[0..n). Throws
 * TypeError on a wrong payload count. */
RvValue rv_enum_make(RvVM *vm, RvValue marker, uint32_t n, const RvValue *f);
/* Is v an instance of k (a struct type, or an enum marker's variant)? */
bool rv_is_instance(RvValue v, RvValue k);
/* type.methods[sym] := fn (impl blocks). Throws TypeError when t is not
 * a user type. */
void rv_type_set_method(RvVM *vm, RvValue t, uint32_t sym, RvValue fn);
/* Method or associated function sym of type t. Throws TypeError naming
 * the type when there is none. */
RvValue rv_type_get_method(RvVM *vm, RvValue t, uint32_t sym);
/* Discriminant of a user enum value; other values unchanged. */
RvValue rv_discriminant(RvVM *vm, RvValue v);

#endif
