/* rc_fold.c — the resolver's literal rewriting: constant folding of
 * literal arithmetic (integer operations that cannot overflow or divide by
 * zero, float arithmetic, negation, `!` on booleans, string concatenation;
 * anything that would raise at run time is left for the VM to raise there)
 * and inlining of named format arguments (`println("{x}")`).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "rc_resolve.h"

static bool pow_checked(int64_t a, int64_t b, int64_t *out)
{
    int64_t acc = 1;
    if (b < 0)
        return false;
    while (b > 0) {
        if ((b & 1) && __builtin_mul_overflow(acc, a, &acc))
            return false;
        b >>= 1;
        if (b > 0 && __builtin_mul_overflow(a, a, &a))
            return false;
    }
    *out = acc;
    return true;
}

/* Integer op; false when it would overflow or divide by zero (left to the VM). */
static bool fold_int(int op, int64_t a, int64_t b, int64_t *out)
{
    switch (op) {
    case RC_OP_ADD: return !__builtin_add_overflow(a, b, out);
    case RC_OP_SUB: return !__builtin_sub_overflow(a, b, out);
    case RC_OP_MUL: return !__builtin_mul_overflow(a, b, out);
    case RC_OP_DIV: case RC_OP_MOD:
        if (b == 0 || (a == INT64_MIN && b == -1))
            return false;
        *out = op == RC_OP_DIV ? a / b : a % b;
        return true;
    case RC_OP_POW: return pow_checked(a, b, out);
    case RC_OP_BITAND: *out = a & b; return true;
    case RC_OP_BITOR: *out = a | b; return true;
    case RC_OP_BITXOR: *out = a ^ b; return true;
    default: return false;
    }
}

static bool fold_float(int op, double a, double b, double *out)
{
    switch (op) {
    case RC_OP_ADD: *out = a + b; return true;
    case RC_OP_SUB: *out = a - b; return true;
    case RC_OP_MUL: *out = a * b; return true;
    case RC_OP_DIV: if (b == 0) return false; *out = a / b; return true;
    default: return false;
    }
}

static void make_leaf(RcAst *e, RcAstKind kind)
{
    e->kind = (uint8_t)kind;
    e->op = RC_OP_NONE;
    e->a = e->b = NULL;
}

static bool is_num(const RcAst *e) { return e && (e->kind == RC_AST_INT || e->kind == RC_AST_FLOAT); }
static double num_f(const RcAst *e) { return e->kind == RC_AST_INT ? (double)e->num.i : e->num.f; }

static void fold_unary(RcAst *e)
{
    RcAst *a = e->a;
    if (e->op == RC_OP_NEG && a->kind == RC_AST_INT && a->num.i != INT64_MIN) {
        int64_t v = -a->num.i;
        make_leaf(e, RC_AST_INT);
        e->num.i = v;
    } else if (e->op == RC_OP_NEG && a->kind == RC_AST_FLOAT) {
        double v = -a->num.f;
        make_leaf(e, RC_AST_FLOAT);
        e->num.f = v;
    } else if (e->op == RC_OP_NOT && a->kind == RC_AST_BOOL) {
        int64_t v = !a->num.i;
        make_leaf(e, RC_AST_BOOL);
        e->num.i = v;
    }
}

/* Fold literal arithmetic in place (children already folded). */
void rc_fold(RcArena *ar, RcAst *e)
{
    if (e->kind == RC_AST_UNARY) {
        if (e->a)
            fold_unary(e);
        return;
    }
    RcAst *a = e->a, *b = e->b;
    if (!a || !b)
        return;
    if (a->kind == RC_AST_INT && b->kind == RC_AST_INT) {
        int64_t v;
        if (fold_int(e->op, a->num.i, b->num.i, &v)) {
            make_leaf(e, RC_AST_INT);
            e->num.i = v;
        }
    } else if (is_num(a) && is_num(b)) {
        double v;
        if (fold_float(e->op, num_f(a), num_f(b), &v)) {
            make_leaf(e, RC_AST_FLOAT);
            e->num.f = v;
        }
    } else if (a->kind == RC_AST_STRING && b->kind == RC_AST_STRING && e->op == RC_OP_ADD) {
        char *s = rc_arena_alloc(ar, (size_t)a->len + b->len + 1);
        memcpy(s, a->str, a->len);
        memcpy(s + a->len, b->str, b->len);
        uint32_t n = a->len + b->len;
        make_leaf(e, RC_AST_STRING);
        e->str = s;
        e->len = n;
    }
}

/* ----------------------------------------------- format arguments --- */

/* Inline format arguments (Rust): in println/format/... with a literal
 * format string, a placeholder {name} or {name:spec} naming a variable in
 * scope becomes {N} / {N:spec} with the variable appended as argument N. */
bool rc_is_format_fn(const char *name)
{
    static const char *const fns[] = { "println", "print", "eprintln", "eprint",
                                       "format", "panic", NULL };
    for (int i = 0; fns[i]; i++)
        if (strcmp(name, fns[i]) == 0)
            return true;
    return false;
}

/* Argument index for variable name (appended on first use), or -1. */
static int format_arg(RcRes *r, RcList *args, int nfixed, RcAst *at, const char *name, size_t n)
{
    for (int i = nfixed + 1; i < args->n; i++)
        if (strlen(args->v[i]->str) == n && memcmp(args->v[i]->str, name, n) == 0)
            return i - 1;
    RcAst *id = rc_ast_new(r->cc->ar, RC_AST_IDENT, at->line, at->col);
    id->str = rc_arena_strdup(r->cc->ar, name, n);
    id->len = (uint32_t)n;
    if (!rc_res_name(r, id) || id->where == RC_W_BUILTIN || id->where == RC_W_NIL)
        return -1;
    rc_list_push(r->cc->ar, args, id);
    return args->n - 2;
}

void rc_inline_format_args(RcRes *r, RcList *args)
{
    if (args->n == 0 || args->v[0]->kind != RC_AST_STRING)
        return;
    RcAst *fs = args->v[0];
    const char *s = fs->str;
    size_t n = fs->len, o = 0;
    int nfixed = args->n - 1;
    char *out = rc_arena_alloc(r->cc->ar, 2 * n + 16);
    for (size_t i = 0; i < n;) {
        if ((s[i] == '{' || s[i] == '}') && i + 1 < n && s[i + 1] == s[i]) {
            out[o++] = s[i++];
            out[o++] = s[i++];
            continue;
        }
        size_t j = i + 1;
        if (s[i] != '{' || j >= n || !(s[j] == '_' || isalpha((unsigned char)s[j]))) {
            out[o++] = s[i++];
            continue;
        }
        while (j < n && (s[j] == '_' || isalnum((unsigned char)s[j])))
            j++;
        size_t k = j;
        while (k < n && s[k] != '}' && s[k] != '{')
            k++;
        int idx = k < n && s[k] == '}' && (j == k || s[j] == ':')
                ? format_arg(r, args, nfixed, fs, s + i + 1, j - i - 1) : -1;
        if (idx < 0) {
            out[o++] = s[i++];
            continue;
        }
        o += (size_t)sprintf(out + o, "{%d", idx);
        memcpy(out + o, s + j, k + 1 - j);      /* ":spec}" or "}" */
        o += k + 1 - j;
        i = k + 1;
    }
    out[o] = 0;
    fs->str = out;
    fs->len = (uint32_t)o;
}
