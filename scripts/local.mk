# scripts/: `make lambda-zip` — the static musl bootstrap and the Lambda zips
# in dist/ (see scripts/lambda-zip; its static build lives in lambda/).
EXTRA_DIST += %reldir%/lambda-zip %reldir%/static-deps %reldir%/elf-drop-sections \
              %reldir%/patches/mimalloc-fixed-options.patch

lambda-zip:
	MAKE='$(MAKE)' $(SHELL) $(srcdir)/scripts/lambda-zip \
	  --srcdir $(abs_top_srcdir) --builddir $(abs_builddir)
.PHONY: lambda-zip

# dist/ and the static build go with `make clean`; the Debian sources and
# static libraries in lambda/deps stay (no refetch) until `make distclean`.
clean-local: lambda-zip-clean
lambda-zip-clean:
	-rm -rf dist lambda/build
distclean-local:
	-rm -rf lambda
.PHONY: lambda-zip-clean
