/* test_vm.c — the VM proper: hand-assembled protos through the dispatch
 * loop (no compiler involved), calls from C, protected calls, errors with
 * kinds and tracebacks, recursion limits, upvalues.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "rs.h"
#include "rv.h"
#include "rv_proto.h"

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

TestSuite(vm, .init = setup, .fini = teardown);

/* Assemble a proto from code and constants (program heap). */
static RvProto *mkproto(const char *name, int nparams, int maxregs, const RvInsn *code,
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
    return p;
}

static RvValue closure_of(RvProto *p)
{
    RvClosure *cl = (RvClosure *)rv_obj_alloc(vm, RV_K_CLOSURE, sizeof(RvClosure));
    cl->proto = p;
    return RV_OBJ(cl);
}

/* fun add(a, b) { a + b } */
static RvValue make_add(void)
{
    RvInsn code[] = { RV_ENC_ABC(RV_OP_ADD, 2, 0, 1), RV_ENC_ABC(RV_OP_RETURN, 2, 0, 0) };
    return closure_of(mkproto("add", 2, 3, code, 2, NULL, 0));
}

Test(vm, call_from_c_adds_ints_and_floats)
{
    RvValue f = make_add();
    RvValue args[2] = { RV_INT(40), RV_INT(2) }, res;
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 0);
    cr_assert(RV_IS_INT(res) && res.as.i == 42);
    args[1] = RV_FLOAT(0.5);
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 0);
    cr_assert(RV_IS_FLOAT(res) && res.as.f == 40.5);
}

Test(vm, overflow_raises_with_traceback)
{
    RvValue f = make_add();
    RvValue args[2] = { RV_INT(INT64_MAX), RV_INT(1) }, res;
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 1);
    cr_assert(RV_IS_ERROR(res));
    RvError *e = RV_AS_ERROR(res);
    cr_assert_eq(e->ekind, RV_E_OVERFLOW);
    cr_assert_str_eq(e->msg->data, "Integer overflow in addition");
    cr_assert_eq(e->trace->len, 1);
    cr_assert_str_eq(RV_AS_STR(e->trace->items[0])->data, "add (t.ruchy:1)");
}

Test(vm, arity_mismatch_is_type_error)
{
    RvValue f = make_add(), res, one = RV_INT(1);
    cr_assert_eq(rv_pcall(vm, f, 1, &one, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_TYPE);
    cr_assert(strstr(RV_AS_ERROR(res)->msg->data, "expects 2 arguments, got 1"));
}

/* fun down(n) { if n == 0 { 0 } else { down(n - 1) } } via global slot 0 */
static RvValue make_down(void)
{
    uint32_t g = rv_global_slot(vm, "down", 4);
    RvInsn code[] = {
        RV_ENC_ABC(RV_OP_TEQI, 0, 0 + RV_OFFSET_SBYTE, 1), /* if n == 0 jump */
        RV_ENC_SJ(RV_OP_JMP, 4),
        RV_ENC_ABX(RV_OP_GETGLOBAL, 1, g),
        RV_ENC_ABC(RV_OP_ADDI, 2, 0, RV_OFFSET_SBYTE - 1),
        RV_ENC_ABC(RV_OP_CALL, 1, 1, 0),
        RV_ENC_ABC(RV_OP_RETURN, 1, 0, 0),
        RV_ENC_ABC(RV_OP_RETURN, 0, 0, 0),
    };
    RvValue f = closure_of(mkproto("down", 1, 3, code, 7, NULL, 0));
    RvValue dummy;
    (void)dummy;
    RvInsn set[] = { RV_ENC_ABX(RV_OP_SETGLOBAL, 0, g), RV_ENC_ABC(RV_OP_RETNIL, 0, 0, 0) };
    RvValue setter = closure_of(mkproto("set", 1, 1, set, 2, NULL, 0));
    cr_assert_eq(rv_pcall(vm, setter, 1, &f, &dummy), 0);
    return f;
}

Test(vm, recursion_within_limit_returns)
{
    RvValue f = make_down(), res, n = RV_INT(50000);
    cr_assert_eq(rv_pcall(vm, f, 1, &n, &res), 0);
    cr_assert(RV_IS_INT(res) && res.as.i == 0);
}

Test(vm, million_deep_recursion_is_recursion_error)
{
    RvValue f = make_down(), res, n = RV_INT(1000000);
    cr_assert_eq(rv_pcall(vm, f, 1, &n, &res), 1);
    RvError *e = RV_AS_ERROR(res);
    cr_assert_eq(e->ekind, RV_E_RECURSION);
    /* The traceback is elided, not 100,000 lines long. */
    cr_assert_lt(e->trace->len, 30);
    /* The VM is usable afterwards. */
    n = RV_INT(10);
    cr_assert_eq(rv_pcall(vm, f, 1, &n, &res), 0);
}

/* for i in 0..n { s = s + i } with FORPREP/FORLOOP */
Test(vm, for_loop_sums)
{
    RvInsn code[] = {
        RV_ENC_ASBX(RV_OP_LOADI, 1, 0),              /* s = 0 */
        RV_ENC_ASBX(RV_OP_LOADI, 2, 0),              /* lo */
        RV_ENC_ABC(RV_OP_MOVE, 3, 0, 0),             /* hi = n */
        RV_ENC_ASBX(RV_OP_FORPREP, 2, 2),            /* empty -> 7 */
        RV_ENC_ABC(RV_OP_ADD, 1, 1, 4),              /* s += i */
        RV_ENC_ASBX(RV_OP_FORLOOP, 2, -2),           /* -> 4 */
        RV_ENC_ABC(RV_OP_NOP, 0, 0, 0),
        RV_ENC_ABC(RV_OP_RETURN, 1, 0, 0),
    };
    RvValue f = closure_of(mkproto("sum", 1, 5, code, 8, NULL, 0)), res, n = RV_INT(1000);
    cr_assert_eq(rv_pcall(vm, f, 1, &n, &res), 0);
    cr_assert_eq(res.as.i, 499500);
    n = RV_INT(0);
    cr_assert_eq(rv_pcall(vm, f, 1, &n, &res), 0);
    cr_assert_eq(res.as.i, 0);
}

/* A closure that increments a captured counter shares it by reference. */
Test(vm, upvalues_are_shared_and_closed)
{
    RvInsn inc[] = {
        RV_ENC_ABC(RV_OP_GETUPVAL, 0, 0, 0),
        RV_ENC_ABC(RV_OP_ADDI, 0, 0, RV_OFFSET_SBYTE + 1),
        RV_ENC_ABC(RV_OP_SETUPVAL, 0, 0, 0),
        RV_ENC_ABC(RV_OP_RETURN, 0, 0, 0),
    };
    RvProto *pinc = mkproto("inc", 0, 1, inc, 4, NULL, 0);
    pinc->upvals = rv_alloc(vm, sizeof(RvUpvalDesc));
    pinc->upvals[0] = (RvUpvalDesc){ 1, 0 };
    pinc->nupvals = 1;
    RvInsn mk[] = {
        RV_ENC_ASBX(RV_OP_LOADI, 0, 10),
        RV_ENC_ABX(RV_OP_CLOSURE, 1, 0),
        RV_ENC_ABC(RV_OP_RETURN, 1, 0, 0),
    };
    RvProto *pmk = mkproto("make", 0, 2, mk, 3, NULL, 0);
    pmk->protos = rv_alloc(vm, sizeof(RvProto *));
    pmk->protos[0] = pinc;
    pmk->nprotos = 1;
    cr_assert_null(rv_verify(pmk));
    RvValue counter, res;
    cr_assert_eq(rv_pcall(vm, closure_of(pmk), 0, NULL, &counter), 0);
    cr_assert(RV_IS_CLOSURE(counter));
    cr_assert_eq(rv_pcall(vm, counter, 0, NULL, &res), 0);
    cr_assert_eq(res.as.i, 11);
    cr_assert_eq(rv_pcall(vm, counter, 0, NULL, &res), 0);
    cr_assert_eq(res.as.i, 12);
}

Test(vm, throw_user_value_is_wrapped)
{
    RvValue k[] = { rv_str_cstr(vm, "boom") };
    RvInsn code[] = { RV_ENC_ABX(RV_OP_LOADK, 0, 0), RV_ENC_ABC(RV_OP_THROW, 0, 0, 0) };
    RvValue f = closure_of(mkproto("thrower", 0, 1, code, 2, k, 1)), res;
    cr_assert_eq(rv_pcall(vm, f, 0, NULL, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_THROWN);
    cr_assert(rv_equal(RV_AS_ERROR(res)->value, k[0]));
}

Test(vm, verifier_rejects_bad_code)
{
    RvInsn bad_reg[] = { RV_ENC_ABC(RV_OP_MOVE, 9, 0, 0), RV_ENC_ABC(RV_OP_RETNIL, 0, 0, 0) };
    cr_assert_not_null(rv_verify(mkproto("a", 0, 2, bad_reg, 2, NULL, 0)));
    RvInsn bad_jump[] = { RV_ENC_SJ(RV_OP_JMP, 40), RV_ENC_ABC(RV_OP_RETNIL, 0, 0, 0) };
    cr_assert_not_null(rv_verify(mkproto("b", 0, 2, bad_jump, 2, NULL, 0)));
    RvInsn bad_k[] = { RV_ENC_ABX(RV_OP_LOADK, 0, 3), RV_ENC_ABC(RV_OP_RETNIL, 0, 0, 0) };
    cr_assert_not_null(rv_verify(mkproto("c", 0, 2, bad_k, 2, NULL, 0)));
    RvInsn lone_test[] = { RV_ENC_ABC(RV_OP_TLT, 0, 1, 0), RV_ENC_ABC(RV_OP_RETNIL, 0, 0, 0) };
    cr_assert_not_null(rv_verify(mkproto("d", 0, 2, lone_test, 2, NULL, 0)));
}

Test(vm, division_by_zero_and_index_errors)
{
    RvInsn code[] = { RV_ENC_ABC(RV_OP_DIV, 2, 0, 1), RV_ENC_ABC(RV_OP_RETURN, 2, 0, 0) };
    RvValue f = closure_of(mkproto("div", 2, 3, code, 2, NULL, 0)), res;
    RvValue args[2] = { RV_INT(7), RV_INT(0) };
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_ZERODIV);
    args[1] = RV_INT(-2);
    cr_assert_eq(rv_pcall(vm, f, 2, args, &res), 0);
    cr_assert_eq(res.as.i, -3);

    RvInsn idx[] = { RV_ENC_ABC(RV_OP_GETINDEX, 2, 0, 1), RV_ENC_ABC(RV_OP_RETURN, 2, 0, 0) };
    RvValue g = closure_of(mkproto("idx", 2, 3, idx, 2, NULL, 0));
    RvValue items[3] = { RV_INT(1), RV_INT(2), RV_INT(3) };
    args[0] = rv_array_from(vm, 3, items);
    args[1] = RV_INT(-1);
    cr_assert_eq(rv_pcall(vm, g, 2, args, &res), 0);
    cr_assert_eq(res.as.i, 3);
    args[1] = RV_INT(5);
    cr_assert_eq(rv_pcall(vm, g, 2, args, &res), 1);
    cr_assert_eq(RV_AS_ERROR(res)->ekind, RV_E_INDEX);
}
