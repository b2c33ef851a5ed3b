/* test_types.c — the VM side of user types and try/catch: hand-assembled
 * protos running NEWSTRUCT, NEWENUM, TISK, SETMETHOD/GETMETHOD, DISCR and
 * TRY/ENDTRY/CATCHVAL through the dispatch loop (no compiler involved).
 */
#include <criterion/criterion.h>
#include <string.h>
#include "rs.h"
#include "rv.h"
#include "rv_proto.h"
#include "rv_types.h"

static RvVM *vm;

static void setup(void)
{
    rv_set_stdlib_init(rs_register_all);
    vm = rv_vm_new();
}

static void teardown(void)
{
    rv_vm_free(vm);
}

TestSuite(types, .init = setup, .fini = teardown);

#define ABC(op, a, b, c) RV_ENC_ABC(RV_OP_##op, a, b, c)
#define ASBX(op, a, s)   RV_ENC_ASBX(RV_OP_##op, a, s)
#define NCODE(c)         ((int)(sizeof(c) / sizeof((c)[0])))

static RvValue proto_fn(const char *name, int nparams, int maxregs, const RvInsn *code,
                        int ncode, const RvValue *k, int nk)
{
    RvProto *p = rv_proto_new(vm, RV_AS_STR(rv_intern(vm, name, strlen(name))),
                              RV_AS_STR(rv_intern(vm, "t.ruchy", 7)));
    p->code = rv_alloc(vm, sizeof(RvInsn) * (size_t)ncode);
    memcpy(p->code, code, sizeof(RvInsn) * (size_t)ncode);
    p->ncode = (uint32_t)ncode;
    p->lines = rv_alloc(vm, sizeof(uint32_t) * (size_t)ncode);
    for (int i = 0; i < ncode; i++)
        p->lines[i] = (uint32_t)i + 1;
    if (nk) {
        p->k = rv_alloc(vm, sizeof(RvValue) * (size_t)nk);
        memcpy(p->k, k, sizeof(RvValue) * (size_t)nk);
        p->nk = (uint32_t)nk;
    }
    p->nparams = p->nrequired = (uint8_t)nparams;
    p->maxregs = (uint8_t)maxregs;
    cr_assert_null(rv_verify(p));
    RvClosure *cl = (RvClosure *)rv_obj_alloc(vm, RV_K_CLOSURE, sizeof(RvClosure));
    cl->proto = p;
    return RV_OBJ(cl);
}

/* A user type the way the compiler makes one. */
static RvType *mktype(const char *name, const char *const *items, uint32_t n, bool is_enum)
{
    RvType *t = (RvType *)rv_obj_alloc(vm, RV_K_TYPE, sizeof(RvType));
    t->name = RV_AS_STR(rv_intern(vm, name, strlen(name)));
    t->is_enum = is_enum;
    t->methods = RV_AS_MAP(rv_map_new(vm, 4));
    RvStr **names = rv_alloc(vm, (n + 1) * sizeof *names);
    for (uint32_t i = 0; i < n; i++)
        names[i] = RV_AS_STR(rv_intern(vm, items[i], strlen(items[i])));
    if (!is_enum) {
        t->nfields = n;
        t->field_names = names;
        return t;
    }
    t->nvariants = n;
    t->variants = rv_alloc(vm, (n + 1) * sizeof(RvVariant));
    for (uint32_t i = 0; i < n; i++) {
        t->variants[i].name = names[i];
        t->variants[i].discr = 10 * (int64_t)i + 1;
        t->variants[i].arity = i;            /* variant i carries i values */
    }
    return t;
}

static const char *const point_fields[] = { "x", "y" };
static const char *const shape_variants[] = { "Empty", "Circle", "Rect" };

/* fun mk(type, a, b) { NEWSTRUCT } */
Test(types, newstruct_builds_in_declaration_order_and_checks_count)
{
    RvInsn code[] = { ABC(NEWSTRUCT, 3, 0, 2), ABC(RETURN, 3, 0, 0) };
    RvValue f = proto_fn("mk", 3, 4, code, NCODE(code), NULL, 0);
    RvType *t = mktype("Point", point_fields, 2, false);
    RvValue args[3] = { RV_OBJ(t), RV_INT(1), RV_INT(2) }, res;
    cr_assert_eq(rv_pcall(vm, f, 3, args, &res), 0);
    cr_assert(RV_IS_STRUCT(res));
    cr_assert_eq(RV_AS_STRUCT(res)->f[1].as.i, 2);
    RvValue again;
    cr_assert_eq(rv_pcall(vm, f, 3, args, &again), 0);
    cr_assert(rv_equal(res, again) && res.as.o != again.as.o);
    RvType *three = mktype("Three", (const char *const[]){ "a", "b", "c" }, 3, false);
    args[0] = RV_OBJ(three);
    cr_assert_eq(rv_pcall(vm, f, 3, args, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_TYPE);
    cr_assert(strstr(RV_AS_ERROR(res)->msg->data, "struct Three has 3 fields, got 2"));
}

/* fun mk(marker, a) { NEWENUM } — arity comes from the variant. */
Test(types, newenum_checks_payload_arity)
{
    RvInsn code[] = { ABC(NEWENUM, 2, 0, 1), ABC(RETURN, 2, 0, 0) };
    RvValue f = proto_fn("mk", 2, 3, code, NCODE(code), NULL, 0);
    RvType *t = mktype("Shape", shape_variants, 3, true);
    RvValue args[2] = { rv_enum_new(vm, t, 1, 0, NULL), RV_FLOAT(2.0) }, res;
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 0);
    cr_assert(RV_IS_ENUM(res) && RV_AS_ENUM(res)->variant == 1 && RV_AS_ENUM(res)->n == 1);
    args[0] = rv_enum_new(vm, t, 2, 0, NULL);
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 1);
    cr_assert(strstr(RV_AS_ERROR(res)->msg->data, "Shape::Rect expects 2 fields, got 1"));
}

/* fun is(v) { if v is K[0] { true } else { false } } */
Test(types, tisk_tests_struct_type_and_enum_variant)
{
    RvType *p = mktype("Point", point_fields, 2, false);
    RvType *s = mktype("Shape", shape_variants, 3, true);
    RvValue k[2] = { RV_OBJ(p), rv_enum_new(vm, s, 1, 0, NULL) };
    RvInsn code[] = { ABC(TISK, 0, 0, 0), RV_ENC_SJ(RV_OP_JMP, 2), ABC(LOADTRUE, 1, 0, 0),
                      ABC(RETURN, 1, 0, 0), ABC(LOADFALSE, 1, 0, 0), ABC(RETURN, 1, 0, 0) };
    RvValue is_point = proto_fn("is", 1, 2, code, NCODE(code), k, 2);
    code[0] = ABC(TISK, 0, 1, 0);
    RvValue is_circle = proto_fn("is", 1, 2, code, NCODE(code), k, 2);
    RvValue fields[2] = { RV_INT(1), RV_INT(2) }, res;
    RvValue pt = rv_struct_make(vm, RV_OBJ(p), 2, fields);
    RvValue circle = rv_enum_new(vm, s, 1, 1, fields);
    RvValue rect = rv_enum_new(vm, s, 2, 2, fields);
    cr_assert(rv_pcall(vm, is_point, 1, &pt, &res) == 0 && res.as.b);
    cr_assert(rv_pcall(vm, is_point, 1, &circle, &res) == 0 && !res.as.b);
    cr_assert(rv_pcall(vm, is_circle, 1, &circle, &res) == 0 && res.as.b);
    cr_assert(rv_pcall(vm, is_circle, 1, &rect, &res) == 0 && !res.as.b);
    RvValue none = rv_none(vm);
    cr_assert(rv_pcall(vm, is_circle, 1, &none, &res) == 0 && !res.as.b);
}

/* SETMETHOD then GETMETHOD by symbol; a missing one names the type. */
Test(types, methods_attach_and_look_up)
{
    RvType *p = mktype("Point", point_fields, 2, false);
    uint32_t sym = rv_sym(vm, "norm", 4);
    RvInsn set[] = { ABC(SETMETHOD, 0, 1, 0), RV_ENC_AX(RV_OP_EXTRAARG, sym), ABC(RETNIL, 0, 0, 0) };
    RvInsn get[] = { ABC(GETMETHOD, 1, 0, 0), RV_ENC_AX(RV_OP_EXTRAARG, sym), ABC(RETURN, 1, 0, 0) };
    RvValue setf = proto_fn("set", 2, 2, set, NCODE(set), NULL, 0);
    RvValue getf = proto_fn("get", 1, 2, get, NCODE(get), NULL, 0);
    RvValue args[2] = { RV_OBJ(p), RV_INT(99) }, res;
    cr_assert_eq(rv_pcall(vm, getf, 1, args, &res), 1);
    cr_assert(strstr(RV_AS_ERROR(res)->msg->data, "struct Point has no associated function 'norm'"));
    cr_assert_eq(rv_pcall(vm, setf, 2, args, &res), 0);
    cr_assert_eq(rv_pcall(vm, getf, 1, args, &res), 0);
    cr_assert(RV_IS_INT(res) && res.as.i == 99);
    RvValue opt = RV_OBJ(rv_type_option(vm));
    cr_assert_eq(rv_pcall(vm, setf, 2, (RvValue[]){ opt, RV_INT(1) }, &res), 1);
}

Test(types, discriminant_of_user_enums_only)
{
    RvType *s = mktype("Shape", shape_variants, 3, true);
    RvValue f[2] = { RV_INT(1), RV_INT(2) };
    cr_assert_eq(rv_discriminant(vm, rv_enum_new(vm, s, 2, 2, f)).as.i, 21);
    cr_assert_eq(rv_discriminant(vm, rv_enum_new(vm, s, 0, 0, NULL)).as.i, 1);
    RvValue some = rv_some(vm, RV_INT(5));
    cr_assert_eq(rv_discriminant(vm, some).as.o, some.as.o);
    cr_assert_eq(rv_discriminant(vm, RV_FLOAT(2.5)).as.f, 2.5);
}

/* fun div(a, b) { try { a / b } catch e { e } } */
static RvValue make_safe_div(void)
{
    RvInsn code[] = { ASBX(TRY, 2, 3), ABC(DIV, 3, 0, 1), ABC(ENDTRY, 1, 0, 0),
                      ABC(RETURN, 3, 0, 0), ABC(CATCHVAL, 3, 2, 0), ABC(RETURN, 3, 0, 0) };
    return proto_fn("div", 2, 4, code, NCODE(code), NULL, 0);
}

Test(types, try_catches_a_runtime_error_in_the_same_frame)
{
    RvValue f = make_safe_div(), res;
    cr_assert_eq(rv_pcall(vm, f, 2, (RvValue[]){ RV_INT(6), RV_INT(3) }, &res), 0);
    cr_assert_eq(res.as.i, 2);
    cr_assert_eq(rv_pcall(vm, f, 2, (RvValue[]){ RV_INT(6), RV_INT(0) }, &res), 0);
    cr_assert(RV_IS_ERROR(res));
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_ZERODIV);
    cr_assert_eq(vm->nhandlers, 0);
    cr_assert_null(vm->try_top);
    cr_assert_eq(vm->nframes, 0);
}

/* fun outer(g) { try { g() } catch e { e } }, g throws "boom" two frames up. */
Test(types, try_catches_a_thrown_value_from_deeper_frames)
{
    RvValue k = rv_str_cstr(vm, "boom");
    RvInsn g_code[] = { ABC(LOADK, 0, 0, 0), ABC(THROW, 0, 0, 0) };
    RvValue g = proto_fn("g", 0, 1, g_code, NCODE(g_code), &k, 1);
    RvInsn h_code[] = { ABC(MOVE, 1, 0, 0), ABC(CALL, 1, 0, 0), ABC(RETURN, 1, 0, 0) };
    RvValue h = proto_fn("h", 1, 2, h_code, NCODE(h_code), NULL, 0);
    RvInsn code[] = { ASBX(TRY, 1, 5), ABC(MOVE, 2, 0, 0), ABC(MOVE, 3, 1, 0),
                      ABC(CALL, 2, 1, 0), ABC(ENDTRY, 1, 0, 0), ABC(RETURN, 2, 0, 0),
                      ABC(CATCHVAL, 2, 1, 0), ABC(RETURN, 2, 0, 0) };   /* h(g) */
    RvValue outer = proto_fn("outer", 2, 4, code, NCODE(code), NULL, 0);
    RvValue res;
    cr_assert_eq(rv_pcall(vm, outer, 2, (RvValue[]){ h, g }, &res), 0);
    cr_assert(RV_IS_STR(res));
    cr_assert_str_eq(RV_AS_STR(res)->data, "boom");
    cr_assert_eq(vm->nhandlers, 0);
}

Test(types, memory_and_timeout_errors_are_not_caught)
{
    RvValue err = rv_error_new(vm, RV_E_TIMEOUT, rv_str_cstr(vm, "late"),
                               RV_AS_STR(rv_str_cstr(vm, "late")));
    RvInsn code[] = { ASBX(TRY, 0, 3), ABC(LOADK, 1, 0, 0), ABC(THROW, 1, 0, 0),
                      ABC(RETNIL, 0, 0, 0), ASBX(LOADI, 1, 7), ABC(RETURN, 1, 0, 0) };
    RvValue f = proto_fn("f", 0, 2, code, NCODE(code), &err, 1), res;
    cr_assert_eq(rv_pcall(vm, f, 0, NULL, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_TIMEOUT);
    cr_assert_eq(vm->nhandlers, 0);
    cr_assert_null(vm->try_top);
}

Test(types, caught_value_unwraps_thrown_values_only)
{
    RvValue v = rv_str_cstr(vm, "x");
    RvValue thrown = rv_error_new(vm, RV_E_THROWN, v, RV_AS_STR(v));
    cr_assert_eq(rv_caught_value(thrown).as.o, v.as.o);
    RvValue idx = rv_error_new(vm, RV_E_INDEX, v, RV_AS_STR(v));
    cr_assert_eq(rv_caught_value(idx).as.o, idx.as.o);
}
