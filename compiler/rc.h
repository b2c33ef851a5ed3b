/* rc.h — facade of the compiler: source text in, bytecode (or C) out.
 *
 * Pipeline: rc_lex (re2c) -> rc_parse (lemon, tree only) -> rc_resolve ->
 * rc_codegen. All compiler state lives in a compile arena that is freed
 * before rc_compile returns; the resulting protos live in the VM's program
 * heap.
 */
#ifndef RC_H
#define RC_H

#include <stddef.h>
#include <stdio.h>
#include "rc_ast.h"
#include "rc_diag.h"

struct RvVM;
struct RvProto;

/* Parse src (NUL-terminated, len bytes) into a PROGRAM node allocated in ar.
 * Syntax errors are recorded in d; the returned tree is always non-NULL but
 * must not be compiled when d->n > 0. Never throws, never aborts on bad input. */
RcAst *rc_parse(RcArena *ar, RcDiags *d, const char *src, size_t len);

/* Compile a whole file into the proto of its top-level chunk, allocated in
 * the VM's program heap. Returns NULL when any diagnostic was recorded in d
 * (all of them are recorded, not just the first). Never throws. */
struct RvProto *rc_compile(struct RvVM *vm, const char *file, const char *src,
                           size_t len, RcDiags *d);

/* Compile options for rc_compile_ex.
 * RC_OPT_GLOBALS: every top-level name is a global slot (handlers: the
 *   runtime finds `let handler = |e| ...` by name). Without it a top-level
 *   variable no function refers to stays a register of the chunk.
 * RC_OPT_REPL: RC_OPT_GLOBALS (so later entries see earlier names), and the
 *   value of each top-level expression statement is passed to the builtin
 *   `__repl_print`, which the caller must have registered. */
enum { RC_OPT_REPL = 1u << 0, RC_OPT_GLOBALS = 1u << 1 };

/* rc_compile with options (RC_OPT_*); same contract. */
struct RvProto *rc_compile_ex(struct RvVM *vm, const char *file, const char *src,
                              size_t len, RcDiags *d, unsigned opts);

#endif
