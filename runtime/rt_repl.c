/* rt_repl.c — `ruchy-vm repl`: an interactive read-eval-print loop.
 *
 * Each entry is compiled in REPL mode (rc_compile_ex with RC_OPT_REPL): its
 * top-level names become globals, so later entries see them, and the value
 * of each top-level expression statement goes to __repl_print, which shows
 * it in display form with strings quoted (nil is not shown). An entry with
 * unclosed brackets, strings or block comments continues on the next line.
 * Errors are reported and the loop goes on. When stdin is not a terminal the
 * whole input is one entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rc.h"
#include "rs.h"
#include "rt.h"
#include "rt_lineedit.h"
#include "rv.h"

#define PROMPT      ">> "
#define PROMPT_MORE ".. "

/* __repl_print(v): show a top-level expression's value. */
static RvValue repl_print(RvVM *vm, int argc, RvValue *argv)
{
    (void)argc;
    if (RV_IS_NIL(argv[0]))
        return RV_NIL;
    RvBuf b;
    rv_buf_init(&b, vm);
    rv_show(vm, &b, argv[0], RV_SHOW_REPR);
    rv_buf_addc(&b, '\n');
    rv_write(vm, b.p, b.len);
    return RV_NIL;
}

/* Skip a "..." string starting after its opening quote; returns the
 * position after the closing quote, or NULL if it is unterminated. */
static const char *skip_string(const char *p)
{
    for (; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* Does src end inside brackets, a string or a block comment? */
static bool needs_more(const char *src)
{
    int depth = 0, comment = 0;
    for (const char *p = src; *p; p++) {
        if (comment) {
            if (p[0] == '*' && p[1] == '/') { comment--; p++; }
            else if (p[0] == '/' && p[1] == '*') { comment++; p++; }
        } else if (p[0] == '/' && p[1] == '*') {
            comment++;
            p++;
        } else if ((p[0] == '/' && p[1] == '/') || (p[0] == '#' && p[1] != '[')) {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (*p == '"') {
            p = skip_string(p + 1);
            if (!p)
                return true;
            p--;
        } else if (*p == '(' || *p == '[' || *p == '{') {
            depth++;
        } else if (*p == ')' || *p == ']' || *p == '}') {
            depth--;
        }
    }
    return depth > 0 || comment > 0;
}

/* Compile and run one entry. Returns an RT_EXIT_* code. */
static int eval(RvVM *vm, const char *name, const char *src)
{
    RcDiags d;
    rc_diags_init(&d, name, src);
    RvProto *chunk = rc_compile_ex(vm, name, src, strlen(src), &d, RC_OPT_REPL);
    int rc = RT_EXIT_OK;
    if (!chunk) {
        rv_flush(vm);
        rc_diags_print(&d, stderr);
        rc = RT_EXIT_COMPILE;
    } else {
        RvValue err;
        if (rv_run_main(vm, chunk, &err)) {
            rv_flush(vm);
            rv_error_print(vm, err, stderr);
            rc = RT_EXIT_RUNTIME;
        }
    }
    rc_diags_free(&d);
    rv_flush(vm);
    return rc;
}

/* Not a terminal: the whole input is one entry. */
static int repl_batch(RvVM *vm)
{
    size_t len;
    char *src = rt_read_file("/dev/stdin", &len);
    if (!src) {
        perror("ruchy-vm repl: stdin");
        return RT_EXIT_USAGE;
    }
    int rc = eval(vm, "<stdin>", src);
    free(src);
    return rc;
}

/* Append line (and a newline) to the entry being collected. */
static char *append_line(char *entry, const char *line)
{
    size_t a = entry ? strlen(entry) : 0, b = strlen(line);
    char *s = realloc(entry, a + b + 2);
    if (!s) {
        free(entry);
        return NULL;
    }
    memcpy(s + a, line, b);
    s[a + b] = '\n';
    s[a + b + 1] = 0;
    return s;
}

static int repl_tty(RvVM *vm)
{
    RtLineEd ed;
    rt_le_init(&ed);
    printf("ruchy-vm %s REPL. Enter expressions; :quit or Ctrl-D to leave.\n", RV_VERSION);
    fflush(stdout);
    char *entry = NULL;
    for (;;) {
        int intr;
        char *line = rt_le_readline(&ed, entry ? PROMPT_MORE : PROMPT, &intr);
        if (!line)
            break;
        if (intr || (!entry && strcmp(line, ":quit") == 0)) {
            bool quit = !intr;
            free(line);
            free(entry);
            entry = NULL;
            if (quit)
                break;
            continue;
        }
        bool blank = !line[strspn(line, " \t")];
        entry = append_line(entry, line);
        free(line);
        if (!entry)
            break;
        if (needs_more(entry) && !blank)
            continue;
        eval(vm, "<repl>", entry);
        free(entry);
        entry = NULL;
    }
    free(entry);
    rt_le_free(&ed);
    return RT_EXIT_OK;
}

/* `ruchy-vm repl`. Returns the exit code. */
int rt_repl_main(void)
{
    rv_set_stdlib_init(rs_register_all);
    RvVM *vm = rv_vm_new();
    rv_register_builtin(vm, "__repl_print", repl_print, 1, 1);
    int rc = isatty(STDIN_FILENO) ? repl_tty(vm) : repl_batch(vm);
    rv_vm_free(vm);
    return rc;
}
