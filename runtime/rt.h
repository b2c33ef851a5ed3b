/* rt.h — facade of the runtime: the ruchy-vm CLI (and, later, the Lambda
 * bootstrap) built on the compiler (rc.h) and the VM (rv.h).
 */
#ifndef RT_H
#define RT_H

#include <stddef.h>

/* Documented exit codes of ruchy-vm. */
enum {
    RT_EXIT_OK = 0,        /* success */
    RT_EXIT_RUNTIME = 1,   /* uncaught runtime error (message + traceback on stderr) */
    RT_EXIT_COMPILE = 2,   /* compile error(s) (file:line:col diagnostics on stderr) */
    RT_EXIT_USAGE = 64     /* bad command line, or the file cannot be read */
};

/* Read a whole file into a malloc'd NUL-terminated buffer (caller frees).
 * Returns NULL and sets errno on failure. */
char *rt_read_file(const char *path, size_t *len);

/* `ruchy-vm repl` (rt_repl.c): interactive on a terminal, otherwise the
 * whole of stdin as one entry. Returns the process exit code. */
int rt_repl_main(void);

/* The ruchy-vm command line. Returns the process exit code. */
int rt_cli_main(int argc, char **argv);

#endif
