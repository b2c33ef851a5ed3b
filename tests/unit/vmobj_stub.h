/* vmobj_stub.h — test-only scaffolding for the value/object unit tests:
 * a minimal VM built from the object layer's init functions and an
 * rv_throw that longjmps back into the test. Compiled with -DVMOBJ_REAL_VM
 * the same API runs on the real VM instead (rv_vm_new, rv_throw of
 * rv_error.c), so the tests can link against librv.
 */
#ifndef VMOBJ_STUB_H
#define VMOBJ_STUB_H

#include <setjmp.h>
#include <stdbool.h>
#include "rv_vm.h"

extern jmp_buf *stub_jb;          /* where rv_throw jumps; NULL = abort */
extern int stub_kind;             /* RvErrKind of the last throw */
extern char stub_msg[1024];       /* message of the last throw */

RvVM *stub_vm_new(void);
void stub_vm_free(RvVM *vm);

/* Struct type `name` with nf fields named by names[] (program heap). */
RvType *stub_struct_type(RvVM *vm, const char *name, uint32_t nf, const char *const *names);
/* Struct instance of t with field values f[0..t->nfields). */
RvValue stub_struct_new(RvVM *vm, RvType *t, const RvValue *f);
/* Enum type with nv variants: names[i], arity[i]; fields[i] NULL or the
 * field names of a struct-like variant. */
RvType *stub_enum_type(RvVM *vm, const char *name, uint32_t nv, const char *const *names,
                       const uint32_t *arity, const char *const *const *fields);

extern RvVM *stub_vm;              /* the VM stub_vm_new made last */
/* Copy the kind and message of the error in flight into stub_kind/msg. */
void stub_catch(RvVM *vm);

/* Run stmt; set threw (bool lvalue) to whether it called rv_throw. */
#ifdef VMOBJ_REAL_VM
/* Against the real VM (rv_vm.c, rv_error.c): a protected boundary as in
 * rv_pcall. */
#define STUB_TRY(threw, stmt) do {                          \
        RvJmp stub_j_;                                      \
        stub_j_.prev = stub_vm->jmp;                        \
        stub_j_.nframes = stub_vm->nframes;                 \
        stub_j_.reentry = stub_vm->reentry;                 \
        stub_j_.top = stub_vm->stack;                       \
        stub_vm->jmp = &stub_j_;                            \
        if (setjmp(stub_j_.jb) == 0) {                      \
            stmt;                                           \
            stub_vm->jmp = stub_j_.prev;                    \
            (threw) = false;                                \
        } else {                                            \
            stub_vm->jmp = stub_j_.prev;                    \
            stub_catch(stub_vm);                            \
            (threw) = true;                                 \
        }                                                   \
    } while (0)
#else
#define STUB_TRY(threw, stmt) do {                          \
        jmp_buf stub_jb_;                                   \
        jmp_buf *stub_prev_ = stub_jb;                      \
        stub_jb = &stub_jb_;                                \
        if (setjmp(stub_jb_) == 0) {                        \
            stmt;                                           \
            stub_jb = stub_prev_;                           \
            (threw) = false;                                \
        } else {                                            \
            stub_jb = stub_prev_;                           \
            (threw) = true;                                 \
        }                                                   \
    } while (0)
#endif

#endif
