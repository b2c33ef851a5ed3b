/* rc_toplevel.c — which top-level variables must live in global slots.
 *
 * A top-level `let` that no function (named or lambda) refers to stays a
 * register of the chunk, so top-level loops run on registers like any
 * function body; a name that some function uses is a global, so handlers
 * see (and keep) it across calls. Names inside format strings count too,
 * because `println("{x}")` refers to x.
 */
#include <string.h>
#include "rc_emit.h"

#define SET_MIN 64

typedef struct NameSet {
    RcArena *ar;
    bool all;             /* RC_F_GLOBALS: every top-level name is a global */
    const char **v;       /* open addressing, NULL = empty */
    uint32_t n, cap;
} NameSet;

static uint32_t hash_name(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void set_add(NameSet *s, const char *name, size_t n);

static void set_grow(NameSet *s)
{
    const char **old = s->v;
    uint32_t oldcap = s->cap;
    s->cap = oldcap ? oldcap * 2 : SET_MIN;
    s->v = rc_arena_alloc(s->ar, s->cap * sizeof *s->v);
    s->n = 0;
    for (uint32_t i = 0; i < oldcap; i++)
        if (old[i])
            set_add(s, old[i], strlen(old[i]));
}

static void set_add(NameSet *s, const char *name, size_t n)
{
    if ((s->n + 1) * 2 > s->cap)
        set_grow(s);
    uint32_t i = hash_name(name, n) & (s->cap - 1);
    while (s->v[i]) {
        if (strlen(s->v[i]) == n && memcmp(s->v[i], name, n) == 0)
            return;
        i = (i + 1) & (s->cap - 1);
    }
    s->v[i] = n == strlen(name) ? name : rc_arena_strdup(s->ar, name, n);
    s->n++;
}

static bool set_has(const NameSet *s, const char *name)
{
    if (!s->cap)
        return false;
    size_t n = strlen(name);
    uint32_t i = hash_name(name, n) & (s->cap - 1);
    while (s->v[i]) {
        if (strcmp(s->v[i], name) == 0)
            return true;
        i = (i + 1) & (s->cap - 1);
    }
    return false;
}

static bool ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

/* Every `{name` in a string literal may be an inline format argument. */
static void scan_string(NameSet *s, const RcAst *str)
{
    for (uint32_t i = 0; i + 1 < str->len; i++) {
        if (str->str[i] != '{' || !ident_start(str->str[i + 1]))
            continue;
        uint32_t j = i + 1;
        while (j < str->len && ident_char(str->str[j]))
            j++;
        set_add(s, str->str + i + 1, j - i - 1);
        i = j - 1;
    }
}

/* Record the names used in e; in_fn says whether e is inside a function. */
static void walk(NameSet *s, const RcAst *e, bool in_fn)
{
    if (!e)
        return;
    if (e->kind == RC_AST_FUN)
        in_fn = true;
    if (in_fn && e->str) {
        if (e->kind == RC_AST_IDENT)
            set_add(s, e->str, strlen(e->str));
        else if (e->kind == RC_AST_STRING)
            scan_string(s, e);
        else if (e->kind == RC_AST_FIELD_INIT && !e->a)
            set_add(s, e->str, strlen(e->str));   /* shorthand `{ x }` */
    }
    walk(s, e->a, in_fn);
    walk(s, e->b, in_fn);
    walk(s, e->c, in_fn);
    walk(s, e->d, in_fn);
    for (int i = 0; i < e->list.n; i++)
        walk(s, e->list.v[i], in_fn);
    for (int i = 0; i < e->list2.n; i++)
        walk(s, e->list2.v[i], in_fn);
}

/* The set of names some function of prog refers to (compile arena). */
RcNameSet *rc_toplevel_captured(RcArena *ar, const RcAst *prog)
{
    NameSet *s = rc_arena_alloc(ar, sizeof *s);
    s->ar = ar;
    s->all = (prog->flags & RC_F_GLOBALS) != 0;
    walk(s, prog, false);
    return (RcNameSet *)s;
}

/* Does the top-level variable `name` have to be a global? */
bool rc_toplevel_is_global(const RcNameSet *set, const char *name)
{
    return ((const NameSet *)set)->all || set_has((const NameSet *)set, name);
}
