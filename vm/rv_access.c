/* rv_access.c — indexing, fields, slices, iteration and method lookup:
 * the container side of the dispatch loop's slow paths.
 */
#include <string.h>
#include "rv_ops.h"
#include "rv_proto.h"

/* Byte offset of code point ci in s (ci <= number of code points). */
static size_t utf8_offset(const RvStr *s, size_t ci)
{
    size_t at = 0;
    while (ci > 0 && at < s->len) {
        at++;
        while (at < s->len && ((unsigned char)s->data[at] & 0xC0) == 0x80)
            at++;
        ci--;
    }
    return at;
}

/* Resolve a range against a length: Python-style clamping. */
static void range_bounds(const RvRange *r, int64_t len, int64_t *lo, int64_t *hi)
{
    int64_t a = r->has_lo ? r->lo : 0;
    int64_t b = r->has_hi ? r->hi : len;
    if (r->has_hi && r->incl)
        b = b == INT64_MAX ? b : b + 1;
    if (a < 0)
        a += len;
    if (b < 0)
        b += len;
    if (a < 0)
        a = 0;
    if (b > len)
        b = len;
    if (a > b)
        a = b;
    *lo = a;
    *hi = b;
}

static RvValue slice_array(RvVM *vm, const RvValue *items, uint32_t len, const RvRange *r)
{
    int64_t lo, hi;
    range_bounds(r, len, &lo, &hi);
    return rv_array_from(vm, (uint32_t)(hi - lo), items + lo);
}

static RvValue str_index(RvVM *vm, RvStr *s, RvValue key)
{
    size_t nchars = rv_str_chars(s);
    if (RV_IS_RANGE(key)) {
        int64_t lo, hi;
        range_bounds(RV_AS_RANGE(key), (int64_t)nchars, &lo, &hi);
        size_t a = utf8_offset(s, (size_t)lo), b = utf8_offset(s, (size_t)hi);
        return rv_str_new(vm, s->data + a, b - a);
    }
    if (!RV_IS_INT(key))
        rv_throw(vm, RV_E_TYPE, "string index must be an integer or range, got %s",
                 rv_type_name(key));
    int64_t i = key.as.i < 0 ? key.as.i + (int64_t)nchars : key.as.i;
    if (i < 0 || i >= (int64_t)nchars)
        rv_throw(vm, RV_E_INDEX, "Index %lld out of bounds for string of length %zu",
                 (long long)key.as.i, nchars);
    size_t a = utf8_offset(s, (size_t)i), b = utf8_offset(s, (size_t)i + 1);
    return rv_str_new(vm, s->data + a, b - a);
}

_Noreturn static void key_error(RvVM *vm, RvValue key)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, key, RV_SHOW_RAW);
    rv_buf_addc(&b, 0);
    rv_throw(vm, RV_E_KEY, "Key '%s' not found", b.p);
}

/* obj[key] for arrays, strings, tuples, maps (and slices by range). */
RvValue rv_op_getindex(RvVM *vm, RvValue obj, RvValue key)
{
    if (RV_IS_ARRAY(obj)) {
        RvArray *a = RV_AS_ARRAY(obj);
        if (RV_IS_INT(key))
            return rv_array_get(vm, a, key.as.i);
        if (RV_IS_RANGE(key))
            return slice_array(vm, a->items, a->len, RV_AS_RANGE(key));
    } else if (RV_IS_MAP(obj)) {
        RvValue v;
        if (rv_map_get(RV_AS_MAP(obj), key, &v))
            return v;
        key_error(vm, key);
    } else if (RV_IS_STR(obj)) {
        return str_index(vm, RV_AS_STR(obj), key);
    } else if (RV_IS_TUPLE(obj)) {
        RvTuple *t = RV_AS_TUPLE(obj);
        if (RV_IS_INT(key)) {
            int64_t i = key.as.i < 0 ? key.as.i + t->len : key.as.i;
            if (i < 0 || i >= t->len)
                rv_throw(vm, RV_E_INDEX, "Index %lld out of bounds for tuple of length %u",
                         (long long)key.as.i, t->len);
            return t->items[i];
        }
        if (RV_IS_RANGE(key))
            return slice_array(vm, t->items, t->len, RV_AS_RANGE(key));
    } else {
        rv_throw(vm, RV_E_TYPE, "Cannot index %s", rv_type_name(obj));
    }
    rv_throw(vm, RV_E_TYPE, "Cannot index %s with %s", rv_type_name(obj), rv_type_name(key));
}

/* obj[key] = v for arrays and maps. */
void rv_op_setindex(RvVM *vm, RvValue obj, RvValue key, RvValue v)
{
    if (RV_IS_ARRAY(obj)) {
        if (!RV_IS_INT(key))
            rv_throw(vm, RV_E_TYPE, "array index must be an integer, got %s", rv_type_name(key));
        rv_array_set(vm, RV_AS_ARRAY(obj), key.as.i, v);
        return;
    }
    if (RV_IS_MAP(obj)) {
        rv_map_set(vm, RV_AS_MAP(obj), key, v);
        return;
    }
    rv_throw(vm, RV_E_TYPE, "Cannot assign into an element of %s", rv_type_name(obj));
}

static int struct_field(const RvType *t, const RvStr *name)
{
    for (uint32_t i = 0; i < t->nfields; i++)
        if (rv_str_eq(t->field_names[i], name))
            return (int)i;
    return -1;
}

/* obj.name for maps, structs and errors. */
RvValue rv_op_getfield(RvVM *vm, RvValue obj, uint32_t sym)
{
    RvStr *name = rv_sym_str(vm, sym);
    if (RV_IS_MAP(obj)) {
        RvValue v;
        if (rv_map_get(RV_AS_MAP(obj), RV_OBJ(name), &v))
            return v;
        rv_throw(vm, RV_E_KEY, "Key '%s' not found", name->data);
    }
    if (RV_IS_STRUCT(obj)) {
        RvStruct *s = RV_AS_STRUCT(obj);
        int i = struct_field(s->type, name);
        if (i >= 0)
            return s->f[i];
        rv_throw(vm, RV_E_TYPE, "struct %s has no field '%s'", s->type->name->data, name->data);
    }
    if (RV_IS_ERROR(obj)) {
        RvError *e = RV_AS_ERROR(obj);
        if (strcmp(name->data, "message") == 0)
            return e->msg ? RV_OBJ(e->msg) : rv_str_new(vm, "", 0);
        if (strcmp(name->data, "kind") == 0 || strcmp(name->data, "type") == 0)
            return rv_str_cstr(vm, rv_err_kind_name(e->ekind));
        if (strcmp(name->data, "value") == 0)
            return e->value;
    }
    rv_throw(vm, RV_E_TYPE, "%s has no field '%s'", rv_type_name(obj), name->data);
}

/* obj.name = v for maps and structs. */
void rv_op_setfield(RvVM *vm, RvValue obj, uint32_t sym, RvValue v)
{
    RvStr *name = rv_sym_str(vm, sym);
    if (RV_IS_MAP(obj)) {
        rv_map_set(vm, RV_AS_MAP(obj), RV_OBJ(name), v);
        return;
    }
    if (RV_IS_STRUCT(obj)) {
        RvStruct *s = RV_AS_STRUCT(obj);
        int i = struct_field(s->type, name);
        if (i >= 0) {
            RV_STORE(vm, s, &s->f[i], v);
            return;
        }
        rv_throw(vm, RV_E_TYPE, "struct %s has no field '%s'", s->type->name->data, name->data);
    }
    rv_throw(vm, RV_E_TYPE, "Cannot set field '%s' on %s", name->data, rv_type_name(obj));
}

/* Element idx of a tuple or array (t.0, destructuring). */
RvValue rv_op_getelem(RvVM *vm, RvValue obj, uint32_t idx)
{
    if (RV_IS_TUPLE(obj)) {
        RvTuple *t = RV_AS_TUPLE(obj);
        if (idx < t->len)
            return t->items[idx];
        rv_throw(vm, RV_E_INDEX, "Index %u out of bounds for tuple of length %u", idx, t->len);
    }
    if (RV_IS_ARRAY(obj))
        return rv_array_get(vm, RV_AS_ARRAY(obj), idx);
    if (RV_IS_STRUCT(obj) && idx < RV_AS_STRUCT(obj)->n)
        return RV_AS_STRUCT(obj)->f[idx];
    rv_throw(vm, RV_E_TYPE, "Cannot take element %u of %s", idx, rv_type_name(obj));
}

/* Elements from..len-drop of an array or tuple, as a new array. */
RvValue rv_op_slicefrom(RvVM *vm, RvValue obj, uint32_t from, uint32_t drop)
{
    const RvValue *items;
    uint32_t len;
    if (RV_IS_ARRAY(obj)) {
        items = RV_AS_ARRAY(obj)->items;
        len = RV_AS_ARRAY(obj)->len;
    } else if (RV_IS_TUPLE(obj)) {
        items = RV_AS_TUPLE(obj)->items;
        len = RV_AS_TUPLE(obj)->len;
    } else {
        rv_throw(vm, RV_E_TYPE, "Cannot slice %s", rv_type_name(obj));
    }
    if (from + drop > len)
        return rv_array_new(vm, 0);
    return rv_array_from(vm, len - from - drop, items + from);
}

/* Payload field idx of an enum value. */
RvValue rv_op_payload(RvVM *vm, RvValue v, uint32_t idx)
{
    if (RV_IS_ENUM(v) && idx < RV_AS_ENUM(v)->n)
        return RV_AS_ENUM(v)->f[idx];
    rv_throw(vm, RV_E_TYPE, "%s has no payload field %u", rv_type_name(v), idx);
}

/* ------------------------------------------------------------ iteration --- */

/* The source a for loop walks: arrays, tuples, maps and ranges as they are,
 * strings as an array of their characters. */
RvValue rv_op_iterprep(RvVM *vm, RvValue v)
{
    if (RV_IS_ARRAY(v) || RV_IS_TUPLE(v) || RV_IS_MAP(v))
        return v;
    if (RV_IS_RANGE(v)) {
        if (!RV_AS_RANGE(v)->has_lo)
            rv_throw(vm, RV_E_TYPE, "Cannot iterate a range without a start");
        return v;
    }
    if (RV_IS_STR(v)) {
        RvStr *s = RV_AS_STR(v);
        RvValue arr = rv_array_new(vm, s->len);
        size_t at = 0;
        while (at < s->len) {
            size_t next = at + 1;
            while (next < s->len && ((unsigned char)s->data[next] & 0xC0) == 0x80)
                next++;
            rv_array_push(vm, RV_AS_ARRAY(arr), rv_str_new(vm, s->data + at, next - at));
            at = next;
        }
        return arr;
    }
    rv_throw(vm, RV_E_TYPE, "For loop requires an iterable, got %s", rv_type_name(v));
}

/* Advance: *cursor is an integer position (entries index for maps). */
bool rv_op_iternext(RvVM *vm, RvValue src, RvValue *cursor, RvValue *out)
{
    int64_t c = cursor->as.i;
    if (RV_IS_ARRAY(src)) {
        RvArray *a = RV_AS_ARRAY(src);
        if (c >= a->len)
            return false;
        *out = a->items[c];
    } else if (RV_IS_TUPLE(src)) {
        RvTuple *t = RV_AS_TUPLE(src);
        if (c >= t->len)
            return false;
        *out = t->items[c];
    } else if (RV_IS_RANGE(src)) {
        RvRange *r = RV_AS_RANGE(src);
        int64_t v;
        if (__builtin_add_overflow(r->lo, c, &v))
            return false;
        if (r->has_hi && (r->incl ? v > r->hi : v >= r->hi))
            return false;
        *out = RV_INT(v);
    } else if (RV_IS_MAP(src)) {
        RvMap *m = RV_AS_MAP(src);
        while (c < m->used && m->entries[c].dead)
            c++;
        if (c >= m->used)
            return false;
        RvValue kv[2] = { m->entries[c].key, m->entries[c].val };
        *out = rv_tuple_new(vm, 2, kv);
    } else {
        return false;
    }
    cursor->as.i = c + 1;
    return true;
}

/* ------------------------------------------------------ method lookup --- */

/* Find what recv.sym(...) calls: a callable stored under that key in a map,
 * a method of a user type (with self), or a native method. */
const RvNative *rv_op_method(RvVM *vm, RvValue recv, uint32_t sym, RvValue *fn,
                             bool *with_self)
{
    *with_self = false;
    if (RV_IS_MAP(recv)) {
        RvValue v;
        if (rv_map_get(RV_AS_MAP(recv), RV_OBJ(rv_sym_str(vm, sym)), &v) && RV_IS_CALLABLE(v)) {
            *fn = v;
            return NULL;
        }
    }
    if (RV_IS_STRUCT(recv) || RV_IS_ENUM(recv)) {
        RvType *t = RV_IS_STRUCT(recv) ? RV_AS_STRUCT(recv)->type : RV_AS_ENUM(recv)->type;
        RvValue m;
        if (t->methods && rv_map_get(t->methods, RV_OBJ(rv_sym_str(vm, sym)), &m)) {
            *fn = m;
            *with_self = true;
            return NULL;
        }
    }
    const RvNative *n = rv_method_find(vm, recv, sym);
    if (n)
        return n;
    if ((RV_IS_STRUCT(recv) || RV_IS_ENUM(recv)) && !rv_optres(vm, recv)) {
        RvType *t = RV_IS_STRUCT(recv) ? RV_AS_STRUCT(recv)->type : RV_AS_ENUM(recv)->type;
        rv_throw(vm, RV_E_TYPE, "%s %s has no method '%s'", t->is_enum ? "enum" : "struct",
                 t->name->data, rv_sym_str(vm, sym)->data);
    }
    rv_throw(vm, RV_E_TYPE, "%s has no method '%s'", rv_type_name(recv),
             rv_sym_str(vm, sym)->data);
}
