# runtime/: the ruchy-vm command (and, later, the Lambda bootstrap)
noinst_LIBRARIES += runtime/librt.a
runtime_librt_a_SOURCES = %reldir%/rt.h %reldir%/rt_cli.c \
	%reldir%/rt_http.h %reldir%/rt_http.c %reldir%/rt_api.h %reldir%/rt_api.c

bin_PROGRAMS += ruchy-vm
ruchy_vm_SOURCES = %reldir%/rt_main_vm.c
ruchy_vm_LDADD = $(RV_LIBS)
