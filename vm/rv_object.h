/* rv_object.h — layouts of the heap objects behind RvValue.
 *
 * Every object begins with RvObj (rv_value.h) and is allocated through
 * rv_heap.h, which records the heap it lives in. Variable-size payloads that
 * grow (array items, map tables) are separate blocks allocated in the same
 * heap as their owner (rv_obj_realloc).
 */
#ifndef RV_OBJECT_H
#define RV_OBJECT_H

#include <stddef.h>
#include <stdint.h>
#include "rv_value.h"
#include "rv_heap.h"

struct RvVM;
struct RvProto;

/* Immutable UTF-8 string, NUL-terminated. hash == 0 means "not yet computed"
 * (a computed hash of 0 is stored as 1). */
typedef struct RvStr {
    RvObj h;
    uint32_t len;          /* bytes, excluding the NUL */
    uint32_t hash;
    char data[];
} RvStr;

/* Growable array with reference semantics (shared by every holder). */
typedef struct RvArray {
    RvObj h;
    uint32_t len, cap;
    RvValue *items;        /* block in the array's heap */
} RvArray;

/* Immutable fixed-size tuple. */
typedef struct RvTuple {
    RvObj h;
    uint32_t len;
    RvValue items[];
} RvTuple;

/* Insertion-ordered hash map: a dense entries array (order) plus an
 * open-addressing index of entry positions. Removed entries are tombstoned
 * (key.tag == RV_T_NIL && dead) and squeezed out when the table is rebuilt.
 * Keys are any hashable value (usually strings). */
typedef struct RvMapEntry {
    RvValue key;
    RvValue val;
    uint32_t hash;
    uint32_t dead;         /* 1 when removed */
} RvMapEntry;

typedef struct RvMap {
    RvObj h;
    uint32_t len;          /* live entries */
    uint32_t used;         /* entries[] slots used, live + dead */
    uint32_t cap;          /* entries[] capacity */
    uint32_t icap;         /* index capacity, power of two (0 = no index, linear scan) */
    RvMapEntry *entries;   /* block in the map's heap */
    int32_t *index;        /* block in the map's heap; -1 = empty slot */
} RvMap;

/* Integer range lo..hi or lo..=hi; open ends are flagged. */
typedef struct RvRange {
    RvObj h;
    int64_t lo, hi;
    uint8_t incl, has_lo, has_hi;
} RvRange;

/* Upvalue: open while its variable lives in a register window (loc points
 * into the VM stack, which never moves), closed afterwards (loc == &closed). */
typedef struct RvUpval {
    RvObj h;
    RvValue *loc;
    RvValue closed;
    struct RvUpval *next;  /* open list, sorted by stack address, descending */
} RvUpval;

typedef struct RvClosure {
    RvObj h;
    struct RvProto *proto;
    uint32_t nup;
    RvUpval *up[];
} RvClosure;

/* Native function. argv[0..argc-1] are the arguments; for methods argv[0] is
 * the receiver. argv points into the VM stack, which never moves, but a native
 * that calls back into the VM must not keep pointers to its own temporaries
 * across the call unless they are in argv. May throw (rv_throw). */
typedef RvValue (*RvCFn)(struct RvVM *vm, int argc, RvValue *argv);

/* A builtin or method: allocated in the program heap by rv_register_*, or
 * one of an RvNativeSet's static objects (rv.h). */
typedef struct RvNative {
    RvObj h;
    const char *name;      /* static string, NUL-terminated */
    RvCFn fn;
    int16_t min_args;      /* for methods: not counting the receiver */
    int16_t max_args;      /* -1 = variadic */
    uint16_t name_len;     /* strlen(name) */
    uint8_t mclass;        /* RvMethodClass of a static method, else 0 */
} RvNative;

/* A user struct or enum definition, or one of the built-in enums
 * Option (None=0, Some=1) and Result (Ok=0, Err=1). */
typedef struct RvVariant {
    struct RvStr *name;
    int64_t discr;         /* explicit or implicit discriminant */
    uint32_t arity;        /* payload fields (0 = unit variant) */
    struct RvStr **fields; /* names for struct-like variants, else NULL */
} RvVariant;

typedef struct RvType {
    RvObj h;
    struct RvStr *name;
    uint8_t is_enum;
    uint32_t nfields;              /* struct: field count */
    struct RvStr **field_names;    /* struct: declaration order */
    RvValue *field_defaults;       /* struct: RV_NIL-tagged absent = no default; see has_default */
    uint8_t *has_default;
    uint32_t nvariants;            /* enum */
    RvVariant *variants;
    struct RvMap *methods;         /* name string -> closure (impl blocks) */
} RvType;

typedef struct RvStruct {
    RvObj h;
    RvType *type;
    uint32_t n;
    RvValue f[];                   /* in declaration order */
} RvStruct;

typedef struct RvEnum {
    RvObj h;
    RvType *type;
    uint32_t variant;              /* index into type->variants */
    uint32_t n;
    RvValue f[];
} RvEnum;

/* Error kinds. The names printed are those of rv_err_kind_name(). */
typedef enum {
    RV_E_RUNTIME = 0,      /* RuntimeError */
    RV_E_TYPE,             /* TypeError */
    RV_E_VALUE,            /* ValueError */
    RV_E_INDEX,            /* IndexError */
    RV_E_KEY,              /* KeyError */
    RV_E_OVERFLOW,         /* OverflowError */
    RV_E_ZERODIV,          /* ZeroDivisionError */
    RV_E_RECURSION,        /* RecursionError */
    RV_E_MEMORY,           /* MemoryError */
    RV_E_TIMEOUT,          /* TimeoutError */
    RV_E_ASSERT,           /* AssertionError */
    RV_E_NAME,             /* NameError */
    RV_E_JSON,             /* JSONError */
    RV_E_THROWN,           /* a user `throw v`: value holds v */
    RV_E__COUNT
} RvErrKind;

typedef struct RvError {
    RvObj h;
    uint8_t ekind;         /* RvErrKind */
    RvValue value;         /* thrown value (RV_E_THROWN), else the message string */
    struct RvStr *msg;     /* message text (for THROWN: display text of value) */
    struct RvArray *trace; /* strings "function (file:line)", innermost first */
} RvError;

/* Method bound to its receiver: `let f = s.len` (rare; kept for completeness). */
typedef struct RvBound {
    RvObj h;
    RvValue recv;
    RvValue fn;
} RvBound;

#endif
