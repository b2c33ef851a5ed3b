# vm/: values, heaps, bytecode, the dispatch loop (librv.a)
noinst_LIBRARIES += vm/librv.a
vm_librv_a_SOURCES = \
	%reldir%/rv.h %reldir%/rv_value.h %reldir%/rv_object.h %reldir%/rv_heap.h \
	%reldir%/rv_vm.h %reldir%/rv_insn.h %reldir%/rv_proto.h %reldir%/rv_ops.h \
	%reldir%/rv_insn.c %reldir%/rv_proto.c %reldir%/rv_verify.c \
	%reldir%/rv_vm.c %reldir%/rv_call.c %reldir%/rv_error.c \
	%reldir%/rv_exec.c %reldir%/rv_ops.c %reldir%/rv_access.c \
	%reldir%/rv_heap.c %reldir%/rv_bump.c %reldir%/rv_string.c %reldir%/rv_array.c %reldir%/rv_map.c \
	%reldir%/rv_value.c %reldir%/rv_show.c %reldir%/rv_format.c %reldir%/rv_registry.c \
	%reldir%/rv_mem.h %reldir%/rv_remember.c %reldir%/rv_evacuate.c %reldir%/rv_gc.c \
	%reldir%/rv_invoke.c %reldir%/rv_walk.c \
	%reldir%/rv_types.h %reldir%/rv_types.c %reldir%/rv_try.c
EXTRA_DIST += %reldir%/rv_opcodes.def
