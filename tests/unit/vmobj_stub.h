/* vmobj_stub.h — test-only scaffolding for the value/object unit tests:
 * a minimal VM built from the object layer's init functions and an
 * rv_throw that longjmps back into the test. The real VM (rv_vm.c,
 * rv_error.c) replaces this outside these tests.
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

/* Run stmt; set threw (bool lvalue) to whether it called rv_throw. */
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
