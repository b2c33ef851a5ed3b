/* rt_lineedit.h — a small line editor for the REPL: cursor movement,
 * deletion and history when stdin is a terminal, plain line reads when not.
 * The key handling is a pure state machine (rt_le_key) so it is testable
 * without a terminal.
 */
#ifndef RT_LINEEDIT_H
#define RT_LINEEDIT_H

#include <stddef.h>

#define RT_LE_MAX 4096       /* longest line accepted by the editor */

typedef struct RtLineEd {
    char buf[RT_LE_MAX];
    size_t len, pos;         /* bytes in buf, cursor position */
    char **hist;             /* malloc'd lines, oldest first */
    int nhist, caphist;
    int hpos;                /* history index being shown (nhist = the new line) */
    char draft[RT_LE_MAX];   /* the new line, kept while browsing history */
    int esc;                 /* escape-sequence state */
} RtLineEd;

/* Result of feeding one byte. */
enum { RT_LE_MORE = 0, RT_LE_DONE, RT_LE_EOF, RT_LE_INTR };

/* Reset e to an empty editor with no history. Allocates nothing. */
void rt_le_init(RtLineEd *e);
/* Free the history. */
void rt_le_free(RtLineEd *e);
/* Start editing a new, empty line. */
void rt_le_begin(RtLineEd *e);
/* Feed one input byte (keys, escape sequences for arrows/home/end/delete,
 * ^A ^E ^B ^F ^H ^D ^U ^K ^C, Enter). Returns RT_LE_*; on RT_LE_DONE the line
 * is buf[0..len). Never fails. */
int rt_le_key(RtLineEd *e, unsigned char c);
/* Append a line to the history (copied; blank lines and repeats skipped). */
void rt_le_history_add(RtLineEd *e, const char *line);

/* Read one line with prompt. On a terminal: raw mode with editing and
 * history; otherwise a plain read of one line. Returns a malloc'd string
 * without the newline (caller frees), or NULL at end of input. *interrupted
 * is set when the user pressed ^C (the partial line is dropped). */
char *rt_le_readline(RtLineEd *e, const char *prompt, int *interrupted);

#endif
