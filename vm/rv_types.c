/* rv_types.c — user struct and enum values: construction, instance tests,
 * methods of impl blocks and discriminants (slow paths of NEWSTRUCT,
 * NEWENUM, TISK, SETMETHOD, GETMETHOD and DISCR).
 *
 * The compiler builds every RvType (field names, literal defaults,
 * variants with discriminants, an empty methods map) in the program heap
 * and refers to it as a constant; an enum variant is named by a "marker",
 * a payload-less enum value of that type and variant, also a constant (for
 * unit variants the marker is the value itself). Structs have reference
 * semantics: an instance is one object shared by everyone holding it.
 */
#include <string.h>
#include "rv_types.h"

static RvType *as_type(RvValue v)
{
    return RV_IS_KIND(v, RV_K_TYPE) ? (RvType *)RV_AS_OBJ(v) : NULL;
}

/* A user type: not Option or Result, whose methods are natives. */
static RvType *user_type(RvVM *vm, RvValue v, const char *what)
{
    RvType *t = as_type(v);
    if (!t || t == vm->t_option || t == vm->t_result || !t->methods)
        rv_throw(vm, RV_E_TYPE, "%s needs a struct or enum type, got %s", what,
                 t ? t->name->data : rv_type_name(v));
    return t;
}

/* New struct instance (target heap) from n field values. */
RvValue rv_struct_make(RvVM *vm, RvValue tv, uint32_t n, const RvValue *f)
{
    RvType *t = as_type(tv);
    if (!t || t->is_enum)
        rv_throw(vm, RV_E_TYPE, "%s is not a struct type", rv_type_name(tv));
    if (n != t->nfields)
        rv_throw(vm, RV_E_TYPE, "struct %s has %u fields, got %u", t->name->data,
                 t->nfields, n);
    RvStruct *s = (RvStruct *)rv_obj_alloc(vm, RV_K_STRUCT,
                                          sizeof(RvStruct) + (size_t)n * sizeof(RvValue));
    s->type = t;
    s->n = n;
    for (uint32_t i = 0; i < n; i++)
        RV_STORE(vm, s, &s->f[i], f[i]);
    return RV_OBJ(s);
}

/* Variant of marker with payload f[0..n) (target heap). */
RvValue rv_enum_make(RvVM *vm, RvValue marker, uint32_t n, const RvValue *f)
{
    if (!RV_IS_ENUM(marker))
        rv_throw(vm, RV_E_TYPE, "%s is not an enum variant", rv_type_name(marker));
    RvEnum *m = RV_AS_ENUM(marker);
    const RvVariant *var = &m->type->variants[m->variant];
    if (n != var->arity)
        rv_throw(vm, RV_E_TYPE, "%s::%s expects %u field%s, got %u", m->type->name->data,
                 var->name->data, var->arity, var->arity == 1 ? "" : "s", n);
    return rv_enum_new(vm, m->type, m->variant, n, f);
}

/* TISK: struct of type k, or the same variant as marker k. */
bool rv_is_instance(RvValue v, RvValue k)
{
    if (RV_IS_STRUCT(v))
        return RV_IS_OBJ(k) && (RvObj *)RV_AS_STRUCT(v)->type == RV_AS_OBJ(k);
    if (RV_IS_ENUM(v) && RV_IS_ENUM(k))
        return RV_AS_ENUM(v)->type == RV_AS_ENUM(k)->type &&
               RV_AS_ENUM(v)->variant == RV_AS_ENUM(k)->variant;
    return false;
}

/* impl blocks: the methods map was made with the type (program heap); a
 * closure made during an invocation escapes through the barrier. */
void rv_type_set_method(RvVM *vm, RvValue tv, uint32_t sym, RvValue fn)
{
    RvType *t = user_type(vm, tv, "impl");
    rv_map_set(vm, t->methods, RV_OBJ(rv_sym_str(vm, sym)), fn);
}

/* Type::name — an associated function or a method (called with the
 * receiver as first argument). */
RvValue rv_type_get_method(RvVM *vm, RvValue tv, uint32_t sym)
{
    RvType *t = user_type(vm, tv, "Type::name");
    RvValue m;
    RvStr *name = rv_sym_str(vm, sym);
    if (rv_map_get(t->methods, RV_OBJ(name), &m))
        return m;
    if (t->is_enum)
        for (uint32_t i = 0; i < t->nvariants; i++)
            if (rv_str_eq(t->variants[i].name, name))
                rv_throw(vm, RV_E_TYPE, "variant %s::%s is not a function", t->name->data,
                         name->data);
    rv_throw(vm, RV_E_TYPE, "%s %s has no associated function '%s'",
             t->is_enum ? "enum" : "struct", t->name->data, name->data);
}

/* `as` on a user enum value: its discriminant. */
RvValue rv_discriminant(RvVM *vm, RvValue v)
{
    if (!RV_IS_ENUM(v) || rv_optres(vm, v))
        return v;
    RvEnum *e = RV_AS_ENUM(v);
    return RV_INT(e->type->variants[e->variant].discr);
}
