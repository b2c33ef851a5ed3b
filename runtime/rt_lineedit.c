/* rt_lineedit.c — the REPL's line editor (see rt_lineedit.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "rt_lineedit.h"

enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_CSI_NUM };
#define HIST_MAX 500

void rt_le_init(RtLineEd *e)
{
    memset(e, 0, sizeof *e);
}

void rt_le_free(RtLineEd *e)
{
    for (int i = 0; i < e->nhist; i++)
        free(e->hist[i]);
    free(e->hist);
    rt_le_init(e);
}

void rt_le_begin(RtLineEd *e)
{
    e->len = e->pos = 0;
    e->buf[0] = 0;
    e->hpos = e->nhist;
    e->esc = ESC_NONE;
}

void rt_le_history_add(RtLineEd *e, const char *line)
{
    if (!line[strspn(line, " \t")])
        return;
    if (e->nhist && strcmp(e->hist[e->nhist - 1], line) == 0)
        return;
    if (e->nhist == HIST_MAX) {
        free(e->hist[0]);
        memmove(e->hist, e->hist + 1, (size_t)(e->nhist - 1) * sizeof *e->hist);
        e->nhist--;
    }
    if (e->nhist == e->caphist) {
        int cap = e->caphist ? e->caphist * 2 : 32;
        char **h = realloc(e->hist, (size_t)cap * sizeof *h);
        if (!h)
            return;
        e->hist = h;
        e->caphist = cap;
    }
    char *copy = strdup(line);
    if (copy)
        e->hist[e->nhist++] = copy;
}

/* Show history entry idx (nhist = the draft) in the buffer. */
static void show_hist(RtLineEd *e, int idx)
{
    if (idx < 0 || idx > e->nhist || idx == e->hpos)
        return;
    if (e->hpos == e->nhist) {
        memcpy(e->draft, e->buf, e->len);
        e->draft[e->len] = 0;
    }
    const char *s = idx == e->nhist ? e->draft : e->hist[idx];
    e->len = e->pos = strlen(s);
    memcpy(e->buf, s, e->len + 1);
    e->hpos = idx;
}

static void insert(RtLineEd *e, unsigned char c)
{
    if (e->len + 1 >= RT_LE_MAX)
        return;
    memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
    e->buf[e->pos++] = (char)c;
    e->buf[++e->len] = 0;
}

static void delete_at(RtLineEd *e, size_t at)
{
    if (at >= e->len)
        return;
    memmove(e->buf + at, e->buf + at + 1, e->len - at - 1);
    e->buf[--e->len] = 0;
}

/* Final byte of an escape sequence: arrows, home/end, delete. */
static int escape_key(RtLineEd *e, unsigned char c)
{
    e->esc = ESC_NONE;
    switch (c) {
    case 'A': show_hist(e, e->hpos - 1); break;
    case 'B': show_hist(e, e->hpos + 1); break;
    case 'C': if (e->pos < e->len) e->pos++; break;
    case 'D': if (e->pos > 0) e->pos--; break;
    case 'H': e->pos = 0; break;
    case 'F': e->pos = e->len; break;
    case '~': delete_at(e, e->pos); break;   /* ESC [ 3 ~ */
    default: break;
    }
    return RT_LE_MORE;
}

/* Feed one byte; see rt_lineedit.h. */
int rt_le_key(RtLineEd *e, unsigned char c)
{
    if (e->esc == ESC_SEEN) {
        e->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
        return RT_LE_MORE;
    }
    if (e->esc == ESC_CSI || e->esc == ESC_CSI_NUM) {
        if (c >= '0' && c <= '9') {
            e->esc = ESC_CSI_NUM;
            return RT_LE_MORE;
        }
        return escape_key(e, c);
    }
    switch (c) {
    case 27: e->esc = ESC_SEEN; return RT_LE_MORE;
    case '\r': case '\n': return RT_LE_DONE;
    case 3: return RT_LE_INTR;                                   /* ^C */
    case 4:                                                      /* ^D */
        if (e->len == 0)
            return RT_LE_EOF;
        delete_at(e, e->pos);
        return RT_LE_MORE;
    case 127: case 8:                                            /* backspace */
        if (e->pos > 0)
            delete_at(e, --e->pos);
        return RT_LE_MORE;
    case 1: e->pos = 0; return RT_LE_MORE;                       /* ^A */
    case 5: e->pos = e->len; return RT_LE_MORE;                  /* ^E */
    case 2: if (e->pos > 0) e->pos--; return RT_LE_MORE;         /* ^B */
    case 6: if (e->pos < e->len) e->pos++; return RT_LE_MORE;    /* ^F */
    case 11: e->len = e->pos; e->buf[e->len] = 0; return RT_LE_MORE;   /* ^K */
    case 21:                                                     /* ^U */
        memmove(e->buf, e->buf + e->pos, e->len - e->pos + 1);
        e->len -= e->pos;
        e->pos = 0;
        return RT_LE_MORE;
    case 16: show_hist(e, e->hpos - 1); return RT_LE_MORE;      /* ^P */
    case 14: show_hist(e, e->hpos + 1); return RT_LE_MORE;      /* ^N */
    default:
        if (c >= 32 || c == '\t')
            insert(e, c);
        return RT_LE_MORE;
    }
}

/* Redraw: prompt, line, clear to end, cursor back to pos. */
static void redraw(const RtLineEd *e, const char *prompt)
{
    char tail[32] = "";
    if (e->len > e->pos)
        snprintf(tail, sizeof tail, "\x1b[%zuD", e->len - e->pos);
    dprintf(STDOUT_FILENO, "\r%s%s\x1b[K%s", prompt, e->buf, tail);
}

static char *read_plain(int *interrupted)
{
    (void)interrupted;
    size_t cap = 256, n = 0;
    char *s = malloc(cap);
    int c;
    while (s && (c = getchar()) != EOF && c != '\n') {
        if (n + 1 >= cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                return NULL;
            }
            s = t;
        }
        s[n++] = (char)c;
    }
    if (!s || (c == EOF && n == 0)) {
        free(s);
        return NULL;
    }
    s[n] = 0;
    return s;
}

/* Read one line; see rt_lineedit.h. */
char *rt_le_readline(RtLineEd *e, const char *prompt, int *interrupted)
{
    *interrupted = 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return read_plain(interrupted);
    struct termios old, raw;
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return read_plain(interrupted);
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
    rt_le_begin(e);
    redraw(e, prompt);
    int r = RT_LE_MORE;
    while (r == RT_LE_MORE) {
        unsigned char c;
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got <= 0 && !(got < 0 && errno == EINTR)) {
            r = RT_LE_EOF;
            break;
        }
        if (got == 1 && (r = rt_le_key(e, c)) == RT_LE_MORE)
            redraw(e, prompt);
    }
    tcsetattr(STDIN_FILENO, TCSADRAIN, &old);
    dprintf(STDOUT_FILENO, r == RT_LE_INTR ? "^C\n" : "\n");
    if (r == RT_LE_INTR)
        *interrupted = 1;
    if (r != RT_LE_DONE)
        return r == RT_LE_INTR ? strdup("") : NULL;
    rt_le_history_add(e, e->buf);
    return strdup(e->buf);
}
