/* rc_resolve.c — scopes and name resolution. A pre-pass gives every
 * top-level fun/let/const/struct/enum name (and top-level `x = e` target) a
 * global slot; then one walk gives locals per-function ids (codegen picks
 * registers), turns variables of enclosing functions into upvalues (Lua
 * style instack/idx chains), reports unknown names, folds literal
 * arithmetic and inlines format arguments. Annotations: see rc_emit.h.
 */
#include <stdio.h>
#include <string.h>
#include "rc_resolve.h"

static void stmt(RcRes *r, RcAst *s);

static void unsupported(RcRes *r, RcAst *e, const char *what)
{
    rc_diag_error(r->cc->d, e->line, e->col, "%s is not supported yet", what);
}

/* ------------------------------------------------------------- scopes --- */

void rc_res_scope_push(RcRes *r)
{
    GROW(r, r->marks, r->nmarks, r->capmarks);
    r->marks[r->nmarks++] = r->n;
}

void rc_res_scope_pop(RcRes *r)
{
    r->n = r->marks[--r->nmarks];
}

static bool at_top(const RcRes *r)
{
    return r->fn == 0 && r->nmarks == 1;
}

static int new_fn(RcRes *r, RcAst *n, int parent)
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

static int new_local(RcRes *r, const char *name)
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

RcResGlobal *rc_res_find_global(RcRes *r, const char *name)
{
    for (int i = 0; i < r->nglobals; i++)
        if (strcmp(r->globals[i].name, name) == 0)
            return &r->globals[i];
    return NULL;
}

uint32_t rc_res_add_global(RcRes *r, const char *name)
{
    RcResGlobal *g = rc_res_find_global(r, name);
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
static void declare(RcRes *r, RcAst *decl, const char *name)
{
    if (at_top(r) && rc_res_find_global(r, name)) {   /* the prepass chose the globals */
        decl->where = RC_W_GLOBAL;
        decl->slot = (int32_t)rc_res_add_global(r, name);
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

static int add_up(RcRes *r, int fnidx, int instack, int idx, const char *name, RcAst *at)
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
static int lookup(RcRes *r, int fnidx, const char *name, int top, int *where, RcAst *at)
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
bool rc_res_name(RcRes *r, RcAst *id)
{
    int where;
    int s = lookup(r, r->fn, id->str, r->n, &where, id);
    if (s >= 0) {
        id->where = (uint8_t)where;
        id->slot = s;
        return true;
    }
    RcResGlobal *g = rc_res_find_global(r, id->str);
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

static void ident(RcRes *r, RcAst *id)
{
    if (!rc_res_name(r, id) && !rc_res_type_name(r, id))
        rc_diag_error(r->cc->d, id->line, id->col, "undefined variable '%s'", id->str);
}

/* ---------------------------------------------------------- patterns --- */

int rc_res_variant_code(const char *type, const char *v)
{
    bool opt = !type || strcmp(type, "Option") == 0;
    bool res = !type || strcmp(type, "Result") == 0;
    if (opt && strcmp(v, "None") == 0) return RV_OPT_NONE;
    if (opt && strcmp(v, "Some") == 0) return RV_OPT_SOME;
    if (res && strcmp(v, "Ok") == 0) return RV_RES_OK;
    if (res && strcmp(v, "Err") == 0) return RV_RES_ERR;
    return 0;
}

void rc_res_pattern(RcRes *r, RcAst *p)
{
    if (!p)
        return;
    switch ((RcAstKind)p->kind) {
    case RC_AST_PAT_BIND:
        rc_res_pattern(r, p->a);
        declare(r, p, p->str);
        break;
    case RC_AST_PAT_REST:
        if (p->str)
            declare(r, p, p->str);
        break;
    case RC_AST_PAT_OR: case RC_AST_PAT_TUPLE: case RC_AST_PAT_ARRAY:
        for (int i = 0; i < p->list.n; i++)
            rc_res_pattern(r, p->list.v[i]);
        break;
    case RC_AST_PAT_ENUM:
        p->aux = rc_res_variant_code(p->str, p->str2);
        if (!p->aux) {
            rc_res_user_pattern(r, p);
            break;
        }
        if ((p->aux == RV_OPT_NONE) != (p->list.n == 0))
            rc_diag_error(r->cc->d, p->line, p->col, "wrong number of fields in pattern '%s'", p->str2);
        for (int i = 0; i < p->list.n; i++)
            rc_res_pattern(r, p->list.v[i]);
        break;
    case RC_AST_PAT_STRUCT:
        rc_res_user_pattern(r, p);
        break;
    case RC_AST_PAT_WILD: case RC_AST_PAT_LIT: case RC_AST_PAT_RANGE:
        break;
    default:
        rc_diag_error(r->cc->d, p->line, p->col, "invalid pattern");
        break;
    }
}

/* Declare the variables of a pattern (shared names across alternatives). */
void rc_res_bind_pattern(RcRes *r, RcAst *p)
{
    int saved = r->pat_start;
    r->pat_start = r->n;
    rc_res_pattern(r, p);
    r->pat_start = saved;
}

/* -------------------------------------------------------- functions --- */

/* A FUN node; a named one used as a statement declares its name first (so
 * it can recurse); inside an expression it is a plain function value. */
void rc_res_function(RcRes *r, RcAst *f, bool is_stmt)
{
    if (is_stmt && f->str && !(f->flags & RC_F_LAMBDA))
        declare(r, f, f->str);
    int saved_fn = r->fn, saved_loops = r->nloops;
    f->aux = new_fn(r, f, r->fn);
    r->fn = f->aux;
    rc_res_scope_push(r);
    for (int i = 0; i < f->list.n; i++) {
        RcAst *p = f->list.v[i];
        p->where = RC_W_LOCAL;
        p->slot = new_local(r, p->str ? p->str : "_");
    }
    if (f->list.n > RV_MAX_PARAMS)
        rc_diag_error(r->cc->d, f->line, f->col, "too many parameters");
    for (int i = 0; i < f->list.n; i++)
        rc_res_node(r, f->list.v[i]->a);
    rc_res_node(r, f->a);
    rc_res_scope_pop(r);
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

static void loop_push(RcRes *r, const char *label)
{
    GROW(r, r->loops, r->nloops, r->caploops);
    r->loops[r->nloops].label = label_name(label);
    r->loops[r->nloops].fn = r->fn;
    r->nloops++;
}

static void loop_jump(RcRes *r, RcAst *e, const char *what)
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

static void assign(RcRes *r, RcAst *e, bool is_stmt)
{
    rc_res_node(r, e->b);
    RcAst *t = e->a;
    if (t->kind != RC_AST_IDENT) {
        if (t->kind != RC_AST_FIELD && t->kind != RC_AST_INDEX &&
            t->kind != RC_AST_TUPLE_INDEX)
            rc_diag_error(r->cc->d, t->line, t->col, "invalid assignment target");
        else if (t->kind == RC_AST_INDEX && (t->flags & RC_F_SLICE))
            unsupported(r, t, "assignment to a slice");
        rc_res_node(r, t);
        return;
    }
    int where;
    int s = lookup(r, r->fn, t->str, r->n, &where, t);
    RcResGlobal *g = s < 0 ? rc_res_find_global(r, t->str) : NULL;
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

static void let(RcRes *r, RcAst *s)
{
    rc_res_node(r, s->b);
    if (s->kind == RC_AST_LET && s->c)
        rc_res_node(r, s->c);
    rc_res_bind_pattern(r, s->a);
}

static void stmt(RcRes *r, RcAst *s)
{
    if (!s)
        return;
    RcAst *e = s->kind == RC_AST_EXPR_STMT && s->a ? s->a : s;
    if (e->kind == RC_AST_ASSIGN)
        assign(r, e, true);
    else if (e->kind == RC_AST_FUN)
        rc_res_function(r, e, true);
    else
        rc_res_node(r, s);
}

static void stmts(RcRes *r, RcList *l)
{
    for (int i = 0; i < l->n; i++)
        stmt(r, l->v[i]);
}

/* ---------------------------------------------------- special nodes --- */

static void path(RcRes *r, RcAst *e)
{
    if ((strcmp(e->str, "Option") == 0 || strcmp(e->str, "Result") == 0) &&
        rc_res_variant_code(e->str, e->str2)) {
        e->where = RC_W_VARIANT;
        e->aux = rc_res_variant_code(e->str, e->str2);
        return;
    }
    if (rc_res_type_path(r, e))
        return;
    size_t n = strlen(e->str) + strlen(e->str2) + 3;
    char *full = rc_arena_alloc(r->cc->ar, n);
    snprintf(full, n, "%s::%s", e->str, e->str2);
    int b = rv_builtin_index(r->cc->vm, full, strlen(full));
    if (b >= 0) {
        e->where = RC_W_BUILTIN;
        e->slot = b;
    } else {
        rc_diag_error(r->cc->d, e->line, e->col, "undefined name '%s'", full);
    }
}

static void builtin_ref(RcRes *r, RcAst *e, const char *name, const char *what)
{
    int b = rv_builtin_index(r->cc->vm, name, strlen(name));
    if (b < 0) {
        rc_diag_error(r->cc->d, e->line, e->col, "unknown %s '%s'", what, name);
        return;
    }
    e->where = RC_W_BUILTIN;
    e->slot = b;
}

static void cast(RcRes *r, RcAst *e)
{
    static const char *const ints[] = { "i8", "i16", "i32", "i64", "i128", "isize",
        "u8", "u16", "u32", "u64", "u128", "usize", NULL };
    const char *t = e->str ? e->str : "";
    for (int i = 0; ints[i]; i++)
        if (strcmp(t, ints[i]) == 0) {
            builtin_ref(r, e, "int", "builtin");
            return;
        }
    if (strcmp(t, "f32") == 0 || strcmp(t, "f64") == 0)
        builtin_ref(r, e, "float", "builtin");
    else
        rc_diag_error(r->cc->d, e->line, e->col, "cast to '%s' is not supported", t);
}

/* Symbol id of name s. */
uint32_t rc_res_sym(RcRes *r, const char *s) { return rv_sym(r->cc->vm, s, strlen(s)); }

void rc_res_children(RcRes *r, RcAst *e)
{
    rc_res_node(r, e->a);
    rc_res_node(r, e->b);
    rc_res_node(r, e->c);
    rc_res_node(r, e->d);
    for (int i = 0; i < e->list.n; i++)
        rc_res_node(r, e->list.v[i]);
    for (int i = 0; i < e->list2.n; i++)
        rc_res_node(r, e->list2.v[i]);
}

static void scoped_pattern(RcRes *r, RcAst *pat, RcAst *guard, RcAst *body)
{
    rc_res_scope_push(r);
    rc_res_bind_pattern(r, pat);
    rc_res_node(r, guard);
    rc_res_node(r, body);
    rc_res_scope_pop(r);
}

/* Loops, matches and if-let: scopes around their bindings. */
static void control(RcRes *r, RcAst *e)
{
    switch ((RcAstKind)e->kind) {
    case RC_AST_IF_LET:
        rc_res_node(r, e->b);
        scoped_pattern(r, e->a, NULL, e->c);
        rc_res_node(r, e->d);
        break;
    case RC_AST_MATCH:
        rc_res_node(r, e->a);
        for (int i = 0; i < e->list.n; i++) {
            RcAst *arm = e->list.v[i];
            scoped_pattern(r, arm->a, arm->b, arm->c);
        }
        break;
    case RC_AST_WHILE:
        rc_res_node(r, e->a);
        loop_push(r, e->str);
        rc_res_node(r, e->b);
        r->nloops--;
        break;
    case RC_AST_LOOP:
        loop_push(r, e->str);
        rc_res_node(r, e->b);
        r->nloops--;
        break;
    default:          /* FOR, WHILE_LET: iterable/scrutinee b, pattern a, body c */
        rc_res_node(r, e->b);
        loop_push(r, e->str);
        scoped_pattern(r, e->a, NULL, e->c);
        r->nloops--;
        break;
    }
}

/* `JSON.parse(s)` / `JSON.stringify(v)` (§10.6): a call of the builtin named
 * "JSON.parse", not a method call on a variable JSON. */
static void json_namespace(RcRes *r, RcAst *e)
{
    if (e->kind != RC_AST_METHOD_CALL || !e->a || e->a->kind != RC_AST_IDENT ||
        strcmp(e->a->str, "JSON") != 0)
        return;
    size_t n = strlen(e->str) + 6;
    char *full = rc_arena_alloc(r->cc->ar, n);
    snprintf(full, n, "JSON.%s", e->str);
    if (rv_builtin_index(r->cc->vm, full, n - 1) < 0)
        return;
    e->kind = RC_AST_CALL;
    e->a = rc_ast_str(r->cc->ar, RC_AST_IDENT, full, n - 1, e->a->line, e->a->col);
}

/* Calls, casts and member accesses: builtin indices and symbol ids. */
static void access(RcRes *r, RcAst *e)
{
    json_namespace(r, e);
    if (e->kind == RC_AST_MACRO && strcmp(e->str, "vec") != 0)
        builtin_ref(r, e, e->str, "macro");
    if (e->kind == RC_AST_FIELD || e->kind == RC_AST_METHOD_CALL)
        e->slot = (int32_t)rc_res_sym(r, e->str);
    if (e->kind == RC_AST_MAP_ENTRY && e->a && e->a->kind == RC_AST_STRING) {
        e->where = 1;
        e->slot = (int32_t)rc_res_sym(r, e->a->str);
    }
    rc_res_children(r, e);
    if (e->kind == RC_AST_CAST)
        cast(r, e);
    else if (e->kind == RC_AST_MACRO && e->where == RC_W_BUILTIN && rc_is_format_fn(e->str))
        rc_inline_format_args(r, &e->list);
    else if (e->kind == RC_AST_CALL && e->a->kind == RC_AST_IDENT &&
             e->a->where == RC_W_BUILTIN && rc_is_format_fn(e->a->str))
        rc_inline_format_args(r, &e->list);
}

/* try { } catch PAT { } ... finally { }: each clause binds in a scope. */
static void try_catch(RcRes *r, RcAst *e)
{
    rc_res_node(r, e->a);
    for (int i = 0; i < e->list.n; i++) {
        RcAst *c = e->list.v[i];
        rc_res_scope_push(r);
        if (c->a)
            rc_res_bind_pattern(r, c->a);
        rc_res_node(r, c->b);
        rc_res_scope_pop(r);
    }
    rc_res_node(r, e->b);
}

void rc_res_node(RcRes *r, RcAst *e)
{
    if (!e)
        return;
    switch ((RcAstKind)e->kind) {
    case RC_AST_BLOCK:
        rc_res_scope_push(r);
        stmts(r, &e->list);
        rc_res_scope_pop(r);
        break;
    case RC_AST_LET: case RC_AST_CONST: let(r, e); break;
    case RC_AST_FUN: rc_res_function(r, e, false); break;
    case RC_AST_EXPR_STMT: stmt(r, e); break;
    case RC_AST_IDENT: ident(r, e); break;
    case RC_AST_PATH: path(r, e); break;
    case RC_AST_ASSIGN: assign(r, e, false); break;
    case RC_AST_CAST: case RC_AST_FIELD: case RC_AST_METHOD_CALL: case RC_AST_MACRO:
    case RC_AST_CALL: case RC_AST_MAP_ENTRY:
        access(r, e);
        break;
    case RC_AST_IF_LET: case RC_AST_MATCH: case RC_AST_WHILE: case RC_AST_WHILE_LET:
    case RC_AST_LOOP: case RC_AST_FOR:
        control(r, e);
        break;
    case RC_AST_BREAK: rc_res_node(r, e->a); loop_jump(r, e, "break"); break;
    case RC_AST_CONTINUE: loop_jump(r, e, "continue"); break;
    case RC_AST_BINARY: case RC_AST_UNARY:
        rc_res_children(r, e);
        if (e->op == RC_OP_IN)
            unsupported(r, e, "the 'in' operator");
        rc_fold(r->cc->ar, e);
        break;
    case RC_AST_USE: break;
    case RC_AST_STRUCT_DECL: case RC_AST_ENUM_DECL: case RC_AST_IMPL: case RC_AST_TRAIT:
        rc_res_decl(r, e);
        break;
    case RC_AST_STRUCT_LIT: rc_res_struct_lit(r, e); break;
    case RC_AST_TRY: try_catch(r, e); break;
    default:
        if (e->kind >= RC_AST_PAT_WILD)
            rc_diag_error(r->cc->d, e->line, e->col, "pattern used as an expression");
        else
            rc_res_children(r, e);
        break;
    }
}

/* ------------------------------------------------------------ program --- */

static void prepass_pattern(RcRes *r, RcAst *p)
{
    if (!p)
        return;
    if ((p->kind == RC_AST_PAT_BIND || p->kind == RC_AST_PAT_REST) && p->str &&
        rc_toplevel_is_global(r->captured, p->str))
        rc_res_add_global(r, p->str);
    prepass_pattern(r, p->a);
    for (int i = 0; i < p->list.n; i++)
        prepass_pattern(r, p->list.v[i]);
}

/* Every top-level function and type, and every top-level variable that a
 * function refers to, gets its global slot before anything is resolved, so
 * functions can refer to globals and to each other in any order. */
static void prepass(RcRes *r, RcAst *prog)
{
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = prog->list.v[i];
        if (s->kind == RC_AST_EXPR_STMT && s->a)
            s = s->a;
        switch ((RcAstKind)s->kind) {
        case RC_AST_LET: case RC_AST_CONST: prepass_pattern(r, s->a); break;
        case RC_AST_FUN: case RC_AST_STRUCT_DECL: case RC_AST_ENUM_DECL:
            if (s->str)
                rc_res_add_global(r, s->str);
            break;
        case RC_AST_ASSIGN:
            if (s->op == RC_OP_NONE && s->a && s->a->kind == RC_AST_IDENT &&
                rc_toplevel_is_global(r->captured, s->a->str))
                rc_res_add_global(r, s->a->str);
            break;
        default: break;
        }
    }
}

/* Resolve the whole program (see rc_emit.h for the annotations). */
void rc_resolve(RcCompiler *cc, RcAst *prog)
{
    RcRes r;
    memset(&r, 0, sizeof r);
    r.cc = cc;
    r.pat_start = -1;
    prog->aux = new_fn(&r, prog, -1);
    r.fn = prog->aux;
    r.captured = rc_toplevel_captured(cc->ar, prog);
    r.self_type = -1;
    prepass(&r, prog);
    rc_res_types_prepass(&r, prog);
    rc_res_scope_push(&r);
    stmts(&r, &prog->list);
    rc_res_scope_pop(&r);
}
