/* rc_ast.c — the compile arena, AST constructors and the tree dumper.
 *
 * The arena is a bump allocator over chunks of fresh pages: every node, list
 * buffer and string made while compiling one file lives in it and dies with
 * rc_arena_free. Nothing
 * here frees a single node. The dumper prints one node per line, children
 * indented by two spaces, in a stable format the parser tests compare.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rc_ast.h"
#include "rc_diag.h"
#include "rv.h"

struct RcArena {
    RvBump bump;
};

/* The first chunk is faulted in whole when it is made (one call instead of
 * a page fault per page) and is enough for the tokens and tree of a typical
 * handler; later chunks double up to RC_CHUNK_MAX. */
enum { RC_CHUNK_FIRST = 64 * 1024, RC_CHUNK_MAX = 4 * 1024 * 1024 };

/* The chunks of the last arena freed on this thread, reset (first chunk
 * cleared and kept) for the next compile: unmapping costs more than a
 * compile of a small file on a microVM, and a REPL or `serve --watch`
 * compiles again and again. */
static _Thread_local RvBump spare;

/* ---- arena ---- */

/* Create a compile arena: a bump allocator over chunks of fresh pages (so
 * every block is zero without being written). The caller owns it and frees
 * it with rc_arena_free. Aborts when memory is exhausted. */
RcArena *rc_arena_new(void)
{
    RvBump b = spare;
    if (b.max_size == 0)
        rv_bump_init(&b, RC_CHUNK_FIRST, RC_CHUNK_MAX, true);
    memset(&spare, 0, sizeof spare);
    RcArena *ar = rv_bump_alloc(&b, sizeof *ar);
    if (ar == NULL)
        abort();
    ar->bump = b;
    return ar;
}

/* Release the arena and everything allocated in it (its first chunk is
 * cleared and kept for the next arena of this thread). NULL is accepted. */
void rc_arena_free(RcArena *ar)
{
    if (ar == NULL)
        return;
    RvBump b = ar->bump;            /* ar itself lives in b: copy it out first */
    if (spare.max_size == 0) {
        rv_bump_reset(&b);
        spare = b;
    } else {
        rv_bump_release(&b);
    }
}

/* Zeroed allocation of n bytes (16-byte aligned) in the arena: chunks are
 * fresh pages, never reused within an arena, so nothing needs clearing (and
 * pages of a large block that are never written are never faulted in).
 * Never returns NULL (aborts when memory is exhausted). */
void *rc_arena_alloc(RcArena *ar, size_t n)
{
    void *p = rv_bump_alloc(&ar->bump, n);
    if (p == NULL)
        abort();
    return p;
}

/* Copy n bytes of s into the arena and NUL-terminate the copy. s may be
 * NULL when n is 0. */
char *rc_arena_strdup(RcArena *ar, const char *s, size_t n)
{
    char *p = rc_arena_alloc(ar, n + 1);
    if (n > 0)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- constructors ---- */

/* A zeroed node of the given kind at line:col, in the arena. */
RcAst *rc_ast_new(RcArena *ar, RcAstKind kind, uint32_t line, uint32_t col)
{
    RcAst *n = rc_arena_alloc(ar, sizeof *n);
    n->kind = (uint8_t)kind;
    n->line = line;
    n->col = col;
    return n;
}

/* A node with up to three children in a, b, c (any may be NULL). */
RcAst *rc_ast_node(RcArena *ar, RcAstKind kind, uint32_t line, uint32_t col,
                   RcAst *a, RcAst *b, RcAst *c)
{
    RcAst *n = rc_ast_new(ar, kind, line, col);
    n->a = a;
    n->b = b;
    n->c = c;
    return n;
}

/* An INT literal node. */
RcAst *rc_ast_int(RcArena *ar, int64_t v, uint32_t line, uint32_t col)
{
    RcAst *n = rc_ast_new(ar, RC_AST_INT, line, col);
    n->num.i = v;
    return n;
}

/* A FLOAT literal node. */
RcAst *rc_ast_float(RcArena *ar, double v, uint32_t line, uint32_t col)
{
    RcAst *n = rc_ast_new(ar, RC_AST_FLOAT, line, col);
    n->num.f = v;
    return n;
}

/* A node whose str/len is a NUL-terminated arena copy of s[0..n). */
RcAst *rc_ast_str(RcArena *ar, RcAstKind kind, const char *s, size_t n,
                  uint32_t line, uint32_t col)
{
    RcAst *node = rc_ast_new(ar, kind, line, col);
    rc_ast_set_str(ar, node, s, n);
    return node;
}

/* Like rc_ast_str, plus str2/len2 copied from s2[0..n2) (s2 may be NULL). */
RcAst *rc_ast_str2(RcArena *ar, RcAstKind kind, const char *s, size_t n,
                   const char *s2, size_t n2, uint32_t line, uint32_t col)
{
    RcAst *node = rc_ast_str(ar, kind, s, n, line, col);
    if (s2 != NULL) {
        node->str2 = rc_arena_strdup(ar, s2, n2);
        node->len2 = (uint32_t)n2;
    }
    return node;
}

/* Set node->str/len to an arena copy of s[0..n); s == NULL clears it. */
void rc_ast_set_str(RcArena *ar, RcAst *node, const char *s, size_t n)
{
    if (s == NULL) {
        node->str = NULL;
        node->len = 0;
        return;
    }
    node->str = rc_arena_strdup(ar, s, n);
    node->len = (uint32_t)n;
}

/* UNARY node; position is the operator's. */
RcAst *rc_ast_unary(RcArena *ar, RcOp op, RcAst *a, uint32_t line, uint32_t col)
{
    RcAst *n = rc_ast_node(ar, RC_AST_UNARY, line, col, a, NULL, NULL);
    n->op = (uint8_t)op;
    return n;
}

/* BINARY node; position is the left operand's. */
RcAst *rc_ast_binary(RcArena *ar, RcOp op, RcAst *a, RcAst *b)
{
    RcAst *n = rc_ast_node(ar, RC_AST_BINARY, a->line, a->col, a, b, NULL);
    n->op = (uint8_t)op;
    return n;
}

/* FUN node: name (NULL for a lambda), parameters, body. Sets RC_F_SELF when
 * the first parameter is the receiver `self`. */
RcAst *rc_ast_fun(RcArena *ar, const char *name, size_t n, RcList params,
                  RcAst *body, uint32_t line, uint32_t col)
{
    RcAst *f = rc_ast_str(ar, RC_AST_FUN, name, n, line, col);
    f->list = params;
    f->a = body;
    if (params.n > 0 && params.v[0]->str != NULL &&
        strcmp(params.v[0]->str, "self") == 0)
        f->flags |= RC_F_SELF;
    return f;
}

/* Pattern for a bare name: PAT_LIT(NIL) for `nil`, PAT_WILD for `_`,
 * otherwise PAT_BIND. */
RcAst *rc_ast_pat_name(RcArena *ar, const char *s, size_t n,
                       uint32_t line, uint32_t col)
{
    if (n == 3 && memcmp(s, "nil", 3) == 0)
        return rc_ast_node(ar, RC_AST_PAT_LIT, line, col,
                           rc_ast_new(ar, RC_AST_NIL, line, col), NULL, NULL);
    if (n == 1 && s[0] == '_')
        return rc_ast_new(ar, RC_AST_PAT_WILD, line, col);
    return rc_ast_str(ar, RC_AST_PAT_BIND, s, n, line, col);
}

/* Append child to list, growing its storage in the arena. */
void rc_list_push(RcArena *ar, RcList *list, RcAst *child)
{
    if (list->n == list->cap) {
        int cap = list->cap ? list->cap * 2 : 4;
        RcAst **v = rc_arena_alloc(ar, (size_t)cap * sizeof *v);
        if (list->n > 0)
            memcpy(v, list->v, (size_t)list->n * sizeof *v);
        list->v = v;
        list->cap = cap;
    }
    list->v[list->n++] = child;
}

/* ---- names ---- */

static const char *const KIND_NAMES[] = {
#define AST(name, doc) #name,
#include "rc_ast.def"
#undef AST
};

/* Name of a node kind ("BINARY"); "?" when out of range. Static string. */
const char *rc_ast_kind_name(int kind)
{
    if (kind < 0 || kind >= RC_AST__COUNT)
        return "?";
    return KIND_NAMES[kind];
}

static const char *const OP_NAMES[RC_OP__COUNT] = {
    [RC_OP_NONE] = "", [RC_OP_ADD] = "+", [RC_OP_SUB] = "-",
    [RC_OP_MUL] = "*", [RC_OP_DIV] = "/", [RC_OP_MOD] = "%",
    [RC_OP_POW] = "**", [RC_OP_EQ] = "==", [RC_OP_NE] = "!=",
    [RC_OP_LT] = "<", [RC_OP_LE] = "<=", [RC_OP_GT] = ">",
    [RC_OP_GE] = ">=", [RC_OP_AND] = "&&", [RC_OP_OR] = "||",
    [RC_OP_COALESCE] = "??", [RC_OP_BITAND] = "&", [RC_OP_BITOR] = "|",
    [RC_OP_BITXOR] = "^", [RC_OP_SHL] = "<<", [RC_OP_SHR] = ">>",
    [RC_OP_NEG] = "neg", [RC_OP_NOT] = "!", [RC_OP_BITNOT] = "~",
    [RC_OP_IN] = "in", [RC_OP_PIPE] = "|>",
};

/* Printable name of an operator ("+", "neg", "??"); static string. */
const char *rc_op_name(int op)
{
    if (op < 0 || op >= RC_OP__COUNT)
        return "?";
    return OP_NAMES[op];
}

/* ---- dumper ---- */

static void dump_quoted(FILE *out, const char *s, uint32_t n)
{
    fputc('"', out);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(out, "\\x%02x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static void dump_flags(FILE *out, unsigned flags)
{
    static const char *const names[] = {
        "mut", "pub", "lambda", "self", "incl", "tuple", "structv",
        "rest", "slice", "paren",
    };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & (1u << i))
            fprintf(out, " %s", names[i]);
}

/* The header line of one node: kind, operator, strings, number, flags. */
static void dump_head(FILE *out, const RcAst *n)
{
    fputs(rc_ast_kind_name(n->kind), out);
    if (n->op != RC_OP_NONE)
        fprintf(out, " %s", rc_op_name(n->op));
    if (n->str != NULL) {
        fputc(' ', out);
        dump_quoted(out, n->str, n->len);
    }
    if (n->str2 != NULL) {
        fputc(' ', out);
        dump_quoted(out, n->str2, n->len2);
    }
    switch (n->kind) {
    case RC_AST_INT: case RC_AST_BOOL: case RC_AST_TUPLE_INDEX:
        fprintf(out, " %" PRId64, n->num.i);
        break;
    case RC_AST_VARIANT:
        if (n->flags & RC_F_TUPLE)
            fprintf(out, " %" PRId64, n->num.i);
        break;
    case RC_AST_FLOAT:
        fprintf(out, " %.17g", n->num.f);
        break;
    default:
        break;
    }
    dump_flags(out, n->flags);
    fputc('\n', out);
}

static void dump_indent(FILE *out, int indent)
{
    for (int i = 0; i < indent; i++)
        fputs("  ", out);
}

/* Write node and its subtree, one node per line, starting at indent.
 * Fixed children a..d come first; an absent child that precedes a present
 * one prints as "_". Then the list, then "--" and list2 when non-empty. */
void rc_ast_dump(FILE *out, const RcAst *node, int indent)
{
    dump_indent(out, indent);
    if (node == NULL) {
        fputs("_\n", out);
        return;
    }
    dump_head(out, node);
    const RcAst *kids[4] = { node->a, node->b, node->c, node->d };
    int last = -1;
    for (int i = 0; i < 4; i++)
        if (kids[i] != NULL)
            last = i;
    for (int i = 0; i <= last; i++)
        rc_ast_dump(out, kids[i], indent + 1);
    for (int i = 0; i < node->list.n; i++)
        rc_ast_dump(out, node->list.v[i], indent + 1);
    if (node->list2.n > 0) {
        dump_indent(out, indent + 1);
        fputs("--\n", out);
        for (int i = 0; i < node->list2.n; i++)
            rc_ast_dump(out, node->list2.v[i], indent + 1);
    }
}

/* ---- checks on the whole tree ---- */

/* Reject assignments to anything but a name, field, index or t.N. */
static void check_target(RcDiags *d, const RcAst *n)
{
    if (n->kind == RC_AST_ASSIGN && n->a != NULL) {
        int k = n->a->kind;
        if (k != RC_AST_IDENT && k != RC_AST_FIELD && k != RC_AST_INDEX &&
            k != RC_AST_TUPLE_INDEX)
            rc_diag_error(d, n->a->line, n->a->col, "invalid assignment target");
    }
}

typedef struct {
    const RcAst *n;
    int depth;
} Pending;

/* See rc_parse.h. */
bool rc_check_tree(RcArena *ar, RcDiags *d, const RcAst *root, int max_depth)
{
    size_t n = 0, cap = 256;
    Pending *st = rc_arena_alloc(ar, cap * sizeof *st);
    st[n++] = (Pending){ root, 1 };
    while (n > 0) {
        Pending p = st[--n];
        if (p.depth > max_depth) {
            rc_diag_error(d, p.n->line, p.n->col,
                          "expression nested too deeply (more than %d levels)", max_depth);
            return false;
        }
        check_target(d, p.n);
        size_t nk = (size_t)p.n->list.n + (size_t)p.n->list2.n + 4;
        if (n + nk > cap) {                 /* the old stack stays in the arena */
            cap = (n + nk) * 2;
            Pending *g = rc_arena_alloc(ar, cap * sizeof *st);
            memcpy(g, st, n * sizeof *st);
            st = g;
        }
        const RcAst *kids[4] = { p.n->a, p.n->b, p.n->c, p.n->d };
        for (int i = 0; i < 4; i++)
            if (kids[i] != NULL)
                st[n++] = (Pending){ kids[i], p.depth + 1 };
        for (int i = 0; i < p.n->list.n; i++)
            if (p.n->list.v[i] != NULL)
                st[n++] = (Pending){ p.n->list.v[i], p.depth + 1 };
        for (int i = 0; i < p.n->list2.n; i++)
            if (p.n->list2.v[i] != NULL)
                st[n++] = (Pending){ p.n->list2.v[i], p.depth + 1 };
    }
    return true;
}
