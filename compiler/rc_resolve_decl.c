/* rc_resolve_decl.c — the resolver's side of user types: structs, enums,
 * impl blocks and traits, struct literals, Type::name paths and the
 * patterns that name types.
 *
 * Types are compile-time entities: a pre-pass builds one RvType per
 * struct/enum declared anywhere in the file (program heap: field names,
 * literal defaults, variants with discriminants, an empty methods map),
 * so types are visible in the whole file whatever the nesting, like Rust
 * items. Names are unique per file. A top-level type is also a global
 * holding the type value, which is how a later chunk (REPL) finds it.
 * Literals are checked here, fully: unknown, repeated and missing fields
 * are compile errors; shorthand and default values become ordinary field
 * initialisers (a default expression is copied and resolved at the
 * literal, so it is evaluated for every literal, never shared).
 */
#include <string.h>
#include "rc_resolve.h"

#define ERROR_AT(at, ...) rc_diag_error(r->cc->d, (at)->line, (at)->col, __VA_ARGS__)

/* ------------------------------------------------------------ registry --- */

static int add_type(RcRes *r, const char *name, RvType *t, RcAst *decl)
{
    RcCompiler *cc = r->cc;
    cc->types = rc_vec_grow(cc->ar, cc->types, cc->ntypes, &cc->captypes, sizeof *cc->types);
    RcTypeInfo *ti = &cc->types[cc->ntypes];
    ti->name = name;
    ti->type = t;
    ti->decl = decl;
    ti->markers = NULL;
    if (t->is_enum) {
        RvHeapId old = rv_heap_target(cc->vm, RV_HEAP_PROGRAM);
        ti->markers = rc_arena_alloc(cc->ar, (t->nvariants + 1) * sizeof(RvValue));
        for (uint32_t v = 0; v < t->nvariants; v++)
            ti->markers[v] = rv_enum_new(cc->vm, t, v, 0, NULL);
        rv_heap_target(cc->vm, old);
    }
    return cc->ntypes++;
}

/* Index of the type called name (Self: the enclosing impl's), or -1. A
 * type defined by an earlier chunk is found through its global. */
static int find_type(RcRes *r, const char *name)
{
    if (strcmp(name, "Self") == 0)
        return r->self_type;
    for (int i = 0; i < r->cc->ntypes; i++)
        if (strcmp(r->cc->types[i].name, name) == 0)
            return i;
    RvValue v;
    if (!rv_global_get(r->cc->vm, name, &v) || !RV_IS_KIND(v, RV_K_TYPE))
        return -1;
    RvType *t = (RvType *)RV_AS_OBJ(v);
    if (!t->methods)
        return -1;                               /* Option, Result */
    return add_type(r, t->name->data, t, NULL);
}

static RvType *type_of(RcRes *r, int ti) { return r->cc->types[ti].type; }

static int find_variant(const RvType *t, const char *name)
{
    for (uint32_t v = 0; v < t->nvariants; v++)
        if (strcmp(t->variants[v].name->data, name) == 0)
            return (int)v;
    return -1;
}

/* Field names and count of a struct, or of variant v of an enum. */
static RvStr **field_list(const RvType *t, int v, uint32_t *n)
{
    if (v < 0) {
        *n = t->nfields;
        return t->field_names;
    }
    *n = t->variants[v].arity;
    return t->variants[v].fields;
}

static int find_field(RvStr **names, uint32_t n, const char *name)
{
    for (uint32_t i = 0; names && i < n; i++)
        if (strcmp(names[i]->data, name) == 0)
            return (int)i;
    return -1;
}

/* --------------------------------------------------------- building types --- */

/* The value of a literal expression (defaults, discriminants). */
static bool literal_value(RcRes *r, const RcAst *e, RvValue *out)
{
    bool neg = e->kind == RC_AST_UNARY && e->op == RC_OP_NEG && e->a;
    const RcAst *l = neg ? e->a : e;
    switch (l->kind) {
    case RC_AST_INT:
        *out = RV_INT(neg ? -l->num.i : l->num.i);
        return !neg || l->num.i != INT64_MIN;
    case RC_AST_FLOAT: *out = RV_FLOAT(neg ? -l->num.f : l->num.f); return true;
    case RC_AST_STRING: *out = rv_intern(r->cc->vm, l->str, l->len); return !neg;
    case RC_AST_BOOL: *out = RV_BOOL(l->num.i != 0); return !neg;
    case RC_AST_NIL: *out = RV_NIL; return !neg;
    default: return false;
    }
}

static RvStr *intern(RcRes *r, const char *s)
{
    return RV_AS_STR(rv_intern(r->cc->vm, s, strlen(s)));
}

/* Field names of FIELD_DECL list l, checked for repeats (program heap). */
static RvStr **field_names(RcRes *r, RcList *l, const char *owner)
{
    RvStr **names = rv_alloc_in(r->cc->vm, RV_HEAP_PROGRAM, (size_t)(l->n + 1) * sizeof *names);
    for (int i = 0; i < l->n; i++) {
        names[i] = intern(r, l->v[i]->str);
        if (find_field(names, (uint32_t)i, l->v[i]->str) >= 0)
            ERROR_AT(l->v[i], "field '%s' declared twice in '%s'", l->v[i]->str, owner);
    }
    return names;
}

static void build_struct(RcRes *r, RvType *t, RcAst *d)
{
    RvVM *vm = r->cc->vm;
    uint32_t n = (uint32_t)d->list.n;
    t->nfields = n;
    t->field_names = field_names(r, &d->list, d->str);
    t->field_defaults = rv_alloc_in(vm, RV_HEAP_PROGRAM, (n + 1) * sizeof(RvValue));
    t->has_default = rv_alloc_in(vm, RV_HEAP_PROGRAM, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        RcAst *f = d->list.v[i];
        RvValue v;
        if (!f->a)
            continue;
        if (literal_value(r, f->a, &v)) {
            RV_STORE(vm, t, &t->field_defaults[i], v);
            t->has_default[i] = 1;     /* usable from later chunks too */
        } else {
            t->has_default[i] = 2;     /* an expression: this file only */
        }
    }
}

static void build_enum(RcRes *r, RvType *t, RcAst *d)
{
    uint32_t n = (uint32_t)d->list.n;
    t->nvariants = n;
    t->variants = rv_alloc_in(r->cc->vm, RV_HEAP_PROGRAM, (n + 1) * sizeof(RvVariant));
    int64_t next = 0;
    for (uint32_t i = 0; i < n; i++) {
        RcAst *v = d->list.v[i];
        RvVariant *var = &t->variants[i];
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(t->variants[j].name->data, v->str) == 0)
                ERROR_AT(v, "variant '%s' declared twice in '%s'", v->str, d->str);
        var->name = intern(r, v->str);
        if (v->flags & RC_F_TUPLE) {
            var->arity = (uint32_t)v->num.i;
        } else if (v->flags & RC_F_STRUCTV) {
            var->arity = (uint32_t)v->list.n;
            var->fields = field_names(r, &v->list, v->str);
        }
        RvValue dv;
        if (v->a && (!literal_value(r, v->a, &dv) || !RV_IS_INT(dv)))
            ERROR_AT(v->a, "discriminant of '%s' must be an integer literal", v->str);
        else if (v->a)
            next = dv.as.i;
        var->discr = next;
        next = next == INT64_MAX ? next : next + 1;
    }
}

static RvType *build_type(RcRes *r, RcAst *d)
{
    RvVM *vm = r->cc->vm;
    RvType *t = (RvType *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_TYPE, sizeof(RvType));
    t->name = intern(r, d->str);
    t->is_enum = d->kind == RC_AST_ENUM_DECL;
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    t->methods = RV_AS_MAP(rv_map_new(vm, 8));
    rv_heap_target(vm, old);
    if (t->is_enum)
        build_enum(r, t, d);
    else
        build_struct(r, t, d);
    return t;
}

/* Every struct/enum anywhere in e (top: a statement of the program);
 * traits are collected for their default methods. */
static void collect(RcRes *r, RcAst *e, bool top)
{
    if (!e)
        return;
    if ((e->kind == RC_AST_STRUCT_DECL || e->kind == RC_AST_ENUM_DECL) && e->str) {
        for (int i = 0; i < r->cc->ntypes; i++)
            if (strcmp(r->cc->types[i].name, e->str) == 0)
                ERROR_AT(e, "type '%s' is declared twice", e->str);
        e->aux = add_type(r, e->str, build_type(r, e), e);
        if (top) {
            e->where = RC_W_GLOBAL;
            e->slot = (int32_t)rc_res_add_global(r, e->str);
        }
    } else if (e->kind == RC_AST_TRAIT && e->str) {
        GROW(r, r->traits, r->ntraits, r->captraits);
        r->traits[r->ntraits++] = e;
    }
    RcAst *kids[] = { e->a, e->b, e->c, e->d };
    for (int i = 0; i < 4; i++)
        collect(r, kids[i], false);
    for (int i = 0; i < e->list.n; i++)
        collect(r, e->list.v[i], false);
    for (int i = 0; i < e->list2.n; i++)
        collect(r, e->list2.v[i], false);
}

void rc_res_types_prepass(RcRes *r, RcAst *prog)
{
    for (int i = 0; i < prog->list.n; i++) {
        RcAst *s = prog->list.v[i];
        while (s->kind == RC_AST_EXPR_STMT && s->a)
            s = s->a;
        collect(r, s, true);
    }
}

/* ---------------------------------------------------------------- copies --- */

/* Deep copy of an expression tree (defaults, trait default methods). */
static RcAst *clone(RcArena *ar, const RcAst *e)
{
    if (!e)
        return NULL;
    RcAst *c = rc_arena_alloc(ar, sizeof *c);
    *c = *e;
    c->a = clone(ar, e->a);
    c->b = clone(ar, e->b);
    c->c = clone(ar, e->c);
    c->d = clone(ar, e->d);
    memset(&c->list, 0, sizeof c->list);
    memset(&c->list2, 0, sizeof c->list2);
    for (int i = 0; i < e->list.n; i++)
        rc_list_push(ar, &c->list, clone(ar, e->list.v[i]));
    for (int i = 0; i < e->list2.n; i++)
        rc_list_push(ar, &c->list2, clone(ar, e->list2.v[i]));
    return c;
}

/* A literal node for a default value of a type from an earlier chunk. */
static RcAst *literal_node(RcRes *r, RvValue v, const RcAst *at)
{
    RcArena *ar = r->cc->ar;
    if (RV_IS_INT(v))
        return rc_ast_int(ar, v.as.i, at->line, at->col);
    if (RV_IS_FLOAT(v))
        return rc_ast_float(ar, v.as.f, at->line, at->col);
    if (RV_IS_STR(v))
        return rc_ast_str(ar, RC_AST_STRING, RV_AS_STR(v)->data, RV_AS_STR(v)->len,
                          at->line, at->col);
    RcAst *n = rc_ast_new(ar, RV_IS_BOOL(v) ? RC_AST_BOOL : RC_AST_NIL, at->line, at->col);
    n->num.i = RV_IS_BOOL(v) && v.as.b;
    return n;
}

/* --------------------------------------------------------- declarations --- */

/* Methods of an impl block or a struct body, resolved with Self = ti. */
static void methods(RcRes *r, RcList *l, int ti)
{
    int saved = r->self_type;
    r->self_type = ti;
    for (int i = 0; i < l->n; i++) {
        RcAst *f = l->v[i];
        if (f->kind != RC_AST_FUN)
            continue;
        if (!f->a || !f->str) {
            ERROR_AT(f, "method '%s' of an impl block needs a body", f->str ? f->str : "?");
            continue;
        }
        f->slot = (int32_t)rc_res_sym(r, f->str);
        rc_res_function(r, f, false);
    }
    r->self_type = saved;
}

static bool has_method(const RcList *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i]->kind == RC_AST_FUN && l->v[i]->str && strcmp(l->v[i]->str, name) == 0)
            return true;
    return false;
}

/* impl Trait for T: the trait's default methods T does not define. */
static void trait_defaults(RcRes *r, RcAst *impl)
{
    for (int i = 0; i < r->ntraits; i++) {
        RcAst *tr = r->traits[i];
        if (strcmp(tr->str, impl->str2) != 0)
            continue;
        for (int j = 0; j < tr->list.n; j++) {
            RcAst *f = tr->list.v[j];
            if (f->kind == RC_AST_FUN && f->a && f->str && !has_method(&impl->list, f->str))
                rc_list_push(r->cc->ar, &impl->list, clone(r->cc->ar, f));
        }
        return;
    }
}

void rc_res_decl(RcRes *r, RcAst *e)
{
    if (e->kind == RC_AST_STRUCT_DECL) {
        methods(r, &e->list2, e->aux);
    } else if (e->kind == RC_AST_IMPL) {
        int ti = find_type(r, e->str);
        if (ti < 0) {
            ERROR_AT(e, "impl for unknown type '%s'", e->str);
            return;
        }
        e->aux = ti;
        if (e->str2)
            trait_defaults(r, e);
        methods(r, &e->list, ti);
    }
    /* ENUM_DECL: built by the pre-pass; TRAIT: parsed and ignored. */
}

/* ---------------------------------------------------------- expressions --- */

bool rc_res_type_name(RcRes *r, RcAst *id)
{
    int ti = find_type(r, id->str);
    if (ti < 0)
        return false;
    id->where = RC_W_TYPE;
    id->aux = ti;
    return true;
}

bool rc_res_type_path(RcRes *r, RcAst *e)
{
    int ti = find_type(r, e->str);
    if (ti < 0)
        return false;
    int v = type_of(r, ti)->is_enum ? find_variant(type_of(r, ti), e->str2) : -1;
    e->aux = ti;
    if (v >= 0) {
        e->where = RC_W_ENUMV;
        e->slot = v;
    } else {
        e->where = RC_W_METHOD;
        e->slot = (int32_t)rc_res_sym(r, e->str2);
    }
    return true;
}

/* The type (and variant, or -1) a literal or pattern names; -1 on error. */
static int named_type(RcRes *r, const RcAst *e, int *variant, const char *what)
{
    *variant = -1;
    int ti = find_type(r, e->str);
    if (ti < 0) {
        ERROR_AT(e, "unknown %s '%s'", e->str2 ? "enum" : "struct", e->str);
        return -1;
    }
    RvType *t = type_of(r, ti);
    if (e->str2) {
        *variant = t->is_enum ? find_variant(t, e->str2) : -1;
        if (*variant < 0 || !t->variants[*variant].fields) {
            ERROR_AT(e, *variant < 0 ? "'%s' has no variant '%s'"
                                        : "variant %s::%s has no named fields",
                     e->str, e->str2);
            return -1;
        }
    } else if (t->is_enum) {
        ERROR_AT(e, "'%s' is an enum, not a struct (%s)", e->str, what);
        return -1;
    }
    return ti;
}

/* Default of field i of type ti, as a new expression, or NULL. */
static RcAst *default_value(RcRes *r, int ti, int i, const RcAst *at)
{
    RcTypeInfo *info = &r->cc->types[ti];
    RvType *t = info->type;
    if (t->is_enum || !t->has_default || !t->has_default[i])
        return NULL;
    if (info->decl)
        return clone(r->cc->ar, info->decl->list.v[i]->a);
    if (t->has_default[i] == 1)
        return literal_node(r, t->field_defaults[i], at);
    return NULL;
}

/* Complete and check a literal's fields against the declaration. */
static void literal_fields(RcRes *r, RcAst *e, int ti, int variant)
{
    uint32_t n;
    RvStr **names = field_list(type_of(r, ti), variant, &n);
    const char *tname = e->str2 ? e->str2 : e->str;
    bool *seen = rc_arena_alloc(r->cc->ar, n + 1);
    for (int i = 0; i < e->list.n; i++) {
        RcAst *fi = e->list.v[i];
        int idx = find_field(names, n, fi->str);
        if (idx < 0 || seen[idx]) {
            ERROR_AT(fi, idx < 0 ? "'%s' has no field '%s'" : "'%s': field '%s' given twice",
                     tname, fi->str);
            continue;
        }
        seen[idx] = true;
        fi->slot = idx;
        if (!fi->a)
            fi->a = rc_ast_str(r->cc->ar, RC_AST_IDENT, fi->str, strlen(fi->str),
                               fi->line, fi->col);
        rc_res_node(r, fi->a);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (seen[i])
            continue;
        RcAst *dv = variant < 0 ? default_value(r, ti, (int)i, e) : NULL;
        if (!dv) {
            ERROR_AT(e, "missing required field '%s' in '%s' literal", names[i]->data, tname);
            continue;
        }
        RcAst *fi = rc_ast_str(r->cc->ar, RC_AST_FIELD_INIT, names[i]->data, names[i]->len,
                               e->line, e->col);
        fi->a = dv;
        fi->slot = (int32_t)i;
        rc_list_push(r->cc->ar, &e->list, fi);
        rc_res_node(r, dv);
    }
}

void rc_res_struct_lit(RcRes *r, RcAst *e)
{
    int variant;
    int ti = named_type(r, e, &variant, "literal");
    if (ti < 0) {
        for (int i = 0; i < e->list.n; i++)
            rc_res_node(r, e->list.v[i]->a);
        return;
    }
    e->aux = ti;
    if (variant >= 0) {
        e->where = RC_W_ENUMV;
        e->slot = variant;
    }
    literal_fields(r, e, ti, variant);
}

/* ------------------------------------------------------------- patterns --- */

/* Enum of a bare variant name: the only enum of this file having it. */
static int bare_variant(RcRes *r, RcAst *p, int *variant)
{
    int found = -1;
    for (int i = 0; i < r->cc->ntypes; i++) {
        RvType *t = type_of(r, i);
        int v = t->is_enum ? find_variant(t, p->str2) : -1;
        if (v < 0)
            continue;
        if (found >= 0) {
            ERROR_AT(p, "variant '%s' is ambiguous: write Enum::%s", p->str2, p->str2);
            return -1;
        }
        found = i;
        *variant = v;
    }
    if (found < 0)
        ERROR_AT(p, "unknown enum variant '%s' in pattern", p->str2);
    return found;
}

static void enum_pattern(RcRes *r, RcAst *p)
{
    int v = -1, ti;
    if (p->str) {
        ti = find_type(r, p->str);
        v = ti >= 0 && type_of(r, ti)->is_enum ? find_variant(type_of(r, ti), p->str2) : -1;
        if (v < 0)
            ERROR_AT(p, ti < 0 ? "unknown enum '%s' in pattern" : "'%s' has no variant '%s'",
                     p->str, p->str2);
    } else {
        ti = bare_variant(r, p, &v);
    }
    if (ti >= 0 && v >= 0) {
        const RvVariant *var = &type_of(r, ti)->variants[v];
        bool paren = (p->flags & RC_F_TUPLE) != 0;
        if (var->fields || (paren ? (uint32_t)p->list.n != var->arity : var->arity != 0))
            ERROR_AT(p, "wrong number of fields in pattern '%s'", p->str2);
        p->where = RC_W_ENUMV;
        p->aux = ti;
        p->slot = v;
    }
    for (int i = 0; i < p->list.n; i++)
        rc_res_pattern(r, p->list.v[i]);
}

static void struct_pattern(RcRes *r, RcAst *p)
{
    int variant;
    int ti = named_type(r, p, &variant, "pattern");
    uint32_t n = 0;
    RvStr **names = ti >= 0 ? field_list(type_of(r, ti), variant, &n) : NULL;
    if (ti >= 0) {
        p->aux = ti;
        if (variant >= 0) {
            p->where = RC_W_ENUMV;
            p->slot = variant;
        }
    }
    for (int i = 0; i < p->list.n; i++) {
        RcAst *f = p->list.v[i];
        f->slot = find_field(names, n, f->str);
        if (ti >= 0 && f->slot < 0)
            ERROR_AT(f, "'%s' has no field '%s'", p->str2 ? p->str2 : p->str, f->str);
        if (!f->a)
            f->a = rc_ast_str(r->cc->ar, RC_AST_PAT_BIND, f->str, strlen(f->str), f->line, f->col);
        rc_res_pattern(r, f->a);
    }
}

void rc_res_user_pattern(RcRes *r, RcAst *p)
{
    if (p->kind == RC_AST_PAT_ENUM)
        enum_pattern(r, p);
    else
        struct_pattern(r, p);
}
