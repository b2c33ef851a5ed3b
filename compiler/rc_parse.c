/* rc_parse.c — the parser driver: tokens in, PROGRAM tree out.
 *
 * rc_parse lexes the whole file (rc_lex_all), then pushes the tokens into
 * the lemon parser one by one. On the way it makes every context-dependent
 * decision the LALR grammar cannot: which newlines separate statements,
 * whether a `{` opens a block, a map, a struct literal or a body, arrow
 * lambdas, ternary vs try `?`, open ranges, macros, labels, and keywords
 * used as field or key names. It tracks brackets in a stack of levels, and
 * after a syntax error skips to the next statement of the innermost block
 * so that every error of a file is reported.
 */
#include <stdlib.h>
#include <string.h>
#include "rc.h"
#include "rv.h"
#include "rc_parse.h"
#include "rc_grammar.h"

/* Deepest bracket nesting accepted, and deepest tree (rc_check_tree): the
 * later passes recurse on the tree. */
enum { RC_MAX_NESTING = 1000, RC_MAX_DEPTH = 3000 };
/* How far the driver looks for the ':' of a ternary. */
enum { RC_TERNARY_SCAN = 256 };

/* What a bracket level is. */
enum { L_TOP, L_PAREN, L_BRACKET, L_BLOCK, L_MAP, L_STRUCT, L_MATCH,
       L_DECL, L_ENUM, L_SDECL, L_FEXPR };
/* What the next `{` at a level opens (a pending construct head). */
enum { R_NONE, R_PRE_EQ, R_PRE_IN, R_COND, R_MATCH, R_SIG, R_DECL, R_ENUM };

typedef struct {
    uint8_t kind, region;
    char open;               /* the opening character, for "unclosed" */
    uint32_t line, col;      /* where it was opened */
} Level;

typedef struct {
    RcParseCtx ctx;
    void *parser;
    const RcToken *t;        /* raw tokens, ending with kind 0 */
    int i;                   /* next raw token */
    int depth;               /* levels in use; lv[0] is the top level */
    RcToken last;            /* last token fed */
    int last2;               /* kind of the token fed before it */
    int err_kind;            /* kind fed when the pending error happened */
    int nl_fed_at;           /* raw index whose newline was already fed */
    int refed_at;            /* raw index re-fed once after an error */
    int recovered;           /* a syntax error was recovered from */
    Level lv[RC_MAX_NESTING + 1];   /* last: only the levels used are touched */
} Driver;

/* ---- token classes ---- */

static int is_keyword(int k)
{
    switch (k) {
    case TK_FUN: case TK_LET: case TK_VAR: case TK_MUT: case TK_CONST:
    case TK_IF: case TK_ELSE: case TK_MATCH: case TK_FOR: case TK_IN:
    case TK_WHILE: case TK_LOOP: case TK_BREAK: case TK_CONTINUE:
    case TK_RETURN: case TK_TRUE: case TK_FALSE: case TK_NULL: case TK_SELF:
    case TK_STRUCT: case TK_ENUM: case TK_IMPL: case TK_TRAIT: case TK_TYPE:
    case TK_PUB: case TK_USE: case TK_MOD: case TK_AS: case TK_WHERE:
    case TK_TRY: case TK_CATCH: case TK_FINALLY: case TK_THROW: case TK_SOME:
    case TK_NONE: case TK_OK: case TK_ERR: case TK_OPTION: case TK_RESULT:
    case TK_RESERVED:
        return 1;
    default:
        return 0;
    }
}

/* Can a token of this kind end an expression (so a newline after it ends
 * the statement)? */
static int ends_expr(int k)
{
    switch (k) {
    case TK_IDENT: case TK_INT: case TK_FLOAT: case TK_STRING:
    case TK_FSTR_END: case TK_TRUE: case TK_FALSE: case TK_NULL: case TK_SELF:
    case TK_BREAK: case TK_CONTINUE: case TK_RETURN: case TK_NONE:
    case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE: case TK_REND:
    case TK_QUESTION: case TK_LIFETIME: case TK_UNDERSCORE: case TK_DOTDOT_OPEN:
    case TK_OPTION: case TK_RESULT: case TK_FSTRING:
        return 1;
    default:
        return 0;
    }
}

/* Does a line starting with this token continue the previous line? */
static int continues(int k)
{
    switch (k) {
    case TK_DOT: case TK_PLUS: case TK_MINUS: case TK_STAR: case TK_SLASH:
    case TK_PERCENT: case TK_POW: case TK_EQEQ: case TK_NE: case TK_LT:
    case TK_LE: case TK_GT: case TK_GTJ: case TK_GE: case TK_ANDAND:
    case TK_OROR: case TK_QQ: case TK_PIPEGT: case TK_PIPE: case TK_CARET:
    case TK_AMP: case TK_SHL: case TK_DOTDOT: case TK_DOTDOTEQ:
    case TK_ASSIGN: case TK_PLUSEQ: case TK_MINUSEQ: case TK_STAREQ:
    case TK_SLASHEQ: case TK_PERCENTEQ: case TK_POWEQ: case TK_AMPEQ:
    case TK_PIPEEQ: case TK_CARETEQ: case TK_SHLEQ: case TK_FATARROW:
    case TK_AS: case TK_ELSE: case TK_CATCH: case TK_FINALLY: case TK_QUESTION:
    case TK_IN: case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
    case TK_COLONCOLON: case TK_ARROW: case TK_WHERE: case TK_COLON:
        return 1;
    default:
        return 0;
    }
}

/* Keywords that start a declaration or statement (used to resynchronise). */
static int starts_stmt(int k)
{
    return k == TK_LET || k == TK_VAR || k == TK_FUN || k == TK_STRUCT ||
           k == TK_ENUM || k == TK_IMPL || k == TK_TRAIT || k == TK_USE ||
           k == TK_CONST || k == TK_PUB;
}

static int is_brace_level(int kind)
{
    return kind != L_TOP && kind != L_PAREN && kind != L_BRACKET &&
           kind != L_FEXPR;
}

/* Are newlines significant directly inside a level of this kind? */
static int nl_level(int kind)
{
    return kind != L_PAREN && kind != L_BRACKET && kind != L_FEXPR;
}

static int text_is(const RcToken *t, const char *s)
{
    size_t n = strlen(s);
    return t->n == n && memcmp(t->s, s, n) == 0;
}

/* ---- feeding the parser ---- */

static const RcToken *peek(const Driver *dv, int k)
{
    const RcToken *t = &dv->t[dv->i];
    for (int j = 0; j < k && t->kind != 0; j++)
        t++;
    return t;
}

static Level *top(Driver *dv)
{
    return &dv->lv[dv->depth - 1];
}

static void feed(Driver *dv, int kind, const RcToken *t)
{
    RcToken x = *t;
    x.kind = kind;
    dv->ctx.prev = &dv->last;
    dv->ctx.cur = dv->i;
    int had = dv->ctx.errored;
    RcParser(dv->parser, kind, x);
    if (dv->ctx.errored && !had)
        dv->err_kind = kind;
    dv->last2 = dv->last.kind;
    dv->last = x;
}

/* A synthetic newline separator placed at the end of the previous token. */
static void feed_nl(Driver *dv)
{
    RcToken nl = dv->last;
    nl.col += nl.n;
    nl.s = "\n";
    nl.n = 1;
    feed(dv, TK_NL, &nl);
    dv->nl_fed_at = dv->i;
    top(dv)->region = R_NONE;
}

/* ---- the level stack ---- */

static void push(Driver *dv, int kind, const RcToken *t)
{
    if (dv->depth > RC_MAX_NESTING) {
        rc_diag_error(dv->ctx.d, t->line, t->col, "nesting too deep");
        dv->ctx.fatal = 1;
        return;
    }
    Level *l = &dv->lv[dv->depth++];
    l->kind = (uint8_t)kind;
    l->region = R_NONE;
    l->open = t->n > 0 ? t->s[0] : '{';
    l->line = t->line;
    l->col = t->col;
}

/* Pop up to and including the innermost level a closer of this kind
 * closes; a stray closer pops nothing. Returns the kind of level closed
 * (L_TOP when none). */
static int pop_for(Driver *dv, int closer)
{
    for (int k = dv->depth - 1; k > 0; k--) {
        int kind = dv->lv[k].kind;
        int hit = closer == TK_RPAREN ? kind == L_PAREN
                : closer == TK_RBRACKET ? kind == L_BRACKET
                : closer == TK_FEXPR_END ? kind == L_FEXPR
                : is_brace_level(kind);
        if (hit) {
            dv->depth = k;
            return kind;
        }
    }
    return L_TOP;
}

/* Innermost level holding statements, searched from depth d down. */
static int block_level(const Driver *dv, int d)
{
    for (int k = d - 1; k > 0; k--)
        if (dv->lv[k].kind == L_BLOCK)
            return k;
    return 0;
}

/* ---- decisions ---- */

/* `*p = 1` / `&x` at the start of a line: a prefix operator glued to its
 * operand starts a new statement rather than continuing a product. */
static int glued_prefix(const Driver *dv, const RcToken *t)
{
    const RcToken *n = &dv->t[dv->i + 1];
    return (t->kind == TK_STAR || t->kind == TK_AMP) && n->kind != 0 && !n->sp;
}

/* `|x| e` / `|| { }` starting a line is a closure, not an `|`/`||` operand. */
static int line_lambda(const Driver *dv, const RcToken *t)
{
    return t->kind == TK_PIPE || (t->kind == TK_OROR && dv->t[dv->i + 1].kind == TK_LBRACE);
}

static int wants_nl(Driver *dv, const RcToken *t)
{
    Level *l = top(dv);
    int last = dv->last.kind;
    /* a `}` ends a statement as a newline would: `struct A {} impl A {}` */
    int brace = last == TK_RBRACE || last == TK_REND;
    if (!(t->nl || brace) || dv->nl_fed_at == dv->i || !nl_level(l->kind))
        return 0;
    int ends = ends_expr(last) ||
               ((last == TK_GT || last == TK_GTJ) &&
                (l->kind == L_DECL || l->kind == L_ENUM || l->kind == L_SDECL)) ||
               (last == TK_STAR && dv->last2 == TK_COLONCOLON);
    if (!ends || (continues(t->kind) && !glued_prefix(dv, t) && !line_lambda(dv, t)))
        return 0;
    if (t->kind == TK_LBRACE && l->region >= R_COND)
        return 0;
    return 1;
}

/* Is the `?` at the current token a ternary (a ':' follows at the same
 * bracket depth before the expression ends)? */
static int ternary_ahead(const Driver *dv)
{
    int depth = 0;
    for (int j = dv->i + 1; j < dv->i + RC_TERNARY_SCAN; j++) {
        const RcToken *u = &dv->t[j];
        if (u->kind == 0)
            return 0;
        if (depth == 0 && u->nl && ends_expr(u[-1].kind) && !continues(u->kind))
            return 0;
        switch (u->kind) {
        case TK_LPAREN: case TK_LBRACKET: case TK_LBRACE: case TK_FEXPR_BEGIN:
            depth++;
            break;
        case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE: case TK_FEXPR_END:
            if (depth-- == 0)
                return 0;
            break;
        case TK_COLON:
            if (depth == 0)
                return 1;
            break;
        case TK_COMMA: case TK_SEMI: case TK_FATARROW:
            if (depth == 0)
                return 0;
            break;
        default:
            break;
        }
    }
    return 0;
}

/* Is the `..` at the current token open-ended (`a..`, `..`)? */
static int open_range(Driver *dv)
{
    const RcToken *n = peek(dv, 1);
    switch (n->kind) {
    case 0: case TK_RBRACKET: case TK_RPAREN: case TK_RBRACE: case TK_COMMA:
    case TK_SEMI: case TK_FATARROW: case TK_FEXPR_END:
        return 1;
    case TK_LBRACE:
        return top(dv)->region >= R_COND;
    default:
        return n->nl && nl_level(top(dv)->kind);
    }
}

/* `(a, b) =>` — parameters of an arrow lambda? */
static int arrow_params(Driver *dv)
{
    int k = top(dv)->kind;
    if (k == L_MATCH || k == L_MAP)
        return 0;
    int j = 1;
    for (;; j++) {
        int kind = peek(dv, j)->kind;
        if (kind == TK_RPAREN)
            break;
        if (kind != TK_IDENT && kind != TK_COMMA && kind != TK_UNDERSCORE)
            return 0;
    }
    return peek(dv, j + 1)->kind == TK_FATARROW;
}

/* Which token a `{` becomes, and which level it pushes. */
static void open_brace(Driver *dv, const RcToken *t)
{
    Level *l = top(dv);
    int region = l->region;
    l->region = R_NONE;
    static const int body_level[] = {
        [R_COND] = L_BLOCK, [R_MATCH] = L_MATCH, [R_DECL] = L_DECL,
        [R_ENUM] = L_ENUM,
    };
    if (region >= R_COND && region != R_SIG) {
        feed(dv, TK_LBRACE, t);
        push(dv, body_level[region], t);
        return;
    }
    int last = dv->last.kind;
    int upper = last == TK_IDENT && dv->last.n > 0 &&
                dv->last.s[0] >= 'A' && dv->last.s[0] <= 'Z';
    if (region != R_SIG && (l->kind == L_ENUM || upper)) {
        feed(dv, TK_LSTRUCT, t);
        push(dv, l->kind == L_ENUM ? L_SDECL : L_STRUCT, t);
        return;
    }
    const RcToken *n1 = peek(dv, 1), *n2 = peek(dv, 2);
    int block_kw = last == TK_ELSE || last == TK_LOOP || last == TK_TRY ||
                   last == TK_FINALLY;
    int key = n1->kind == TK_IDENT || n1->kind == TK_STRING || is_keyword(n1->kind);
    if (!block_kw && (n1->kind == TK_RBRACE ||
                      (key && (n2->kind == TK_COLON || n2->kind == TK_FATARROW)))) {
        feed(dv, TK_LMAP, t);
        push(dv, L_MAP, t);
        return;
    }
    feed(dv, TK_LBRACE, t);
    push(dv, L_BLOCK, t);
}

/* A keyword used as a name: after `.`, beside `::`, or as a key/field. */
static int keyword_as_name(Driver *dv, const RcToken *t)
{
    int last = dv->last.kind, lk = top(dv)->kind;
    const RcToken *n1 = peek(dv, 1), *n2 = peek(dv, 2);
    if (last == TK_DOT)
        return !t->nl && !text_is(t, "await");
    if (last == TK_COLONCOLON)
        return 1;
    if (n1->kind == TK_COLONCOLON && n2->kind != TK_LT)
        return 1;
    int entry = last == TK_LMAP || last == TK_LSTRUCT || last == TK_COMMA ||
                last == TK_NL || last == TK_LBRACE;
    if (!entry)
        return 0;
    if (lk == L_MAP)
        return n1->kind == TK_COLON || n1->kind == TK_FATARROW;
    if (lk == L_ENUM) /* enum Status { Ok, Err(String) } */
        return 1;
    return (lk == L_STRUCT || lk == L_SDECL || lk == L_DECL) &&
           n1->kind == TK_COLON;
}

/* Note the head of a construct whose body is the next `{` at this level. */
static void start_region(Driver *dv, const RcToken *t)
{
    Level *l = top(dv);
    int next = peek(dv, 1)->kind, r = R_NONE, last = dv->last.kind;
    switch (t->kind) {
    case TK_IF:
        if (l->kind == L_MATCH && last != TK_FATARROW)
            return; /* a match guard has no body */
        r = next == TK_LET ? R_PRE_EQ : R_COND;
        break;
    case TK_WHILE: r = next == TK_LET ? R_PRE_EQ : R_COND; break;
    case TK_MATCH: r = R_MATCH; break;
    case TK_FOR: r = R_PRE_IN; break;
    case TK_CATCH: r = R_COND; break;
    case TK_FUN: r = next == TK_IDENT ? R_SIG : R_NONE; break;
    case TK_STRUCT: case TK_TRAIT: r = R_DECL; break;
    case TK_ENUM: r = R_ENUM; break;
    case TK_IMPL:
        r = (last == TK_COLON || last == TK_ARROW || last == TK_LT ||
             last == TK_COMMA || last == TK_AMP || last == TK_LPAREN)
            ? R_NONE : R_DECL;
        break;
    case TK_ASSIGN: if (l->region == R_PRE_EQ) l->region = R_COND; return;
    case TK_IN: if (l->region == R_PRE_IN) l->region = R_COND; return;
    default: return;
    }
    if (l->region == R_NONE)
        l->region = (uint8_t)r;
}

/* Decimal digits at s as a tuple index (INT64_MAX, out of range, if huge). */
static int64_t tuple_index(const char *s)
{
    uint64_t v;
    return rv_scan_uint(s, 10, &v) && v <= INT64_MAX ? (int64_t)v : INT64_MAX;
}

/* `x.0.1`: the lexer made `0.1` a float; feed INT DOT INT instead. */
static int split_tuple_float(Driver *dv, const RcToken *dot)
{
    const RcToken *f = peek(dv, 1);
    uint32_t a = 0;
    if (f->kind != TK_FLOAT)
        return 0;
    while (a < f->n && f->s[a] >= '0' && f->s[a] <= '9')
        a++;
    if (a == 0 || a >= f->n || f->s[a] != '.')
        return 0;
    for (uint32_t j = a + 1; j < f->n; j++)
        if (f->s[j] < '0' || f->s[j] > '9')
            return 0;
    RcToken x = *f, y = *f, d = *f;
    x.n = a;
    x.v.i = tuple_index(f->s);
    d.s = f->s + a;
    d.n = 1;
    d.col = f->col + a;
    y.s = f->s + a + 1;
    y.n = f->n - a - 1;
    y.col = f->col + a + 1;
    y.v.i = tuple_index(y.s);
    feed(dv, TK_DOT, dot);
    feed(dv, TK_INT, &x);
    feed(dv, TK_DOT, &d);
    feed(dv, TK_INT, &y);
    dv->i += 2;
    return 1;
}

/* IDENT: arrow-lambda parameter, macro name, `dyn`, or a plain name. */
static void step_ident(Driver *dv, const RcToken *t)
{
    const RcToken *n1 = peek(dv, 1), *n2 = peek(dv, 2);
    int lk = top(dv)->kind;
    if (n1->kind == TK_FATARROW && lk != L_MATCH && lk != L_MAP) {
        feed(dv, TK_ARROWPARAM, t);
    } else if (n1->kind == TK_BANG && !n1->sp &&
               (n2->kind == TK_LPAREN || n2->kind == TK_LBRACKET)) {
        if (t->kind == TK_RESERVED)
            rc_diag_error(dv->ctx.d, t->line, t->col,
                          "'%.*s!' is not supported", (int)t->n, t->s);
        feed(dv, TK_MACRO, t);
        dv->i++;
    } else if (text_is(t, "dyn") && n1->kind == TK_IDENT) {
        feed(dv, TK_DYN, t);
    } else if (text_is(t, "move") && (n1->kind == TK_PIPE || n1->kind == TK_OROR)) {
        /* `move |x| ...`: captures are by reference anyway */
    } else {
        feed(dv, TK_IDENT, t);
    }
    dv->i++;
}

/* `@name:` and `break @name` are labels like `'name`. */
static int step_at(Driver *dv, const RcToken *t)
{
    const RcToken *n1 = peek(dv, 1), *n2 = peek(dv, 2);
    int last = dv->last.kind;
    if (n1->kind != TK_IDENT || n1->sp ||
        !(n2->kind == TK_COLON || last == TK_BREAK || last == TK_CONTINUE))
        return 0;
    RcToken l = *t;
    l.str = n1->str;
    l.len = n1->len;
    l.n = (uint32_t)(n1->s + n1->n - t->s);
    feed(dv, TK_LIFETIME, &l);
    dv->i += 2;
    return 1;
}

/* Before feeding a closer: remember what the innermost bracket wanted if
 * it is not this one, for the message should the parser reject it. */
static void note_mismatch(Driver *dv, const RcToken *t)
{
    int k = top(dv)->kind;
    char want = k == L_PAREN ? ')' : k == L_BRACKET ? ']'
              : k == L_FEXPR || k == L_TOP ? 0 : '}';
    dv->ctx.want_close = want != 0 && t->n == 1 && t->s[0] != want ? want : 0;
}

/* Feed one raw token (or a few merged ones), updating the level stack. */
static void step(Driver *dv)
{
    RcToken t = dv->t[dv->i];
    int kind = t.kind;
    const RcToken *n1 = peek(dv, 1);
    int df_macro = kind == TK_RESERVED && n1->kind == TK_BANG && !n1->sp;
    if (kind == TK_IDENT ||
        (is_keyword(kind) && (df_macro || keyword_as_name(dv, &t)))) {
        step_ident(dv, &t);
        return;
    }
    start_region(dv, &t);
    switch (kind) {
    case TK_LBRACE: open_brace(dv, &t); break;
    case TK_LPAREN:
        feed(dv, arrow_params(dv) ? TK_ALPAREN : TK_LPAREN, &t);
        push(dv, L_PAREN, &t);
        break;
    case TK_LBRACKET: feed(dv, kind, &t); push(dv, L_BRACKET, &t); break;
    case TK_FEXPR_BEGIN: feed(dv, kind, &t); push(dv, L_FEXPR, &t); break;
    case TK_RPAREN: case TK_RBRACKET: case TK_FEXPR_END:
        note_mismatch(dv, &t);
        pop_for(dv, kind);
        feed(dv, kind, &t);
        dv->ctx.want_close = 0;
        break;
    case TK_RBRACE: {
        note_mismatch(dv, &t);
        int closed = pop_for(dv, kind);
        feed(dv, closed == L_BLOCK || closed == L_TOP ? TK_RBRACE : TK_REND, &t);
        dv->ctx.want_close = 0;
        break;
    }
    case TK_QUESTION: feed(dv, ternary_ahead(dv) ? TK_TERNQ : kind, &t); break;
    case TK_DOTDOT: feed(dv, open_range(dv) ? TK_DOTDOT_OPEN : kind, &t); break;
    case TK_SEMI: top(dv)->region = R_NONE; feed(dv, kind, &t); break;
    case TK_AT:
        if (step_at(dv, &t))
            return;
        feed(dv, kind, &t);
        break;
    case TK_DOT:
        if (split_tuple_float(dv, &t))
            return;
        feed(dv, kind, &t);
        break;
    default: feed(dv, kind, &t); break;
    }
    dv->i++;
}

/* ---- error recovery ---- */

/* Update the level stack for a token that is skipped, not fed. */
static void track(Driver *dv, const RcToken *u)
{
    switch (u->kind) {
    case TK_LPAREN: push(dv, L_PAREN, u); break;
    case TK_LBRACKET: push(dv, L_BRACKET, u); break;
    case TK_FEXPR_BEGIN: push(dv, L_FEXPR, u); break;
    case TK_LBRACE: push(dv, L_BLOCK, u); break;
    case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE: case TK_FEXPR_END:
        pop_for(dv, u->kind);
        break;
    default: break;
    }
}

static int only_parens_above(const Driver *dv, int target)
{
    for (int k = target; k < dv->depth; k++)
        if (is_brace_level(dv->lv[k].kind))
            return 0;
    return 1;
}

/* After a syntax error: skip raw tokens to the next statement of the
 * innermost block open before the failing token (depth d0), then let the
 * parser resume there. at is the raw index of the failing token. */
static void recover(Driver *dv, int d0, int at)
{
    int b = block_level(dv, d0), target = b + 1, ek = dv->err_kind;
    dv->ctx.errored = 0;
    dv->recovered = 1;
    RcParserResetErrors(dv->parser);
    if (ek == TK_RBRACE || ((ek == TK_SEMI || ek == TK_NL) && dv->depth == target))
        return;
    const RcToken *bad = &dv->t[at];
    if (bad->nl && starts_stmt(bad->kind) && dv->refed_at != at &&
        only_parens_above(dv, target)) {
        dv->refed_at = at;
        dv->depth = target;
        dv->i = at;
        feed_nl(dv);
        return;
    }
    for (; !dv->ctx.fatal; dv->i++) {
        const RcToken *u = &dv->t[dv->i];
        if (u->kind == 0)
            break;
        if (u->nl && starts_stmt(u->kind) && only_parens_above(dv, target)) {
            dv->depth = target;
            feed_nl(dv);
            break;
        }
        if (dv->depth == target) {
            if (u->kind == TK_SEMI || u->kind == TK_RBRACE)
                break;
            if (u->nl && dv->i > 0 && ends_expr(u[-1].kind) &&
                !continues(u->kind)) {
                feed_nl(dv);
                break;
            }
        }
        track(dv, u);
    }
    top(dv)->region = R_NONE;
}

/* ---- messages ---- */

static void describe(int kind, const RcToken *t, char *buf, size_t n)
{
    int len = t->n > 40 ? 40 : (int)t->n;
    switch (kind) {
    case 0: snprintf(buf, n, "end of input"); break;
    case TK_NL: snprintf(buf, n, "newline"); break;
    case TK_STRING: snprintf(buf, n, "string literal"); break;
    case TK_FSTR_BEGIN: snprintf(buf, n, "f-string"); break;
    case TK_FSTR_PART: case TK_FSPEC: snprintf(buf, n, "f-string text"); break;
    case TK_INT: case TK_FLOAT: snprintf(buf, n, "number '%.*s'", len, t->s); break;
    case TK_IDENT: case TK_ARROWPARAM:
        snprintf(buf, n, "identifier '%.*s'", len, t->s);
        break;
    case TK_MACRO: snprintf(buf, n, "'%.*s!'", len, t->s); break;
    default: snprintf(buf, n, "'%.*s'", len, t->s); break;
    }
}

static int is_p2_word(const RcToken *t)
{
    static const char *const words[] = {
        "async", "await", "lazy", "extend", "actor", "spawn", "effect",
        "class", "import", "export", "module", "static",
        "unsafe", "df", "infra", "signal", "yield", "receive", "send", "ask",
        "interface", "implements", "override", "mixin", "operator",
        "property", "requires", "ensures", "invariant", "decreases",
        "sealed", "abstract", "final",
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (text_is(t, words[k]))
            return 1;
    return 0;
}

/* After these tokens an expression must follow. */
static int needs_operand(int k)
{
    return (continues(k) && k != TK_RPAREN && k != TK_RBRACKET &&
            k != TK_RBRACE && k != TK_QUESTION && k != TK_ELSE &&
            k != TK_CATCH && k != TK_FINALLY && k != TK_AS &&
            k != TK_DOT && k != TK_COLONCOLON && k != TK_WHERE &&
            k != TK_ARROW) ||
           k == TK_BANG || k == TK_TILDE || k == TK_TERNQ || k == TK_IF ||
           k == TK_WHILE || k == TK_MATCH || k == TK_THROW ||
           k == TK_FEXPR_BEGIN;
}

/* Message for a syntax error at tok (see rc_parse.h). */
void rc_parse_syntax_error(RcParseCtx *ctx, int kind, const RcToken *tok)
{
    char what[80];
    int prev = ctx->prev ? ctx->prev->kind : 0;
    const RcToken *next = ctx->cur + 1 < ctx->ntok ? &ctx->toks[ctx->cur + 1] : NULL;
    RcDiags *d = ctx->d;
    ctx->errored = 1;
    if (kind == 0 && ctx->quiet_eof)
        return;
    describe(kind, tok, what, sizeof what);
    uint32_t l = tok->line, c = tok->col;
    if (kind == TK_RESERVED)
        rc_diag_error(d, l, c, is_p2_word(tok) ? "%s is not supported"
                      : "%s is a reserved keyword", what);
    else if (kind == TK_MOD)
        rc_diag_error(d, l, c, "modules ('mod') are not supported");
    else if (kind == TK_PLUSPLUS || kind == TK_MINUSMINUS || kind == TK_LARROW ||
             kind == TK_LTQ || kind == TK_BACKSLASH)
        rc_diag_error(d, l, c, "%s is not supported", what);
    else if (kind == TK_COLON && next && next->kind == TK_IDENT && !next->sp &&
             !ends_expr(prev))
        rc_diag_error(d, l, c, "atoms (':%.*s') are not supported",
                      (int)next->n, next->s);
    else if (ctx->want_close)
        rc_diag_error(d, l, c, "expected '%c', found %s", ctx->want_close, what);
    else if (prev == TK_DOT && kind != TK_INT)
        rc_diag_error(d, l, c, "expected a field or method name after '.', found %s",
                      what);
    else if (is_keyword(kind) && (prev == TK_LET || prev == TK_VAR ||
                                  prev == TK_MUT || prev == TK_FUN ||
                                  prev == TK_CONST || prev == TK_FOR))
        rc_diag_error(d, l, c, "%s is a reserved keyword", what);
    else if (prev == TK_LET || prev == TK_VAR || prev == TK_FOR)
        rc_diag_error(d, l, c, "expected pattern, found %s", what);
    else if (needs_operand(prev))
        rc_diag_error(d, l, c, "expected expression, found %s", what);
    else
        rc_diag_error(d, l, c, "unexpected %s", what);
}

/* The parser stack is full: report and stop parsing (rc_parse.h). */
void rc_parse_overflow(RcParseCtx *ctx)
{
    const RcToken *t = &ctx->toks[ctx->cur];
    rc_diag_error(ctx->d, t->line, t->col, "nesting too deep");
    ctx->fatal = 1;
}

/* ---- driver ---- */

static void finish(Driver *dv, const RcToken *eof)
{
    if (dv->depth > 1) {
        const Level *l = top(dv);
        rc_diag_error(dv->ctx.d, l->line, l->col, "unclosed '%c'", l->open);
        dv->ctx.quiet_eof = 1;
    } else if (dv->recovered && dv->last.kind != TK_NL) {
        feed_nl(dv); /* ends a statement skipped after an error */
    }
    feed(dv, 0, eof);
}

static void drive(Driver *dv)
{
    while (!dv->ctx.fatal) {
        const RcToken *t = &dv->t[dv->i];
        if (t->kind == 0) {
            finish(dv, t);
            return;
        }
        int d0 = dv->depth, at = dv->i;
        if (wants_nl(dv, t))
            feed_nl(dv);
        else
            step(dv);
        if (dv->ctx.errored)
            recover(dv, d0, at);
    }
}

/* The parser state of this thread: mapped on the first parse and kept (its
 * stack is sized for the deepest nesting, but a parse touches only the
 * entries it uses, and unmapping costs more than a small parse). */
static void *parser_memory(void)
{
    static _Thread_local void *mem;
    if (mem == NULL) {
        mem = rv_pages_map(RcParserSize(), 0);
        if (mem == NULL)
            abort();
    }
    return mem;
}

/* Parse src into a PROGRAM node in ar (see rc.h). The token array and the
 * driver live in ar, the parser state in parser_memory(); none of them is
 * written beyond what is used, so a small file touches few pages. */
RcAst *rc_parse(RcArena *ar, RcDiags *d, const char *src, size_t len)
{
    RcLexer lx;
    RcTokVec toks = { 0 };
    RcAst *root = NULL;
    rc_lex_init(&lx, ar, d, src, len);
    Driver *dv = rc_arena_alloc(ar, sizeof *dv);   /* zero; lv[] pages are
                                                     touched as levels open */
    if (rc_lex_all(&lx, &toks) < 0) {
        rc_diag_error(d, 1, 1, "out of memory while parsing");
        goto out;
    }
    dv->ctx.ar = ar;
    dv->ctx.d = d;
    dv->ctx.toks = toks.v;
    dv->ctx.ntok = toks.n;
    dv->t = toks.v;
    dv->depth = 1;
    dv->nl_fed_at = dv->refed_at = -1;
    dv->parser = parser_memory();
    RcParserInit(dv->parser, &dv->ctx);
    drive(dv);
    RcParserFinalize(dv->parser);
    root = dv->ctx.fatal ? NULL : dv->ctx.root;
    if (root != NULL && !rc_check_tree(ar, d, root, RC_MAX_DEPTH))
        root = NULL;
out:
    rc_tokvec_free(&toks);
    return root != NULL ? root : rc_ast_new(ar, RC_AST_PROGRAM, 1, 1);
}
