/* rc_ast.h — abstract syntax tree of a Ruchy source file.
 *
 * Every node lives in the compile arena (RcArena) and dies with it when
 * compilation ends; nothing here is freed one node at a time. Node kinds come
 * from rc_ast.def. The lemon grammar calls only the constructors below.
 */
#ifndef RC_AST_H
#define RC_AST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct RcArena RcArena;
typedef struct RcAst RcAst;

typedef enum {
#define AST(name, doc) RC_AST_##name,
#include "rc_ast.def"
#undef AST
    RC_AST__COUNT
} RcAstKind;

/* Operators carried in RcAst.op. */
typedef enum {
    RC_OP_NONE = 0,
    RC_OP_ADD, RC_OP_SUB, RC_OP_MUL, RC_OP_DIV, RC_OP_MOD, RC_OP_POW,
    RC_OP_EQ, RC_OP_NE, RC_OP_LT, RC_OP_LE, RC_OP_GT, RC_OP_GE,
    RC_OP_AND, RC_OP_OR, RC_OP_COALESCE,
    RC_OP_BITAND, RC_OP_BITOR, RC_OP_BITXOR, RC_OP_SHL, RC_OP_SHR,
    RC_OP_NEG, RC_OP_NOT, RC_OP_BITNOT,
    RC_OP_IN, RC_OP_PIPE,
    RC_OP__COUNT
} RcOp;

/* Flags carried in RcAst.flags. */
enum {
    RC_F_MUT    = 1u << 0,
    RC_F_PUB    = 1u << 1,
    RC_F_LAMBDA = 1u << 2,
    RC_F_SELF   = 1u << 3,
    RC_F_INCL   = 1u << 4,
    RC_F_TUPLE  = 1u << 5,
    RC_F_STRUCTV= 1u << 6,
    RC_F_REST   = 1u << 7,
    RC_F_SLICE  = 1u << 8,
    RC_F_PAREN  = 1u << 9,  /* expression was written in parentheses */
    RC_F_GLOBALS = 1u << 10 /* PROGRAM: every top-level name is a global (rc_compile_ex) */
};

/* A growable array of child nodes, storage in the compile arena. */
typedef struct {
    RcAst **v;
    int n, cap;
} RcList;

struct RcAst {
    uint8_t kind;        /* RcAstKind */
    uint8_t op;          /* RcOp */
    uint16_t flags;      /* RC_F_* */
    uint32_t line, col;  /* 1-based position of the node's first token */
    RcAst *a, *b, *c, *d;
    RcList list, list2;
    union { int64_t i; double f; } num;
    const char *str;  uint32_t len;    /* NUL-terminated, in the arena */
    const char *str2; uint32_t len2;
    /* Resolver annotations (meaning defined in rc_resolve.c). */
    int32_t slot;
    int32_t aux;
    uint8_t where;
};

/* ---- arena ---- */

/* Create a compile arena (a bump allocator over chunks of fresh pages).
 * Owned by the caller; free with rc_arena_free, which releases every node,
 * list and string made in it. */
RcArena *rc_arena_new(void);
void rc_arena_free(RcArena *ar);
/* Zeroed allocation in the arena; never returns NULL (aborts on OOM). Pages
 * of a large block that are never written are never faulted in. */
void *rc_arena_alloc(RcArena *ar, size_t n);
/* Copy n bytes into the arena and NUL-terminate them. */
char *rc_arena_strdup(RcArena *ar, const char *s, size_t n);

/* ---- constructors (used by the grammar; all allocate in ar, never fail) ---- */

RcAst *rc_ast_new(RcArena *ar, RcAstKind kind, uint32_t line, uint32_t col);
RcAst *rc_ast_int(RcArena *ar, int64_t v, uint32_t line, uint32_t col);
RcAst *rc_ast_float(RcArena *ar, double v, uint32_t line, uint32_t col);
RcAst *rc_ast_str(RcArena *ar, RcAstKind kind, const char *s, size_t n,
                  uint32_t line, uint32_t col);
RcAst *rc_ast_unary(RcArena *ar, RcOp op, RcAst *a, uint32_t line, uint32_t col);
RcAst *rc_ast_binary(RcArena *ar, RcOp op, RcAst *a, RcAst *b);
/* Additions for the parser (also allocate in ar, never fail): */
/* Node with children a, b, c (any may be NULL). */
RcAst *rc_ast_node(RcArena *ar, RcAstKind kind, uint32_t line, uint32_t col,
                   RcAst *a, RcAst *b, RcAst *c);
/* Node with str = copy of s[0..n) and str2 = copy of s2[0..n2) (s2 may be NULL). */
RcAst *rc_ast_str2(RcArena *ar, RcAstKind kind, const char *s, size_t n,
                   const char *s2, size_t n2, uint32_t line, uint32_t col);
/* Set node->str/len to an arena copy of s[0..n) (NULL clears it). */
void rc_ast_set_str(RcArena *ar, RcAst *node, const char *s, size_t n);
/* FUN node (name NULL for a lambda); sets RC_F_SELF if params[0] is self. */
RcAst *rc_ast_fun(RcArena *ar, const char *name, size_t n, RcList params,
                  RcAst *body, uint32_t line, uint32_t col);
/* Pattern for a bare name: `nil` -> PAT_LIT(NIL), `_` -> PAT_WILD, else PAT_BIND. */
RcAst *rc_ast_pat_name(RcArena *ar, const char *s, size_t n,
                       uint32_t line, uint32_t col);
/* Append child to list (grows in the arena). Returns the node it was given. */
void rc_list_push(RcArena *ar, RcList *list, RcAst *child);

/* Name of a node kind / operator, for dumps and diagnostics. Static strings. */
const char *rc_ast_kind_name(int kind);
const char *rc_op_name(int op);

/* Write an S-expression dump of the tree (one node per line, indented) —
 * used by `ruchy-vm parse` style debugging and the parser unit tests. */
void rc_ast_dump(FILE *out, const RcAst *node, int indent);

#endif
