/* rv_insn.c — per-opcode tables, generated from rv_opcodes.def. */
#include "rv_insn.h"

const char *const rv_op_names[RV_OP__COUNT] = {
#define OP(name, fmt, flags, doc) #name,
#include "rv_opcodes.def"
#undef OP
};

const uint8_t rv_op_fmt[RV_OP__COUNT] = {
#define OP(name, fmt, flags, doc) RV_FMT_##fmt,
#include "rv_opcodes.def"
#undef OP
};

const uint8_t rv_op_flags[RV_OP__COUNT] = {
#define OP(name, fmt, flags, doc) (flags),
#include "rv_opcodes.def"
#undef OP
};
