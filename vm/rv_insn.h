/* rv_insn.h — the 32-bit instruction format (the compiler includes this).
 *
 *   31        24 23        16 15         8 7          0
 *  +------------+------------+------------+------------+
 *  |     C      |     B      |     A      |   opcode   |  ABC
 *  +------------+------------+------------+------------+
 *  |          Bx (16)        |     A      |   opcode   |  ABX, ASBX (sBx = Bx - 32767)
 *  +-------------------------+------------+------------+
 *  |                Ax (24)               |   opcode   |  AX, SJ (sJ = Ax - 2^23)
 *  +--------------------------------------+------------+
 *
 * Signed byte operands (sB, sC) are stored as value + 127. Opcodes come from
 * rv_opcodes.def and nowhere else.
 */
#ifndef RV_INSN_H
#define RV_INSN_H

#include <stdint.h>

typedef uint32_t RvInsn;

typedef enum {
#define OP(name, fmt, flags, doc) RV_OP_##name,
#include "rv_opcodes.def"
#undef OP
    RV_OP__COUNT
} RvOpcode;

typedef enum { RV_FMT_ABC, RV_FMT_ABX, RV_FMT_ASBX, RV_FMT_AX, RV_FMT_SJ } RvInsnFmt;

enum {
    RV_OPF_SETA  = 1u << 0,   /* writes R[A] */
    RV_OPF_JUMP  = 1u << 1,   /* has a jump offset */
    RV_OPF_TEST  = 1u << 2,   /* conditional skip: must be followed by JMP */
    RV_OPF_EXTRA = 1u << 3    /* followed by an EXTRAARG word */
};

#define RV_MAXARG_A    255
#define RV_MAXARG_BX   65535
#define RV_OFFSET_SBX  32767
#define RV_MAXARG_AX   ((1 << 24) - 1)
#define RV_OFFSET_SJ   (1 << 23)
#define RV_OFFSET_SBYTE 127

#define RV_OP(i)    ((RvOpcode)((i) & 0xff))
#define RV_A(i)     (((i) >> 8) & 0xff)
#define RV_B(i)     (((i) >> 16) & 0xff)
#define RV_C(i)     (((i) >> 24) & 0xff)
#define RV_sB(i)    ((int)RV_B(i) - RV_OFFSET_SBYTE)
#define RV_sC(i)    ((int)RV_C(i) - RV_OFFSET_SBYTE)
#define RV_BX(i)    (((i) >> 16) & 0xffff)
#define RV_sBX(i)   ((int)RV_BX(i) - RV_OFFSET_SBX)
#define RV_AX(i)    (((i) >> 8) & 0xffffff)
#define RV_sJ(i)    ((int)RV_AX(i) - RV_OFFSET_SJ)

#define RV_ENC_ABC(op, a, b, c) \
    ((RvInsn)(op) | ((RvInsn)(a) << 8) | ((RvInsn)(b) << 16) | ((RvInsn)(c) << 24))
#define RV_ENC_ABX(op, a, bx)  ((RvInsn)(op) | ((RvInsn)(a) << 8) | ((RvInsn)(bx) << 16))
#define RV_ENC_ASBX(op, a, sbx) RV_ENC_ABX(op, a, (sbx) + RV_OFFSET_SBX)
#define RV_ENC_AX(op, ax)      ((RvInsn)(op) | ((RvInsn)(ax) << 8))
#define RV_ENC_SJ(op, sj)      RV_ENC_AX(op, (sj) + RV_OFFSET_SJ)

/* Tables generated from rv_opcodes.def (rv_insn.c). */
extern const char *const rv_op_names[RV_OP__COUNT];
extern const uint8_t rv_op_fmt[RV_OP__COUNT];
extern const uint8_t rv_op_flags[RV_OP__COUNT];

#endif
