/* rc_emit.h — private header of the compiler back end (resolver, register
 * allocator, emitter, codegen). Not included outside compiler/.
 *
 * Resolver annotations on RcAst (set by rc_resolve, read by codegen):
 *   IDENT          where = RC_W_LOCAL (slot = local id of the current
 *                  function), RC_W_UPVAL (slot = upvalue index),
 *                  RC_W_GLOBAL (slot = global slot), RC_W_BUILTIN (slot =
 *                  builtin index) or RC_W_NIL (the name `nil`).
 *   PAT_BIND, PAT_REST (named), PARAM, FUN (named), CONST, and the IDENT
 *   target of a declaring ASSIGN
 *                  where = RC_W_LOCAL (slot = local id) or RC_W_GLOBAL
 *                  (slot = global slot): the variable being declared.
 *   FUN            aux = index of its RcFnInfo in RcCompiler.fns.
 *   PROGRAM        aux = 0 (the chunk's RcFnInfo).
 *   ASSIGN         aux = 1 when `x = e` declares x (no binding existed).
 *   PATH           where = RC_W_BUILTIN (slot = builtin index) or
 *                  RC_W_VARIANT (aux = RV_OPT_NONE/SOME, RV_RES_OK/ERR).
 *   PAT_ENUM       aux = RV_OPT_* / RV_RES_* variant code.
 *   FIELD, METHOD_CALL
 *                  slot = symbol id of the field / method name.
 *   MAP_ENTRY      where = 1 when the key is a string literal, slot = its
 *                  symbol id.
 *   MACRO, CAST    where = RC_W_BUILTIN, slot = builtin index (MACRO `vec`
 *                  keeps where = RC_W_NONE: it is an array literal).
 * User types (rc_resolve_decl.c): aux = index into RcCompiler.types.
 *   STRUCT_DECL, ENUM_DECL  aux = type; where = RC_W_GLOBAL (slot) at the
 *                  top level, where the type value is also a global.
 *   IMPL           aux = type; its FUN nodes (and a STRUCT_DECL's inline
 *                  ones in list2) have slot = symbol id of the method.
 *   IDENT, PATH    where = RC_W_TYPE: the type itself (aux).
 *   PATH           where = RC_W_ENUMV: variant slot of enum aux;
 *                  where = RC_W_METHOD: associated function, slot = symbol.
 *   STRUCT_LIT     aux = type; where = RC_W_ENUMV (slot = variant) for a
 *                  struct variant. Its FIELD_INITs cover every field (the
 *                  resolver adds shorthand values and defaults), each with
 *                  slot = field index in declaration order.
 *   PAT_ENUM       user enums: where = RC_W_ENUMV, aux = type, slot = variant.
 *   PAT_STRUCT     aux = type; where = RC_W_ENUMV (slot) for a struct
 *                  variant. PAT_FIELD slot = field index, a = pattern
 *                  (shorthand fields get a PAT_BIND).
 *   Literal arithmetic is folded in place: a folded BINARY/UNARY node
 *   becomes an INT, FLOAT, STRING or BOOL node.
 */
#ifndef RC_EMIT_H
#define RC_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include "rc.h"
#include "rv_proto.h"

#define RC_NO_REG  (-1)        /* "no destination": the value is discarded */
#define RC_REG_CAP 512         /* register bookkeeping capacity (> RV_MAX_REGS) */

enum { RC_W_NONE = 0, RC_W_LOCAL, RC_W_UPVAL, RC_W_GLOBAL, RC_W_BUILTIN,
       RC_W_NIL, RC_W_VARIANT, RC_W_TYPE, RC_W_ENUMV, RC_W_METHOD };

/* A struct or enum known at compile time. The RvType (program heap) is
 * made by the resolver; codegen refers to it and to the variant markers
 * (payload-less enum values, one per variant) as constants. */
typedef struct RcTypeInfo {
    const char *name;
    RvType *type;
    RvValue *markers;          /* enums: by variant index */
    RcAst *decl;               /* STRUCT_DECL / ENUM_DECL; NULL when the type
                                  comes from an earlier chunk (REPL) */
} RcTypeInfo;

/* One local variable of a function, by resolver local id. */
typedef struct RcLocalInfo {
    const char *name;
    uint8_t captured;          /* some closure captures it */
} RcLocalInfo;

/* One upvalue of a function: a local (instack, idx = the parent's local id)
 * or an upvalue of the parent (idx = the parent's upvalue index). */
typedef struct RcUpInfo {
    const char *name;
    uint8_t instack;
    int32_t idx;
} RcUpInfo;

/* What the resolver learnt about one function (index 0 = the chunk). */
typedef struct RcFnInfo {
    RcAst *node;               /* FUN node, or PROGRAM for the chunk */
    int parent;                /* -1 for the chunk */
    int base;                  /* resolver scope-stack height at entry */
    RcLocalInfo *locals;
    int nlocals, caplocals;
    RcUpInfo *ups;
    int nups, capups;
} RcFnInfo;

/* State shared by all passes of one rc_compile call. */
typedef struct RcCompiler {
    struct RvVM *vm;
    RcArena *ar;
    RcDiags *d;
    RvStr *file;
    RcFnInfo *fns;
    int nfns, capfns;
    RcTypeInfo *types;
    int ntypes, captypes;
} RcCompiler;

/* Grow an arena vector so that it holds at least n+1 elements of esz bytes
 * (old contents copied, the old block abandoned to the arena). */
void *rc_vec_grow(RcArena *ar, void *v, int n, int *cap, size_t esz);

/* ---- resolver (rc_resolve.c) ---- */

/* Resolve names of the whole PROGRAM tree, annotate it (see above), fold
 * literal arithmetic and fill cc->fns. Diagnostics go to cc->d. Allocates in
 * cc->ar and (global slots, symbols) in the VM's program heap. */
void rc_resolve(RcCompiler *cc, RcAst *program);

/* Names that functions of a program refer to (rc_toplevel.c): a top-level
 * variable in this set is a global, any other stays a chunk register. The
 * set lives in the compile arena. Never fails. */
typedef struct RcNameSet RcNameSet;
RcNameSet *rc_toplevel_captured(RcArena *ar, const RcAst *prog);
bool rc_toplevel_is_global(const RcNameSet *set, const char *name);

/* ---- per-function codegen state ---- */

typedef struct RcFixup { int pc; int label; } RcFixup;
typedef struct RcStub { int label; int reg; } RcStub;

/* A lexical scope being compiled: registers >= base belong to it. */
typedef struct RcScope {
    int base;                  /* freereg at entry */
    int first_active;          /* index into RcFn.active at entry */
} RcScope;

/* An enclosing loop: where break/continue go. */
typedef struct RcLoop {
    const char *label;         /* NULL if unlabeled */
    int brk;                   /* label: break with a value lands here */
    int nilexit;               /* label: break without value lands here */
    int cont;                  /* label: continue goes here */
    int target;                /* loop value register, or RC_NO_REG */
    int close_base;            /* first register of the iteration scope */
    int first_active;          /* RcFn.active index of the iteration scope */
} RcLoop;

/* An exit (return / break / continue) waiting for a finally block. */
typedef struct RcExit {
    int kind;                  /* RC_AST_RETURN, RC_AST_BREAK, RC_AST_CONTINUE */
    int loop;                  /* index into RcFn.loops (break/continue) */
    bool value;                /* break with a value (already in the loop target) */
} RcExit;

/* A try expression being compiled (rc_codegen_try.c). */
typedef struct RcTry {
    int nloops;                /* RcFn.nloops at its start */
    int handlers;              /* handlers it has pushed that are live here */
    int fin;                   /* label of the finally code, -1 without one */
    int val, act;              /* registers: error/return value, pending action */
    int base;                  /* its first register (upvalues close from here) */
    int first_active;          /* RcFn.active index at its start */
    RcExit *exits; int nexits, capexits;
} RcTry;

typedef struct RcFn {
    RcCompiler *cc;
    struct RcFn *parent;
    RcFnInfo *info;
    int info_idx;
    RvInsn *code; uint32_t *lines; int ncode, capcode;
    RvValue *k; int nk, capk;
    RvProto **protos; int nprotos, capprotos;
    RvUpvalDesc *upvals; int nupvals;
    int freereg, maxregs;
    bool reg_error;            /* "too many registers" already reported */
    bool k_error;              /* "too many constants" already reported */
    bool size_error;           /* "function too large" already reported */
    uint8_t islocal[RC_REG_CAP];
    int *local_reg;            /* by resolver local id; -1 = not yet placed */
    int *active; int nactive, capactive;   /* active local ids, in order */
    int *label_pos; int nlabels, caplabels;
    RcFixup *fix; int nfix, capfix;
    RcStub *stubs; int nstubs, capstubs;
    RcScope *scopes; int nscopes, capscopes;
    RcLoop *loops; int nloops, caploops;
    RcTry *tries; int ntries, captries;
    uint32_t line;             /* source line given to emitted instructions */
    int last_label_pc;         /* pc of the most recently placed label */
} RcFn;

/* ---- emitter (rc_emit.c): the only writer of instruction words ---- */

void rc_fn_init(RcFn *fn, RcCompiler *cc, RcFn *parent, int info_idx);
/* Patch jumps, append NOMATCH stubs, copy everything into a new proto in
 * the program heap (name/line/nparams filled by the caller). */
RvProto *rc_fn_finish(RcFn *fn, const char *name, uint32_t line);

int rc_emit_abc(RcFn *fn, RvOpcode op, int a, int b, int c);
int rc_emit_abx(RcFn *fn, RvOpcode op, int a, int bx);
int rc_emit_asbx(RcFn *fn, RvOpcode op, int a, int sbx);
/* op A B C followed by EXTRAARG ax. Returns the pc of op. */
int rc_emit_extra(RcFn *fn, RvOpcode op, int a, int b, int c, uint32_t ax);
/* Signed byte operands (sB/sC of ADDI, TxxI). */
bool rc_fits_sbyte(int64_t v);
int rc_sbyte(int v);

int rc_label_new(RcFn *fn);
void rc_label_place(RcFn *fn, int label);
/* Jump instruction op (JMP, JMPIF, JMPIFNOT, JMPNOTNIL, FORPREP(I),
 * FORLOOP, ITERNEXT, ARGJMP) to label; patched in rc_fn_finish. */
void rc_emit_jump(RcFn *fn, RvOpcode op, int a, int label);
/* A label whose code (emitted after the body) is `NOMATCH reg`. */
int rc_stub_nomatch(RcFn *fn, int reg);

/* Constant pool, deduplicated. Returns the index. */
int rc_k_value(RcFn *fn, RvValue v);
int rc_k_int(RcFn *fn, int64_t v);
int rc_k_float(RcFn *fn, double v);
int rc_k_str(RcFn *fn, const char *s, size_t n);
/* Index for an 8-bit operand (K in B/C): -1 when the index is > 255. */
int rc_k_small(RcFn *fn, int k);
/* R[reg] := K[k] (LOADK) */
void rc_emit_loadk(RcFn *fn, int reg, int k);

/* ---- register allocator (rc_emit.c) ---- */

int rc_reg_alloc(RcFn *fn);
/* n consecutive registers; returns the first. */
int rc_reg_alloc_n(RcFn *fn, int n);
/* Free the top register r (asserts LIFO order). */
void rc_reg_free(RcFn *fn, int r);
/* Free r if it is a temporary (not a live local). */
void rc_reg_release(RcFn *fn, int r);
/* Drop every register >= r (scope exit). */
void rc_reg_free_to(RcFn *fn, int r);
bool rc_reg_is_local(const RcFn *fn, int r);
/* Make resolver local `id` live in register reg. */
void rc_local_activate(RcFn *fn, int id, int reg);

/* ---- codegen (rc_codegen*.c) ---- */

/* Compile the chunk; returns its proto or NULL. */
RvProto *rc_codegen_program(RcCompiler *cc, RcAst *program);

/* Value of e into target (RC_NO_REG: evaluate for effect). Returns target. */
int rc_expr_to(RcFn *fn, RcAst *e, int target);
/* Value of e into any register: a local's own register (no code) or a new
 * temporary on top of the stack. Release with rc_reg_release. */
int rc_expr_any(RcFn *fn, RcAst *e);
/* Jump to label when truthy(e) == jump_if, else fall through. */
void rc_cond_jump(RcFn *fn, RcAst *e, bool jump_if, int label);
/* Compile e as the returned value of the function (emits RETURN). */
void rc_tail(RcFn *fn, RcAst *e);
/* True for kinds compiled by rc_codegen.c (blocks, control flow, ...). */
bool rc_is_control(const RcAst *e);
/* Control-flow and statement-like expressions (rc_codegen.c). */
int rc_control_to(RcFn *fn, RcAst *e, int target);
/* target := lreg OP rhs for an arithmetic/bitwise RcOp, choosing ADDI / K
 * forms for literal right operands. */
void rc_arith_to(RcFn *fn, int op, int lreg, RcAst *rhs, int target);
/* R[reg] := integer v (LOADI or LOADK). */
void rc_load_int(RcFn *fn, int reg, int64_t v);
/* True when no instruction can fall through to the current position. */
bool rc_unreachable(const RcFn *fn);
/* Compile a FUN node into a child proto and emit CLOSURE into target. */
void rc_closure_to(RcFn *fn, RcAst *fun, int target);
/* Enter / leave a lexical scope (leave emits CLOSE if a captured local of
 * the scope is live and emit_close is set). */
void rc_scope_enter(RcFn *fn);
void rc_scope_leave(RcFn *fn, bool emit_close);

/* True when a captured local became live since active index first. */
bool rc_captured_since(RcFn *fn, int first_active);
/* break/continue to loop l: CLOSE its iteration scope when needed, JMP.
 * with_value: a break whose value is already in the loop's target. */
void rc_loop_jump(RcFn *fn, RcLoop *l, int kind, bool with_value);

/* ---- user types (rc_codegen_decl.c) ---- */

/* STRUCT_DECL / ENUM_DECL / IMPL statements. hoisted: the chunk's
 * prologue for top-level ones (types become globals, impls attach their
 * methods before any statement runs); otherwise in place. */
void rc_decl_to(RcFn *fn, RcAst *e, int target, bool hoisted);
/* Struct literals, Type / Enum::Variant values, variant constructor calls
 * and associated functions (PATH nodes of the resolver's new kinds). */
void rc_struct_lit_to(RcFn *fn, RcAst *e, int t);
void rc_path_to(RcFn *fn, RcAst *e, int t);
/* Enum::Variant(args) into t; false when callee is not a variant. */
bool rc_variant_call(RcFn *fn, RcAst *call, int t);
/* Constant index of the type / variant marker a user-type node names. */
int rc_type_k(RcFn *fn, int type);
int rc_marker_k(RcFn *fn, int type, int variant);

/* ---- try/catch/finally (rc_codegen_try.c) ---- */

void rc_try_to(RcFn *fn, RcAst *e, int target);
/* Index of the outermost try that a jump to loop index `loop` (-1: return)
 * leaves, or -1 when it leaves none. */
int rc_try_crossing(RcFn *fn, int loop);
/* Leave the function / loop through the try contexts in between (ENDTRY,
 * finally blocks). kind RC_AST_RETURN (value in reg), BREAK or CONTINUE. */
void rc_try_exit(RcFn *fn, int kind, int loop, bool with_value, int reg);
/* `e?` inside a try: the early return goes through rc_try_exit. */
void rc_try_unwrap(RcFn *fn, RcAst *e, int t);

/* ---- patterns (rc_codegen_pat.c) ---- */

/* Reserve registers for every variable bound by pat (declaration order);
 * global bindings (top level) get temporaries. */
void rc_pat_reserve(RcFn *fn, RcAst *pat);
/* Test value register v against pat; jump to fail when it does not match;
 * store bindings into their reserved registers. */
void rc_pat_match(RcFn *fn, RcAst *pat, int v, int fail);
/* After a successful match: activate local bindings, SETGLOBAL the global
 * ones (then the caller frees their temporaries with the scope). */
void rc_pat_commit(RcFn *fn, RcAst *pat);
/* Constant index of a literal pattern (PAT_LIT or a bare literal node). */
int rc_pat_literal_k(RcFn *fn, const RcAst *lit);
/* True if pat cannot fail (binding, wildcard). */
bool rc_pat_irrefutable(const RcAst *pat);

#endif
