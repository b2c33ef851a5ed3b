/* rv_exec.c — the dispatch loop, and nothing else.
 *
 * This is the one file allowed past 800 lines (house rule): one case per
 * opcode of rv_opcodes.def. Fast paths (int/int, float/float, arrays) are
 * inline; everything else calls the slow paths of rv_ops.c / rv_access.c
 * through PROTECT, which first saves pc so errors get the right line.
 * Case bodies are identical under computed goto and switch dispatch.
 */
#include <math.h>
#include <string.h>
#include "config.h"
#include "rv_ops.h"
#include "rv_proto.h"
#include "rv_types.h"

#ifdef RV_USE_COMPUTED_GOTO
#define vmdispatch(o)  goto *disptab[o];
#define vmcase(name)   L_##name:
#define vmbreak        do { i = *pc++; goto *disptab[RV_OP(i)]; } while (0)
#else
#define vmdispatch(o)  switch (o)
#define vmcase(name)   case RV_OP_##name:
#define vmbreak        break
#endif

#define A        RV_A(i)
#define RA       (R[RV_A(i)])
#define RB       (R[RV_B(i)])
#define RC       (R[RV_C(i)])
#define EXTRA    RV_AX(*pc)
#define PROTECT(x) do { fr->pc = pc; x; } while (0)
/* Conditional skip of a test instruction: when the test's outcome equals
 * k, take the JMP that follows now; otherwise step over it. */
#define TEST_JUMP(cond, k) do {                             \
        if ((int)(cond) != (int)(k)) pc++;                  \
        else {                                              \
            int off_ = RV_sJ(*pc);                          \
            pc += off_ + 1;                                 \
            if (off_ < 0) SAFEPOINT();                      \
        }                                                   \
    } while (0)
/* pc += sBx when cond holds; a backward jump is a safe point. */
#define COND_JUMP(cond) do {                                \
        if (cond) {                                         \
            pc += RV_sBX(i);                                \
            if (RV_sBX(i) < 0) SAFEPOINT();                 \
        }                                                   \
    } while (0)
/* Calls and loop back-edges serve the collector and interrupts. */
#define SAFEPOINT() do {                                    \
        if (RV_SAFEPOINT_DUE(vm)) PROTECT(rv_safepoint(vm)); \
    } while (0)

#define LOAD_FRAME() do {                                   \
        fr = &vm->frames[vm->nframes - 1];                  \
        pc = fr->pc;                                        \
        R = fr->base;                                       \
        K = fr->cl->proto->k;                               \
    } while (0)

/* Leave the current frame with val; returns from rv_execute when the frame
 * was entered from C. */
#define DO_RETURN(val) do {                                                   \
        RvValue ret_ = (val);                                                 \
        if (vm->open_upvals && vm->open_upvals->loc >= fr->base)              \
            rv_close_upvals(vm, fr->base);                                    \
        *fr->ret = ret_;                                                      \
        vm->nframes--;                                                        \
        if (fr->flags & RV_FR_REENTRY)                                        \
            return ret_;                                                      \
        LOAD_FRAME();                                                         \
    } while (0)

#define ARITH_CASE(NAME, OPER, CHECKED)                                       \
    vmcase(NAME) {                                                            \
        RvValue b = RB, c = RC;                                               \
        int64_t r;                                                            \
        if (RV_IS_INT(b) && RV_IS_INT(c)) {                                   \
            if (!CHECKED(b.as.i, c.as.i, &r)) { RA = RV_INT(r); vmbreak; }    \
        } else if (RV_IS_FLOAT(b) && RV_IS_FLOAT(c)) {                        \
            RA = RV_FLOAT(b.as.f OPER c.as.f); vmbreak;                       \
        }                                                                     \
        PROTECT(RA = rv_op_arith(vm, RV_OP_##NAME, b, c));                    \
        vmbreak;                                                              \
    }

#define ARITHK_CASE(NAME, BASE, OPER, CHECKED)                                \
    vmcase(NAME) {                                                            \
        RvValue b = RB, c = K[RV_C(i)];                                       \
        int64_t r;                                                            \
        if (RV_IS_INT(b) && RV_IS_INT(c)) {                                   \
            if (!CHECKED(b.as.i, c.as.i, &r)) { RA = RV_INT(r); vmbreak; }    \
        } else if (RV_IS_FLOAT(b) && RV_IS_FLOAT(c)) {                        \
            RA = RV_FLOAT(b.as.f OPER c.as.f); vmbreak;                       \
        }                                                                     \
        PROTECT(RA = rv_op_arith(vm, RV_OP_##BASE, b, c));                    \
        vmbreak;                                                              \
    }

#define SLOW_CASE(NAME, BASE, RIGHT)                                          \
    vmcase(NAME) {                                                            \
        PROTECT(RA = rv_op_arith(vm, RV_OP_##BASE, RB, RIGHT));               \
        vmbreak;                                                              \
    }

/* Integer compare-with-immediate tests. */
/* Value comparisons: ints inline, the rest through rv_op_less/greater
 * (whose TypeError names the operands in source order). */
#define CMP_CASE(NAME, OPER, SLOW, OR_EQUAL)                                  \
    vmcase(NAME) {                                                            \
        RvValue b = RB, c = RC;                                               \
        bool r;                                                               \
        if (RV_IS_INT(b) && RV_IS_INT(c)) r = b.as.i OPER c.as.i;             \
        else PROTECT(r = SLOW(vm, b, c, OR_EQUAL));                           \
        RA = RV_BOOL(r);                                                      \
        vmbreak;                                                              \
    }

#define TESTI_CASE(NAME, OPER)                                                \
    vmcase(NAME) {                                                            \
        RvValue a = RA;                                                       \
        int64_t imm = RV_sB(i);                                               \
        bool res;                                                             \
        if (RV_IS_INT(a)) res = a.as.i OPER imm;                              \
        else if (RV_IS_FLOAT(a)) res = a.as.f OPER (double)imm;               \
        else PROTECT(res = cmp_imm(vm, RV_OP_##NAME, a, imm, RV_C(i) & 2));   \
        TEST_JUMP(res, RV_C(i) & 1);                                          \
        vmbreak;                                                              \
    }

/* Compare-with-constant tests: ints inline, the rest through rv_op_less. */
#define TESTK_CASE(NAME, OPER, OR_EQUAL, SWAP)                                \
    vmcase(NAME) {                                                            \
        RvValue a = RA, kb = K[RV_B(i)];                                      \
        bool res;                                                             \
        if (RV_IS_INT(a) && RV_IS_INT(kb)) res = a.as.i OPER kb.as.i;         \
        else PROTECT(res = SWAP ? rv_op_greater(vm, a, kb, OR_EQUAL)          \
                                : rv_op_less(vm, a, kb, OR_EQUAL));           \
        TEST_JUMP(res, RV_C(i));                                              \
        vmbreak;                                                              \
    }

/* R[A] OP imm for a non-number R[A] (TypeError); mirrored: the source had
 * the immediate on the left, so the error names it first. */
static bool cmp_imm(RvVM *vm, RvOpcode op, RvValue a, int64_t imm, bool mirrored)
{
    if (op == RV_OP_TEQI)
        return rv_equal(a, RV_INT(imm));
    RvValue b = RV_INT(imm);
    bool less = op == RV_OP_TLTI || op == RV_OP_TLEI;
    bool or_equal = op == RV_OP_TLEI || op == RV_OP_TGEI;
    if (less)
        return rv_op_ordered(vm, a, b, or_equal, mirrored);
    return mirrored ? rv_op_less(vm, b, a, or_equal) : rv_op_greater(vm, a, b, or_equal);
}

static RvClosure *make_closure(RvVM *vm, RvProto *p, RvClosure *encl, RvValue *R)
{
    RvClosure *cl = (RvClosure *)rv_obj_alloc(vm, RV_K_CLOSURE,
                                              sizeof(RvClosure) + p->nupvals * sizeof(RvUpval *));
    cl->proto = p;
    cl->nup = p->nupvals;
    for (uint32_t u = 0; u < p->nupvals; u++)
        cl->up[u] = p->upvals[u].instack ? rv_find_upval(vm, R + p->upvals[u].idx)
                                         : encl->up[p->upvals[u].idx];
    return cl;
}

static RvValue call_builtin(RvVM *vm, uint32_t idx, int argc, RvValue *argv)
{
    if (idx >= vm->nbuiltins)
        rv_throw(vm, RV_E_RUNTIME, "bad builtin index %u", idx);
    return rv_call_other(vm, RV_OBJ(vm->builtins[idx]), argc, argv);
}

static RvValue call_native_method(RvVM *vm, const RvNative *n, int argc, RvValue *argv)
{
    int nargs = argc - 1;
    if (nargs < n->min_args || (n->max_args >= 0 && nargs > n->max_args))
        rv_native_arity_error(vm, n, nargs);
    return n->fn(vm, argc, argv);
}

/* The ? operator failing: the value to return, or a TypeError. */
static void check_tryable(RvVM *vm, RvValue v)
{
    if (!rv_optres(vm, v))
        rv_throw(vm, RV_E_TYPE, "the ? operator needs an Option or Result, got %s",
                 rv_type_name(v));
}

_Noreturn static void no_match(RvVM *vm, RvValue v)
{
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, v, RV_SHOW_REPR);
    rv_buf_addc(&b, 0);
    rv_throw(vm, RV_E_RUNTIME, "No match arm matched the value %s", b.p);
}

static bool test_len(RvValue v, uint32_t n, uint32_t mode)
{
    uint32_t len;
    if (RV_IS_ARRAY(v))
        len = RV_AS_ARRAY(v)->len;
    else if (RV_IS_TUPLE(v))
        len = RV_AS_TUPLE(v)->len;
    else
        return false;
    return (mode & 2) ? len >= n : len == n;
}

/* Run frames from the top frame (flagged RV_FR_REENTRY) until it returns. */
RvValue rv_execute(RvVM *vm)
{
#ifdef RV_USE_COMPUTED_GOTO
    static const void *const disptab[RV_OP__COUNT] = {
#define OP(name, fmt, flags, doc) &&L_##name,
#include "rv_opcodes.def"
#undef OP
    };
#endif
    RvFrame *fr;
    const RvInsn *pc;
    RvValue *R;
    const RvValue *K;
    RvInsn i;
    LOAD_FRAME();
    for (;;) {
        i = *pc++;
        vmdispatch(RV_OP(i)) {
        vmcase(NOP) vmbreak;
        vmcase(MOVE) { RA = RB; vmbreak; }
        vmcase(LOADK) { RA = K[RV_BX(i)]; vmbreak; }
        vmcase(LOADI) { RA = RV_INT(RV_sBX(i)); vmbreak; }
        vmcase(LOADNIL) {
            for (uint32_t n = 0; n <= RV_B(i); n++)
                R[A + n] = RV_NIL;
            vmbreak;
        }
        vmcase(LOADTRUE) { RA = RV_TRUE; vmbreak; }
        vmcase(LOADFALSE) { RA = RV_FALSE; vmbreak; }
        vmcase(LOADNONE) { RA = vm->v_none; vmbreak; }
        vmcase(GETGLOBAL) { RA = vm->globals[RV_BX(i)]; vmbreak; }
        vmcase(SETGLOBAL) { RV_STORE(vm, NULL, &vm->globals[RV_BX(i)], RA); vmbreak; }
        vmcase(GETUPVAL) { RA = *fr->cl->up[RV_B(i)]->loc; vmbreak; }
        vmcase(SETUPVAL) {
            RvUpval *u = fr->cl->up[RV_B(i)];
            RV_STORE(vm, u, u->loc, RA);
            vmbreak;
        }
        vmcase(CLOSE) { rv_close_upvals(vm, &RA); vmbreak; }
        vmcase(GETBUILTIN) { PROTECT(RA = rv_builtin_value(vm, (int)RV_BX(i))); vmbreak; }
        vmcase(CLOSURE) {
            PROTECT(RA = RV_OBJ(make_closure(vm, fr->cl->proto->protos[RV_BX(i)], fr->cl, R)));
            vmbreak;
        }

        ARITH_CASE(ADD, +, __builtin_add_overflow)
        ARITH_CASE(SUB, -, __builtin_sub_overflow)
        ARITH_CASE(MUL, *, __builtin_mul_overflow)
        vmcase(DIV) {
            RvValue b = RB, c = RC;
            if (RV_IS_FLOAT(b) && RV_IS_FLOAT(c)) { RA = RV_FLOAT(b.as.f / c.as.f); vmbreak; }
            PROTECT(RA = rv_op_arith(vm, RV_OP_DIV, b, c));
            vmbreak;
        }
        vmcase(MOD) {
            RvValue b = RB, c = RC;
            if (RV_IS_INT(b) && RV_IS_INT(c) && c.as.i > 0) { RA = RV_INT(b.as.i % c.as.i); vmbreak; }
            PROTECT(RA = rv_op_arith(vm, RV_OP_MOD, b, c));
            vmbreak;
        }
        SLOW_CASE(POW, POW, RC)
        vmcase(ADDI) {
            RvValue b = RB;
            int64_t r;
            if (RV_IS_INT(b) && !__builtin_add_overflow(b.as.i, (int64_t)RV_sC(i), &r)) {
                RA = RV_INT(r);
                vmbreak;
            }
            PROTECT(RA = rv_op_arith(vm, RV_OP_ADD, b, RV_INT(RV_sC(i))));
            vmbreak;
        }
        ARITHK_CASE(ADDK, ADD, +, __builtin_add_overflow)
        ARITHK_CASE(SUBK, SUB, -, __builtin_sub_overflow)
        ARITHK_CASE(MULK, MUL, *, __builtin_mul_overflow)
        SLOW_CASE(DIVK, DIV, K[RV_C(i)])
        vmcase(MODK) {
            RvValue b = RB, c = K[RV_C(i)];
            if (RV_IS_INT(b) && RV_IS_INT(c) && c.as.i > 0) { RA = RV_INT(b.as.i % c.as.i); vmbreak; }
            PROTECT(RA = rv_op_arith(vm, RV_OP_MOD, b, c));
            vmbreak;
        }
        SLOW_CASE(BAND, BAND, RC)
        SLOW_CASE(BOR, BOR, RC)
        SLOW_CASE(BXOR, BXOR, RC)
        SLOW_CASE(SHL, SHL, RC)
        SLOW_CASE(SHR, SHR, RC)
        vmcase(NEG) {
            RvValue b = RB;
            if (RV_IS_FLOAT(b)) { RA = RV_FLOAT(-b.as.f); vmbreak; }
            PROTECT(RA = rv_op_unary(vm, RV_OP_NEG, b));
            vmbreak;
        }
        vmcase(NOT) { RA = RV_BOOL(!RV_TRUTHY(RB)); vmbreak; }
        vmcase(BNOT) { PROTECT(RA = rv_op_unary(vm, RV_OP_BNOT, RB)); vmbreak; }
        vmcase(EQ) { RA = RV_BOOL(rv_equal(RB, RC)); vmbreak; }
        vmcase(NE) { RA = RV_BOOL(!rv_equal(RB, RC)); vmbreak; }
        CMP_CASE(LT, <, rv_op_less, false)
        CMP_CASE(LE, <=, rv_op_less, true)
        CMP_CASE(GT, >, rv_op_greater, false)
        CMP_CASE(GE, >=, rv_op_greater, true)

        vmcase(JMP) {
            pc += RV_sJ(i);
            if (RV_sJ(i) < 0)
                SAFEPOINT();
            vmbreak;
        }
        vmcase(JMPIF) { COND_JUMP(RV_TRUTHY(RA)); vmbreak; }
        vmcase(JMPIFNOT) { COND_JUMP(!RV_TRUTHY(RA)); vmbreak; }
        vmcase(JMPNOTNIL) { COND_JUMP(!RV_IS_NIL(RA)); vmbreak; }
        vmcase(TEQ) { TEST_JUMP(rv_equal(RA, RB), RV_C(i)); vmbreak; }
        vmcase(TLT) {
            RvValue a = RA, b = RB;
            bool r;
            if (RV_IS_INT(a) && RV_IS_INT(b)) r = a.as.i < b.as.i;
            else PROTECT(r = rv_op_ordered(vm, a, b, false, RV_C(i) & 2));
            TEST_JUMP(r, RV_C(i) & 1);
            vmbreak;
        }
        vmcase(TLE) {
            RvValue a = RA, b = RB;
            bool r;
            if (RV_IS_INT(a) && RV_IS_INT(b)) r = a.as.i <= b.as.i;
            else PROTECT(r = rv_op_ordered(vm, a, b, true, RV_C(i) & 2));
            TEST_JUMP(r, RV_C(i) & 1);
            vmbreak;
        }
        TESTI_CASE(TEQI, ==)
        TESTI_CASE(TLTI, <)
        TESTI_CASE(TLEI, <=)
        TESTI_CASE(TGTI, >)
        TESTI_CASE(TGEI, >=)
        TESTK_CASE(TLTK, <, false, false)
        TESTK_CASE(TLEK, <=, true, false)
        TESTK_CASE(TGTK, >, false, true)
        TESTK_CASE(TGEK, >=, true, true)
        vmcase(TEQK) { TEST_JUMP(rv_op_same(RA, K[RV_B(i)]), RV_C(i)); vmbreak; }
        vmcase(TVARIANT) { TEST_JUMP(rv_optres(vm, RA) == (int)RV_B(i), RV_C(i)); vmbreak; }
        vmcase(TLEN) { TEST_JUMP(test_len(RA, RV_B(i), RV_C(i)), RV_C(i) & 1); vmbreak; }
        vmcase(TTUPLE) {
            TEST_JUMP(RV_IS_TUPLE(RA) && RV_AS_TUPLE(RA)->len == RV_B(i), RV_C(i));
            vmbreak;
        }

        vmcase(NEWARRAY) { PROTECT(RA = rv_array_from(vm, RV_C(i), &RB)); vmbreak; }
        vmcase(APPEND) { PROTECT(rv_array_push(vm, RV_AS_ARRAY(RA), RB)); vmbreak; }
        vmcase(NEWTUPLE) { PROTECT(RA = rv_tuple_new(vm, RV_C(i), &RB)); vmbreak; }
        vmcase(NEWMAP) { PROTECT(RA = rv_map_new(vm, RV_B(i))); vmbreak; }
        vmcase(NEWRANGE) {
            PROTECT(RA = rv_op_range(vm, RB, R[RV_B(i) + 1], (int)RV_C(i)));
            vmbreak;
        }
        vmcase(REPEAT) { PROTECT(RA = rv_op_repeat(vm, RB, RC)); vmbreak; }
        vmcase(GETINDEX) {
            RvValue o = RB, k = RC;
            if (RV_IS_ARRAY(o) && RV_IS_INT(k)) {
                RvArray *arr = RV_AS_ARRAY(o);
                if (k.as.i >= 0 && k.as.i < arr->len) { RA = arr->items[k.as.i]; vmbreak; }
            }
            PROTECT(RA = rv_op_getindex(vm, o, k));
            vmbreak;
        }
        vmcase(SETINDEX) { PROTECT(rv_op_setindex(vm, RA, RB, RC)); vmbreak; }
        vmcase(GETFIELD) {
            uint32_t sym = EXTRA;
            pc++;
            PROTECT(RA = rv_op_getfield(vm, RB, sym));
            vmbreak;
        }
        vmcase(SETFIELD) {
            uint32_t sym = EXTRA;
            pc++;
            PROTECT(rv_op_setfield(vm, RA, sym, RB));
            vmbreak;
        }
        vmcase(GETELEM) { PROTECT(RA = rv_op_getelem(vm, RB, RV_C(i))); vmbreak; }
        vmcase(SLICEFROM) {
            PROTECT(RA = rv_op_slicefrom(vm, RB, RV_C(i) & 15, RV_C(i) >> 4));
            vmbreak;
        }
        vmcase(PAYLOAD) { PROTECT(RA = rv_op_payload(vm, RB, RV_C(i))); vmbreak; }

        vmcase(CALL) {
            RvValue *ra = &RA;
            RvValue f = *ra;
            SAFEPOINT();
            fr->pc = pc;
            if (RV_IS_CLOSURE(f)) {
                rv_push_frame(vm, RV_AS_CLOSURE(f), ra + 1, (int)RV_B(i), ra);
                LOAD_FRAME();
                vmbreak;
            }
            *ra = rv_call_other(vm, f, (int)RV_B(i), ra + 1);
            vmbreak;
        }
        vmcase(CALLM) {
            RvValue *ra = &RA;
            uint32_t sym = EXTRA;
            pc++;
            SAFEPOINT();
            fr->pc = pc;
            RvValue f;
            bool with_self;
            const RvNative *n = rv_op_method(vm, *ra, sym, &f, &with_self);
            if (n) {
                *ra = call_native_method(vm, n, (int)RV_B(i) + 1, ra);
                vmbreak;
            }
            if (RV_IS_CLOSURE(f)) {
                if (with_self)
                    rv_push_frame(vm, RV_AS_CLOSURE(f), ra, (int)RV_B(i) + 1, ra);
                else
                    rv_push_frame(vm, RV_AS_CLOSURE(f), ra + 1, (int)RV_B(i), ra);
                LOAD_FRAME();
                vmbreak;
            }
            *ra = with_self ? rv_call_other(vm, f, (int)RV_B(i) + 1, ra)
                            : rv_call_other(vm, f, (int)RV_B(i), ra + 1);
            vmbreak;
        }
        vmcase(CALLB) {
            uint32_t idx = EXTRA;
            pc++;
            PROTECT(RA = call_builtin(vm, idx, (int)RV_B(i), &RA));
            vmbreak;
        }
        vmcase(RETURN) { DO_RETURN(RA); vmbreak; }
        vmcase(RETNIL) { DO_RETURN(RV_NIL); vmbreak; }
        vmcase(ARGJMP) { if (fr->nargs > A) pc += RV_sBX(i); vmbreak; }

        vmcase(FORPREP) {
            RvValue *ra = &RA;
            if (!RV_IS_INT(ra[0]) || !RV_IS_INT(ra[1]))
                PROTECT(rv_op_range(vm, ra[0], ra[1], 0));
            if (ra[0].as.i >= ra[1].as.i) pc += RV_sBX(i);
            else ra[2] = ra[0];
            vmbreak;
        }
        vmcase(FORPREPI) {
            RvValue *ra = &RA;
            if (!RV_IS_INT(ra[0]) || !RV_IS_INT(ra[1]))
                PROTECT(rv_op_range(vm, ra[0], ra[1], 1));
            if (ra[1].as.i == INT64_MAX)
                PROTECT(rv_throw(vm, RV_E_OVERFLOW, "range end too large"));
            ra[1].as.i++;
            if (ra[0].as.i >= ra[1].as.i) pc += RV_sBX(i);
            else ra[2] = ra[0];
            vmbreak;
        }
        vmcase(FORLOOP) {
            RvValue *ra = &RA;
            int64_t n = ra[0].as.i + 1;
            if (n < ra[1].as.i) {
                ra[0].as.i = n;
                ra[2] = RV_INT(n);
                pc += RV_sBX(i);
                SAFEPOINT();
            }
            vmbreak;
        }
        vmcase(ITERPREP) {
            RvValue *ra = &RA;
            PROTECT(ra[0] = rv_op_iterprep(vm, ra[0]));
            ra[1] = RV_INT(0);
            vmbreak;
        }
        vmcase(ITERNEXT) {
            RvValue *ra = &RA;
            if (RV_IS_ARRAY(ra[0])) {
                RvArray *arr = RV_AS_ARRAY(ra[0]);
                if (ra[1].as.i < arr->len) {
                    ra[2] = arr->items[ra[1].as.i++];
                    pc += RV_sBX(i);
                    SAFEPOINT();
                }
                vmbreak;
            }
            bool more;
            PROTECT(more = rv_op_iternext(vm, ra[0], &ra[1], &ra[2]));
            if (more) {
                pc += RV_sBX(i);
                SAFEPOINT();
            }
            vmbreak;
        }

        vmcase(TOSTR) {
            RvValue b = RB;
            if (RV_IS_STR(b)) RA = b;
            else PROTECT(RA = rv_to_str(vm, b));
            vmbreak;
        }
        vmcase(FMTSPEC) {
            RvStr *spec = RV_AS_STR(K[RV_C(i)]);
            RvBuf b;
            PROTECT(rv_buf_init(&b, vm); rv_format_spec(vm, &b, RB, spec->data, spec->len);
                    RA = rv_buf_str(&b));
            vmbreak;
        }
        vmcase(CONCAT) { PROTECT(RA = rv_op_concat(vm, &RB, (int)RV_C(i))); vmbreak; }

        vmcase(SOME) { PROTECT(RA = rv_some(vm, RB)); vmbreak; }
        vmcase(OK) { PROTECT(RA = rv_ok(vm, RB)); vmbreak; }
        vmcase(ERR) { PROTECT(RA = rv_err(vm, RB)); vmbreak; }
        vmcase(TRYUNWRAP) {
            RvValue b = RB;
            int k = rv_optres(vm, b);
            if (k == RV_OPT_SOME || k == RV_RES_OK) {
                RA = RV_AS_ENUM(b)->f[0];
                vmbreak;
            }
            PROTECT(check_tryable(vm, b));
            DO_RETURN(b);
            vmbreak;
        }
        vmcase(THROW) { PROTECT(rv_throw_value(vm, RA)); vmbreak; }
        vmcase(NOMATCH) { PROTECT(no_match(vm, RA)); vmbreak; }
        vmcase(EXTRAARG) vmbreak;

        vmcase(NEWSTRUCT) {
            PROTECT(RA = rv_struct_make(vm, RB, RV_C(i), &R[RV_B(i) + 1]));
            vmbreak;
        }
        vmcase(NEWENUM) {
            PROTECT(RA = rv_enum_make(vm, RB, RV_C(i), &R[RV_B(i) + 1]));
            vmbreak;
        }
        vmcase(TISK) { TEST_JUMP(rv_is_instance(RA, K[RV_B(i)]), RV_C(i)); vmbreak; }
        vmcase(SETMETHOD) {
            uint32_t sym = EXTRA;
            pc++;
            PROTECT(rv_type_set_method(vm, RA, sym, RB));
            vmbreak;
        }
        vmcase(GETMETHOD) {
            uint32_t sym = EXTRA;
            pc++;
            PROTECT(RA = rv_type_get_method(vm, RB, sym));
            vmbreak;
        }
        vmcase(DISCR) { PROTECT(RA = rv_discriminant(vm, RB)); vmbreak; }
        vmcase(TRY) {
            if (!rv_try_armed(vm)) {          /* first TRY of this activation */
                fr->pc = pc - 1;              /* run it again under a boundary */
                return rv_try_execute(vm);
            }
            PROTECT(rv_try_push(vm, A, pc + RV_sBX(i)));
            vmbreak;
        }
        vmcase(ENDTRY) { rv_try_pop(vm, A); vmbreak; }
        vmcase(CATCHVAL) { RA = rv_caught_value(RB); vmbreak; }
#ifndef RV_USE_COMPUTED_GOTO
        default:
            PROTECT(rv_throw(vm, RV_E_RUNTIME, "bad opcode %u", (unsigned)RV_OP(i)));
#endif
        }
    }
}
