/* rv.h — facade of the VM: the value API that the compiler, the stdlib and
 * the runtime use. Nothing outside vm/ includes another rv_*.h except
 * rv_insn.h (the compiler) and the headers this one includes.
 *
 * Conventions: functions that "throw" longjmp to the nearest rv_pcall with an
 * error value; they never return in that case. Allocation happens in the VM's
 * current target heap (rv_heap.h) unless stated otherwise.
 */
#ifndef RV_H
#define RV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "rv_value.h"
#include "rv_object.h"
#include "rv_heap.h"

#define RV_VERSION "0.1.0"

typedef struct RvVM RvVM;
typedef struct RvProto RvProto;

/* ---------------------------------------------------------------- VM --- */

/* Create a VM: program heap, symbol table, built-in types (Option, Result),
 * and the stdlib's builtins and methods (registered through the hook set by
 * rv_set_stdlib_init or, by default, rs_register_all). Owned by the caller. */
RvVM *rv_vm_new(void);
/* Destroy the VM and every heap it owns. */
void rv_vm_free(RvVM *vm);

/* Run the top-level chunk proto (from rc_compile) with no arguments.
 * Returns 0 on success; on an uncaught error returns 1 and stores the error
 * value in *err (if err is not NULL). Never throws. */
int rv_run_main(RvVM *vm, RvProto *chunk, RvValue *err);

/* Look up a global by name (top-level let/fun). Returns false if unknown. */
bool rv_global_get(RvVM *vm, const char *name, RvValue *out);
/* Slot of global `name` (the compiler resolves top-level names with it);
 * a new name gets a fresh slot holding nil. Program heap. Never throws. */
uint32_t rv_global_slot(RvVM *vm, const char *name, size_t n);
/* Number of global slots defined so far. */
uint32_t rv_global_count(RvVM *vm);

/* Calling: rv_call throws on error; rv_pcall catches and returns 0 (ok, *res
 * = result) or 1 (*res = the RvError value). Both can run any Ruchy code. */
RvValue rv_call(RvVM *vm, RvValue fn, int argc, const RvValue *argv);
int rv_pcall(RvVM *vm, RvValue fn, int argc, const RvValue *argv, RvValue *res);

/* Ask the running VM to stop at its next safe point (a call or a loop
 * back-edge): RV_INTR_TIMEOUT throws a TimeoutError there. Safe to call
 * from a signal handler. */
enum { RV_INTR_TIMEOUT = 1 };
void rv_interrupt(RvVM *vm, int why);
/* Clear pending interrupts (e.g. after the invocation they were meant for). */
void rv_interrupt_clear(RvVM *vm);

/* Standard output through the VM (buffered; rv_flush writes it out). */
void rv_write(RvVM *vm, const char *s, size_t n);
void rv_flush(RvVM *vm);
/* Redirect VM output to f (default stdout). */
void rv_set_output(RvVM *vm, FILE *f);

/* -------------------------------------------------------------- errors --- */

/* Throw a new error of kind with a printf-formatted message. Never returns. */
_Noreturn void rv_throw(RvVM *vm, RvErrKind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Throw an existing value: an RvError is rethrown as is, anything else is
 * wrapped as RV_E_THROWN. Never returns. */
_Noreturn void rv_throw_value(RvVM *vm, RvValue v);
/* Make (not throw) an error value. */
RvValue rv_error_new(RvVM *vm, RvErrKind kind, RvValue payload, RvStr *msg);
/* "TypeError", "ValueError", ... (static string). */
const char *rv_err_kind_name(int kind);
/* Print "Error: Kind: message" and the traceback lines to f. */
void rv_error_print(RvVM *vm, RvValue err, FILE *f);

/* ------------------------------------------------------------- strings --- */

/* New string copied from s[0..n). */
RvValue rv_str_new(RvVM *vm, const char *s, size_t n);
RvValue rv_str_cstr(RvVM *vm, const char *s);
/* Uninitialised string of n bytes (data[n] = NUL already); fill data before
 * the string is visible to anyone. */
RvStr *rv_str_alloc(RvVM *vm, size_t n);
RvValue rv_str_concat(RvVM *vm, const RvStr *a, const RvStr *b);
uint32_t rv_str_hash(RvStr *s);
bool rv_str_eq(const RvStr *a, const RvStr *b);
/* Number of UTF-8 code points. */
size_t rv_str_chars(const RvStr *s);
/* The string hash of raw bytes (rv_str_hash of an equal string), never 0. */
uint32_t rv_hash_bytes(const char *s, size_t n);
/* Read an unsigned integer in base 10 or 16 at the start of s: the longest
 * run of digits (0-9, and for base 16 also a-f and A-F). Nothing else is
 * taken: no leading whitespace, no sign, no "0x". *out gets the value: 0
 * when there is no digit, UINT64_MAX when it does not fit in 64 bits.
 * Returns the end: the first byte after the digits (s itself when there is
 * none), or NULL when the value does not fit (all the digits are still
 * read). Never throws. (Used instead of strtoull/strtoll, whose musl
 * implementation would add about 1.5 KB to the static bootstrap.) */
const char *rv_scan_uint(const char *s, int base, uint64_t *out);
/* Whether s is a whole decimal number: at least one digit, nothing else,
 * value at most max (then stored in *out; otherwise *out is unspecified).
 * Never throws. */
bool rv_parse_uint(const char *s, uint64_t max, uint64_t *out);

/* Symbols: interned strings in the program heap with small integer ids. */
uint32_t rv_sym(RvVM *vm, const char *s, size_t n);
RvStr *rv_sym_str(RvVM *vm, uint32_t sym);
/* The interned string value for s (program heap). */
RvValue rv_intern(RvVM *vm, const char *s, size_t n);

/* Growable byte buffer whose storage lives in the current heap. */
typedef struct RvBuf {
    RvVM *vm;
    char *p;
    size_t len, cap;
} RvBuf;
void rv_buf_init(RvBuf *b, RvVM *vm);
void rv_buf_add(RvBuf *b, const char *s, size_t n);
void rv_buf_addc(RvBuf *b, char c);
void rv_buf_adds(RvBuf *b, const char *s);
void rv_buf_printf(RvBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rv_buf_vprintf(RvBuf *b, const char *fmt, va_list ap);
/* The buffer's bytes as a new string value. The buffer may be reused after
 * rv_buf_init again. */
RvValue rv_buf_str(RvBuf *b);
/* Free a scratch buffer's storage and empty it (b->p is then ""). b->p is
 * never NULL: an empty buffer holds "". */
void rv_buf_release(RvBuf *b);

/* ------------------------------------------------- display and format --- */

enum {
    RV_SHOW_RAW = 0,     /* top-level string printed raw (println, join, f-string) */
    RV_SHOW_REPR = 1,    /* strings quoted (nested values, REPL) */
    RV_SHOW_FLAT = 2,    /* strings never quoted, also nested (f"{arr}", §2.8) */
    RV_SHOW_DEBUG = 3    /* Rust {:?}: strings quoted with escapes at every level,
                            map keys quoted, `Point { x: 1 }`, `(1,)` */
};
/* Append the display form (language doc §11) of v to b. Nested strings are
 * always quoted in RV_SHOW_REPR mode; in RV_SHOW_RAW mode only the top level
 * is raw. Never throws except MemoryError. */
void rv_show(RvVM *vm, RvBuf *b, RvValue v, int mode);
/* Display text as a string value (strings are returned unchanged). */
RvValue rv_to_str(RvVM *vm, RvValue v);
/* Shortest round-trip decimal for d, never in exponent form; whole numbers
 * get ".0" when with_point. Writes a NUL-terminated string into out (>= 400
 * bytes) and returns its length. */
size_t rv_fmt_float(double d, bool with_point, char *out);
/* Shortest round-trip significant digits of finite d != 0 (sign ignored):
 * writes them NUL-terminated to digits (>= 20 bytes), stores the decimal
 * exponent of the first digit (d = 0.DIGITS * 10^(exp10+1)), returns the
 * digit count. */
int rv_float_digits(double d, char *digits, int *exp10);
/* Append v formatted with a Rust-style spec (text after ':' in "{:spec}"):
 * fill/align (<^>), sign, '#', 0, width, .precision, and type ('?', 'x',
 * 'X', 'b', 'o', 'e'). An empty spec is the RV_SHOW_RAW display form.
 * Throws ValueError for a malformed spec. */
void rv_format_spec(RvVM *vm, RvBuf *b, RvValue v, const char *spec, size_t n);

/* -------------------------------------------------------------- values --- */

/* Structural equality (1 == 1.0 is true; Some(1) == Some(1)). Never throws. */
bool rv_equal(RvValue a, RvValue b);
/* Hash consistent with rv_equal (ints and equal floats hash alike). */
uint32_t rv_hash(RvValue v);
/* Ordering for <, sort(): numbers (mixed ok), strings bytewise, arrays and
 * tuples lexicographically. Returns <0, 0, >0. Throws TypeError otherwise. */
int rv_compare(RvVM *vm, RvValue a, RvValue b);
/* The type_of name: "integer", "float", "string", "array", ... (static). */
const char *rv_type_name(RvValue v);

/* -------------------------------------------------------------- arrays --- */

RvValue rv_array_new(RvVM *vm, uint32_t cap);
RvValue rv_array_from(RvVM *vm, uint32_t n, const RvValue *items);
void rv_array_push(RvVM *vm, RvArray *a, RvValue v);
/* Negative idx counts from the end. Throws IndexError when out of range. */
RvValue rv_array_get(RvVM *vm, RvArray *a, int64_t idx);
void rv_array_set(RvVM *vm, RvArray *a, int64_t idx, RvValue v);
/* Ensure capacity for n items (geometric growth, array's heap). Throws
 * MemoryError. */
void rv_array_reserve(RvVM *vm, RvArray *a, uint32_t n);
/* Remove and return the last item (nil when empty). Never throws. */
RvValue rv_array_pop(RvArray *a);

RvValue rv_tuple_new(RvVM *vm, uint32_t n, const RvValue *items);
RvValue rv_range_new(RvVM *vm, int64_t lo, int64_t hi, bool incl);
/* Range with optional ends (`a..`, `..b`, `..`); absent bounds stored as 0. */
RvValue rv_range_open(RvVM *vm, int64_t lo, bool has_lo, int64_t hi, bool has_hi,
                      bool incl);

/* ---------------------------------------------------------------- maps --- */

RvValue rv_map_new(RvVM *vm, uint32_t cap);
bool rv_map_get(RvMap *m, RvValue key, RvValue *out);
bool rv_map_get_cstr(RvMap *m, const char *key, RvValue *out);
/* Insert or replace (an existing key keeps its position). */
void rv_map_set(RvVM *vm, RvMap *m, RvValue key, RvValue val);
void rv_map_set_cstr(RvVM *vm, RvMap *m, const char *key, RvValue val);
bool rv_map_remove(RvVM *vm, RvMap *m, RvValue key, RvValue *old);
/* Iterate in insertion order: start with *it = 0; returns false at the end. */
bool rv_map_next(const RvMap *m, uint32_t *it, RvValue *key, RvValue *val);

/* ----------------------------------------------------- Option / Result --- */

RvValue rv_some(RvVM *vm, RvValue v);
RvValue rv_none(RvVM *vm);
RvValue rv_ok(RvVM *vm, RvValue v);
RvValue rv_err(RvVM *vm, RvValue v);
/* Which built-in enum v is: 0 none of them; else one of these. */
enum { RV_OPT_NONE = 1, RV_OPT_SOME, RV_RES_OK, RV_RES_ERR };
int rv_optres(RvVM *vm, RvValue v);
RvType *rv_type_option(RvVM *vm);
RvType *rv_type_result(RvVM *vm);
/* New enum value of type/variant with n payload values (copied). */
RvValue rv_enum_new(RvVM *vm, RvType *t, uint32_t variant, uint32_t n, const RvValue *f);

/* ------------------------------------------------- builtins and methods --- */

/* Receiver classes for method dispatch. */
typedef enum {
    RV_MC_ANY = 0,   /* fallback for every receiver (to_string, clone, ...) */
    RV_MC_NIL, RV_MC_BOOL, RV_MC_INT, RV_MC_FLOAT, RV_MC_STR, RV_MC_ARRAY,
    RV_MC_MAP, RV_MC_TUPLE, RV_MC_RANGE, RV_MC_FUNC, RV_MC_OPTION,
    RV_MC_RESULT, RV_MC_ENUM, RV_MC_STRUCT, RV_MC_ERROR,
    RV_MC__COUNT
} RvMethodClass;
RvMethodClass rv_method_class(RvVM *vm, RvValue v);

/* One native of an RvNativeSet in compact, constant form: 32 bits, from
 * the lowest: name length (6), RvMethodClass (5; 0 for a builtin), minimum
 * arguments (4), maximum arguments + 1 (4; 0 = variadic) and the name's
 * offset in the names blob (13). For methods the arguments do not count
 * the receiver. Length and class are the low bits, so a scan tests both
 * with one mask and compare (RV_NI_KEY). */
typedef uint32_t RvNativeInfo;

#define RV_NI_LEN_BITS 6
#define RV_NI_CLASS_BITS 5
#define RV_NI_ARGS_BITS 4
#define RV_NI_OFF_BITS 13
#define RV_NI_LEN_MAX ((1 << RV_NI_LEN_BITS) - 1)
#define RV_NI_OFF_LIMIT (1 << RV_NI_OFF_BITS)   /* names blob size bound */
#define RV_NI_CLASS_SHIFT RV_NI_LEN_BITS
#define RV_NI_MIN_SHIFT (RV_NI_CLASS_SHIFT + RV_NI_CLASS_BITS)
#define RV_NI_MAX_SHIFT (RV_NI_MIN_SHIFT + RV_NI_ARGS_BITS)
#define RV_NI_OFF_SHIFT (RV_NI_MAX_SHIFT + RV_NI_ARGS_BITS)
#define RV_NI_KEY_MASK ((1u << RV_NI_MIN_SHIFT) - 1)
_Static_assert(RV_NI_OFF_SHIFT + RV_NI_OFF_BITS == 32, "RvNativeInfo is 32 bits");
_Static_assert(RV_MC__COUNT <= 1 << RV_NI_CLASS_BITS, "RvMethodClass does not fit RvNativeInfo");

/* Whether a native fits RvNativeInfo (an integer constant expression when
 * the arguments are): name at offset off of a blob of RV_NI_OFF_LIMIT
 * bytes at most, length len (0 < len <= RV_NI_LEN_MAX), class mc,
 * 0 <= min <= 15, max -1 or min <= max <= 14. */
#define RV_NI_FITS(off, len, min, max, mc)                                     \
    ((off) >= 0 && (off) + (len) < RV_NI_OFF_LIMIT && (len) > 0 &&           \
     (len) <= RV_NI_LEN_MAX && (mc) >= 0 && (mc) < RV_MC__COUNT &&           \
     (min) >= 0 && (min) < (1 << RV_NI_ARGS_BITS) &&                         \
     ((max) == -1 || ((max) >= (min) && (max) < (1 << RV_NI_ARGS_BITS) - 1)))
/* The RvNativeInfo of a native that RV_NI_FITS (a constant expression
 * when the arguments are; garbage when it does not fit). */
#define RV_NI(off, len, min, max, mc)                                          \
    ((RvNativeInfo)(len) | (RvNativeInfo)(mc) << RV_NI_CLASS_SHIFT |          \
     (RvNativeInfo)(min) << RV_NI_MIN_SHIFT |                                  \
     (RvNativeInfo)((max) + 1) << RV_NI_MAX_SHIFT |                            \
     (RvNativeInfo)(off) << RV_NI_OFF_SHIFT)
/* What a scan compares (info & RV_NI_KEY_MASK) with to find a native of
 * class mc whose name is len bytes long; len must be <= RV_NI_LEN_MAX. */
#define RV_NI_KEY(len, mc) ((RvNativeInfo)(len) | (RvNativeInfo)(mc) << RV_NI_CLASS_SHIFT)
/* A builtin's class is 0, so (info & RV_NI_BUILTIN_KEY_MASK) is its name
 * length: a byte, which a scan compares in one instruction. */
#define RV_NI_BUILTIN_KEY_MASK 0xffu
_Static_assert(RV_NI_MIN_SHIFT >= 8, "the low byte holds only length and class");

/* The fields of an RvNativeInfo. */
static inline uint32_t rv_ni_len(RvNativeInfo i) { return i & (uint32_t)RV_NI_LEN_MAX; }
static inline RvMethodClass rv_ni_class(RvNativeInfo i)
{
    return (RvMethodClass)(i >> RV_NI_CLASS_SHIFT & ((1u << RV_NI_CLASS_BITS) - 1));
}
static inline int rv_ni_min(RvNativeInfo i)
{
    return (int)(i >> RV_NI_MIN_SHIFT & ((1u << RV_NI_ARGS_BITS) - 1));
}
static inline int rv_ni_max(RvNativeInfo i)
{
    return (int)(i >> RV_NI_MAX_SHIFT & ((1u << RV_NI_ARGS_BITS) - 1)) - 1;
}
static inline uint32_t rv_ni_off(RvNativeInfo i) { return i >> RV_NI_OFF_SHIFT; }

/* The stdlib's natives, described by constant tables: native k is fns[k]
 * with info[k]. Natives [0, nbuiltins) are the builtins (builtin number i
 * is native i); the nmethods methods follow. objs points at nbuiltins +
 * nmethods zero-initialised RvNatives in static storage that the set owns:
 * the VM turns native k into the object objs[k] when it is first needed
 * (frozen, program heap, owned by no heap: never moved, swept or freed),
 * rewriting it with the same contents each time, so a native is always the
 * same pointer. Nothing else in the set is written. (VMs running on several
 * threads would write objs concurrently, though with identical bytes.) */
typedef struct RvNativeSet {
    const char *names;
    const RvCFn *fns;
    const RvNativeInfo *info;
    uint32_t nbuiltins, nmethods;
    RvNative *objs;
} RvNativeSet;

/* Install set as the VM's builtins and methods: no name is interned and no
 * native is allocated here. The builtins' objects are filled in here; a
 * method's object is filled in (and cached by symbol) the first time a
 * program calls it. Call once, before any rv_register_*; set must outlive
 * the VM. Allocates the builtin index array in the program heap; writes
 * set->objs; never throws. */
void rv_use_natives(RvVM *vm, const RvNativeSet *set);

/* Register a global builtin (println, len, ...). Names are static strings.
 * min/max count arguments (max -1 = variadic). Returns its index. A name
 * already present (also one from rv_use_natives) keeps its index and gets
 * the new function. Allocates the native in the program heap. */
int rv_register_builtin(RvVM *vm, const char *name, RvCFn fn, int min, int max);
/* Index of builtin `name`, or -1. The compiler uses this at compile time. */
int rv_builtin_index(RvVM *vm, const char *name, size_t n);
/* Native function value of builtin i (program heap, cached). */
RvValue rv_builtin_value(RvVM *vm, int i);

/* Register a method on a receiver class; argc counts the receiver. It
 * shadows a method of the same class and name from rv_use_natives. */
void rv_register_method(RvVM *vm, RvMethodClass mc, const char *name, RvCFn fn,
                        int min, int max);
/* Find the native for (class of recv, sym), falling back to RV_MC_ANY.
 * NULL when none. */
const RvNative *rv_method_find(RvVM *vm, RvValue recv, uint32_t sym);

/* Argument checking helpers for natives: throw TypeError naming the function,
 * the argument position and what was expected. */
int64_t rv_arg_int(RvVM *vm, const char *fn, RvValue *argv, int i);
double rv_arg_num(RvVM *vm, const char *fn, RvValue *argv, int i);
RvStr *rv_arg_str(RvVM *vm, const char *fn, RvValue *argv, int i);
RvArray *rv_arg_array(RvVM *vm, const char *fn, RvValue *argv, int i);
RvMap *rv_arg_map(RvVM *vm, const char *fn, RvValue *argv, int i);
void rv_arg_callable(RvVM *vm, const char *fn, RvValue *argv, int i);
/* Throw "FN() argument I+1 must be EXPECTED, got TYPE" (e.g. expected
 * "string, array or map"). For methods pass argv + 1 so that the first
 * argument after the receiver is argument 1. */
_Noreturn void rv_arg_error(RvVM *vm, const char *fn, int i, const char *expected,
                            RvValue got);

/* The stdlib registers itself through this (set before rv_vm_new by main
 * programs and tests). */
typedef void (*RvStdlibInit)(RvVM *vm);
void rv_set_stdlib_init(RvStdlibInit init);

/* --------------------------------------------------------- invocations --- */
/* One Lambda event = one invocation (DESIGN §5). Between rv_invoke_begin and
 * rv_invoke_end, rv_alloc targets a fresh invocation heap; values stored into
 * globals, top-level upvalues or program-heap objects are copied into the
 * program heap at the end (evacuation), then the invocation heap is dropped.
 * The hard limit on the invocation heap comes from RUCHY_MEMORY_LIMIT_MB
 * (MiB, 0 = none) or else 3/4 of AWS_LAMBDA_FUNCTION_MEMORY_SIZE (MiB);
 * with neither set it is 768 MiB (3/4 of 1 GiB). Going over it raises
 * MemoryError inside the handler; the next invocation starts afresh. */

/* Receives the result (is_error 0) or the error value (is_error 1) while
 * it is still alive, before the invocation ends. May allocate (invocation
 * heap) and may throw: a throw is caught and handed to the consumer again
 * as an error (once). */
typedef void (*RvInvokeConsumer)(RvVM *vm, RvValue result, int is_error, void *ud);

/* Start an invocation: the invocation heap becomes the allocation target.
 * Must be called with no Ruchy frame running. Nested calls only count
 * depth. Never throws. */
void rv_invoke_begin(RvVM *vm);
/* Call fn(argv[0..argc)) protected and hand the outcome to consumer (may be
 * NULL). Returns 0 on success, 1 when fn threw. Called outside
 * begin/end it runs a whole invocation (begin, call, end) by itself, so the
 * result is only valid inside consumer. Never throws. */
int rv_invoke(RvVM *vm, RvValue fn, int argc, const RvValue *argv,
              RvInvokeConsumer consumer, void *ud);
/* End the invocation: evacuate escaped values into the program heap, drop
 * the invocation heap, restore the previous target, release handles pushed
 * since begin, and sweep the program heap when it has doubled since its
 * last sweep. No value of the invocation heap may be used afterwards.
 * Must be called with no Ruchy frame running (aborts otherwise, as when the
 * program heap cannot grow). Never throws. */
void rv_invoke_end(RvVM *vm);
/* True between rv_invoke_begin and rv_invoke_end. */
bool rv_in_invoke(RvVM *vm);

/* Set the invocation-heap hard limit in bytes (0 = none), overriding the
 * environment. Takes effect immediately. Never throws. */
void rv_set_memory_limit(RvVM *vm, size_t bytes);
/* The current hard limit in bytes (0 = none); reads the environment on
 * first use. Never throws. */
size_t rv_memory_limit(RvVM *vm);
/* Smallest collection budget of the invocation heap (default 8 MiB): the
 * safety-net collector runs at the next safe point once the invocation heap
 * grew by max(budget, what survived the last collection). 0 is a stress
 * mode for tests: collect at every safe point after any allocation. */
void rv_set_gc_budget(RvVM *vm, size_t bytes);

/* Handles: values C code holds across an rv_call into Ruchy code (which
 * can collect). rv_push_handle keeps v alive until popped (objects never
 * move, so the C copy stays valid). Handles still pushed at rv_invoke_end
 * are dropped there; an error unwinding past a native leaves its handles
 * until then. Both abort only if malloc fails; never throw. */
void rv_push_handle(RvVM *vm, RvValue v);
void rv_pop_handles(RvVM *vm, size_t n);
size_t rv_handle_count(RvVM *vm);

/* Ask for a collection of the invocation heap at the next safe point (for
 * tests and benchmarks). Never throws. */
void rv_gc_request(RvVM *vm);
/* Free unreachable evacuated values in the program heap now. Only outside
 * an invocation. Never throws. */
void rv_program_sweep(RvVM *vm);

/* Counters of the memory manager (monotonic unless noted). */
typedef struct RvMemStats {
    size_t invocations;      /* rv_invoke_end calls */
    size_t gc_runs;          /* invocation-heap collections */
    double gc_seconds;       /* time spent in them */
    size_t gc_freed_blocks;
    size_t evac_objects;     /* objects copied by evacuation */
    size_t evac_bytes;
    size_t prog_sweeps;      /* program-heap sweeps */
    size_t prog_freed;       /* evacuated objects freed by them */
    size_t invoke_bytes;     /* now: invocation heap bytes (estimate) */
    size_t program_bytes;    /* now: program heap bytes allocated since start */
    size_t evac_live;        /* now: evacuated objects alive */
} RvMemStats;
void rv_mem_stats(RvVM *vm, RvMemStats *out);

#endif
