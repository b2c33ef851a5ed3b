/* rc_lexer.re — re2c lexer for Ruchy.
 *
 * One NUL-terminated buffer, no refill (re2c:yyfill:enable = 0). Keywords
 * are ordinary rules; token codes come from the lemon header rc_grammar.h.
 * Strings are decoded into the compile arena. F-strings come out of
 * rc_lex_next raw and are split by rc_lex_all into FSTR_* tokens, the
 * expression parts re-lexed by a sub-lexer whose positions map back to the
 * original file. Errors are recorded and a best-effort token is returned.
 */
#include <stdlib.h>
#include <string.h>

#include "rc_token.h"
#include "rc_grammar.h"

enum { RC_FSTRING_MAX_DEPTH = 8 };

typedef const unsigned char *Cur;

static int is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Position of p, a byte of lx->buf at or after the current line start
 * (root lexer) or anywhere in the buffer (sub-lexer). */
static void lex_pos(const RcLexer *lx, const char *p, uint32_t *line,
                    uint32_t *col)
{
    if (lx->plines == NULL) {
        *line = lx->line;
        *col = (uint32_t)(p - lx->line_start) + 1;
        return;
    }
    *line = lx->plines[p - lx->buf];
    *col = lx->pcols[p - lx->buf];
}

static void newline_at(RcLexer *lx, const char *p)
{
    lx->line++;
    lx->line_start = p + 1;
}

/* Prepare lx over src[0..len); skips a first-line shebang. */
void rc_lex_init(RcLexer *lx, RcArena *ar, RcDiags *d, const char *src,
                 size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->buf = lx->cur = lx->line_start = src;
    lx->lim = src + len;
    lx->line = 1;
    lx->ar = ar;
    lx->d = d;
    if (len >= 2 && src[0] == '#' && src[1] == '!' && (len == 2 || src[2] != '[')) {
        while (lx->cur < lx->lim && *lx->cur != '\n')
            lx->cur++;
    }
}

/* ---- escapes ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* UTF-8 bytes of code point cp (at most 0x10FFFF) into out; returns count. */
static int utf8_encode(uint32_t cp, char *out)
{
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = { 0, 0x00, 0xC0, 0xE0, 0xF0 };
    for (int k = n - 1; k > 0; k--, cp >>= 6)
        out[k] = (char)(0x80 | (cp & 0x3F));
    out[0] = (char)(lead[n] | cp);
    return n;
}

/* Decode \u{HEX} at raw[i] (raw[i] == '\\', raw[i+1] == 'u'). Returns the
 * raw length consumed and writes the UTF-8 bytes, or 0 if invalid. */
static size_t decode_unicode(const char *raw, size_t i, size_t n, char *out,
                             int *outn)
{
    if (i + 2 >= n || raw[i + 2] != '{')
        return 0;
    uint32_t cp = 0;
    size_t j = i + 3, digits = 0;
    while (j < n && hexval((unsigned char)raw[j]) >= 0 && digits < 6) {
        cp = cp * 16 + (uint32_t)hexval((unsigned char)raw[j]);
        j++;
        digits++;
    }
    if (digits == 0 || j >= n || raw[j] != '}' || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *outn = utf8_encode(cp, out);
    return j + 1 - i;
}

/* The byte a one-character escape stands for, or -1. */
static int simple_escape(int e)
{
    switch (e) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '\\': case '"': case '\'': return e;
    case '0': return 0;
    default: return -1;
    }
}

/* Decode escapes of raw[0..n) into an arena copy (see rc_token.h). */
char *rc_lex_decode(RcArena *ar, const char *raw, size_t n, uint32_t *outlen,
                    uint32_t *map)
{
    char *out = rc_arena_alloc(ar, n + 1);
    size_t o = 0, i = 0;
    while (i < n) {
        size_t from = i;
        int e = (raw[i] == '\\' && i + 1 < n) ? (unsigned char)raw[i + 1] : -1;
        int simple = e >= 0 ? simple_escape(e) : -1;
        char u[4];
        int un = 0;
        size_t used = e == 'u' ? decode_unicode(raw, i, n, u, &un) : 0;
        if (simple >= 0) {
            if (map) map[o] = (uint32_t)from;
            out[o++] = (char)simple;
            i += 2;
        } else if (used > 0) {
            for (int k = 0; k < un; k++) {
                if (map) map[o] = (uint32_t)from;
                out[o++] = u[k];
            }
            i += used;
        } else {
            if (map) map[o] = (uint32_t)from;
            out[o++] = raw[i++];
        }
    }
    if (map) map[o] = (uint32_t)n;
    out[o] = '\0';
    *outlen = (uint32_t)o;
    return out;
}

/* ---- helpers called from the rules ---- */

/* Scan to the unescaped closing quote q starting at p; returns a pointer
 * to it, or to lim when the literal is unterminated. Tracks newlines. */
static const char *scan_quoted(RcLexer *lx, const char *p, char q)
{
    while (p < lx->lim) {
        if (*p == q)
            return p;
        if (*p == '\\' && p + 1 < lx->lim) {
            if (p[1] == '\n')
                newline_at(lx, p + 1);
            p += 2;
            continue;
        }
        if (*p == '\n')
            newline_at(lx, p);
        p++;
    }
    return lx->lim;
}

/* A "..." or '...' literal whose body starts at p; tok is the opening
 * quote (or prefix). Fills t->str/len; returns the new cursor. */
static const char *lex_quoted(RcLexer *lx, RcToken *t, const char *p, char q,
                              const char *what)
{
    const char *end = scan_quoted(lx, p, q);
    if (end >= lx->lim)
        rc_diag_error(lx->d, t->line, t->col, "unterminated %s", what);
    t->str = rc_lex_decode(lx->ar, p, (size_t)(end - p), &t->len, NULL);
    return end < lx->lim ? end + 1 : end;
}

/* r"..." / r#"..."# : p points after the r; no escapes. */
static const char *lex_raw(RcLexer *lx, RcToken *t, const char *p)
{
    size_t hashes = 0;
    while (*p == '#') { hashes++; p++; }
    p++; /* opening quote */
    const char *body = p;
    for (; p < lx->lim; p++) {
        if (*p == '\n')
            newline_at(lx, p);
        if (*p != '"' || (size_t)(lx->lim - p - 1) < hashes)
            continue;
        size_t k = 0;
        while (k < hashes && p[1 + k] == '#')
            k++;
        if (k == hashes) {
            t->str = rc_arena_strdup(lx->ar, body, (size_t)(p - body));
            t->len = (uint32_t)(p - body);
            return p + 1 + hashes;
        }
    }
    rc_diag_error(lx->d, t->line, t->col, "unterminated raw string literal");
    t->str = rc_arena_strdup(lx->ar, body, (size_t)(lx->lim - body));
    t->len = (uint32_t)(lx->lim - body);
    return lx->lim;
}

/* Nested block comment; p points after the opening slash-star. */
static const char *skip_block_comment(RcLexer *lx, const char *p,
                                      uint32_t line, uint32_t col)
{
    int depth = 1;
    while (p < lx->lim) {
        if (p[0] == '/' && p[1] == '*') {
            depth++;
            p += 2;
        } else if (p[0] == '*' && p[1] == '/') {
            p += 2;
            if (--depth == 0)
                return p;
        } else {
            if (*p == '\n')
                newline_at(lx, p);
            p++;
        }
    }
    rc_diag_error(lx->d, line, col, "unterminated block comment");
    return lx->lim;
}

/* #[...] attribute, ignored; p points after the '['. */
static const char *skip_attribute(RcLexer *lx, const char *p, uint32_t line,
                                  uint32_t col)
{
    int depth = 1;
    while (p < lx->lim) {
        char c = *p;
        if (c == '"') {
            p = scan_quoted(lx, p + 1, '"');
            if (p < lx->lim)
                p++;
            continue;
        }
        if (c == '\n')
            newline_at(lx, p);
        p++;
        if (c == '[')
            depth++;
        else if (c == ']' && --depth == 0)
            return p;
    }
    rc_diag_error(lx->d, line, col, "unterminated attribute");
    return lx->lim;
}

/* Does the quote at p close on the same line (escapes respected), with
 * no identifier glued after the closing quote (`<'a, 'b>` is not one)? */
static int closes_on_line(const char *p, const char *lim)
{
    for (; p < lim && *p != '\n'; p++) {
        if (*p == '\\' && p + 1 < lim && p[1] != '\n')
            p++;
        else if (*p == '\'')
            return !is_ident_char((unsigned char)p[1]);
    }
    return 0;
}

/* After a single quote at tok: char/string literal or lifetime/label.
 * Returns the token kind and the new cursor in *next. */
static int lex_squote(RcLexer *lx, RcToken *t, const char *tok,
                      const char **next)
{
    const char *p = tok + 1, *q = p;
    if (is_ident_start((unsigned char)*p)) {
        while (is_ident_char((unsigned char)*q))
            q++;
        int label = (*q == ':' && q[1] != ':') || lx->prev == TK_BREAK ||
                    lx->prev == TK_CONTINUE || lx->prev == TK_AMP ||
                    lx->prev == TK_LT;
        if (*q != '\'' && (label || !closes_on_line(p, lx->lim))) {
            t->str = p;
            t->len = (uint32_t)(q - p);
            *next = q;
            return TK_LIFETIME;
        }
    }
    *next = lex_quoted(lx, t, p, '\'', "character literal");
    return TK_STRING;
}

static int64_t parse_decimal(RcLexer *lx, const RcToken *t, const char *p)
{
    uint64_t v = 0;
    int over = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_C(0x7fffffffffffffff) - d) / 10)
            over = 1;
        else
            v = v * 10 + d;
    }
    if (over) {
        rc_diag_error(lx->d, t->line, t->col,
                      "integer literal '%.*s' is out of range", (int)t->n, t->s);
        return 0;
    }
    return (int64_t)v;
}

static int64_t parse_hex(RcLexer *lx, const RcToken *t, const char *p)
{
    uint64_t v = 0;
    int over = 0;
    for (; hexval((unsigned char)*p) >= 0; p++) {
        if (v > (UINT64_C(0x7fffffffffffffff) >> 4))
            over = 1;
        v = (v << 4) | (uint64_t)hexval((unsigned char)*p);
    }
    if (over || v > UINT64_C(0x7fffffffffffffff)) {
        rc_diag_error(lx->d, t->line, t->col,
                      "integer literal '%.*s' is out of range", (int)t->n, t->s);
        return 0;
    }
    return (int64_t)v;
}

static double parse_float(RcLexer *lx, const char *s, const char *e)
{
    if (e - s > 3 && e[-3] == 'f')
        e -= 3; /* f32 / f64 suffix */
    char *copy = rc_arena_strdup(lx->ar, s, (size_t)(e - s));
    return strtod(copy, NULL);
}

static void bad_char(RcLexer *lx, const char *tok)
{
    unsigned char c = (unsigned char)*tok;
    uint32_t line, col;
    lex_pos(lx, tok, &line, &col);
    if (c >= 0x21 && c < 0x7f)
        rc_diag_error(lx->d, line, col, "unexpected character '%c'", c);
    else
        rc_diag_error(lx->d, line, col, "unexpected byte 0x%02x", c);
}

/* ---- the scanner ----
 * Identifiers are looked up in the keyword table (rc_keywords.c). */

#define TOKEN(k) do { kind = (k); goto done; } while (0)

/* Next token (see rc_token.h). */
int rc_lex_next(RcLexer *lx, RcToken *t)
{
    Cur cur = (Cur)lx->cur, mar = cur, tok;
    int kind, nl = 0, sp = lx->prev == 0;
    const char *next;
    memset(t, 0, sizeof *t);
    for (;;) {
        tok = cur;
        lex_pos(lx, (const char *)tok, &t->line, &t->col);
        /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = cur;
        re2c:define:YYMARKER = mar;
        re2c:yyfill:enable = 0;

        ident = [a-zA-Z_][a-zA-Z0-9_]*;
        dec = [0-9]+;
        exp = [eE] [+-]? dec;
        isuf = "i8" | "i16" | "i32" | "i64" | "i128" | "isize"
             | "u8" | "u16" | "u32" | "u64" | "u128" | "usize";
        fsuf = "f32" | "f64";

        "\x00" {
            if ((const char *)tok >= lx->lim) { cur = tok; TOKEN(0); }
            bad_char(lx, (const char *)tok); sp = 1; continue;
        }
        "\n" { newline_at(lx, (const char *)tok); nl = sp = 1; continue; }
        [ \t\r\f\v]+ | "//" [^\n\x00]* | "#" ([^[\n\x00] [^\n\x00]*)? {
            sp = 1; continue; /* blanks, line comments, # comments */
        }
        "/*" {
            cur = (Cur)skip_block_comment(lx, (const char *)cur, t->line, t->col);
            sp = 1; continue;
        }
        "#[" { cur = (Cur)skip_attribute(lx, (const char *)cur, t->line, t->col);
               sp = 1; continue; }

        "_" { TOKEN(TK_UNDERSCORE); }
        ident      { TOKEN(rc_keyword_kind((const char *)tok, (size_t)(cur - tok))); }

        dec isuf? {
            t->s = (const char *)tok; t->n = (uint32_t)(cur - tok);
            t->v.i = parse_decimal(lx, t, (const char *)tok); TOKEN(TK_INT);
        }
        "0" [xX] [0-9a-fA-F]+ isuf? {
            t->s = (const char *)tok; t->n = (uint32_t)(cur - tok);
            t->v.i = parse_hex(lx, t, (const char *)tok + 2); TOKEN(TK_INT);
        }
        dec "." dec exp? fsuf? | dec exp fsuf? | dec fsuf {
            t->v.f = parse_float(lx, (const char *)tok, (const char *)cur);
            TOKEN(TK_FLOAT);
        }

        "\"" {
            cur = (Cur)lex_quoted(lx, t, (const char *)cur, '"', "string literal");
            TOKEN(TK_STRING);
        }
        "r" "#"* "\"" {
            cur = (Cur)lex_raw(lx, t, (const char *)tok + 1); TOKEN(TK_STRING);
        }
        "f\"" {
            const char *end = scan_quoted(lx, (const char *)cur, '"');
            if (end >= lx->lim)
                rc_diag_error(lx->d, t->line, t->col, "unterminated f-string literal");
            t->str = (const char *)cur; t->len = (uint32_t)(end - (const char *)cur);
            cur = (Cur)(end < lx->lim ? end + 1 : end);
            TOKEN(TK_FSTRING);
        }
        "b'" | "b\"" {
            rc_diag_error(lx->d, t->line, t->col, "byte literals (b'x') are not supported");
            cur = (Cur)lex_quoted(lx, t, (const char *)cur, (char)cur[-1],
                                  "byte literal");
            t->v.i = t->len > 0 ? (unsigned char)t->str[0] : 0;
            TOKEN(TK_INT);
        }
        "'" {
            kind = lex_squote(lx, t, (const char *)tok, &next);
            cur = (Cur)next; goto done;
        }

        "+" { TOKEN(TK_PLUS); }  "-" { TOKEN(TK_MINUS); }  "*" { TOKEN(TK_STAR); }
        "/" { TOKEN(TK_SLASH); }  "%" { TOKEN(TK_PERCENT); }  "**" { TOKEN(TK_POW); }
        "==" { TOKEN(TK_EQEQ); }  "!=" { TOKEN(TK_NE); }  "<" { TOKEN(TK_LT); }
        "<=" { TOKEN(TK_LE); }
        ">" / ">" { TOKEN(TK_GTJ); }
        ">" { TOKEN(TK_GT); }  ">=" { TOKEN(TK_GE); }  "&&" { TOKEN(TK_ANDAND); }
        "||" { TOKEN(TK_OROR); }  "!" { TOKEN(TK_BANG); }  "&" { TOKEN(TK_AMP); }
        "|" { TOKEN(TK_PIPE); }  "^" { TOKEN(TK_CARET); }  "~" { TOKEN(TK_TILDE); }
        "<<" { TOKEN(TK_SHL); }  "=" { TOKEN(TK_ASSIGN); }  "+=" { TOKEN(TK_PLUSEQ); }
        "-=" { TOKEN(TK_MINUSEQ); }  "*=" { TOKEN(TK_STAREQ); }  "/=" { TOKEN(TK_SLASHEQ); }
        "%=" { TOKEN(TK_PERCENTEQ); }  "**=" { TOKEN(TK_POWEQ); }  "&=" { TOKEN(TK_AMPEQ); }
        "|=" { TOKEN(TK_PIPEEQ); }  "^=" { TOKEN(TK_CARETEQ); }  "<<=" { TOKEN(TK_SHLEQ); }
        "++" { TOKEN(TK_PLUSPLUS); }  "--" { TOKEN(TK_MINUSMINUS); }  "|>" { TOKEN(TK_PIPEGT); }
        "->" { TOKEN(TK_ARROW); }  "=>" { TOKEN(TK_FATARROW); }  ".." { TOKEN(TK_DOTDOT); }
        "..=" { TOKEN(TK_DOTDOTEQ); }  "..." { TOKEN(TK_DOTDOTDOT); }  "??" { TOKEN(TK_QQ); }
        "?" { TOKEN(TK_QUESTION); }  "(" { TOKEN(TK_LPAREN); }  ")" { TOKEN(TK_RPAREN); }
        "[" { TOKEN(TK_LBRACKET); }  "]" { TOKEN(TK_RBRACKET); }  "{" { TOKEN(TK_LBRACE); }
        "}" { TOKEN(TK_RBRACE); }  "," { TOKEN(TK_COMMA); }  "." { TOKEN(TK_DOT); }
        ":" { TOKEN(TK_COLON); }  "::" { TOKEN(TK_COLONCOLON); }  ";" { TOKEN(TK_SEMI); }
        "@" { TOKEN(TK_AT); }  "\\" { TOKEN(TK_BACKSLASH); }  "<?" { TOKEN(TK_LTQ); }
        "<-" {
            if (sp && (*cur == ' ' || *cur == '\t')) TOKEN(TK_LARROW);
            cur = tok + 1; TOKEN(TK_LT);
        }

        [\x80-\xff] [\x80-\xbf]* | [^] { bad_char(lx, (const char *)tok); sp = 1; continue; }
        */
    }
done:
    (void)mar;
    t->kind = kind;
    t->s = (const char *)tok;
    t->n = (uint32_t)(cur - tok);
    t->nl = (uint8_t)nl;
    t->sp = (uint8_t)sp;
    if (t->str == NULL) {
        t->str = t->s;
        t->len = t->n;
    }
    lx->cur = (const char *)cur;
    lx->prev = kind;
    return kind;
}

/* ---- token array and f-string splitting ---- */

static int vec_push(RcTokVec *v, const RcToken *t)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 256;
        RcToken *nv = rc_arena_alloc(v->ar, (size_t)cap * sizeof *nv);
        if (v->n > 0)
            memcpy(nv, v->v, (size_t)v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = *t;
    return 0;
}

/* Forget the array of v (it lives in the arena, like the tokens' strings). */
void rc_tokvec_free(RcTokVec *v)
{
    v->v = NULL;
    v->n = v->cap = 0;
}

/* Splitting state of one f-string: its decoded body and where each decoded
 * byte sits in the root buffer. */
typedef struct {
    RcLexer *lx;
    RcTokVec *out;
    const char *dec;
    uint32_t dlen;
    uint32_t *pl, *pc;          /* file position of each decoded byte */
    char *lit;                  /* pending literal text */
    uint32_t nlit, lit_at;
} FSplit;

static int lex_into(RcLexer *lx, RcTokVec *out, int with_eof);

static void fs_pos(const FSplit *f, uint32_t j, uint32_t *line, uint32_t *col)
{
    *line = f->pl[j];
    *col = f->pc[j];
}

static void fs_error(const FSplit *f, uint32_t j, const char *msg)
{
    uint32_t line, col;
    fs_pos(f, j, &line, &col);
    rc_diag_error(f->lx->d, line, col, "%s", msg);
}

static int fs_emit(FSplit *f, int kind, uint32_t j, const char *str,
                   uint32_t len)
{
    RcToken t;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    fs_pos(f, j, &t.line, &t.col);
    t.s = f->dec + j;
    t.n = j < f->dlen ? 1 : 0;
    t.str = str;
    t.len = len;
    return vec_push(f->out, &t);
}

static void fs_lit(FSplit *f, char c, uint32_t j)
{
    if (f->nlit == 0)
        f->lit_at = j;
    f->lit[f->nlit++] = c;
}

static int fs_flush(FSplit *f)
{
    if (f->nlit == 0)
        return 0;
    const char *s = rc_arena_strdup(f->lx->ar, f->lit, f->nlit);
    int rc = fs_emit(f, TK_FSTR_PART, f->lit_at, s, f->nlit);
    f->nlit = 0;
    return rc;
}

/* Index of the '}' matching the '{' at j (quotes skipped), or dlen. */
static uint32_t fs_close(const FSplit *f, uint32_t j)
{
    int depth = 0;
    for (uint32_t k = j; k < f->dlen; k++) {
        char c = f->dec[k];
        if (c == '"') {
            for (k++; k < f->dlen && f->dec[k] != '"'; k++)
                if (f->dec[k] == '\\')
                    k++;
        } else if (c == '{') {
            depth++;
        } else if (c == '}' && --depth == 0) {
            return k;
        }
    }
    return f->dlen;
}

/* Index of the format-spec colon in dec[b..e): a single ':' at bracket
 * depth 0 with no quote before it; e when there is none. */
static uint32_t fs_spec(const FSplit *f, uint32_t b, uint32_t e)
{
    int depth = 0;
    for (uint32_t k = b; k < e; k++) {
        char c = f->dec[k];
        if (c == '"' || c == '\'')
            return e;
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        else if (c == ':' && depth == 0) {
            if (f->dec[k + 1] == ':') {
                k++;
                continue;
            }
            return k;
        }
    }
    return e;
}

/* Lex dec[b..e) as Ruchy tokens with a sub-lexer, appending them. */
static int fs_expr(FSplit *f, uint32_t b, uint32_t e)
{
    RcLexer sub;
    memset(&sub, 0, sizeof sub);
    sub.buf = sub.cur = sub.line_start =
        rc_arena_strdup(f->lx->ar, f->dec + b, e - b);
    sub.lim = sub.buf + (e - b);
    sub.line = 1;
    sub.ar = f->lx->ar;
    sub.d = f->lx->d;
    sub.depth = f->lx->depth + 1;
    sub.plines = f->pl + b;
    sub.pcols = f->pc + b;
    return lex_into(&sub, f->out, 0);
}

/* One {expr[:spec]} part at j whose '}' is at k. */
static int fs_part(FSplit *f, uint32_t j, uint32_t k)
{
    uint32_t c = fs_spec(f, j + 1, k);
    if (fs_flush(f) < 0 || fs_emit(f, TK_FEXPR_BEGIN, j, "{", 1) < 0 ||
        fs_expr(f, j + 1, c) < 0)
        return -1;
    if (c < k) {
        const char *spec = rc_arena_strdup(f->lx->ar, f->dec + c + 1, k - c - 1);
        if (fs_emit(f, TK_FSPEC, c, spec, k - c - 1) < 0)
            return -1;
    }
    return fs_emit(f, TK_FEXPR_END, k, "}", 1);
}

static int fs_blank(const FSplit *f, uint32_t b, uint32_t e)
{
    for (; b < e; b++)
        if (f->dec[b] != ' ' && f->dec[b] != '\t')
            return 0;
    return 1;
}

/* Walk the decoded body: literal text, {{ }}, and {expr[:spec]} parts. */
static int fs_walk(FSplit *f)
{
    uint32_t j = 0;
    while (j < f->dlen) {
        char c = f->dec[j];
        if ((c == '{' || c == '}') && f->dec[j + 1] == c) {
            fs_lit(f, c, j);
            j += 2;
        } else if (c == '}') {
            fs_error(f, j, "unmatched '}' in f-string (write '}}' for a brace)");
            fs_lit(f, c, j++);
        } else if (c != '{') {
            fs_lit(f, c, j++);
        } else {
            uint32_t k = fs_close(f, j);
            if (k >= f->dlen) {
                fs_error(f, j, "unterminated '{' in f-string");
                while (j < f->dlen)
                    fs_lit(f, f->dec[j], j), j++;
            } else if (fs_blank(f, j + 1, k)) {
                for (; j <= k; j++)
                    fs_lit(f, f->dec[j], j);
            } else {
                if (fs_part(f, j, k) < 0)
                    return -1;
                j = k + 1;
            }
        }
    }
    return fs_flush(f);
}

/* File position of every decoded byte (and the end): looked up in the
 * parent sub-lexer's tables, or counted forward from the token start.
 * raw[j] (non-decreasing) is the body offset decoded byte j came from. */
static void fs_positions(FSplit *f, const RcLexer *lx, const RcToken *ft,
                         uint32_t body, const uint32_t *raw)
{
    f->pl = rc_arena_alloc(lx->ar, (f->dlen + 1) * sizeof *f->pl);
    f->pc = rc_arena_alloc(lx->ar, (f->dlen + 1) * sizeof *f->pc);
    uint32_t off = (uint32_t)(ft->s - lx->buf), line = ft->line, col = ft->col;
    for (uint32_t j = 0; j <= f->dlen; j++) {
        uint32_t target = body + raw[j];
        if (lx->plines != NULL) {
            f->pl[j] = lx->plines[target];
            f->pc[j] = lx->pcols[target];
            continue;
        }
        for (; off < target; off++) {
            if (lx->buf[off] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        f->pl[j] = line;
        f->pc[j] = col;
    }
}

/* Expand the raw f-string token ft of lx into FSTR_* tokens. */
static int expand_fstring(RcLexer *lx, RcTokVec *out, const RcToken *ft)
{
    FSplit f;
    memset(&f, 0, sizeof f);
    f.lx = lx;
    f.out = out;
    uint32_t body = (uint32_t)(ft->str - lx->buf);
    uint32_t *raw = rc_arena_alloc(lx->ar, (ft->len + 1) * sizeof *raw);
    f.dec = rc_lex_decode(lx->ar, ft->str, ft->len, &f.dlen, raw);
    fs_positions(&f, lx, ft, body, raw);
    f.lit = rc_arena_alloc(lx->ar, f.dlen + 1);
    RcToken begin = *ft;
    begin.kind = TK_FSTR_BEGIN;
    if (vec_push(out, &begin) < 0)
        return -1;
    if (lx->depth >= RC_FSTRING_MAX_DEPTH)
        rc_diag_error(lx->d, ft->line, ft->col, "f-strings nested too deeply");
    else if (fs_walk(&f) < 0)
        return -1;
    return fs_emit(&f, TK_FSTR_END, f.dlen, "\"", 1);
}

static int lex_into(RcLexer *lx, RcTokVec *out, int with_eof)
{
    RcToken t;
    for (;;) {
        int k = rc_lex_next(lx, &t);
        if (lx->plines != NULL)
            t.nl = 0;
        if (k == TK_FSTRING) {
            if (expand_fstring(lx, out, &t) < 0)
                return -1;
            continue;
        }
        if (k == 0 && !with_eof)
            return 0;
        if (vec_push(out, &t) < 0)
            return -1;
        if (k == 0)
            return 0;
    }
}

/* Lex the whole input into out (see rc_token.h). */
int rc_lex_all(RcLexer *lx, RcTokVec *out)
{
    /* at most about one token per 2 source bytes: one allocation, no
     * regrowth; pages never written are never touched */
    size_t want = (size_t)(lx->lim - lx->cur) / 2 + 64;
    if (out->ar == NULL)
        out->ar = lx->ar;
    if (out->cap == 0 && want < (size_t)1 << 28) {
        out->v = rc_arena_alloc(out->ar, want * sizeof *out->v);
        out->cap = (int)want;
    }
    return lex_into(lx, out, 1);
}
