/* rc_diag.c — collect compiler errors and print them with a caret line.
 *
 * Messages are malloc-owned by the RcDiags. Recording never fails the
 * caller: when memory runs out or the limit is reached the error is dropped.
 * Printing sorts by position (stable), so the lexer, parser and later passes
 * may record in any order.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rc_diag.h"

enum { RC_DIAG_DEFAULT_LIMIT = 50 };

/* Initialise d with borrowed file name and source text. Allocates nothing. */
void rc_diags_init(RcDiags *d, const char *file, const char *src)
{
    memset(d, 0, sizeof *d);
    d->file = file;
    d->src = src;
    d->limit = RC_DIAG_DEFAULT_LIMIT;
}

/* Free every message and the array; d may be reused after rc_diags_init. */
void rc_diags_free(RcDiags *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

static int is_duplicate(const RcDiags *d, uint32_t line, uint32_t col,
                        const char *msg)
{
    for (int i = 0; i < d->n; i++)
        if (d->v[i].line == line && d->v[i].col == col &&
            strcmp(d->v[i].msg, msg) == 0)
            return 1;
    return 0;
}

static int grow(RcDiags *d)
{
    if (d->n < d->cap)
        return 1;
    int cap = d->cap ? d->cap * 2 : 8;
    RcDiag *v = realloc(d->v, (size_t)cap * sizeof *v);
    if (v == NULL)
        return 0;
    d->v = v;
    d->cap = cap;
    return 1;
}

/* Record an error at line:col. Identical position+message pairs are kept
 * once; beyond d->limit errors nothing more is recorded. Never fails. */
void rc_diag_error(RcDiags *d, uint32_t line, uint32_t col, const char *fmt, ...)
{
    int limit = d->limit > 0 ? d->limit : RC_DIAG_DEFAULT_LIMIT;
    if (d->n >= limit)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (is_duplicate(d, line, col, buf) || !grow(d))
        return;
    char *msg = strdup(buf);
    if (msg == NULL)
        return;
    d->v[d->n].line = line;
    d->v[d->n].col = col;
    d->v[d->n].msg = msg;
    d->n++;
}

/* Start of 1-based line `line` in src, or NULL when src has fewer lines. */
static const char *line_start(const char *src, uint32_t line)
{
    const char *p = src;
    for (uint32_t l = 1; l < line; l++) {
        p = strchr(p, '\n');
        if (p == NULL)
            return NULL;
        p++;
    }
    return p;
}

static void print_source_line(const RcDiags *d, const RcDiag *g, FILE *out)
{
    if (d->src == NULL || g->line == 0)
        return;
    const char *s = line_start(d->src, g->line);
    if (s == NULL)
        return;
    size_t n = strcspn(s, "\n");
    if (n > 0 && s[n - 1] == '\r')
        n--;
    fprintf(out, "    %.*s\n    ", (int)n, s);
    for (uint32_t i = 0; i + 1 < g->col && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 && c < 0xC0)
            continue; /* UTF-8 continuation: one column per character */
        fputc(c == '\t' ? '\t' : ' ', out);
    }
    for (uint32_t i = (uint32_t)n; i + 1 < g->col && i < 4096; i++)
        fputc(' ', out);
    fputs("^\n", out);
}

/* Print every diagnostic sorted by (line, col), recording order breaking
 * ties, each followed by its source line and a caret under the column. */
void rc_diags_print(const RcDiags *d, FILE *out)
{
    if (d->n == 0)
        return;
    int *order = malloc((size_t)d->n * sizeof *order);
    if (order == NULL)
        return;
    for (int i = 0; i < d->n; i++)
        order[i] = i;
    /* insertion sort: stable, and n is at most the limit */
    for (int i = 1; i < d->n; i++) {
        int k = order[i], j = i - 1;
        const RcDiag *x = &d->v[k];
        while (j >= 0 && (d->v[order[j]].line > x->line ||
                          (d->v[order[j]].line == x->line &&
                           d->v[order[j]].col > x->col))) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = k;
    }
    for (int i = 0; i < d->n; i++) {
        const RcDiag *g = &d->v[order[i]];
        fprintf(out, "%s:%u:%u: error: %s\n", d->file ? d->file : "<input>",
                g->line, g->col, g->msg);
        print_source_line(d, g, out);
    }
    free(order);
}
