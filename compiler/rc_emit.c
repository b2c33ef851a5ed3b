/* rc_emit.c — the only writer of instruction words: code buffer with line
 * info, labels and jump patching, the constant pool, the register allocator,
 * and the final copy of a function into an RvProto in the program heap.
 */
#include <assert.h>
#include <string.h>
#include "rc_emit.h"

/* Grow an arena vector to hold at least n+1 elements. */
void *rc_vec_grow(RcArena *ar, void *v, int n, int *cap, size_t esz)
{
    if (n < *cap)
        return v;
    int ncap = *cap ? *cap * 2 : 8;
    while (ncap <= n)
        ncap *= 2;
    void *nv = rc_arena_alloc(ar, (size_t)ncap * esz);
    if (v && *cap)
        memcpy(nv, v, (size_t)*cap * esz);
    *cap = ncap;
    return nv;
}

#define GROW(fn, vec, n, cap) \
    ((vec) = rc_vec_grow((fn)->cc->ar, (vec), (n), &(cap), sizeof *(vec)))

/* Set up an empty function state; parent NULL for the chunk. */
void rc_fn_init(RcFn *fn, RcCompiler *cc, RcFn *parent, int info_idx)
{
    memset(fn, 0, sizeof *fn);
    fn->cc = cc;
    fn->parent = parent;
    fn->info_idx = info_idx;
    fn->info = &cc->fns[info_idx];
    int n = fn->info->nlocals > 0 ? fn->info->nlocals : 1;
    fn->local_reg = rc_arena_alloc(cc->ar, (size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        fn->local_reg[i] = -1;
    fn->line = fn->info->node ? fn->info->node->line : 1;
    fn->last_label_pc = -1;
}

/* ------------------------------------------------------------ words --- */

static void too_large(RcFn *fn)
{
    if (!fn->size_error)
        rc_diag_error(fn->cc->d, fn->line, 1, "function too large");
    fn->size_error = true;
}

static int emit(RcFn *fn, RvInsn i)
{
    if (fn->ncode >= fn->capcode) {
        int cap = fn->capcode;
        fn->code = rc_vec_grow(fn->cc->ar, fn->code, fn->ncode, &cap, sizeof(RvInsn));
        cap = fn->capcode;
        fn->lines = rc_vec_grow(fn->cc->ar, fn->lines, fn->ncode, &cap, sizeof(uint32_t));
        fn->capcode = cap;
    }
    fn->code[fn->ncode] = i;
    fn->lines[fn->ncode] = fn->line;
    return fn->ncode++;
}

/* Operands are masked so that a reported overflow never corrupts memory;
 * the diagnostic already makes the proto unusable. */
int rc_emit_abc(RcFn *fn, RvOpcode op, int a, int b, int c)
{
    assert(rv_op_fmt[op] == RV_FMT_ABC);
    return emit(fn, RV_ENC_ABC(op, a & 0xff, b & 0xff, c & 0xff));
}

/* Append op A Bx (Bx out of range: "function too large"). Returns its pc. */
int rc_emit_abx(RcFn *fn, RvOpcode op, int a, int bx)
{
    assert(rv_op_fmt[op] == RV_FMT_ABX);
    if (bx < 0 || bx > RV_MAXARG_BX)
        too_large(fn);
    return emit(fn, RV_ENC_ABX(op, a & 0xff, bx & 0xffff));
}

/* Append op A sBx (a non-jump signed operand, e.g. LOADI). Returns its pc. */
int rc_emit_asbx(RcFn *fn, RvOpcode op, int a, int sbx)
{
    assert(rv_op_fmt[op] == RV_FMT_ASBX);
    return emit(fn, RV_ENC_ASBX(op, a & 0xff, sbx));
}

/* Append op A B C and its EXTRAARG word ax. Returns the pc of op. */
int rc_emit_extra(RcFn *fn, RvOpcode op, int a, int b, int c, uint32_t ax)
{
    int pc = rc_emit_abc(fn, op, a, b, c);
    if (ax > RV_MAXARG_AX)
        too_large(fn);
    emit(fn, RV_ENC_AX(RV_OP_EXTRAARG, ax & RV_MAXARG_AX));
    return pc;
}

/* True when v fits a signed byte operand (sB/sC: -127..128). */
bool rc_fits_sbyte(int64_t v)
{
    return v >= -RV_OFFSET_SBYTE && v <= 255 - RV_OFFSET_SBYTE;
}

/* Encoding of the signed byte operand v. */
int rc_sbyte(int v)
{
    return v + RV_OFFSET_SBYTE;
}

/* ----------------------------------------------------------- labels --- */

/* A new unplaced label (compile arena). */
int rc_label_new(RcFn *fn)
{
    GROW(fn, fn->label_pos, fn->nlabels, fn->caplabels);
    fn->label_pos[fn->nlabels] = -1;
    return fn->nlabels++;
}

/* Place label at the next instruction; each label is placed once. */
void rc_label_place(RcFn *fn, int label)
{
    assert(fn->label_pos[label] < 0);
    fn->label_pos[label] = fn->ncode;
    fn->last_label_pc = fn->ncode;
}

/* The previous instruction never falls through and no label points here. */
bool rc_unreachable(const RcFn *fn)
{
    if (fn->ncode == 0 || fn->last_label_pc == fn->ncode)
        return false;
    RvOpcode op = RV_OP(fn->code[fn->ncode - 1]);
    if (op == RV_OP_JMP && fn->ncode >= 2 &&
        (rv_op_flags[RV_OP(fn->code[fn->ncode - 2])] & RV_OPF_TEST))
        return false;              /* the JMP of a test: conditional */
    switch (op) {
    case RV_OP_JMP: case RV_OP_RETURN: case RV_OP_RETNIL: case RV_OP_THROW:
    case RV_OP_NOMATCH:
        return true;
    default:
        return false;
    }
}

/* Append jump op (register a) to label; the offset is patched by rc_fn_finish. */
void rc_emit_jump(RcFn *fn, RvOpcode op, int a, int label)
{
    int pc = rv_op_fmt[op] == RV_FMT_SJ ? emit(fn, RV_ENC_SJ(op, 0))
                                        : emit(fn, RV_ENC_ASBX(op, a & 0xff, 0));
    GROW(fn, fn->fix, fn->nfix, fn->capfix);
    fn->fix[fn->nfix].pc = pc;
    fn->fix[fn->nfix].label = label;
    fn->nfix++;
}

/* A label whose code, appended after the body, is NOMATCH reg. */
int rc_stub_nomatch(RcFn *fn, int reg)
{
    GROW(fn, fn->stubs, fn->nstubs, fn->capstubs);
    int l = rc_label_new(fn);
    fn->stubs[fn->nstubs].label = l;
    fn->stubs[fn->nstubs].reg = reg;
    fn->nstubs++;
    return l;
}

/* Jump offsets are relative to the instruction after the jump. */
static void patch_jumps(RcFn *fn)
{
    for (int i = 0; i < fn->nfix; i++) {
        int pc = fn->fix[i].pc;
        int target = fn->label_pos[fn->fix[i].label];
        assert(target >= 0);
        int off = target - (pc + 1);
        RvInsn ins = fn->code[pc];
        RvOpcode op = RV_OP(ins);
        if (rv_op_fmt[op] == RV_FMT_SJ) {
            if (off < -RV_OFFSET_SJ || off > RV_MAXARG_AX - RV_OFFSET_SJ) {
                too_large(fn);
                off = 0;
            }
            fn->code[pc] = RV_ENC_SJ(op, off);
        } else {
            if (off < -RV_OFFSET_SBX || off > RV_MAXARG_BX - RV_OFFSET_SBX) {
                too_large(fn);
                off = 0;
            }
            fn->code[pc] = RV_ENC_ASBX(op, RV_A(ins), off);
        }
    }
}

/* -------------------------------------------------------- constants --- */

static bool same_const(RvValue a, RvValue b)
{
    if (a.tag != b.tag)
        return false;
    switch (a.tag) {
    case RV_T_NIL:   return true;
    case RV_T_BOOL:  return a.as.b == b.as.b;
    case RV_T_INT:   return a.as.i == b.as.i;
    case RV_T_FLOAT: return memcmp(&a.as.f, &b.as.f, sizeof(double)) == 0;
    default:         return a.as.o == b.as.o;   /* interned strings */
    }
}

/* Index of constant v in the pool (deduplicated; interned strings by
 * identity). Past 65536 constants: a diagnostic and index 0. */
int rc_k_value(RcFn *fn, RvValue v)
{
    for (int i = 0; i < fn->nk; i++)
        if (same_const(fn->k[i], v))
            return i;
    if (fn->nk > RV_MAXARG_BX) {
        if (!fn->k_error)
            rc_diag_error(fn->cc->d, fn->line, 1, "too many constants in function");
        fn->k_error = true;
        return 0;
    }
    GROW(fn, fn->k, fn->nk, fn->capk);
    fn->k[fn->nk] = v;
    return fn->nk++;
}

/* Integer constant index. */
int rc_k_int(RcFn *fn, int64_t v) { return rc_k_value(fn, RV_INT(v)); }
/* Float constant index (deduplicated by bit pattern). */
int rc_k_float(RcFn *fn, double v) { return rc_k_value(fn, RV_FLOAT(v)); }

/* String constant index; the string is interned in the program heap. */
int rc_k_str(RcFn *fn, const char *s, size_t n)
{
    return rc_k_value(fn, rv_intern(fn->cc->vm, s, n));
}

/* k when it fits an 8-bit operand, else -1. */
int rc_k_small(RcFn *fn, int k)
{
    (void)fn;
    return k <= RV_MAXARG_A ? k : -1;
}

/* R[reg] := K[k]. */
void rc_emit_loadk(RcFn *fn, int reg, int k)
{
    rc_emit_abx(fn, RV_OP_LOADK, reg, k);
}

/* -------------------------------------------------------- registers --- */

/* One new temporary on top of the register stack. */
int rc_reg_alloc(RcFn *fn)
{
    return rc_reg_alloc_n(fn, 1);
}

/* n consecutive new registers; past RV_MAX_REGS a diagnostic "too many
 * registers" (once) and clamped bookkeeping. */
int rc_reg_alloc_n(RcFn *fn, int n)
{
    int r = fn->freereg;
    if (r + n > RV_MAX_REGS && !fn->reg_error) {
        rc_diag_error(fn->cc->d, fn->line, 1, "too many registers (expression or function too complex)");
        fn->reg_error = true;
    }
    if (r + n >= RC_REG_CAP)        /* keep bookkeeping in bounds after the error */
        r = RC_REG_CAP - n - 1;
    fn->freereg = r + n;
    for (int i = r; i < r + n; i++)
        fn->islocal[i] = 0;
    if (fn->freereg > fn->maxregs)
        fn->maxregs = fn->freereg;
    return r;
}

/* Free the top register r; asserts LIFO order and that r is no local. */
void rc_reg_free(RcFn *fn, int r)
{
    assert(fn->reg_error || r == fn->freereg - 1);
    assert(!fn->islocal[r]);
    fn->freereg = r;
}

/* True when r holds a live local variable. */
bool rc_reg_is_local(const RcFn *fn, int r)
{
    return r >= 0 && r < RC_REG_CAP && fn->islocal[r];
}

/* Free r when it is a temporary (no-op for locals and r < 0). */
void rc_reg_release(RcFn *fn, int r)
{
    if (r >= 0 && !rc_reg_is_local(fn, r))
        rc_reg_free(fn, r);
}

/* Drop every register >= r (end of a scope or of an operand list). */
void rc_reg_free_to(RcFn *fn, int r)
{
    assert(r <= fn->freereg);
    for (int i = r; i < fn->freereg && i < RC_REG_CAP; i++)
        fn->islocal[i] = 0;
    fn->freereg = r;
}

/* Resolver local id now lives in register reg (visible from here on). */
void rc_local_activate(RcFn *fn, int id, int reg)
{
    fn->local_reg[id] = reg;
    if (reg >= 0 && reg < RC_REG_CAP)
        fn->islocal[reg] = 1;
    GROW(fn, fn->active, fn->nactive, fn->capactive);
    fn->active[fn->nactive++] = id;
}

/* ------------------------------------------------------------ finish --- */

static void *copy_out(RcFn *fn, const void *src, size_t n)
{
    if (n == 0)
        return NULL;
    void *p = rv_alloc(fn->cc->vm, n);
    memcpy(p, src, n);
    return p;
}

/* Patch jumps, append the NOMATCH stubs, then copy code, lines, constants,
 * child protos and upvalue descriptors into a new proto (program heap). */
RvProto *rc_fn_finish(RcFn *fn, const char *name, uint32_t line)
{
    for (int i = 0; i < fn->nstubs; i++) {
        rc_label_place(fn, fn->stubs[i].label);
        rc_emit_abc(fn, RV_OP_NOMATCH, fn->stubs[i].reg, 0, 0);
    }
    if (fn->ncode == 0 || RV_OP(fn->code[fn->ncode - 1]) == RV_OP_NOMATCH)
        rc_emit_abc(fn, RV_OP_RETNIL, 0, 0, 0);   /* the verifier wants a return last */
    if (fn->maxregs < 1)
        fn->maxregs = 1;                          /* RETNIL names R[0] */
    patch_jumps(fn);
    RvVM *vm = fn->cc->vm;
    RvProto *p = rv_proto_new(vm, RV_AS_STR(rv_intern(vm, name, strlen(name))),
                              fn->cc->file);
    p->code = copy_out(fn, fn->code, (size_t)fn->ncode * sizeof(RvInsn));
    p->ncode = (uint32_t)fn->ncode;
    p->lines = copy_out(fn, fn->lines, (size_t)fn->ncode * sizeof(uint32_t));
    p->k = copy_out(fn, fn->k, (size_t)fn->nk * sizeof(RvValue));
    p->nk = (uint32_t)fn->nk;
    p->protos = copy_out(fn, fn->protos, (size_t)fn->nprotos * sizeof(RvProto *));
    p->nprotos = (uint32_t)fn->nprotos;
    p->upvals = copy_out(fn, fn->upvals, (size_t)fn->nupvals * sizeof(RvUpvalDesc));
    p->nupvals = (uint32_t)fn->nupvals;
    p->maxregs = (uint8_t)(fn->maxregs > RV_MAX_REGS ? RV_MAX_REGS : fn->maxregs);
    p->line = line;
    return p;
}
