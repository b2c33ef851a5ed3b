/* rv_proto.h — function prototypes: the compiler's output, the VM's input.
 * The compiler includes this (with rv_insn.h). A proto and everything it
 * points to live in the program heap.
 */
#ifndef RV_PROTO_H
#define RV_PROTO_H

#include <stdint.h>
#include <stdio.h>
#include "rv.h"
#include "rv_insn.h"

#define RV_MAX_REGS    250   /* A is 8 bits; a few kept spare for call setup */
#define RV_MAX_PARAMS  200

typedef struct RvUpvalDesc {
    uint8_t instack;   /* 1: captures register idx of the enclosing frame; 0: its upvalue idx */
    uint8_t idx;
} RvUpvalDesc;

struct RvProto {
    RvObj h;
    RvStr *name;          /* "<top>" for the chunk, "<lambda>" for lambdas */
    RvStr *file;
    RvInsn *code;
    uint32_t ncode;
    uint32_t *lines;      /* source line of each instruction */
    RvValue *k;
    uint32_t nk;
    struct RvProto **protos;
    uint32_t nprotos;
    RvUpvalDesc *upvals;
    uint32_t nupvals;
    uint8_t nparams;      /* declared parameters, self included */
    uint8_t nrequired;    /* parameters without a default value */
    uint8_t maxregs;      /* register window size */
    uint8_t flags;        /* RV_PF_* */
    uint32_t line;        /* line of the declaration */
};

enum { RV_PF_METHOD = 1u << 0, RV_PF_CHUNK = 1u << 1 };

/* New empty proto in the program heap (name and file may be NULL). The
 * compiler fills code/k/protos/upvals with blocks from rv_alloc. */
RvProto *rv_proto_new(RvVM *vm, RvStr *name, RvStr *file);

/* Write a human-readable listing of p and its children to out (golden
 * disassembly format, stable across runs). Never throws. */
void rv_disasm(RvVM *vm, const RvProto *p, FILE *out);

/* Check register bounds, jump targets, constant/proto/upvalue indices and
 * test+JMP pairing. Returns NULL if fine, else a static description. */
const char *rv_verify(const RvProto *p);

#endif
