/* rv_value.h — the RvValue representation, hidden behind macros.
 *
 * An RvValue is a 16-byte tagged union: nil, bool, int (int64), float
 * (double) or a pointer to a heap object. Everything outside this header
 * uses the RV_IS_* / RV_AS_* / RV_* macros so the layout can change here
 * alone. Objects start with an RvObj header (rv_object.h).
 */
#ifndef RV_VALUE_H
#define RV_VALUE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct RvObj RvObj;

typedef enum {
    RV_T_NIL = 0,
    RV_T_BOOL,
    RV_T_INT,
    RV_T_FLOAT,
    RV_T_OBJ
} RvTag;

typedef struct RvValue {
    uint8_t tag;           /* RvTag */
    union {
        bool b;
        int64_t i;
        double f;
        RvObj *o;
    } as;
} RvValue;

/* Object kinds (RvObj.kind). Keep in sync with rv_kind_names in rv_value.c. */
typedef enum {
    RV_K_STR = 0,
    RV_K_ARRAY,
    RV_K_MAP,
    RV_K_TUPLE,
    RV_K_RANGE,
    RV_K_CLOSURE,
    RV_K_NATIVE,
    RV_K_STRUCT,     /* struct instance */
    RV_K_ENUM,       /* enum value (Option and Result are enum values) */
    RV_K_ERROR,      /* error value: kind + message + traceback */
    RV_K_UPVAL,
    RV_K_PROTO,
    RV_K_TYPE,       /* struct or enum definition (RvType) */
    RV_K_BOUND,      /* method bound to a receiver (x.method as a value) */
    RV_K__COUNT
} RvKind;

/* Object header: 8 bytes, first member of every object. */
struct RvObj {
    uint8_t kind;    /* RvKind */
    uint8_t flags;   /* RV_OF_* */
    uint8_t heap;    /* RvHeapId the block was allocated in */
    uint8_t spare;
    uint32_t aux;    /* per-kind small field (e.g. variant index) */
};

enum {
    RV_OF_MARK     = 1u << 0,   /* mark bit for the safety-net collector */
    RV_OF_INTERNED = 1u << 1,   /* string is in the symbol table */
    RV_OF_FROZEN   = 1u << 2    /* immutable after construction */
};

#define RV_NIL            ((RvValue){ .tag = RV_T_NIL, .as = { .i = 0 } })
#define RV_BOOL(x)        ((RvValue){ .tag = RV_T_BOOL, .as = { .b = (x) } })
#define RV_TRUE           RV_BOOL(true)
#define RV_FALSE          RV_BOOL(false)
#define RV_INT(x)         ((RvValue){ .tag = RV_T_INT, .as = { .i = (int64_t)(x) } })
#define RV_FLOAT(x)       ((RvValue){ .tag = RV_T_FLOAT, .as = { .f = (double)(x) } })
#define RV_OBJ(p)         ((RvValue){ .tag = RV_T_OBJ, .as = { .o = (RvObj *)(p) } })

#define RV_IS_NIL(v)      ((v).tag == RV_T_NIL)
#define RV_IS_BOOL(v)     ((v).tag == RV_T_BOOL)
#define RV_IS_INT(v)      ((v).tag == RV_T_INT)
#define RV_IS_FLOAT(v)    ((v).tag == RV_T_FLOAT)
#define RV_IS_NUM(v)      ((v).tag == RV_T_INT || (v).tag == RV_T_FLOAT)
#define RV_IS_OBJ(v)      ((v).tag == RV_T_OBJ)
#define RV_IS_KIND(v, k)  (RV_IS_OBJ(v) && (v).as.o->kind == (k))
#define RV_IS_STR(v)      RV_IS_KIND(v, RV_K_STR)
#define RV_IS_ARRAY(v)    RV_IS_KIND(v, RV_K_ARRAY)
#define RV_IS_MAP(v)      RV_IS_KIND(v, RV_K_MAP)
#define RV_IS_TUPLE(v)    RV_IS_KIND(v, RV_K_TUPLE)
#define RV_IS_RANGE(v)    RV_IS_KIND(v, RV_K_RANGE)
#define RV_IS_CLOSURE(v)  RV_IS_KIND(v, RV_K_CLOSURE)
#define RV_IS_NATIVE(v)   RV_IS_KIND(v, RV_K_NATIVE)
#define RV_IS_ENUM(v)     RV_IS_KIND(v, RV_K_ENUM)
#define RV_IS_STRUCT(v)   RV_IS_KIND(v, RV_K_STRUCT)
#define RV_IS_ERROR(v)    RV_IS_KIND(v, RV_K_ERROR)
#define RV_IS_CALLABLE(v) (RV_IS_CLOSURE(v) || RV_IS_NATIVE(v) || RV_IS_KIND(v, RV_K_BOUND))

#define RV_AS_BOOL(v)     ((v).as.b)
#define RV_AS_INT(v)      ((v).as.i)
#define RV_AS_FLOAT(v)    ((v).as.f)
#define RV_AS_NUM(v)      (RV_IS_INT(v) ? (double)(v).as.i : (v).as.f)
#define RV_AS_OBJ(v)      ((v).as.o)
#define RV_AS_STR(v)      ((RvStr *)(v).as.o)
#define RV_AS_ARRAY(v)    ((RvArray *)(v).as.o)
#define RV_AS_MAP(v)      ((RvMap *)(v).as.o)
#define RV_AS_TUPLE(v)    ((RvTuple *)(v).as.o)
#define RV_AS_RANGE(v)    ((RvRange *)(v).as.o)
#define RV_AS_CLOSURE(v)  ((RvClosure *)(v).as.o)
#define RV_AS_NATIVE(v)   ((RvNative *)(v).as.o)
#define RV_AS_ENUM(v)     ((RvEnum *)(v).as.o)
#define RV_AS_STRUCT(v)   ((RvStruct *)(v).as.o)
#define RV_AS_ERROR(v)    ((RvError *)(v).as.o)

/* Truthiness: only false and nil are falsy. */
#define RV_TRUTHY(v)      (!((v).tag == RV_T_NIL || ((v).tag == RV_T_BOOL && !(v).as.b)))

#endif
