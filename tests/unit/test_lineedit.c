/* test_lineedit.c — the REPL line editor's key handling, fed byte by byte. */
#include <criterion/criterion.h>
#include <string.h>
#include "rt_lineedit.h"

static RtLineEd ed;

static void setup(void)
{
    rt_le_init(&ed);
    rt_le_begin(&ed);
}

static void teardown(void)
{
    rt_le_free(&ed);
}

TestSuite(lineedit, .init = setup, .fini = teardown);

/* Feed keys; return the status of the last byte. */
static int feed(const char *keys)
{
    int r = RT_LE_MORE;
    for (const char *p = keys; *p; p++)
        r = rt_le_key(&ed, (unsigned char)*p);
    return r;
}

Test(lineedit, typing_and_enter)
{
    cr_assert_eq(feed("let x = 1"), RT_LE_MORE);
    cr_assert_eq(feed("\r"), RT_LE_DONE);
    cr_assert_str_eq(ed.buf, "let x = 1");
}

Test(lineedit, cursor_moves_and_inserts)
{
    feed("ace");
    feed("\x1b[D\x1b[D");          /* left twice: between a and c */
    feed("b");
    feed("\x1b[C");                /* right: between c and e */
    feed("d");
    cr_assert_str_eq(ed.buf, "abcde");
    feed("\x01X\x05Y");            /* ^A insert X, ^E insert Y */
    cr_assert_str_eq(ed.buf, "XabcdeY");
}

Test(lineedit, deletion_keys)
{
    feed("hello world");
    feed("\x7f");                  /* backspace */
    cr_assert_str_eq(ed.buf, "hello worl");
    feed("\x1b[H\x1b[3~");         /* home, delete */
    cr_assert_str_eq(ed.buf, "ello worl");
    feed("\x06\x06\x06\x06\x0b");  /* right x4, ^K kills to the end */
    cr_assert_str_eq(ed.buf, "ello");
    feed("\x15");                  /* ^U kills to the start */
    cr_assert_str_eq(ed.buf, "");
}

Test(lineedit, history_up_down_keeps_draft)
{
    rt_le_history_add(&ed, "first");
    rt_le_history_add(&ed, "second");
    rt_le_history_add(&ed, "second");   /* repeats are skipped */
    rt_le_history_add(&ed, "   ");      /* blank lines are skipped */
    cr_assert_eq(ed.nhist, 2);
    rt_le_begin(&ed);
    feed("dra");
    feed("\x1b[A");
    cr_assert_str_eq(ed.buf, "second");
    feed("\x1b[A\x1b[A");                /* stops at the oldest */
    cr_assert_str_eq(ed.buf, "first");
    feed("\x1b[B\x1b[B");
    cr_assert_str_eq(ed.buf, "dra");
    cr_assert_eq(ed.pos, 3);
}

Test(lineedit, ctrl_d_and_ctrl_c)
{
    cr_assert_eq(feed("\x04"), RT_LE_EOF);  /* ^D on an empty line */
    rt_le_begin(&ed);
    feed("ab\x01");
    cr_assert_eq(feed("\x04"), RT_LE_MORE); /* ^D deletes under the cursor */
    cr_assert_str_eq(ed.buf, "b");
    cr_assert_eq(feed("\x03"), RT_LE_INTR);
}

Test(lineedit, long_lines_are_capped)
{
    for (int i = 0; i < RT_LE_MAX + 100; i++)
        rt_le_key(&ed, 'x');
    cr_assert_eq(ed.len, RT_LE_MAX - 1);
    cr_assert_eq(strlen(ed.buf), RT_LE_MAX - 1);
}
