/* rt_cli.c — the ruchy-vm command: run, check, disasm, invoke, serve,
 * --help, --version (invoke and serve live in rt_local.c / rt_serve.c).
 *
 * Exit codes are the RT_EXIT_* values of rt.h; every failure prints a
 * message on stderr that names the file and, for code, the line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rc.h"
#include "rs.h"
#include "rt.h"
#include "rt_lambda.h"
#include "rv.h"
#include "rv_proto.h"

static const char usage[] =
    "usage: ruchy-vm COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  run FILE       run FILE's top level, then main() if it is defined\n"
    "  check FILE     compile FILE and report every error; run nothing\n"
    "  disasm FILE    print the bytecode of FILE\n"
    "  invoke FILE[.FUNC] [--event JSON|@FILE|-]\n"
    "                 run a Lambda handler once (FUNC defaults to handler);\n"
    "                 response JSON on stdout, error JSON and exit 1 on error\n"
    "  serve FILE[.FUNC] [--port N] [--watch] [--max-requests N]\n"
    "                 local endpoint for POST /2015-03-31/functions/function/invocations\n"
    "                 on 127.0.0.1 (--watch reloads the file when it changes)\n"
    "  repl           interactive session (reads all of stdin when it is not a terminal)\n"
    "  --help         show this help\n"
    "  --version      show the version\n"
    "\n"
    "exit status: 0 success, 1 runtime error, 2 compile error, 64 usage error\n";

/* Read a whole file; NULL with errno set on failure. */
char *rt_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    /* The buffer grows as it reads (no fstat: it would add fstatat to the
     * static bootstrap); most handlers fit the first 16 KB. */
    size_t cap = 16384, n = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        if (n == cap) {
            char *nb = cap < SIZE_MAX / 4 ? realloc(buf, cap * 2 + 1) : NULL;
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got > 0) {
            n += (size_t)got;
        } else if (got == 0) {
            break;
        } else if (errno != EINTR) {
            int e = errno;
            free(buf);
            buf = NULL;
            errno = e;
        }
    }
    int e = errno;
    close(fd);
    if (buf == NULL) {
        errno = e;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Display name for diagnostics and tracebacks: the path as given. */
typedef struct {
    const char *path;
    char *src;
    size_t len;
    RvVM *vm;
    RvProto *chunk;
} Loaded;

/* Read and compile path. Returns 0, or the exit code to use. */
static int load(Loaded *L, const char *path)
{
    L->path = path;
    L->src = rt_read_file(path, &L->len);
    if (!L->src) {
        fprintf(stderr, "ruchy-vm: cannot read '%s': %s\n", path, strerror(errno));
        return RT_EXIT_USAGE;
    }
    rv_set_stdlib_init(rt_stdlib_init);
    L->vm = rv_vm_new();
    RcDiags d;
    rc_diags_init(&d, path, L->src);
    L->chunk = rc_compile(L->vm, path, L->src, L->len, &d);
    int rc = RT_EXIT_OK;
    if (!L->chunk || d.n > 0) {
        rc_diags_print(&d, stderr);
        fprintf(stderr, "%d error%s\n", d.n, d.n == 1 ? "" : "s");
        rc = RT_EXIT_COMPILE;
    }
    rc_diags_free(&d);
    return rc;
}

static void unload(Loaded *L)
{
    rv_vm_free(L->vm);
    free(L->src);
}

static int report(RvVM *vm, RvValue err)
{
    rv_flush(vm);
    rv_error_print(vm, err, stderr);
    return RT_EXIT_RUNTIME;
}

/* Consumer of main()'s invocation: report an error while it is alive. */
static void main_done(RvVM *vm, RvValue result, int is_error, void *ud)
{
    if (is_error)
        *(int *)ud = report(vm, result);
}

/* Top level (in the program heap), then main() as one invocation, so a
 * long-running main gets the invocation heap's collector. */
static int cmd_run(const char *path)
{
    Loaded L = { 0 };
    int rc = load(&L, path);
    if (rc == RT_EXIT_OK) {
        RvValue err, main_fn;
        if (rv_run_main(L.vm, L.chunk, &err)) {
            rc = report(L.vm, err);
        } else if (rv_global_get(L.vm, "main", &main_fn) && RV_IS_CALLABLE(main_fn)) {
            rv_invoke_begin(L.vm);
            rv_invoke(L.vm, main_fn, 0, NULL, main_done, &rc);
            rv_invoke_end(L.vm);
        }
        rv_flush(L.vm);
    }
    if (L.vm)
        unload(&L);
    else
        free(L.src);
    return rc;
}

static int cmd_check(const char *path)
{
    Loaded L = { 0 };
    int rc = load(&L, path);
    if (rc == RT_EXIT_OK) {
        const char *why = rv_verify(L.chunk);
        if (why) {
            fprintf(stderr, "%s: internal error: bad bytecode: %s\n", path, why);
            rc = RT_EXIT_COMPILE;
        }
    }
    if (L.vm)
        unload(&L);
    else
        free(L.src);
    return rc;
}

static int cmd_disasm(const char *path)
{
    Loaded L = { 0 };
    int rc = load(&L, path);
    if (rc == RT_EXIT_OK)
        rv_disasm(L.vm, L.chunk, stdout);
    if (L.vm)
        unload(&L);
    else
        free(L.src);
    return rc;
}

/* Entry point of ruchy-vm. */
int rt_cli_main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return RT_EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("ruchy-vm %s\n", RV_VERSION);
        return RT_EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[1], "repl") == 0)
        return rt_repl_main();
    if (argc >= 3 && strcmp(argv[1], "invoke") == 0)
        return rt_cmd_invoke(argc - 1, argv + 1);
    if (argc >= 3 && strcmp(argv[1], "serve") == 0)
        return rt_cmd_serve(argc - 1, argv + 1);
    if (argc == 3) {
        if (strcmp(argv[1], "run") == 0)
            return cmd_run(argv[2]);
        if (strcmp(argv[1], "check") == 0)
            return cmd_check(argv[2]);
        if (strcmp(argv[1], "disasm") == 0)
            return cmd_disasm(argv[2]);
    }
    fputs(usage, stderr);
    return RT_EXIT_USAGE;
}
