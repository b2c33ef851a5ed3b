/* rc_resolve.c — scopes and name resolution.
 *
 * One walk over the tree after a pre-pass that gives every top-level
 * fun/let/const/struct/enum name (and every top-level `x = e` target) a
 * global slot. Locals get per-function ids (registers are chosen by
 * codegen), variables of enclosing functions become upvalues (Lua style:
 * instack/idx chains), unknown names are "undefined variable" diagnostics.
 * Literal arithmetic is folded here (rc_fold below). Annotations are
 * documented in rc_emit.h.
 */
#include <string.h>
#include "rc_emit.h"

typedef struct Entry { const char *name; int id; } Entry;
typedef struct Global { const char *name; uint32_t slot; } Global;
typedef struct LoopMark { const char *label; int fn; } LoopMark;

typedef struct Res {
    RcCompiler *cc;
    Entry *st; int n, cap;            /* visible locals, innermost last */
    int *marks; int nmarks, capmarks; /* scope start heights */
    Global *globals; int nglobals, capglobals;
    LoopMark *loops; int nloops, caploops;
    int fn;                           /* current RcFnInfo index */
    int pat_start;                    /* stack height at pattern start, -1 outside */
} Res;

#define GROW(r, vec, n, cap) \
    ((vec) = rc_vec_grow((r)->cc->ar, (vec), (n), &(cap), sizeof *(vec)))

static void node(Res *r, RcAst *e);
static void stmt(Res *r, RcAst *s);
void rc_fold(RcArena *ar, RcAst *e);

static void unsupported(Res *r, RcAst *e, const char *what)
{
    rc_diag_error(r->cc->d, e->line, e->col, "%s is not supported yet", what);
}

/* ------------------------------------------------------------- scopes --- */

static void scope_push(Res *r)
{
    GROW(r, r->marks, r->nmarks, r->capmarks);
    r->marks[r->nmarks++] = r->n;
}

static void scope_pop(Res *r)
{
    r->n = r->marks[--r->nmarks];
}

static bool at_top(const Res *r)
{
    return r->fn == 0 && r->nmarks == 1;
}

static int new_fn(Res *r, RcAst *n, int parent)
{
    RcCompiler *cc = r->cc;
    cc->fns = rc_vec_grow(cc->ar, cc->fns, cc->nfns, &cc->capfns, sizeof *cc->fns);
    RcFnInfo *f = &cc->fns[cc->nfns];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->parent = parent;
    f->base = r->n;
    return cc->nfns++;
}

static int new_local(Res *r, const char *name)
{
    RcFnInfo *f = &r->cc->fns[r->fn];
    f->locals = rc_vec_grow(r->cc->ar, f->locals, f->nlocals, &f->caplocals,
                            sizeof *f->locals);
    f->locals[f->nlocals].name = name;
    f->locals[f->nlocals].captured = 0;
    GROW(r, r->st, r->n, r->cap);
    r->st[r->n].name = name;
    r->st[r->n].id = f->nlocals;
    r->n++;
    return f->nlocals++;
}

static Global *find_global(Res *r, const char *name)
{
    for (int i = 0; i < r->nglobals; i++)
        if (strcmp(r->globals[i].name, name) == 0)
            return &r->globals[i];
    return NULL;
}

static uint32_t add_global(Res *r, const char *name)
{
    Global *g = find_global(r, name);
    if (g)
        return g->slot;
    GROW(r, r->globals, r->nglobals, r->capglobals);
    r->globals[r->nglobals].name = name;
    r->globals[r->nglobals].slot = rv_global_slot(r->cc->vm, name, strlen(name));
    return r->globals[r->nglobals++].slot;
}

/* Declare the variable introduced by decl (named name) in the current scope.
 * Inside one pattern a repeated name (or-pattern alternatives) reuses the
 * variable of its first occurrence. */
static void declare(Res *r, RcAst *decl, const char *name)
{
    if (at_top(r)) {
        decl->where = RC_W_GLOBAL;
        decl->slot = (int32_t)add_global(r, name);
        return;
    }
    if (r->pat_start >= 0)
        for (int i = r->pat_start; i < r->n; i++)
            if (strcmp(r->st[i].name, name) == 0) {
                decl->where = RC_W_LOCAL;
                decl->slot = r->st[i].id;
                return;
            }
    decl->where = RC_W_LOCAL;
    decl->slot = new_local(r, name);
}

/* ------------------------------------------------------------ lookup --- */

static int add_up(Res *r, int fnidx, int instack, int idx, const char *name, RcAst *at)
{
    RcFnInfo *f = &r->cc->fns[fnidx];
    for (int i = 0; i < f->nups; i++)
        if (f->ups[i].instack == instack && f->ups[i].idx == idx)
            return i;
    if (f->nups >= 255) {
        rc_diag_error(r->cc->d, at->line, at->col, "too many captured variables");
        return 0;
    }
    f->ups = rc_vec_grow(r->cc->ar, f->ups, f->nups, &f->capups, sizeof *f->ups);
    f->ups[f->nups].name = name;
    f->ups[f->nups].instack = (uint8_t)instack;
    f->ups[f->nups].idx = idx;
    return f->nups++;
}

/* Find name as seen from function fnidx whose visible entries end at top.
 * Returns the local id or upvalue index (*where says which) or -1. */
static int lookup(Res *r, int fnidx, const char *name, int top, int *where, RcAst *at)
{
    RcFnInfo *f = &r->cc->fns[fnidx];
    for (int i = top - 1; i >= f->base; i--)
        if (strcmp(r->st[i].name, name) == 0) {
            *where = RC_W_LOCAL;
            return r->st[i].id;
        }
    if (f->parent < 0)
        return -1;
    int pw;
    int ps = lookup(r, f->parent, name, f->base, &pw, at);
    if (ps < 0)
        return -1;
    if (pw == RC_W_LOCAL)
        r->cc->fns[f->parent].locals[ps].captured = 1;
    *where = RC_W_UPVAL;
    return add_up(r, fnidx, pw == RC_W_LOCAL, ps, name, at);
}

/* Resolve a name use; returns false when nothing is known by that name. */
static bool resolve_name(Res *r, RcAst *id)
{
    int where;
    int s = lookup(r, r->fn, id->str, r->n, &where, id);
    if (s >= 0) {
        id->where = (uint8_t)where;
        id->slot = s;
        return true;
    }
    Global *g = find_global(r, id->str);
    if (g) {
        id->where = RC_W_GLOBAL;
        id->slot = (int32_t)g->slot;
        return true;
    }
    int b = rv_builtin_index(r->cc->vm, id->str, strlen(id->str));
    if (b >= 0) {
        id->where = RC_W_BUILTIN;
        id->slot = b;
        return true;
    }
    if (strcmp(id->str, "nil") == 0) {
        id->where = RC_W_NIL;
        return true;
    }
    RvValue v;
    if (rv_global_get(r->cc->vm, id->str, &v)) {   /* defined by an earlier chunk */
        id->where = RC_W_GLOBAL;
        id->slot = (int32_t)rv_global_slot(r->cc->vm, id->str, strlen(id->str));
        return true;
    }
    return false;
}

static void ident(Res *r, RcAst *id)
{
    if (!resolve_name(r, id))
        rc_diag_error(r->cc->d, id->line, id->col, "undefined variable '%s'", id->str);
}

/* ---------------------------------------------------------- patterns --- */

static int variant_code(const char *type, const char *v)
{
    bool opt = !type || strcmp(type, "Option") == 0;
    bool res = !type || strcmp(type, "Result") == 0;
    if (opt && strcmp(v, "None") == 0) return RV_OPT_NONE;
    if (opt && strcmp(v, "Some") == 0) return RV_OPT_SOME;
    if (res && strcmp(v, "Ok") == 0) return RV_RES_OK;
    if (res && strcmp(v, "Err") == 0) return RV_RES_ERR;
    return 0;
}

static void pattern(Res *r, RcAst *p)
{
    if (!p)
        return;
    switch ((RcAstKind)p->kind) {
    case RC_AST_PAT_BIND:
        pattern(r, p->a);
        declare(r, p, p->str);
        break;
    case RC_AST_PAT_REST:
        if (p->str)
            declare(r, p, p->str);
        break;
    case RC_AST_PAT_OR: case RC_AST_PAT_TUPLE: case RC_AST_PAT_ARRAY:
        for (int i = 0; i < p->list.n; i++)
            pattern(r, p->list.v[i]);
        break;
    case RC_AST_PAT_ENUM:
        p->aux = variant_code(p->str, p->str2);
        if (!p->aux)
            unsupported(r, p, "enum patterns");
        else if ((p->aux == RV_OPT_NONE) != (p->list.n == 0))
            rc_diag_error(r->cc->d, p->line, p->col, "wrong number of fields in pattern '%s'", p->str2);
        for (int i = 0; i < p->list.n; i++)
            pattern(r, p->list.v[i]);
        break;
    case RC_AST_PAT_STRUCT:
        unsupported(r, p, "struct patterns");
        break;
    case RC_AST_PAT_WILD: case RC_AST_PAT_LIT: case RC_AST_PAT_RANGE:
        break;
    default:
        rc_diag_error(r->cc->d, p->line, p->col, "invalid pattern");
        break;
    }
}

/* Declare the variables of a pattern (shared names across alternatives). */
static void bind_pattern(Res *r, RcAst *p)
{
    int saved = r->pat_start;
    r->pat_start = r->n;
    pattern(r, p);
    r->pat_start = saved;
}

/* -------------------------------------------------------- functions --- */

static void function(Res *r, RcAst *f)
{
    if (f->str && !(f->flags & RC_F_LAMBDA))
        declare(r, f, f->str);           /* before the body: recursion */
    int saved_fn = r->fn, saved_loops = r->nloops;
    f->aux = new_fn(r, f, r->fn);
    r->fn = f->aux;
    scope_push(r);
    for (int i = 0; i < f->list.n; i++) {
        RcAst *p = f->list.v[i];
        p->where = RC_W_LOCAL;
        p->slot = new_local(r, p->str ? p->str : "_");
    }
    if (f->list.n > RV_MAX_PARAMS)
        rc_diag_error(r->cc->d, f->line, f->col, "too many parameters");
    for (int i = 0; i < f->list.n; i++)
        node(r, f->list.v[i]->a);
    node(r, f->a);
    scope_pop(r);
    r->fn = saved_fn;
    r->nloops = saved_loops;
}

/* -------------------------------------------------------------- loops --- */

static const char *label_name(const char *l)
{
    if (l && (*l == '\'' || *l == '@'))
        l++;
    return l;
}

static void loop_push(Res *r, const char *label)
{
    GROW(r, r->loops, r->nloops, r->caploops);
    r->loops[r->nloops].label = label_name(label);
    r->loops[r->nloops].fn = r->fn;
    r->nloops++;
}

static void loop_jump(Res *r, RcAst *e, const char *what)
{
    const char *l = label_name(e->str);
    int i = r->nloops - 1;
    for (; i >= 0 && r->loops[i].fn == r->fn; i--)
        if (!l || (r->loops[i].label && strcmp(r->loops[i].label, l) == 0))
            break;
    if (i < 0 || r->loops[i].fn != r->fn) {
        if (l)
            rc_diag_error(r->cc->d, e->line, e->col, "unknown loop label '%s'", l);
        else
            rc_diag_error(r->cc->d, e->line, e->col, "%s outside of a loop", what);
    }
}

/* ------------------------------------------------------- statements --- */

static void assign(Res *r, RcAst *e, bool is_stmt)
{
    node(r, e->b);
    RcAst *t = e->a;
    if (t->kind != RC_AST_IDENT) {
        if (t->kind != RC_AST_FIELD && t->kind != RC_AST_INDEX &&
            t->kind != RC_AST_TUPLE_INDEX)
            rc_diag_error(r->cc->d, t->line, t->col, "invalid assignment target");
        else if (t->kind == RC_AST_INDEX && (t->flags & RC_F_SLICE))
            unsupported(r, t, "assignment to a slice");
        node(r, t);
        return;
    }
    int where;
    int s = lookup(r, r->fn, t->str, r->n, &where, t);
    Global *g = s < 0 ? find_global(r, t->str) : NULL;
    if (s >= 0) {
        t->where = (uint8_t)where;
        t->slot = s;
    } else if (g) {
        t->where = RC_W_GLOBAL;
        t->slot = (int32_t)g->slot;
    } else if (is_stmt && e->op == RC_OP_NONE) {
        e->aux = 1;                       /* `x = e` declares x (§6.2) */
        declare(r, t, t->str);
    } else {
        rc_diag_error(r->cc->d, t->line, t->col, "undefined variable '%s'", t->str);
    }
}

static void let(Res *r, RcAst *s)
{
    node(r, s->b);
    if (s->kind == RC_AST_LET && s->c)
        node(r, s->c);
    bind_pattern(r, s->a);
}

static void stmt(Res *r, RcAst *s)
{
    if (!s)
        return;
    if (s->kind == RC_AST_EXPR_STMT && s->a && s->a->kind == RC_AST_ASSIGN)
        assign(r, s->a, true);
    else if (s->kind == RC_AST_ASSIGN)
        assign(r, s, true);
    else
        node(r, s);
}

static void stmts(Res *r, RcList *l)
{
    for (int i = 0; i < l->n; i++)
        stmt(r, l->v[i]);
}
