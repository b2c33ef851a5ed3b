/* rc_resolve.h — private header of the resolver: names and scopes
 * (rc_resolve.c), user types (rc_resolve_decl.c) and literal rewriting
 * (rc_fold.c). Everything here allocates in the compile arena and reports
 * problems as diagnostics; nothing throws.
 */
#ifndef RC_RESOLVE_H
#define RC_RESOLVE_H

#include "rc_emit.h"

typedef struct RcResEntry { const char *name; int id; } RcResEntry;
typedef struct RcResGlobal { const char *name; uint32_t slot; } RcResGlobal;
typedef struct RcResLoop { const char *label; int fn; } RcResLoop;

typedef struct RcRes {
    RcCompiler *cc;
    RcResEntry *st; int n, cap;       /* visible locals, innermost last */
    int *marks; int nmarks, capmarks; /* scope start heights */
    RcResGlobal *globals; int nglobals, capglobals;
    RcResLoop *loops; int nloops, caploops;
    int fn;                           /* current RcFnInfo index */
    int pat_start;                    /* stack height at pattern start, -1 outside */
    RcNameSet *captured;              /* names functions use (rc_toplevel.c) */
    int self_type;                    /* type of the enclosing impl/struct body, -1 */
    RcAst **traits; int ntraits, captraits;   /* TRAIT nodes (default methods) */
} RcRes;

#define GROW(r, vec, n, cap) \
    ((vec) = rc_vec_grow((r)->cc->ar, (vec), (n), &(cap), sizeof *(vec)))

/* ---- rc_resolve.c ---- */

/* Resolve expression/statement e (NULL is fine). */
void rc_res_node(RcRes *r, RcAst *e);
/* Resolve every child of e. */
void rc_res_children(RcRes *r, RcAst *e);
void rc_res_scope_push(RcRes *r);
void rc_res_scope_pop(RcRes *r);
/* Declare the variables of pattern p (alternatives share names). */
void rc_res_bind_pattern(RcRes *r, RcAst *p);
/* One pattern node inside rc_res_bind_pattern (sub-patterns). */
void rc_res_pattern(RcRes *r, RcAst *p);
/* A FUN node (is_stmt: a named statement declaring its name). */
void rc_res_function(RcRes *r, RcAst *f, bool is_stmt);
/* Resolve a name use; false when nothing is known by that name. */
bool rc_res_name(RcRes *r, RcAst *id);
RcResGlobal *rc_res_find_global(RcRes *r, const char *name);
uint32_t rc_res_add_global(RcRes *r, const char *name);
uint32_t rc_res_sym(RcRes *r, const char *s);
/* RV_OPT_* / RV_RES_* for Option/Result variant v (type may be NULL). */
int rc_res_variant_code(const char *type, const char *v);

/* ---- rc_resolve_decl.c: user types ---- */

/* Build an RvType for every struct/enum declared anywhere in prog and give
 * top-level ones a global (before anything else is resolved). */
void rc_res_types_prepass(RcRes *r, RcAst *prog);
/* STRUCT_DECL, ENUM_DECL, IMPL, TRAIT statements. */
void rc_res_decl(RcRes *r, RcAst *e);
void rc_res_struct_lit(RcRes *r, RcAst *e);
/* Type::name paths naming a user type's variant or function; false when
 * the left side is not a user type. */
bool rc_res_type_path(RcRes *r, RcAst *e);
/* A bare name naming a type (`Self`, or a type without a variable). */
bool rc_res_type_name(RcRes *r, RcAst *id);
/* PAT_ENUM of a user enum and PAT_STRUCT (sub-patterns bound too). */
void rc_res_user_pattern(RcRes *r, RcAst *p);

/* ---- rc_fold.c ---- */

/* Fold literal arithmetic of BINARY/UNARY e in place (children folded). */
void rc_fold(RcArena *ar, RcAst *e);
/* println, format, panic, ...: functions taking a format string. */
bool rc_is_format_fn(const char *name);
/* Rewrite {name} placeholders of a literal format string args[0] into
 * positional ones, appending the named variables as arguments. */
void rc_inline_format_args(RcRes *r, RcList *args);

#endif
