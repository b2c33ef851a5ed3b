# stdlib/: builtins and methods shared by both backends (librs.a)
noinst_LIBRARIES += stdlib/librs.a
stdlib_librs_a_SOURCES = \
	%reldir%/rs.h %reldir%/rs_text.h \
	%reldir%/rs_register.c %reldir%/rs_core.c %reldir%/rs_math.c %reldir%/rs_string.c \
	%reldir%/rs_array.c %reldir%/rs_iter.c %reldir%/rs_map.c %reldir%/rs_option.c \
	%reldir%/rs_json.c %reldir%/rs_text.c %reldir%/rs_strext.c %reldir%/rs_seq.c \
	%reldir%/rs_encode.c %reldir%/rs_crypto.c %reldir%/rs_sys.c
EXTRA_DIST += %reldir%/rs_builtins.def %reldir%/rs_methods.def

# rs_names.h: the natives' names blob, each distinct name once, generated
# from the .def files (rs_register.c includes it; see scripts/native-names.awk).
nodist_stdlib_librs_a_SOURCES = %reldir%/rs_names.h
BUILT_SOURCES += %reldir%/rs_names.h
CLEANFILES += %reldir%/rs_names.h
EXTRA_DIST += scripts/native-names.awk
%reldir%/rs_register.$(OBJEXT): %reldir%/rs_names.h
%reldir%/rs_names.h: %reldir%/rs_builtins.def %reldir%/rs_methods.def scripts/native-names.awk
	$(AM_V_GEN)$(MKDIR_P) %reldir% && \
	  $(AWK) -f $(srcdir)/scripts/native-names.awk $(srcdir)/%reldir%/rs_builtins.def \
	    $(srcdir)/%reldir%/rs_methods.def >$@.tmp && mv $@.tmp $@ || \
	  { rm -f $@.tmp; exit 1; }
