/* rs.h — facade of the standard library: builtins and methods.
 *
 * Every native is declared once, in rs_builtins.def (global functions) or
 * rs_methods.def (methods by receiver class). rs_register_all() installs both
 * tables into a VM; the C backend includes the same tables to emit direct
 * calls, so both backends share one implementation of every builtin.
 *
 * Natives have the RvCFn signature: (vm, argc, argv). For methods argv[0] is
 * the receiver and argc counts it. Natives may throw (rv_throw) and may run
 * Ruchy code (rv_call); see rs_pin for keeping values alive across calls.
 */
#ifndef RS_H
#define RS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rv.h"

/* Install every builtin and method of the tables into vm (rv_use_natives:
 * static objects, only the builtin index array is allocated, in the program
 * heap; never throws). Called once per VM by rv_vm_new through
 * rv_set_stdlib_init. */
void rs_register_all(RvVM *vm);

/* Define a native. Functions are extern so that rs_register.c and the C
 * backend can reach them through the declarations generated below. */
#define RS_UNUSED_ __attribute__((unused))
#define RS_DEF(name) \
    RvValue rs_##name(RvVM *vm RS_UNUSED_, int argc RS_UNUSED_, RvValue *argv RS_UNUSED_)
#define RS_RETURN(v) return (v)

/* Declarations of every native named in the tables. A function that appears
 * several times (one method for several receiver classes) is simply
 * redeclared, which C allows. */
#define BUILTIN(name, fn, min, max) RvValue fn(RvVM *, int, RvValue *);
#define METHOD(mc, name, fn, min, max) RvValue fn(RvVM *, int, RvValue *);
#include "rs_builtins.def"
#include "rs_methods.def"
#undef BUILTIN
#undef METHOD

/* ------------------------------------------------ shared helpers --- */

/* Largest collection a single native builds (items); beyond it natives
 * throw MemoryError instead of attempting a huge allocation. */
#define RS_MAX_ELEMS (1u << 28)

/* Throw TypeError "fn(): argument N must be EXPECTED, got TYPE" (argn 0
 * names the receiver). Never returns. */
_Noreturn void rs_bad_arg(RvVM *vm, const char *fn, int argn, const char *expected,
                          RvValue got);

/* Method argument i (argv index == argument number) must be callable;
 * TypeError naming fn otherwise. */
static inline void rs_want_fn(RvVM *vm, const char *fn, RvValue *argv, int i)
{
    if (!RV_IS_CALLABLE(argv[i]))
        rs_bad_arg(vm, fn, i, "a function", argv[i]);
}

/* RV_TRUTHY as a function: evaluates v once (RV_TRUTHY repeats its
 * argument, so never pass it a call). */
static inline bool rs_truthy(RvValue v)
{
    return RV_TRUTHY(v);
}

/* Keep values alive across rv_call: replaces *slot (an argv entry) with a
 * holder array whose item 0 is the old *slot value, and returns the holder.
 * Push further values into it with rv_array_push and read them back from
 * holder->items[i] after every call (items may move). */
RvArray *rs_pin(RvVM *vm, RvValue *slot);

/* Append fmt with Rust-style placeholders ({}, {:?}, {0}, {name}, {:>8.2},
 * {{ and }}) replaced by args[0..nargs) to b. A placeholder whose argument
 * is missing is copied literally. Throws ValueError for a malformed spec. */
void rs_format_into(RvVM *vm, RvBuf *b, const char *fmt, size_t n,
                    int nargs, const RvValue *args);
/* True when s contains at least one well-formed placeholder. */
bool rs_has_placeholder(const char *s, size_t n);

/* Argument n of fn as an element index of an array of len (negative counts
 * from the end), or as an insertion gap 0..len (no negatives). IndexError
 * "FN(): index I out of bounds for array of length LEN" otherwise; TypeError
 * when it is not an integer. (rs_array.c) */
uint32_t rs_elem_index(RvVM *vm, const char *fn, RvValue *argv, int n, uint32_t len);
uint32_t rs_gap_index(RvVM *vm, const char *fn, RvValue *argv, int n, uint32_t len);

/* Write ms (milliseconds since 1970-01-01T00:00:00Z) as UTC text
 * "YYYY-MM-DDTHH:MM:SS.mmmZ" into out (cap >= 25 bytes). Returns false,
 * writing nothing, outside years 0000..9999. Allocates nothing. */
bool rs_utc_iso(int64_t ms, char *out, size_t cap);

/* UTF-8: decode the code point at s[*i] (s has n bytes) and advance *i.
 * Invalid bytes decode as themselves (one byte each). Never fails. */
uint32_t rs_utf8_next(const char *s, size_t n, size_t *i);
/* Encode cp into out (>= 4 bytes); returns the byte count. */
size_t rs_utf8_put(uint32_t cp, char *out);

/* Parse a whole (already trimmed) string as a decimal i64 with optional
 * sign. Returns 0 ok, 1 not a number, 2 out of range. */
int rs_parse_i64(const char *s, size_t n, int64_t *out);
/* Parse a whole (already trimmed) string as a float (Rust syntax: digits,
 * '.', exponent, inf, nan). Returns false when it is not a number. */
bool rs_parse_f64(const char *s, size_t n, double *out);

/* Array of range r's values (lo..hi or lo..=hi). Throws ValueError for an
 * open range, MemoryError for one past RS_MAX_ELEMS. */
RvValue rs_range_to_array(RvVM *vm, RvRange *r);

/* Append v to out flattened one level (flatten, flat_map): an array's
 * elements, Some(x) as x, None as nothing, anything else as itself. */
void rs_array_spread(RvVM *vm, RvArray *out, RvValue v);

/* Serialise v as JSON into b (compact when indent == 0, else pretty with
 * that many spaces per level). Throws ValueError/TypeError. */
void rs_json_write(RvVM *vm, RvBuf *b, RvValue v, int indent);

/* Append what println(args...) prints (without the newline) to b: a first
 * string with placeholders is a format, else display forms joined by spaces.
 * Allocates in the current heap; may throw ValueError for a bad spec. */
void rs_render_args(RvVM *vm, RvBuf *b, int argc, RvValue *argv);

#endif
