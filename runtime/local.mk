# runtime/: the ruchy-vm command and the Lambda bootstrap
noinst_LIBRARIES += runtime/librt.a
runtime_librt_a_SOURCES = %reldir%/rt.h %reldir%/rt_cli.c \
	%reldir%/rt_http.h %reldir%/rt_http.c %reldir%/rt_api.h %reldir%/rt_api.c \
	%reldir%/rt_lambda.h %reldir%/rt_handler.c %reldir%/rt_convert.c \
	%reldir%/rt_invoke.c %reldir%/rt_log.c %reldir%/rt_loop.c %reldir%/rt_local.c \
	%reldir%/rt_serve.c \
	%reldir%/rt_repl.c %reldir%/rt_lineedit.h %reldir%/rt_lineedit.c

bin_PROGRAMS += ruchy-vm
ruchy_vm_SOURCES = %reldir%/rt_main_vm.c
ruchy_vm_LDADD = $(RV_LIBS)

# The AWS Lambda custom runtime executable (provided.al2023).
bin_PROGRAMS += bootstrap
bootstrap_SOURCES = %reldir%/rt_main_bootstrap.c
bootstrap_LDADD = $(RV_LIBS)
EXTRA_DIST += handlers/echo.ruchy handlers/fibonacci.ruchy handlers/errors.ruchy \
	handlers/context.ruchy handlers/compat_legacy.ruchy \
	handlers/compat_handle_request.ruchy handlers/compat_main.ruchy \
	handlers/router.ruchy handlers/transform.ruchy handlers/webhook.ruchy \
	handlers/template.yaml
