/* vmobj_stub.c — test-only stand-ins for the VM lifecycle and rv_throw
 * (see vmobj_stub.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "vmobj_stub.h"

jmp_buf *stub_jb;
int stub_kind = -1;
char stub_msg[1024];
RvVM *stub_vm;

void stub_catch(RvVM *vm)
{
    RvValue e = vm->error;
    vm->error = RV_NIL;
    stub_kind = RV_IS_ERROR(e) ? RV_AS_ERROR(e)->ekind : -1;
    if (RV_IS_ERROR(e) && RV_AS_ERROR(e)->msg)
        snprintf(stub_msg, sizeof stub_msg, "%s", RV_AS_ERROR(e)->msg->data);
    else
        stub_msg[0] = '\0';
}

#ifdef VMOBJ_REAL_VM
RvVM *stub_vm_new(void)
{
    return stub_vm = rv_vm_new();
}

void stub_vm_free(RvVM *vm)
{
    rv_vm_free(vm);
    stub_vm = NULL;
}
#else
_Noreturn void rv_throw(RvVM *vm, RvErrKind kind, const char *fmt, ...)
{
    (void)vm;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(stub_msg, sizeof stub_msg, fmt, ap);
    va_end(ap);
    stub_kind = (int)kind;
    if (stub_jb)
        longjmp(*stub_jb, 1);
    fprintf(stderr, "uncaught rv_throw(%d): %s\n", (int)kind, stub_msg);
    abort();
}

RvVM *stub_vm_new(void)
{
    RvVM *vm = calloc(1, sizeof *vm);
    if (!vm)
        abort();
    rv_heap_init(vm);
    rv_symtab_init(vm);
    rv_types_init(vm);
    return stub_vm = vm;
}

void stub_vm_free(RvVM *vm)
{
    rv_heap_free(vm);
    free(vm);
    stub_vm = NULL;
}
#endif

static RvStr *sym(RvVM *vm, const char *s)
{
    return RV_AS_STR(rv_intern(vm, s, strlen(s)));
}

RvType *stub_struct_type(RvVM *vm, const char *name, uint32_t nf, const char *const *names)
{
    RvType *t = (RvType *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_TYPE, sizeof(RvType));
    t->name = sym(vm, name);
    t->nfields = nf;
    t->field_names = rv_alloc_in(vm, RV_HEAP_PROGRAM, (nf + 1) * sizeof(RvStr *));
    for (uint32_t i = 0; i < nf; i++)
        t->field_names[i] = sym(vm, names[i]);
    return t;
}

RvValue stub_struct_new(RvVM *vm, RvType *t, const RvValue *f)
{
    RvStruct *s = (RvStruct *)rv_obj_alloc(vm, RV_K_STRUCT,
                                           sizeof(RvStruct) + t->nfields * sizeof(RvValue));
    s->type = t;
    s->n = t->nfields;
    for (uint32_t i = 0; i < t->nfields; i++)
        s->f[i] = f[i];
    return RV_OBJ(s);
}

RvType *stub_enum_type(RvVM *vm, const char *name, uint32_t nv, const char *const *names,
                       const uint32_t *arity, const char *const *const *fields)
{
    RvType *t = (RvType *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_TYPE, sizeof(RvType));
    t->name = sym(vm, name);
    t->is_enum = 1;
    t->nvariants = nv;
    t->variants = rv_alloc_in(vm, RV_HEAP_PROGRAM, nv * sizeof(RvVariant));
    for (uint32_t i = 0; i < nv; i++) {
        t->variants[i].name = sym(vm, names[i]);
        t->variants[i].discr = i;
        t->variants[i].arity = arity[i];
        if (fields && fields[i]) {
            t->variants[i].fields = rv_alloc_in(vm, RV_HEAP_PROGRAM, arity[i] * sizeof(RvStr *));
            for (uint32_t j = 0; j < arity[i]; j++)
                t->variants[i].fields[j] = sym(vm, fields[i][j]);
        }
    }
    return t;
}
