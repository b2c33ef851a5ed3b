# bench/: workloads in Ruchy, Lua and Python and the side-by-side runner.
EXTRA_DIST += %reldir%/run %reldir%/fib.ruchy %reldir%/fib.lua %reldir%/fib.py \
	%reldir%/loop.ruchy %reldir%/loop.lua %reldir%/loop.py

# Per-invocation arena costs (issue 3): built only for `make bench`.
EXTRA_PROGRAMS += bench/arena_bench
bench_arena_bench_SOURCES = bench/arena_bench.c
bench_arena_bench_LDADD = $(RV_LIBS)
CLEANFILES += bench/arena_bench

bench: ruchy-vm bench/arena_bench
	$(SHELL) $(srcdir)/bench/run --vm $(abs_builddir)/ruchy-vm
	bench/arena_bench
	$(MAKE) $(AM_MAKEFLAGS) bench-coldstart
.PHONY: bench

# Lambda cold start and warm throughput (issue 4): the static bootstrap of
# `make lambda-zip` against a minimal static C echo bootstrap and the shell +
# curl one (bench/coldstart/run). Skipped, with a note, without musl-gcc.
EXTRA_DIST += %reldir%/coldstart/run %reldir%/coldstart/bootstrap.sh \
	%reldir%/coldstart/echo_bootstrap.c %reldir%/coldstart/coldstart_probe.c
bench-coldstart: tests/lambda/mock_api
	@if command -v musl-gcc >/dev/null; then \
	  $(MAKE) $(AM_MAKEFLAGS) lambda-zip && \
	  $(SHELL) $(srcdir)/bench/coldstart/run --zip dist/function.zip \
	    --mock tests/lambda/mock_api; \
	else echo "bench-coldstart: skipped (musl-gcc not installed: apt-get install musl-tools)"; fi
.PHONY: bench-coldstart
