# stdlib/: builtins and methods shared by both backends (librs.a)
noinst_LIBRARIES += stdlib/librs.a
stdlib_librs_a_SOURCES = \
	%reldir%/rs.h %reldir%/rs_text.h \
	%reldir%/rs_register.c %reldir%/rs_core.c %reldir%/rs_math.c %reldir%/rs_string.c \
	%reldir%/rs_array.c %reldir%/rs_iter.c %reldir%/rs_map.c %reldir%/rs_option.c \
	%reldir%/rs_json.c %reldir%/rs_text.c %reldir%/rs_strext.c %reldir%/rs_seq.c \
	%reldir%/rs_encode.c %reldir%/rs_crypto.c %reldir%/rs_sys.c
EXTRA_DIST += %reldir%/rs_builtins.def %reldir%/rs_methods.def
