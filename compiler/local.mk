# compiler/: re2c lexer, lemon grammar, resolver, codegen (librc.a)
noinst_LIBRARIES += compiler/librc.a
compiler_librc_a_SOURCES = \
	%reldir%/rc.h %reldir%/rc_ast.h %reldir%/rc_diag.h %reldir%/rc_token.h \
	%reldir%/rc_parse.h %reldir%/rc_emit.h %reldir%/rc_resolve.h \
	%reldir%/rc_ast.c %reldir%/rc_diag.c %reldir%/rc_parse.c \
	%reldir%/rc_compile.c %reldir%/rc_resolve.c %reldir%/rc_resolve_decl.c \
	%reldir%/rc_fold.c %reldir%/rc_emit.c \
	%reldir%/rc_codegen.c %reldir%/rc_codegen_expr.c %reldir%/rc_codegen_pat.c \
	%reldir%/rc_codegen_decl.c %reldir%/rc_codegen_try.c \
	%reldir%/rc_toplevel.c %reldir%/rc_keywords.c
nodist_compiler_librc_a_SOURCES = \
	%reldir%/rc_grammar.c %reldir%/rc_grammar.h %reldir%/rc_lexer.c
BUILT_SOURCES += %reldir%/rc_grammar.c %reldir%/rc_grammar.h %reldir%/rc_lexer.c
CLEANFILES += %reldir%/rc_grammar.c %reldir%/rc_grammar.h %reldir%/rc_lexer.c \
	%reldir%/rc_grammar.out
EXTRA_DIST += %reldir%/rc_grammar.y %reldir%/rc_lexer.re %reldir%/rc_ast.def

# lemon writes .c and .h together; the header rides on the .c. A conflict
# makes lemon exit 1 after writing its outputs, so they are removed then.
%reldir%/rc_grammar.h: %reldir%/rc_grammar.c
%reldir%/rc_grammar.c: %reldir%/rc_grammar.y
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	  $(LEMON) -q -T$(LEMPAR) -d%reldir% $(srcdir)/%reldir%/rc_grammar.y || \
	  { rm -f %reldir%/rc_grammar.c %reldir%/rc_grammar.h; exit 1; }
%reldir%/rc_lexer.c: %reldir%/rc_lexer.re %reldir%/rc_grammar.h
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	  $(RE2C) -W --no-generation-date --no-version -o $@ $(srcdir)/%reldir%/rc_lexer.re
