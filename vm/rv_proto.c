/* rv_proto.c — function prototypes and the disassembler.
 *
 * The listing format is the golden-test format: stable across runs (no
 * addresses), one instruction per line with its source line, operands in the
 * instruction's format, and a comment resolving constants, symbols,
 * builtins and jump targets.
 */
#include <inttypes.h>
#include <string.h>
#include "rv_proto.h"
#include "rv_vm.h"

/* New empty proto in the program heap. Throws MemoryError. */
RvProto *rv_proto_new(RvVM *vm, RvStr *name, RvStr *file)
{
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    RvProto *p = (RvProto *)rv_obj_alloc(vm, RV_K_PROTO, sizeof(RvProto));
    rv_heap_target(vm, old);
    p->name = name;
    p->file = file;
    return p;
}

static void show_const(RvVM *vm, RvValue v, FILE *out)
{
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, v, RV_SHOW_REPR);
    fprintf(out, "%.*s", (int)(b.len > 40 ? 40 : b.len), b.p ? b.p : "");
    if (b.len > 40)
        fputs("...", out);
    rv_heap_target(vm, old);
}

/* The operands column of one instruction. */
static void show_operands(RvInsn i, FILE *out)
{
    switch ((RvInsnFmt)rv_op_fmt[RV_OP(i)]) {
    case RV_FMT_ABC:  fprintf(out, "%u %u %u", RV_A(i), RV_B(i), RV_C(i)); break;
    case RV_FMT_ABX:  fprintf(out, "%u %u", RV_A(i), RV_BX(i)); break;
    case RV_FMT_ASBX: fprintf(out, "%u %d", RV_A(i), RV_sBX(i)); break;
    case RV_FMT_AX:   fprintf(out, "%u", RV_AX(i)); break;
    case RV_FMT_SJ:   fprintf(out, "%d", RV_sJ(i)); break;
    }
}

/* The explanatory comment of one instruction at index pc. */
static void show_comment(RvVM *vm, const RvProto *p, uint32_t pc, FILE *out)
{
    RvInsn i = p->code[pc];
    RvOpcode op = RV_OP(i);
    uint8_t fl = rv_op_flags[op];
    if (op == RV_OP_LOADK && RV_BX(i) < p->nk) {
        fputs("\t; ", out);
        show_const(vm, p->k[RV_BX(i)], out);
    } else if ((op == RV_OP_ADDK || op == RV_OP_SUBK || op == RV_OP_MULK ||
                op == RV_OP_DIVK || op == RV_OP_MODK || op == RV_OP_FMTSPEC) &&
               RV_C(i) < p->nk) {
        fputs("\t; ", out);
        show_const(vm, p->k[RV_C(i)], out);
    } else if ((op == RV_OP_TEQK || op == RV_OP_TISK || (op >= RV_OP_TLTK && op <= RV_OP_TGEK)) &&
               RV_B(i) < p->nk) {
        fputs("\t; ", out);
        show_const(vm, p->k[RV_B(i)], out);
    } else if (op == RV_OP_ADDI) {
        fprintf(out, "\t; %d", RV_sC(i));
    } else if (op >= RV_OP_TEQI && op <= RV_OP_TGEI) {
        fprintf(out, "\t; %d", RV_sB(i));
    } else if (op == RV_OP_GETGLOBAL || op == RV_OP_SETGLOBAL) {
        if (RV_BX(i) < vm->nglobals && vm->global_names[RV_BX(i)])
            fprintf(out, "\t; %s", vm->global_names[RV_BX(i)]->data);
    } else if (op == RV_OP_CLOSURE && RV_BX(i) < p->nprotos) {
        const RvProto *c = p->protos[RV_BX(i)];
        fprintf(out, "\t; %s", c->name ? c->name->data : "?");
    }
    if (fl & RV_OPF_JUMP) {
        int off = rv_op_fmt[op] == RV_FMT_SJ ? RV_sJ(i) : RV_sBX(i);
        fprintf(out, "\t; to %" PRId64, (int64_t)pc + 1 + off);
    }
}

/* Operands that index the VM's builtin and symbol tables are shown by name,
 * so listings do not change when the stdlib grows. True if handled. */
static bool show_named(RvVM *vm, const RvProto *p, uint32_t pc, FILE *out)
{
    RvInsn i = p->code[pc];
    RvOpcode op = RV_OP(i);
    if (op == RV_OP_GETBUILTIN && RV_BX(i) < vm->nbuiltins) {
        fprintf(out, "%u %s", RV_A(i), vm->builtins[RV_BX(i)]->name);
        return true;
    }
    if (op != RV_OP_EXTRAARG || pc == 0)
        return false;
    uint32_t ax = RV_AX(i);
    if (RV_OP(p->code[pc - 1]) == RV_OP_CALLB) {
        if (ax >= vm->nbuiltins)
            return false;
        fprintf(out, "%s", vm->builtins[ax]->name);
        return true;
    }
    if (ax >= vm->syms.n)
        return false;
    fprintf(out, ".%s", vm->syms.strs[ax]->data);
    return true;
}

static void disasm_one(RvVM *vm, const RvProto *p, FILE *out)
{
    fprintf(out, "function %s (%u params, %u required, %u registers, %u upvalues, %u constants)\n",
            p->name ? p->name->data : "?", p->nparams, p->nrequired, p->maxregs,
            p->nupvals, p->nk);
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        RvInsn i = p->code[pc];
        RvOpcode op = RV_OP(i);
        fprintf(out, "  %4u  [%3u]  %-10s ", pc, p->lines ? p->lines[pc] : 0,
                op < RV_OP__COUNT ? rv_op_names[op] : "???");
        if (op < RV_OP__COUNT && !show_named(vm, p, pc, out)) {
            show_operands(i, out);
            show_comment(vm, p, pc, out);
        }
        fputc('\n', out);
    }
    for (uint32_t u = 0; u < p->nupvals; u++)
        fprintf(out, "  upvalue %u: %s %u\n", u, p->upvals[u].instack ? "register" : "upvalue",
                p->upvals[u].idx);
}

/* Listing of p and, after it, of every nested proto (depth first). */
void rv_disasm(RvVM *vm, const RvProto *p, FILE *out)
{
    disasm_one(vm, p, out);
    for (uint32_t c = 0; c < p->nprotos; c++) {
        fputc('\n', out);
        rv_disasm(vm, p->protos[c], out);
    }
}
