/* rv_verify.c — bytecode verifier: run before code from outside the
 * compiler (a serialized bytecode file) is trusted, and on every compiled
 * proto in debug runs. Checks operand ranges, not types.
 */
#include "rv_proto.h"

static bool reg_ok(const RvProto *p, uint32_t r)
{
    return r < p->maxregs;
}

/* Register operands that must lie inside the frame window. */
static const char *check_regs(const RvProto *p, RvInsn i)
{
    RvOpcode op = RV_OP(i);
    uint8_t fmt = rv_op_fmt[op];
    if (fmt == RV_FMT_AX || fmt == RV_FMT_SJ || op == RV_OP_NOP || op == RV_OP_ENDTRY)
        return NULL;
    if (!reg_ok(p, RV_A(i)))
        return "register A out of range";
    switch (op) {
    case RV_OP_MOVE: case RV_OP_NOT: case RV_OP_NEG: case RV_OP_BNOT:
    case RV_OP_GETFIELD: case RV_OP_SETFIELD: case RV_OP_GETELEM: case RV_OP_TOSTR:
    case RV_OP_SOME: case RV_OP_OK: case RV_OP_ERR: case RV_OP_TRYUNWRAP:
    case RV_OP_APPEND: case RV_OP_SLICEFROM: case RV_OP_PAYLOAD: case RV_OP_ADDI:
    case RV_OP_FMTSPEC: case RV_OP_TEQ: case RV_OP_TLT: case RV_OP_TLE:
    case RV_OP_SETMETHOD: case RV_OP_GETMETHOD: case RV_OP_DISCR: case RV_OP_CATCHVAL:
        return reg_ok(p, RV_B(i)) ? NULL : "register B out of range";
    case RV_OP_ADD: case RV_OP_SUB: case RV_OP_MUL: case RV_OP_DIV: case RV_OP_MOD:
    case RV_OP_POW: case RV_OP_BAND: case RV_OP_BOR: case RV_OP_BXOR: case RV_OP_SHL:
    case RV_OP_SHR: case RV_OP_EQ: case RV_OP_NE: case RV_OP_LT: case RV_OP_LE:
    case RV_OP_GT: case RV_OP_GE:
    case RV_OP_GETINDEX: case RV_OP_SETINDEX: case RV_OP_REPEAT:
        return reg_ok(p, RV_B(i)) && reg_ok(p, RV_C(i)) ? NULL : "register B/C out of range";
    case RV_OP_NEWSTRUCT: case RV_OP_NEWENUM:    /* R[B] and R[B+1..B+C] */
        return RV_B(i) + RV_C(i) < p->maxregs ? NULL : "register list out of range";
    case RV_OP_NEWARRAY: case RV_OP_NEWTUPLE: case RV_OP_CONCAT:
        return RV_B(i) + RV_C(i) <= p->maxregs ? NULL : "register list out of range";
    case RV_OP_CALL: case RV_OP_CALLM:
        return RV_A(i) + RV_B(i) < p->maxregs ? NULL : "call arguments out of range";
    case RV_OP_CALLB:   /* arguments R[A..A+B-1] */
        return RV_A(i) + RV_B(i) <= p->maxregs ? NULL : "call arguments out of range";
    case RV_OP_NEWRANGE:
        return RV_B(i) + 1u < p->maxregs ? NULL : "range operands out of range";
    case RV_OP_FORPREP: case RV_OP_FORPREPI: case RV_OP_FORLOOP:
    case RV_OP_ITERPREP: case RV_OP_ITERNEXT:
        return RV_A(i) + 2u < p->maxregs ? NULL : "loop registers out of range";
    default:
        return NULL;
    }
}

/* Constant, proto, upvalue and symbol-table operands. */
static const char *check_indices(const RvProto *p, RvInsn i)
{
    switch (RV_OP(i)) {
    case RV_OP_LOADK:
        return RV_BX(i) < p->nk ? NULL : "constant index out of range";
    case RV_OP_ADDK: case RV_OP_SUBK: case RV_OP_MULK: case RV_OP_DIVK: case RV_OP_MODK:
        return RV_C(i) < p->nk ? NULL : "constant index out of range";
    case RV_OP_FMTSPEC:
        return RV_C(i) < p->nk && RV_IS_STR(p->k[RV_C(i)]) ? NULL : "format spec constant invalid";
    case RV_OP_TEQK: case RV_OP_TISK:
    case RV_OP_TLTK: case RV_OP_TLEK: case RV_OP_TGTK: case RV_OP_TGEK:
        return RV_B(i) < p->nk ? NULL : "constant index out of range";
    case RV_OP_CLOSURE:
        return RV_BX(i) < p->nprotos ? NULL : "proto index out of range";
    case RV_OP_GETUPVAL: case RV_OP_SETUPVAL:
        return RV_B(i) < p->nupvals ? NULL : "upvalue index out of range";
    default:
        return NULL;
    }
}

/* Check p and its children. NULL if fine, else a static description. */
const char *rv_verify(const RvProto *p)
{
    if (p->ncode == 0)
        return "empty code";
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        RvInsn i = p->code[pc];
        RvOpcode op = RV_OP(i);
        if (op >= RV_OP__COUNT)
            return "unknown opcode";
        const char *err = check_regs(p, i);
        if (!err)
            err = check_indices(p, i);
        if (err)
            return err;
        uint8_t fl = rv_op_flags[op];
        if (fl & RV_OPF_JUMP) {
            int off = rv_op_fmt[op] == RV_FMT_SJ ? RV_sJ(i) : RV_sBX(i);
            int64_t to = (int64_t)pc + 1 + off;
            if (to < 0 || to >= (int64_t)p->ncode)
                return "jump target out of range";
        }
        if ((fl & RV_OPF_TEST) && (pc + 1 >= p->ncode || RV_OP(p->code[pc + 1]) != RV_OP_JMP))
            return "test instruction not followed by JMP";
        if ((fl & RV_OPF_EXTRA) && (pc + 1 >= p->ncode || RV_OP(p->code[pc + 1]) != RV_OP_EXTRAARG))
            return "missing EXTRAARG";
    }
    RvOpcode last = RV_OP(p->code[p->ncode - 1]);
    if (last != RV_OP_RETURN && last != RV_OP_RETNIL && last != RV_OP_JMP &&
        last != RV_OP_THROW && last != RV_OP_NOMATCH)
        return "code does not end in a return";
    for (uint32_t c = 0; c < p->nprotos; c++) {
        const char *err = rv_verify(p->protos[c]);
        if (err)
            return err;
    }
    return NULL;
}
