# bench/: workloads in Ruchy, Lua and Python and the side-by-side runner.
EXTRA_DIST += %reldir%/run %reldir%/fib.ruchy %reldir%/fib.lua %reldir%/fib.py \
	%reldir%/loop.ruchy %reldir%/loop.lua %reldir%/loop.py

# Per-invocation arena costs (issue 3): built only for `make bench`.
EXTRA_PROGRAMS += bench/arena_bench
bench_arena_bench_SOURCES = bench/arena_bench.c
bench_arena_bench_LDADD = $(RV_LIBS)
CLEANFILES += bench/arena_bench

# bench-coldstart builds `make lambda-zip`, whose static -Oz ruchy-vm (the
# bootstrap's VM) bench/run then times beside this build's.
bench: ruchy-vm bench/arena_bench
	bench/arena_bench
	$(MAKE) $(AM_MAKEFLAGS) bench-coldstart
	$(SHELL) $(srcdir)/bench/run --vm $(abs_builddir)/ruchy-vm \
	  --peer 'static -Oz switch'=$(abs_builddir)/lambda/build/ruchy-vm
.PHONY: bench

# Lambda cold start and warm throughput (issue 4): the static bootstrap of
# `make lambda-zip` against a minimal static C echo bootstrap and the shell +
# curl one (bench/coldstart/run). The C echo is built with the same musl
# (lambda/deps/musl, from scripts/static-deps).
EXTRA_DIST += %reldir%/coldstart/run %reldir%/coldstart/bootstrap.sh \
	%reldir%/coldstart/echo_bootstrap.c %reldir%/coldstart/coldstart_probe.c
bench-coldstart: tests/lambda/mock_api
	$(MAKE) $(AM_MAKEFLAGS) lambda-zip
	$(SHELL) $(srcdir)/bench/coldstart/run --zip dist/function.zip \
	  --mock tests/lambda/mock_api
.PHONY: bench-coldstart
