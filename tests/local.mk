# tests/: Criterion unit tests (one binary per module), language programs
# with // expect: lines, golden disassembly.
# Test programs only when configured with tests (not under --disable-tests).
if TESTS_ENABLED

UNIT_TESTS = \
	tests/unit/test_lexer tests/unit/test_parser tests/unit/test_resolve \
	tests/unit/test_codegen tests/unit/test_value tests/unit/test_map \
	tests/unit/test_string tests/unit/test_show tests/unit/test_stdlib \
	tests/unit/test_stdlib2 \
	tests/unit/test_vm tests/unit/test_http tests/unit/test_types tests/unit/test_arena tests/unit/test_lambda \
	tests/unit/test_lineedit tests/unit/test_scan
check_PROGRAMS += $(UNIT_TESTS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
UNIT_LDADD = $(RV_LIBS) $(CRITERION_LIBS)
tests_unit_test_lexer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lexer_LDADD = $(UNIT_LDADD)
tests_unit_test_parser_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_parser_LDADD = $(UNIT_LDADD)
tests_unit_test_resolve_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_resolve_LDADD = $(UNIT_LDADD)
tests_unit_test_codegen_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_codegen_LDADD = $(UNIT_LDADD)
tests_unit_test_value_CFLAGS = $(UNIT_CFLAGS) -DVMOBJ_REAL_VM -I$(srcdir)/tests/unit
tests_unit_test_value_SOURCES = tests/unit/test_value.c tests/unit/vmobj_stub.c tests/unit/vmobj_stub.h
tests_unit_test_value_LDADD = $(UNIT_LDADD)
tests_unit_test_map_CFLAGS = $(UNIT_CFLAGS) -DVMOBJ_REAL_VM -I$(srcdir)/tests/unit
tests_unit_test_map_SOURCES = tests/unit/test_map.c tests/unit/vmobj_stub.c tests/unit/vmobj_stub.h
tests_unit_test_map_LDADD = $(UNIT_LDADD)
tests_unit_test_string_CFLAGS = $(UNIT_CFLAGS) -DVMOBJ_REAL_VM -I$(srcdir)/tests/unit
tests_unit_test_string_SOURCES = tests/unit/test_string.c tests/unit/vmobj_stub.c tests/unit/vmobj_stub.h
tests_unit_test_string_LDADD = $(UNIT_LDADD)
tests_unit_test_show_CFLAGS = $(UNIT_CFLAGS) -DVMOBJ_REAL_VM -I$(srcdir)/tests/unit
tests_unit_test_show_SOURCES = tests/unit/test_show.c tests/unit/vmobj_stub.c tests/unit/vmobj_stub.h
tests_unit_test_show_LDADD = $(UNIT_LDADD)
tests_unit_test_stdlib_CFLAGS = $(UNIT_CFLAGS) -I$(srcdir)/tests/unit
tests_unit_test_stdlib_SOURCES = tests/unit/test_stdlib.c tests/unit/stdlib_harness.h
tests_unit_test_stdlib_LDADD = $(UNIT_LDADD)
tests_unit_test_stdlib2_CFLAGS = $(UNIT_CFLAGS) -I$(srcdir)/tests/unit
tests_unit_test_stdlib2_SOURCES = tests/unit/test_stdlib2.c tests/unit/stdlib_harness.h
tests_unit_test_stdlib2_LDADD = $(UNIT_LDADD)
tests_unit_test_vm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vm_LDADD = $(UNIT_LDADD)
tests_unit_test_types_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_types_LDADD = $(UNIT_LDADD)
tests_unit_test_lineedit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lineedit_LDADD = $(UNIT_LDADD)
tests_unit_test_arena_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_arena_LDADD = $(UNIT_LDADD)
tests_unit_test_http_CFLAGS = $(UNIT_CFLAGS) -DMOCK_API_BIN='"$(abs_builddir)/tests/lambda/mock_api"' -I$(srcdir)/tests/unit
tests_unit_test_http_SOURCES = tests/unit/test_http.c tests/unit/net_helpers.c tests/unit/net_helpers.h
tests_unit_test_http_LDADD = $(UNIT_LDADD)
tests_unit_test_http_DEPENDENCIES = tests/lambda/mock_api $(RV_LIBS_DEPS)
tests_unit_test_lambda_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lambda_LDADD = $(UNIT_LDADD)
tests_unit_test_scan_CFLAGS = $(UNIT_CFLAGS) -I$(srcdir)/tests/unit
tests_unit_test_scan_SOURCES = tests/unit/test_scan.c tests/unit/net_helpers.c tests/unit/net_helpers.h
tests_unit_test_scan_LDADD = $(UNIT_LDADD)
TESTS += $(UNIT_TESTS)

# The strict mock Runtime API (127.0.0.1 only), used by the runtime tests.
check_PROGRAMS += tests/lambda/mock_api
tests_lambda_mock_api_SOURCES = tests/lambda/mock_api.c
tests_lambda_mock_api_LDADD = $(CJSON_LIBS)

# Every tests/lang/*.ruchy file is a test; every tests/golden/*.dis too
# (lists found by configure: LANG_TESTS, GOLDEN_TESTS, GOLDEN_INPUTS).
TESTS += @LANG_TESTS@ @GOLDEN_TESTS@ tests/cli/cli.sh tests/cli/verify-all.sh tests/cli/repl.sh \
	tests/cli/handlers-sync.sh tests/readme.sh
endif
TEST_EXTENSIONS = .ruchy .dis .sh
SH_LOG_COMPILER = $(SHELL)
RUCHY_LOG_COMPILER = $(SHELL) $(srcdir)/tests/lang/run-vm.sh
DIS_LOG_COMPILER = $(SHELL) $(srcdir)/tests/golden/run-golden.sh
AM_TESTS_ENVIRONMENT = RUCHY_VM=$(abs_builddir)/ruchy-vm; export RUCHY_VM; \
	LSAN_OPTIONS=suppressions=$(abs_srcdir)/tests/lsan.supp; export LSAN_OPTIONS;
EXTRA_DIST += tests/lsan.supp @LANG_TESTS@ @GOLDEN_TESTS@ @GOLDEN_INPUTS@ \
	tests/lang/run-vm.sh tests/golden/run-golden.sh tests/cli/cli.sh tests/cli/verify-all.sh tests/cli/repl.sh \
	tests/cli/handlers-sync.sh tests/readme.sh

# End-to-end Lambda tests: bootstrap and ruchy-vm invoke/serve against the
# strict mock (127.0.0.1 only, every process under timeout; need jq, curl).
LAMBDA_SH_TESTS = tests/lambda/handlers.sh tests/lambda/failures.sh \
	tests/lambda/logs.sh tests/lambda/local.sh
if TESTS_ENABLED
TESTS += $(LAMBDA_SH_TESTS)
endif
AM_TESTS_ENVIRONMENT += RUCHY_BOOTSTRAP=$(abs_builddir)/bootstrap; export RUCHY_BOOTSTRAP; \
	RUCHY_MOCK_API=$(abs_builddir)/tests/lambda/mock_api; export RUCHY_MOCK_API;
EXTRA_DIST += $(LAMBDA_SH_TESTS) tests/lambda/lib.sh

# The static `make lambda-zip` packages, unpacked into an empty directory and
# run with an empty environment against the mock (issue 4, packaging).
if TESTS_ENABLED
TESTS += tests/lambda/zip.sh
endif
EXTRA_DIST += tests/lambda/zip.sh
