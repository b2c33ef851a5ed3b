/* rv_walk.c — what the collectors need to know about each object kind:
 * its references (values and typed object pointers), its separately
 * allocated payload blocks, and how to copy it into the program heap.
 *
 * One switch per question, over every kind of rv_value.h, so that adding a
 * kind means adding it here (rv_walk_known reports kinds this file does not
 * handle; the collectors then refuse to free anything they cannot account
 * for).
 */
#include <string.h>
#include "rv_mem.h"
#include "rv_proto.h"

/* Apply fn to the object of value *v, if any, storing the result back. */
static inline void ref_val(RvValue *v, RvRefFn fn, void *ctx)
{
    if (RV_IS_OBJ(*v) && v->as.o)
        v->as.o = fn(ctx, v->as.o);
}

static void ref_vals(RvValue *v, size_t n, RvRefFn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++)
        ref_val(&v[i], fn, ctx);
}

/* Typed object pointer field: apply fn when non-NULL. */
#define REF_PTR(field, T) do {                                   \
        if (field)                                               \
            field = (T *)fn(ctx, (RvObj *)(field));              \
    } while (0)

static void refs_map(RvMap *m, RvRefFn fn, void *ctx)
{
    for (uint32_t i = 0; i < m->used; i++) {
        if (m->entries[i].dead)
            continue;
        ref_val(&m->entries[i].key, fn, ctx);
        ref_val(&m->entries[i].val, fn, ctx);
    }
}

static void refs_type(RvType *t, RvRefFn fn, void *ctx)
{
    REF_PTR(t->name, RvStr);
    for (uint32_t i = 0; i < t->nfields; i++) {
        if (t->field_names)
            REF_PTR(t->field_names[i], RvStr);
        if (t->field_defaults)
            ref_val(&t->field_defaults[i], fn, ctx);
    }
    for (uint32_t v = 0; t->variants && v < t->nvariants; v++) {
        RvVariant *var = &t->variants[v];
        REF_PTR(var->name, RvStr);
        for (uint32_t j = 0; var->fields && j < var->arity; j++)
            REF_PTR(var->fields[j], RvStr);
    }
    REF_PTR(t->methods, RvMap);
}

static void refs_proto(RvProto *p, RvRefFn fn, void *ctx)
{
    REF_PTR(p->name, RvStr);
    REF_PTR(p->file, RvStr);
    if (p->k)
        ref_vals(p->k, p->nk, fn, ctx);
    for (uint32_t i = 0; p->protos && i < p->nprotos; i++)
        REF_PTR(p->protos[i], RvProto);
}

static void refs_closure(RvClosure *c, RvRefFn fn, void *ctx)
{
    REF_PTR(c->proto, RvProto);
    for (uint32_t i = 0; i < c->nup; i++)
        REF_PTR(c->up[i], RvUpval);
}

/* An open upvalue's variable lives in a register (a root of its own); a
 * closed one holds it in closed. */
static void refs_upval(RvUpval *u, RvRefFn fn, void *ctx)
{
    ref_val(&u->closed, fn, ctx);
    if (u->loc && u->loc != &u->closed)
        ref_val(u->loc, fn, ctx);
}

/* Visit every reference o holds; fn's result is stored back. */
void rv_walk_refs(RvObj *o, RvRefFn fn, void *ctx)
{
    switch ((RvKind)o->kind) {
    case RV_K_STR: case RV_K_RANGE: case RV_K_NATIVE:
        return;
    case RV_K_ARRAY: {
        RvArray *a = (RvArray *)o;
        if (a->items)
            ref_vals(a->items, a->len, fn, ctx);
        return;
    }
    case RV_K_MAP:     refs_map((RvMap *)o, fn, ctx); return;
    case RV_K_TUPLE:   ref_vals(((RvTuple *)o)->items, ((RvTuple *)o)->len, fn, ctx); return;
    case RV_K_CLOSURE: refs_closure((RvClosure *)o, fn, ctx); return;
    case RV_K_UPVAL:   refs_upval((RvUpval *)o, fn, ctx); return;
    case RV_K_STRUCT: {
        RvStruct *s = (RvStruct *)o;
        REF_PTR(s->type, RvType);
        ref_vals(s->f, s->n, fn, ctx);
        return;
    }
    case RV_K_ENUM: {
        RvEnum *e = (RvEnum *)o;
        REF_PTR(e->type, RvType);
        ref_vals(e->f, e->n, fn, ctx);
        return;
    }
    case RV_K_ERROR: {
        RvError *e = (RvError *)o;
        ref_val(&e->value, fn, ctx);
        REF_PTR(e->msg, RvStr);
        REF_PTR(e->trace, RvArray);
        return;
    }
    case RV_K_BOUND: {
        RvBound *b = (RvBound *)o;
        ref_val(&b->recv, fn, ctx);
        ref_val(&b->fn, fn, ctx);
        return;
    }
    case RV_K_TYPE:  refs_type((RvType *)o, fn, ctx); return;
    case RV_K_PROTO: refs_proto((RvProto *)o, fn, ctx); return;
    case RV_K__COUNT: return;
    }
}

/* True for the kinds handled above. */
bool rv_walk_known(const RvObj *o)
{
    return o->kind < RV_K__COUNT;
}

/* ------------------------------------------------------------- blocks --- */

#define BLOCK(p) do { if (p) fn(ctx, (void *)(p)); } while (0)

/* Visit o's payload blocks. Never throws. */
void rv_walk_blocks(RvObj *o, RvBlockFn fn, void *ctx)
{
    switch (o->kind) {
    case RV_K_ARRAY:
        BLOCK(((RvArray *)o)->items);
        return;
    case RV_K_MAP:
        BLOCK(((RvMap *)o)->entries);
        BLOCK(((RvMap *)o)->index);
        return;
    case RV_K_TYPE: {
        RvType *t = (RvType *)o;
        BLOCK(t->field_names);
        BLOCK(t->field_defaults);
        BLOCK(t->has_default);
        BLOCK(t->variants);
        for (uint32_t v = 0; t->variants && v < t->nvariants; v++)
            BLOCK(t->variants[v].fields);
        return;
    }
    case RV_K_PROTO: {
        RvProto *p = (RvProto *)o;
        BLOCK(p->code);
        BLOCK(p->lines);
        BLOCK(p->k);
        BLOCK(p->protos);
        BLOCK(p->upvals);
        return;
    }
    default:
        return;
    }
}

/* --------------------------------------------------------------- copy --- */

/* Size of o's own block (header included). */
static size_t obj_size(const RvObj *o)
{
    switch ((RvKind)o->kind) {
    case RV_K_STR:     return sizeof(RvStr) + ((const RvStr *)o)->len + 1;
    case RV_K_ARRAY:   return sizeof(RvArray);
    case RV_K_MAP:     return sizeof(RvMap);
    case RV_K_TUPLE:   return sizeof(RvTuple) + ((const RvTuple *)o)->len * sizeof(RvValue);
    case RV_K_RANGE:   return sizeof(RvRange);
    case RV_K_CLOSURE: return sizeof(RvClosure) + ((const RvClosure *)o)->nup * sizeof(RvUpval *);
    case RV_K_NATIVE:  return sizeof(RvNative);
    case RV_K_STRUCT:  return sizeof(RvStruct) + ((const RvStruct *)o)->n * sizeof(RvValue);
    case RV_K_ENUM:    return sizeof(RvEnum) + ((const RvEnum *)o)->n * sizeof(RvValue);
    case RV_K_ERROR:   return sizeof(RvError);
    case RV_K_UPVAL:   return sizeof(RvUpval);
    case RV_K_PROTO:   return sizeof(RvProto);
    case RV_K_TYPE:    return sizeof(RvType);
    case RV_K_BOUND:   return sizeof(RvBound);
    case RV_K__COUNT:  break;
    }
    return sizeof(RvObj);
}

/* Duplicate block src of n bytes into the program heap (NULL stays NULL). */
static void *dup_block(RvVM *vm, const void *src, size_t n)
{
    if (!src)
        return NULL;
    void *p = rv_alloc_in(vm, RV_HEAP_PROGRAM, n);
    memcpy(p, src, n);
    return p;
}

static void copy_type_blocks(RvVM *vm, RvType *t)
{
    size_t nf = t->nfields;
    t->field_names = dup_block(vm, t->field_names, nf * sizeof(RvStr *));
    t->field_defaults = dup_block(vm, t->field_defaults, nf * sizeof(RvValue));
    t->has_default = dup_block(vm, t->has_default, nf);
    t->variants = dup_block(vm, t->variants, t->nvariants * sizeof(RvVariant));
    for (uint32_t v = 0; t->variants && v < t->nvariants; v++)
        t->variants[v].fields = dup_block(vm, t->variants[v].fields,
                                          t->variants[v].arity * sizeof(RvStr *));
}

static void copy_proto_blocks(RvVM *vm, RvProto *p)
{
    p->code = dup_block(vm, p->code, p->ncode * sizeof(RvInsn));
    p->lines = dup_block(vm, p->lines, p->ncode * sizeof(uint32_t));
    p->k = dup_block(vm, p->k, p->nk * sizeof(RvValue));
    p->protos = dup_block(vm, p->protos, p->nprotos * sizeof(RvProto *));
    p->upvals = dup_block(vm, p->upvals, p->nupvals * sizeof(RvUpvalDesc));
}

/* Copy the payload blocks of the fresh copy c (their pointers still name
 * the originals' blocks). Arrays shrink to their length. */
static void copy_blocks(RvVM *vm, RvObj *c)
{
    switch (c->kind) {
    case RV_K_ARRAY: {
        RvArray *a = (RvArray *)c;
        a->items = a->len ? dup_block(vm, a->items, a->len * sizeof(RvValue)) : NULL;
        a->cap = a->len;
        return;
    }
    case RV_K_MAP: {
        RvMap *m = (RvMap *)c;
        m->entries = dup_block(vm, m->entries, m->cap * sizeof(RvMapEntry));
        m->index = dup_block(vm, m->index, m->icap * sizeof(int32_t));
        return;
    }
    case RV_K_UPVAL: {
        RvUpval *u = (RvUpval *)c;
        if (u->loc)
            u->closed = *u->loc;   /* open upvalues close on the way out */
        u->loc = &u->closed;
        u->next = NULL;
        return;
    }
    case RV_K_TYPE:  copy_type_blocks(vm, (RvType *)c); return;
    case RV_K_PROTO: copy_proto_blocks(vm, (RvProto *)c); return;
    default: return;
    }
}

/* Shallow copy of o into the program heap with its payload blocks
 * duplicated; flagged RV_OF_EVACUATED. Throws MemoryError only if mimalloc
 * fails. */
RvObj *rv_walk_copy(RvVM *vm, RvObj *o)
{
    size_t n = obj_size(o);
    RvObj *c = rv_alloc_in(vm, RV_HEAP_PROGRAM, n);
    memcpy(c, o, n);
    c->heap = RV_HEAP_PROGRAM;
    c->flags = (uint8_t)((o->flags & (RV_OF_INTERNED | RV_OF_FROZEN)) | RV_OF_EVACUATED);
    copy_blocks(vm, c);
    return c;
}
