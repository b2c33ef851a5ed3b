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
.PHONY: bench
