# bench/: workloads in Ruchy, Lua and Python and the side-by-side runner.
EXTRA_DIST += %reldir%/run %reldir%/fib.ruchy %reldir%/fib.lua %reldir%/fib.py \
	%reldir%/loop.ruchy %reldir%/loop.lua %reldir%/loop.py

bench: ruchy-vm
	$(SHELL) $(srcdir)/bench/run --vm $(abs_builddir)/ruchy-vm
.PHONY: bench
