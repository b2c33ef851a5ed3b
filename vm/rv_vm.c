/* rv_vm.c — VM lifecycle, globals and buffered output. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "rv_vm.h"

static RvStdlibInit stdlib_init;

/* Set the function rv_vm_new calls to register builtins and methods. */
void rv_set_stdlib_init(RvStdlibInit init)
{
    stdlib_init = init;
}

/* Reserve address space that is committed page by page as it is touched. */
static void *reserve(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fputs("ruchy: cannot reserve the VM stack\n", stderr);
        abort();
    }
    return p;
}

/* Create a VM. Aborts (with a message) only if the OS refuses the stack
 * reservation; nothing here can throw. */
RvVM *rv_vm_new(void)
{
    RvVM *vm = calloc(1, sizeof *vm);
    if (!vm)
        abort();
    vm->out = stdout;
    vm->stack = reserve(RV_STACK_SLOTS * sizeof(RvValue));
    vm->stack_end = vm->stack + RV_STACK_SLOTS;
    vm->frames = reserve(RV_MAX_FRAMES * sizeof(RvFrame));
    rv_heap_init(vm);
    vm->target = RV_HEAP_PROGRAM;
    rv_symtab_init(vm);
    rv_types_init(vm);
    if (stdlib_init)
        stdlib_init(vm);
    return vm;
}

/* Destroy the VM and all its heaps; flushes pending output first. */
void rv_vm_free(RvVM *vm)
{
    if (!vm)
        return;
    rv_flush(vm);
    munmap(vm->stack, RV_STACK_SLOTS * sizeof(RvValue));
    munmap(vm->frames, RV_MAX_FRAMES * sizeof(RvFrame));
    free(vm->outbuf);
    rv_registry_free(vm);
    rv_heap_free(vm);
    free(vm);
}

/* Grow the global table to at least n slots, in the program heap. */
void rv_globals_reserve(RvVM *vm, uint32_t n)
{
    if (n <= vm->globals_cap)
        return;
    uint32_t cap = vm->globals_cap ? vm->globals_cap : 64;
    while (cap < n)
        cap *= 2;
    RvHeapId old = rv_heap_target(vm, RV_HEAP_PROGRAM);
    RvValue *g = rv_alloc(vm, cap * sizeof(RvValue));
    RvStr **names = rv_alloc(vm, cap * sizeof(RvStr *));
    rv_heap_target(vm, old);
    if (vm->nglobals) {
        memcpy(g, vm->globals, vm->nglobals * sizeof(RvValue));
        memcpy(names, vm->global_names, vm->nglobals * sizeof(RvStr *));
    }
    vm->globals = g;
    vm->global_names = names;
    vm->globals_cap = cap;
}

/* Slot of global `name`, created holding nil when new. */
uint32_t rv_global_slot(RvVM *vm, const char *name, size_t n)
{
    for (uint32_t i = 0; i < vm->nglobals; i++) {
        RvStr *s = vm->global_names[i];
        if (s->len == n && memcmp(s->data, name, n) == 0)
            return i;
    }
    rv_globals_reserve(vm, vm->nglobals + 1);
    RvValue sym = rv_intern(vm, name, n);
    vm->global_names[vm->nglobals] = RV_AS_STR(sym);
    vm->globals[vm->nglobals] = RV_NIL;
    return vm->nglobals++;
}

uint32_t rv_global_count(RvVM *vm)
{
    return vm->nglobals;
}

/* Value of global `name`; false if no such global exists. */
bool rv_global_get(RvVM *vm, const char *name, RvValue *out)
{
    size_t n = strlen(name);
    for (uint32_t i = 0; i < vm->nglobals; i++) {
        RvStr *s = vm->global_names[i];
        if (s->len == n && memcmp(s->data, name, n) == 0) {
            *out = vm->globals[i];
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ output --- */

void rv_set_output(RvVM *vm, FILE *f)
{
    rv_flush(vm);
    vm->out = f;
}

/* Append to the output buffer (malloc-owned by the VM, outside the value
 * heaps, so it survives invocations); flush past 64 KiB. */
void rv_write(RvVM *vm, const char *s, size_t n)
{
    if (vm->outlen + n > vm->outcap) {
        size_t cap = vm->outcap ? vm->outcap : 8192;
        while (cap < vm->outlen + n)
            cap *= 2;
        char *p = realloc(vm->outbuf, cap);
        if (!p) {
            rv_flush(vm);
            fwrite(s, 1, n, vm->out);
            return;
        }
        vm->outbuf = p;
        vm->outcap = cap;
    }
    memcpy(vm->outbuf + vm->outlen, s, n);
    vm->outlen += n;
    if (vm->outlen >= 65536)
        rv_flush(vm);
}

void rv_flush(RvVM *vm)
{
    if (vm->outlen) {
        fwrite(vm->outbuf, 1, vm->outlen, vm->out);
        vm->outlen = 0;
    }
    fflush(vm->out);
}
