/* rc_grammar.y — lemon grammar of Ruchy: builds the AST and nothing else.
 *
 * Every action is a constructor call (rc_ast_*, rc_list_push) or a small
 * field set. Context-dependent decisions (newline separators, block vs map
 * vs struct literal braces (and `}` of non-blocks comes as REND), arrow lambdas, ternary vs try `?`, open ranges,
 * macros, f-string splitting) are made by the driver in rc_parse.c, which
 * feeds this parser synthetic tokens (NL, LMAP, LSTRUCT, TERNQ, ...).
 * Types are parsed and dropped. Errors: %syntax_error only records; the
 * driver skips to the next statement and `stmt ::= error` resumes there.
 */
%name RcParser
%token_prefix TK_
%extra_context {RcParseCtx *ctx}
%token_type {RcToken}
%default_type {RcAst *}
%stack_size 4000
%start_symbol program

%include {
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-variable"
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "rc_parse.h"

#define AR (ctx->ar)
#define TP(t) (t).line, (t).col
#define NP(n) (n)->line, (n)->col
#define TSTR(t) (t).str, (t).len
#define NEW(kind, t) rc_ast_new(AR, RC_AST_##kind, TP(t))
#define NODE(kind, t, a, b, c) rc_ast_node(AR, RC_AST_##kind, TP(t), a, b, c)
#define PUSH(list, x) do { if (x) rc_list_push(AR, &(list), (x)); } while (0)
#define STRNODE(kind, t) rc_ast_str(AR, RC_AST_##kind, TSTR(t), TP(t))
#define LIT(s) s, sizeof(s) - 1
}

%syntax_error { rc_parse_syntax_error(ctx, yymajor, &yyminor); }
%stack_overflow { rc_parse_overflow(ctx); }

/* Tokens made only by the lexer or the driver, or only named in errors. */
%token RESERVED FSTRING LARROW LTQ PLUSPLUS MINUSMINUS BACKSLASH AT MOD.

/* Precedence, lowest first (§3 of the language reference; `**` is
 * right-associative per decision 5). */
%nonassoc IF.
%nonassoc ELSE.
%right RETURN.
%right ASSIGN PLUSEQ MINUSEQ STAREQ SLASHEQ PERCENTEQ POWEQ AMPEQ PIPEEQ
       CARETEQ SHLEQ.
%right TERNQ COLON.
%left OROR.
%left QQ.
%left ANDAND PIPEGT.
%left PIPE.
%left CARET DOTDOT DOTDOTEQ DOTDOT_OPEN.
%left AMP.
%left EQEQ NE.
%left LT LE GT GE IN.
%left SHL GTJ.
%left PLUS MINUS.
%left STAR SLASH PERCENT.
%right POW.
%left AS.
%right BANG TILDE UNARY.
%left QUESTION.
%left DOT.
%left LPAREN LBRACKET COLONCOLON LBRACE.

/* ---------------- program, blocks and statements ---------------- */

program ::= body(B). { B->kind = RC_AST_PROGRAM; ctx->root = B; }

%type body_open {RcAst *}
%type body_closed {RcAst *}
body_open(A) ::= . { A = rc_ast_new(AR, RC_AST_BLOCK, 1, 1); }
body_open(A) ::= body_open(A) sep.
body_open(A) ::= body_closed(A) sep.
body_open(A) ::= body_open(A) error sep.
body_open(A) ::= body_closed(A) error sep.
body_closed(A) ::= body_open(A) stmt(S). { PUSH(A->list, S); }
body(A) ::= body_open(A).
body(A) ::= body_closed(A).

sep ::= NL.
sep ::= SEMI.

/* After `error` only a separator or the block's `}` can follow, so lemon
 * makes no default reduction while the driver skips to the next statement. */
block(A) ::= LBRACE(L) body(B) RBRACE. { A = B; A->line = L.line; A->col = L.col; }
block(A) ::= LBRACE(L) body_open(B) error RBRACE. { A = B; A->line = L.line; A->col = L.col; }
block(A) ::= LBRACE(L) body_closed(B) error RBRACE. { A = B; A->line = L.line; A->col = L.col; }

stmt(A) ::= expr(E). { A = E; }
stmt(A) ::= let_stmt(L). { A = L; }
stmt(A) ::= decl(D). { A = D; }
stmt(A) ::= vis decl(D). { A = D; if (A) A->flags |= RC_F_PUB; }

vis ::= PUB.
vis ::= PUB LPAREN vis_scope RPAREN.
vis_scope ::= IDENT.
vis_scope ::= RESERVED.
vis_scope ::= SELF.

decl(A) ::= fun_decl(F). { A = F; }
decl(A) ::= struct_decl(S). { A = S; }
decl(A) ::= enum_decl(E). { A = E; }
decl(A) ::= impl_decl(I). { A = I; }
decl(A) ::= trait_decl(T). { A = T; }
decl(A) ::= const_decl(C). { A = C; }
decl(A) ::= use_decl(U). { A = U; }
decl(A) ::= type_alias. { A = NULL; }

/* ---------------- let / const / type ---------------- */

let_stmt(A) ::= LET(K) pattern(P) opt_type ASSIGN expr(E).
    { A = NODE(LET, K, P, E, NULL); A->flags = P->flags & RC_F_MUT; }
let_stmt(A) ::= LET(K) pattern(P) opt_type ASSIGN expr(E) ELSE block(B).
    { A = NODE(LET, K, P, E, B); A->flags = P->flags & RC_F_MUT; }
let_stmt(A) ::= LET(K) pattern(P) opt_type.
    { A = NODE(LET, K, P, NEW(NIL, K), NULL); A->flags = P->flags & RC_F_MUT; }
let_stmt(A) ::= VAR(K) pattern(P) opt_type ASSIGN expr(E).
    { A = NODE(LET, K, P, E, NULL); A->flags = RC_F_MUT; }

const_decl(A) ::= CONST(K) IDENT(N) opt_type ASSIGN expr(E).
    { A = NODE(CONST, K, STRNODE(PAT_BIND, N), E, NULL); }

type_alias ::= TYPE IDENT generics ASSIGN type.

opt_type ::= .
opt_type ::= COLON type.

/* ---------------- functions ---------------- */

%type fun_head {RcAst *}
fun_head(A) ::= FUN(K) IDENT(N) generics LPAREN params(P) RPAREN ret where_opt.
    { A = rc_ast_fun(AR, TSTR(N), P, NULL, TP(K)); }
fun_decl(A) ::= fun_head(A) fun_body(B). { A->a = B; }
fun_body(A) ::= block(B). { A = B; }
fun_body(A) ::= map_lit(M). { A = M; }

%type params {RcList}
%type plist {RcList}
params(A) ::= . { memset(&A, 0, sizeof A); }
params(A) ::= plist(A).
params(A) ::= plist(A) COMMA.
plist(A) ::= param(P). { memset(&A, 0, sizeof A); rc_list_push(AR, &A, P); }
plist(A) ::= plist(A) COMMA param(P). { rc_list_push(AR, &A, P); }

param(A) ::= pname(A) opt_type.
param(A) ::= pname(A) opt_type ASSIGN expr(E). { A->a = E; }
pname(A) ::= IDENT(N). { A = STRNODE(PARAM, N); }
pname(A) ::= UNDERSCORE(N). { A = rc_ast_str(AR, RC_AST_PARAM, LIT("_"), TP(N)); }
pname(A) ::= MUT IDENT(N). { A = STRNODE(PARAM, N); A->flags |= RC_F_MUT; }
pname(A) ::= self_ref(S). { A = rc_ast_str(AR, RC_AST_PARAM, LIT("self"), TP(S)); }
pname(A) ::= MUT self_ref(S).
    { A = rc_ast_str(AR, RC_AST_PARAM, LIT("self"), TP(S)); A->flags |= RC_F_MUT; }
%type self_ref {RcToken}
self_ref(A) ::= SELF(S). { A = S; }
self_ref(A) ::= AMP(S) SELF. { A = S; }
self_ref(A) ::= AMP(S) MUT SELF. { A = S; }
self_ref(A) ::= AMP(S) LIFETIME SELF. { A = S; }
self_ref(A) ::= AMP(S) LIFETIME MUT SELF. { A = S; }

ret ::= .
ret ::= ARROW type.

where_opt ::= .
where_opt ::= WHERE wlist.
where_opt ::= WHERE wlist COMMA.
wlist ::= wpred.
wlist ::= wlist COMMA wpred.
wpred ::= type COLON bounds.
wpred ::= LIFETIME COLON bounds.

generics ::= .
generics ::= LT gparams gt.
gparams ::= gparam.
gparams ::= gparams COMMA gparam.
gparams ::= gparams COMMA.
gparam ::= IDENT.
gparam ::= IDENT COLON bounds.
gparam ::= IDENT ASSIGN type.
gparam ::= LIFETIME.
gparam ::= LIFETIME COLON bounds.
gparam ::= CONST IDENT COLON type.
bounds ::= bound.
bounds ::= bounds PLUS bound.
bound ::= type.
bound ::= LIFETIME.
bound ::= QUESTION tpath.

gt ::= GT.
gt ::= GTJ.

/* ---------------- types (parsed and dropped) ---------------- */

%type type {RcToken}
%type tpath {RcToken}
tpath(A) ::= IDENT(N). { A = N; }
tpath(A) ::= OPTION(N). { A = N; }
tpath(A) ::= RESULT(N). { A = N; }
tpath(A) ::= tpath COLONCOLON IDENT(N). { A = N; }

type(A) ::= tpath(A). [RETURN]
type(A) ::= tpath(A) LT targs gt.
type(A) ::= tpath(A) LPAREN types RPAREN ret.
type(A) ::= UNDERSCORE(A).
type(A) ::= AMP type(B). { A = B; }
type(A) ::= AMP MUT type(B). { A = B; }
type(A) ::= AMP LIFETIME type(B). { A = B; }
type(A) ::= AMP LIFETIME MUT type(B). { A = B; }
type(A) ::= ANDAND type(B). { A = B; }
type(A) ::= LPAREN(A) types RPAREN.
type(A) ::= LBRACKET(A) type RBRACKET.
type(A) ::= LBRACKET(A) type SEMI expr RBRACKET.
type(A) ::= IMPL(A) type.
type(A) ::= DYN(A) type.
type(A) ::= FUN(A) LPAREN types RPAREN ret.
types ::= .
types ::= tlist.
types ::= tlist COMMA.
tlist ::= type.
tlist ::= tlist COMMA type.
targs ::= targ.
targs ::= targs COMMA targ.
targ ::= type.
targ ::= LIFETIME.

/* ---------------- struct / enum / impl / trait / use ---------------- */

struct_decl(A) ::= STRUCT(K) IDENT(N) generics where_opt LBRACE sbody(B) REND.
    { A = B; rc_ast_set_str(AR, A, TSTR(N)); A->line = K.line; A->col = K.col; }
struct_decl(A) ::= STRUCT(K) IDENT(N) generics.
    { A = rc_ast_str(AR, RC_AST_STRUCT_DECL, TSTR(N), TP(K)); }

%type sbody_open {RcAst *}
%type sbody_closed {RcAst *}
sbody_open(A) ::= . { A = rc_ast_new(AR, RC_AST_STRUCT_DECL, 0, 0); }
sbody_open(A) ::= sbody_open(A) isep.
sbody_open(A) ::= sbody_closed(A) isep.
sbody_closed(A) ::= sbody_open(A) field_decl(F). { rc_list_push(AR, &A->list, F); }
sbody_closed(A) ::= sbody_open(A) PUB field_decl(F). { rc_list_push(AR, &A->list, F); }
sbody_closed(A) ::= sbody_open(A) fun_decl(F). { rc_list_push(AR, &A->list2, F); }
sbody_closed(A) ::= sbody_open(A) vis fun_decl(F).
    { F->flags |= RC_F_PUB; rc_list_push(AR, &A->list2, F); }
sbody(A) ::= sbody_open(A).
sbody(A) ::= sbody_closed(A).

isep ::= NL.
isep ::= COMMA.
isep ::= SEMI.

field_decl(A) ::= IDENT(N) COLON type. { A = STRNODE(FIELD_DECL, N); }
field_decl(A) ::= IDENT(N) COLON type ASSIGN expr(E).
    { A = STRNODE(FIELD_DECL, N); A->a = E; }

enum_decl(A) ::= ENUM(K) IDENT(N) generics where_opt LBRACE ebody(B) REND.
    { A = B; rc_ast_set_str(AR, A, TSTR(N)); A->line = K.line; A->col = K.col; }
%type ebody_open {RcAst *}
%type ebody_closed {RcAst *}
ebody_open(A) ::= . { A = rc_ast_new(AR, RC_AST_ENUM_DECL, 0, 0); }
ebody_open(A) ::= ebody_open(A) isep.
ebody_open(A) ::= ebody_closed(A) isep.
ebody_closed(A) ::= ebody_open(A) variant(V). { rc_list_push(AR, &A->list, V); }
ebody(A) ::= ebody_open(A).
ebody(A) ::= ebody_closed(A).

variant(A) ::= IDENT(N). { A = STRNODE(VARIANT, N); }
variant(A) ::= IDENT(N) ASSIGN expr(E). { A = STRNODE(VARIANT, N); A->a = E; }
variant(A) ::= IDENT(N) LPAREN tcount(C) RPAREN.
    { A = STRNODE(VARIANT, N); A->flags |= RC_F_TUPLE; A->num.i = C; }
variant(A) ::= IDENT(N) LSTRUCT fdecls(L) REND.
    { A = STRNODE(VARIANT, N); A->flags |= RC_F_STRUCTV; A->list = L; }
%type tcount {int}
tcount(A) ::= . { A = 0; }
tcount(A) ::= tcount1(A).
tcount(A) ::= tcount1(A) COMMA.
%type tcount1 {int}
tcount1(A) ::= type. { A = 1; }
tcount1(A) ::= tcount1(B) COMMA type. { A = B + 1; }

%type fdecls {RcList}
%type fdecls_open {RcList}
%type fdecls_closed {RcList}
fdecls_open(A) ::= . { memset(&A, 0, sizeof A); }
fdecls_open(A) ::= fdecls_open(A) isep.
fdecls_open(A) ::= fdecls_closed(A) isep.
fdecls_closed(A) ::= fdecls_open(A) field_decl(F). { rc_list_push(AR, &A, F); }
fdecls_closed(A) ::= fdecls_open(A) PUB field_decl(F). { rc_list_push(AR, &A, F); }
fdecls(A) ::= fdecls_open(A).
fdecls(A) ::= fdecls_closed(A).

impl_decl(A) ::= IMPL(K) generics type(T) where_opt LBRACE ibody(B) REND.
    { A = B; rc_ast_set_str(AR, A, TSTR(T)); A->line = K.line; A->col = K.col; }
impl_decl(A) ::= IMPL(K) generics type(R) FOR type(T) where_opt LBRACE ibody(B) REND.
    { A = B; rc_ast_set_str(AR, A, TSTR(T)); A->line = K.line; A->col = K.col;
      A->str2 = rc_arena_strdup(AR, TSTR(R)); A->len2 = R.len; }
%type ibody_open {RcAst *}
%type ibody_closed {RcAst *}
ibody_open(A) ::= . { A = rc_ast_new(AR, RC_AST_IMPL, 0, 0); }
ibody_open(A) ::= ibody_open(A) sep.
ibody_open(A) ::= ibody_closed(A) sep.
ibody_closed(A) ::= ibody_open(A) fun_decl(F). { rc_list_push(AR, &A->list, F); }
ibody_closed(A) ::= ibody_open(A) vis fun_decl(F).
    { F->flags |= RC_F_PUB; rc_list_push(AR, &A->list, F); }
ibody_closed(A) ::= ibody_open(A) fun_head(F). { rc_list_push(AR, &A->list, F); }
ibody_closed(A) ::= ibody_open(A) const_decl. 
ibody_closed(A) ::= ibody_open(A) type_alias.
ibody_closed(A) ::= ibody_open(A) TYPE IDENT opt_bounds.
ibody(A) ::= ibody_open(A).
ibody(A) ::= ibody_closed(A).
opt_bounds ::= .
opt_bounds ::= COLON bounds.

trait_decl(A) ::= TRAIT(K) IDENT(N) generics opt_bounds where_opt LBRACE ibody(B) REND.
    { A = rc_ast_str(AR, RC_AST_TRAIT, TSTR(N), TP(K)); A->list = B->list; }

use_decl(A) ::= USE(K) use_tree(T).
    { A = rc_ast_str(AR, RC_AST_USE, T.s, T.n, TP(K)); }
%type use_tree {RcToken}
%type use_path {RcToken}
use_path(A) ::= IDENT(A).
use_path(A) ::= use_path(A) COLONCOLON IDENT(N). { A.n = (uint32_t)(N.s + N.n - A.s); }
use_tree(A) ::= use_path(A).
use_tree(A) ::= use_path(A) COLONCOLON STAR(N). { A.n = (uint32_t)(N.s + N.n - A.s); }
use_tree(A) ::= use_path(A) AS IDENT(N). { A.n = (uint32_t)(N.s + N.n - A.s); }
use_tree(A) ::= use_path(A) COLONCOLON LBRACE use_list RBRACE(N).
    { A.n = (uint32_t)(N.s + N.n - A.s); }
use_list ::= .
use_list ::= use_list1.
use_list ::= use_list1 COMMA.
use_list1 ::= use_tree.
use_list1 ::= use_list1 COMMA use_tree.

/* ---------------- expressions ---------------- */

expr(A) ::= INT(T). { A = rc_ast_int(AR, T.v.i, TP(T)); }
expr(A) ::= FLOAT(T). { A = rc_ast_float(AR, T.v.f, TP(T)); }
expr(A) ::= STRING(T). { A = STRNODE(STRING, T); }
expr(A) ::= TRUE(T). { A = NEW(BOOL, T); A->num.i = 1; }
expr(A) ::= FALSE(T). { A = NEW(BOOL, T); }
expr(A) ::= NULL(T). { A = NEW(NIL, T); }
expr(A) ::= IDENT(T). { A = STRNODE(IDENT, T); }
expr(A) ::= SELF(T). { A = rc_ast_str(AR, RC_AST_IDENT, LIT("self"), TP(T)); }
expr(A) ::= NONE(T). { A = NEW(NONE, T); }
expr(A) ::= SOME(T) LPAREN expr(E) RPAREN. { A = NODE(SOME, T, E, NULL, NULL); }
expr(A) ::= OK(T) LPAREN expr(E) RPAREN. { A = NODE(OK, T, E, NULL, NULL); }
expr(A) ::= ERR(T) LPAREN expr(E) RPAREN. { A = NODE(ERR, T, E, NULL, NULL); }
expr(A) ::= path(A).
expr(A) ::= fstring(A).
expr(A) ::= block(A).
expr(A) ::= map_lit(A).

path(A) ::= IDENT(L) COLONCOLON IDENT(R).
    { A = rc_ast_str2(AR, RC_AST_PATH, TSTR(L), TSTR(R), TP(L)); }
path(A) ::= IDENT(L) COLONCOLON LT targs gt COLONCOLON IDENT(R).
    { A = rc_ast_str2(AR, RC_AST_PATH, TSTR(L), TSTR(R), TP(L)); }
path(A) ::= path(P) COLONCOLON IDENT(R).
    { A = rc_ast_str2(AR, RC_AST_PATH, P->str2, P->len2, TSTR(R), NP(P)); }
path(A) ::= path(A) COLONCOLON LT targs gt.
expr(A) ::= IDENT(T) COLONCOLON LT targs gt. [RETURN] { A = STRNODE(IDENT, T); }

/* parentheses, tuples, arrays */
expr(A) ::= LPAREN(T) RPAREN. { A = NEW(NIL, T); }
expr(A) ::= LPAREN expr(E) RPAREN. { A = E; A->flags |= RC_F_PAREN; }
expr(A) ::= LPAREN(T) expr(E) COMMA args(L) RPAREN.
    { A = NEW(TUPLE, T); rc_list_push(AR, &A->list, E);
      for (int i = 0; i < L.n; i++) rc_list_push(AR, &A->list, L.v[i]); }
expr(A) ::= LBRACKET(T) args(L) RBRACKET. { A = NEW(ARRAY, T); A->list = L; }
expr(A) ::= LBRACKET(T) expr(V) SEMI expr(N) RBRACKET. { A = NODE(ARRAY_REPEAT, T, V, N, NULL); }

%type args {RcList}
%type arglist {RcList}
args(A) ::= . { memset(&A, 0, sizeof A); }
args(A) ::= arglist(A).
args(A) ::= arglist(A) COMMA.
arglist(A) ::= expr(E). { memset(&A, 0, sizeof A); rc_list_push(AR, &A, E); }
arglist(A) ::= arglist(A) COMMA expr(E). { rc_list_push(AR, &A, E); }

/* macros: name! is one MACRO token made by the driver */
expr(A) ::= MACRO(M) LPAREN args(L) RPAREN. { A = STRNODE(MACRO, M); A->list = L; }
expr(A) ::= MACRO(M) LBRACKET args(L) RBRACKET. { A = STRNODE(MACRO, M); A->list = L; }
expr(A) ::= MACRO(M) LBRACKET expr(V) SEMI expr(N) RBRACKET.
    { A = NODE(ARRAY_REPEAT, M, V, N, NULL); }

/* object literals: LMAP is a `{` the driver recognised as a map */
map_lit(A) ::= LMAP(T) mbody(B) REND. { A = B; A->line = T.line; A->col = T.col; }
%type mbody_open {RcAst *}
%type mbody_closed {RcAst *}
mbody_open(A) ::= . { A = rc_ast_new(AR, RC_AST_MAP, 0, 0); }
mbody_open(A) ::= mbody_open(A) isep.
mbody_open(A) ::= mbody_closed(A) isep.
mbody_closed(A) ::= mbody_open(A) mkey(K) map_colon expr(V).
    { rc_list_push(AR, &A->list, rc_ast_node(AR, RC_AST_MAP_ENTRY, NP(K), K, V, NULL)); }
mbody(A) ::= mbody_open(A).
mbody(A) ::= mbody_closed(A).
map_colon ::= COLON.
map_colon ::= FATARROW.
mkey(A) ::= IDENT(T). { A = STRNODE(STRING, T); }
mkey(A) ::= STRING(T). { A = STRNODE(STRING, T); }

/* struct literals: LSTRUCT is a `{` after an uppercase name */
expr(A) ::= IDENT(N) LSTRUCT finits(L) REND.
    { A = STRNODE(STRUCT_LIT, N); A->list = L; }
expr(A) ::= path(P) LSTRUCT finits(L) REND.
    { A = rc_ast_str2(AR, RC_AST_STRUCT_LIT, P->str, P->len, P->str2, P->len2, NP(P));
      A->list = L; }
%type finits {RcList}
%type finits_open {RcList}
%type finits_closed {RcList}
finits_open(A) ::= . { memset(&A, 0, sizeof A); }
finits_open(A) ::= finits_open(A) isep.
finits_open(A) ::= finits_closed(A) isep.
finits_closed(A) ::= finits_open(A) IDENT(N) COLON expr(E).
    { RcAst *f = STRNODE(FIELD_INIT, N); f->a = E; rc_list_push(AR, &A, f); }
finits_closed(A) ::= finits_open(A) IDENT(N). { rc_list_push(AR, &A, STRNODE(FIELD_INIT, N)); }
finits(A) ::= finits_open(A).
finits(A) ::= finits_closed(A).

/* f-strings, split by the lexer */
fstring(A) ::= FSTR_BEGIN(T) fparts(L) FSTR_END. { A = NEW(FSTRING, T); A->list = L; }
%type fparts {RcList}
fparts(A) ::= . { memset(&A, 0, sizeof A); }
fparts(A) ::= fparts(A) FSTR_PART(T). { rc_list_push(AR, &A, STRNODE(STRING, T)); }
fparts(A) ::= fparts(A) FEXPR_BEGIN(T) expr(E) FEXPR_END.
    { rc_list_push(AR, &A, NODE(FMT, T, E, NULL, NULL)); }
fparts(A) ::= fparts(A) FEXPR_BEGIN(T) expr(E) FSPEC(S) FEXPR_END.
    { RcAst *f = NODE(FMT, T, E, NULL, NULL); rc_ast_set_str(AR, f, TSTR(S));
      rc_list_push(AR, &A, f); }

/* postfix */
expr(A) ::= expr(F) LPAREN args(L) RPAREN. { A = rc_ast_node(AR, RC_AST_CALL, NP(F), F, NULL, NULL); A->list = L; }
expr(A) ::= expr(X) LBRACKET expr(I) RBRACKET. { A = rc_ast_node(AR, RC_AST_INDEX, NP(X), X, I, NULL); }
expr(A) ::= expr(X) LBRACKET expr(L) COLON expr(H) RBRACKET.
    { A = rc_ast_node(AR, RC_AST_INDEX, NP(X), X, L, H); A->flags |= RC_F_SLICE; }
expr(A) ::= expr(X) LBRACKET COLON expr(H) RBRACKET.
    { A = rc_ast_node(AR, RC_AST_INDEX, NP(X), X, NULL, H); A->flags |= RC_F_SLICE; }
expr(A) ::= expr(X) LBRACKET expr(L) COLON RBRACKET.
    { A = rc_ast_node(AR, RC_AST_INDEX, NP(X), X, L, NULL); A->flags |= RC_F_SLICE; }
expr(A) ::= expr(X) LBRACKET COLON RBRACKET.
    { A = rc_ast_node(AR, RC_AST_INDEX, NP(X), X, NULL, NULL); A->flags |= RC_F_SLICE; }
expr(A) ::= expr(X) DOT IDENT(N).
    { A = rc_ast_str(AR, RC_AST_FIELD, TSTR(N), NP(X)); A->a = X; }
expr(A) ::= expr(X) DOT INT(N).
    { A = rc_ast_node(AR, RC_AST_TUPLE_INDEX, NP(X), X, NULL, NULL); A->num.i = N.v.i; }
expr(A) ::= expr(X) DOT IDENT(N) LPAREN args(L) RPAREN.
    { A = rc_ast_str(AR, RC_AST_METHOD_CALL, TSTR(N), NP(X)); A->a = X; A->list = L; }
expr(A) ::= expr(X) DOT IDENT(N) COLONCOLON LT targs gt LPAREN args(L) RPAREN.
    { A = rc_ast_str(AR, RC_AST_METHOD_CALL, TSTR(N), NP(X)); A->a = X; A->list = L; }
expr(A) ::= expr(X) QUESTION. { A = rc_ast_node(AR, RC_AST_TRY_OP, NP(X), X, NULL, NULL); }
expr(A) ::= expr(X) AS tpath(T).
    { A = rc_ast_str(AR, RC_AST_CAST, TSTR(T), NP(X)); A->a = X; }

/* prefix */
expr(A) ::= MINUS(T) expr(E). [UNARY] { A = rc_ast_unary(AR, RC_OP_NEG, E, TP(T)); }
expr(A) ::= BANG(T) expr(E). [UNARY] { A = rc_ast_unary(AR, RC_OP_NOT, E, TP(T)); }
expr(A) ::= TILDE(T) expr(E). [UNARY] { A = rc_ast_unary(AR, RC_OP_BITNOT, E, TP(T)); }
expr(A) ::= PLUS expr(E). [UNARY] { A = E; }
expr(A) ::= AMP expr(E). [UNARY] { A = E; }
expr(A) ::= AMP MUT expr(E). [UNARY] { A = E; }
expr(A) ::= ANDAND expr(E). [UNARY] { A = E; }
expr(A) ::= STAR expr(E). [UNARY] { A = E; }

/* binary */
expr(A) ::= expr(X) PLUS expr(Y). { A = rc_ast_binary(AR, RC_OP_ADD, X, Y); }
expr(A) ::= expr(X) MINUS expr(Y). { A = rc_ast_binary(AR, RC_OP_SUB, X, Y); }
expr(A) ::= expr(X) STAR expr(Y). { A = rc_ast_binary(AR, RC_OP_MUL, X, Y); }
expr(A) ::= expr(X) SLASH expr(Y). { A = rc_ast_binary(AR, RC_OP_DIV, X, Y); }
expr(A) ::= expr(X) PERCENT expr(Y). { A = rc_ast_binary(AR, RC_OP_MOD, X, Y); }
expr(A) ::= expr(X) POW expr(Y). { A = rc_ast_binary(AR, RC_OP_POW, X, Y); }
expr(A) ::= expr(X) EQEQ expr(Y). { A = rc_ast_binary(AR, RC_OP_EQ, X, Y); }
expr(A) ::= expr(X) NE expr(Y). { A = rc_ast_binary(AR, RC_OP_NE, X, Y); }
expr(A) ::= expr(X) LT expr(Y). { A = rc_ast_binary(AR, RC_OP_LT, X, Y); }
expr(A) ::= expr(X) LE expr(Y). { A = rc_ast_binary(AR, RC_OP_LE, X, Y); }
expr(A) ::= expr(X) GT expr(Y). { A = rc_ast_binary(AR, RC_OP_GT, X, Y); }
expr(A) ::= expr(X) GE expr(Y). { A = rc_ast_binary(AR, RC_OP_GE, X, Y); }
expr(A) ::= expr(X) IN expr(Y). { A = rc_ast_binary(AR, RC_OP_IN, X, Y); }
expr(A) ::= expr(X) ANDAND expr(Y). { A = rc_ast_binary(AR, RC_OP_AND, X, Y); }
expr(A) ::= expr(X) OROR expr(Y). { A = rc_ast_binary(AR, RC_OP_OR, X, Y); }
expr(A) ::= expr(X) QQ expr(Y). { A = rc_ast_binary(AR, RC_OP_COALESCE, X, Y); }
expr(A) ::= expr(X) AMP expr(Y). { A = rc_ast_binary(AR, RC_OP_BITAND, X, Y); }
expr(A) ::= expr(X) PIPE expr(Y). { A = rc_ast_binary(AR, RC_OP_BITOR, X, Y); }
expr(A) ::= expr(X) CARET expr(Y). { A = rc_ast_binary(AR, RC_OP_BITXOR, X, Y); }
expr(A) ::= expr(X) SHL expr(Y). { A = rc_ast_binary(AR, RC_OP_SHL, X, Y); }
expr(A) ::= expr(X) GTJ GT expr(Y). [GTJ] { A = rc_ast_binary(AR, RC_OP_SHR, X, Y); }
expr(A) ::= expr(X) PIPEGT expr(Y). { A = rc_ast_binary(AR, RC_OP_PIPE, X, Y); }
expr(A) ::= expr(C) TERNQ expr(X) COLON expr(Y).
    { A = rc_ast_node(AR, RC_AST_TERNARY, NP(C), C, X, Y); }

/* ranges */
expr(A) ::= expr(X) DOTDOT expr(Y). { A = rc_ast_node(AR, RC_AST_RANGE, NP(X), X, Y, NULL); }
expr(A) ::= expr(X) DOTDOTEQ expr(Y).
    { A = rc_ast_node(AR, RC_AST_RANGE, NP(X), X, Y, NULL); A->flags |= RC_F_INCL; }
expr(A) ::= expr(X) DOTDOT_OPEN. { A = rc_ast_node(AR, RC_AST_RANGE, NP(X), X, NULL, NULL); }
expr(A) ::= DOTDOT(T) expr(Y). { A = NODE(RANGE, T, NULL, Y, NULL); }
expr(A) ::= DOTDOTEQ(T) expr(Y). { A = NODE(RANGE, T, NULL, Y, NULL); A->flags |= RC_F_INCL; }
expr(A) ::= DOTDOT_OPEN(T). { A = NEW(RANGE, T); }

/* assignment (right-associative, lowest) */
expr(A) ::= expr(X) ASSIGN expr(Y). { A = rc_ast_node(AR, RC_AST_ASSIGN, NP(X), X, Y, NULL); }
expr(A) ::= expr(X) assign_op(O) expr(Y). [ASSIGN]
    { A = rc_ast_node(AR, RC_AST_ASSIGN, NP(X), X, Y, NULL); A->op = (uint8_t)O; }
%type assign_op {int}
assign_op(A) ::= PLUSEQ. { A = RC_OP_ADD; }
assign_op(A) ::= MINUSEQ. { A = RC_OP_SUB; }
assign_op(A) ::= STAREQ. { A = RC_OP_MUL; }
assign_op(A) ::= SLASHEQ. { A = RC_OP_DIV; }
assign_op(A) ::= PERCENTEQ. { A = RC_OP_MOD; }
assign_op(A) ::= POWEQ. { A = RC_OP_POW; }
assign_op(A) ::= AMPEQ. { A = RC_OP_BITAND; }
assign_op(A) ::= PIPEEQ. { A = RC_OP_BITOR; }
assign_op(A) ::= CARETEQ. { A = RC_OP_BITXOR; }
assign_op(A) ::= SHLEQ. { A = RC_OP_SHL; }

/* jumps */
expr(A) ::= RETURN(T). [RETURN] { A = NEW(RETURN, T); }
expr(A) ::= RETURN(T) expr(E). [RETURN] { A = NODE(RETURN, T, E, NULL, NULL); }
expr(A) ::= THROW(T) expr(E). [RETURN] { A = NODE(THROW, T, E, NULL, NULL); }
expr(A) ::= BREAK(T). [RETURN] { A = NEW(BREAK, T); }
expr(A) ::= BREAK(T) expr(E). [RETURN] { A = NODE(BREAK, T, E, NULL, NULL); }
expr(A) ::= BREAK(T) LIFETIME(L). [RETURN] { A = NEW(BREAK, T); rc_ast_set_str(AR, A, TSTR(L)); }
expr(A) ::= BREAK(T) LIFETIME(L) expr(E). [RETURN]
    { A = NODE(BREAK, T, E, NULL, NULL); rc_ast_set_str(AR, A, TSTR(L)); }
expr(A) ::= CONTINUE(T). { A = NEW(CONTINUE, T); }
expr(A) ::= CONTINUE(T) LIFETIME(L). { A = NEW(CONTINUE, T); rc_ast_set_str(AR, A, TSTR(L)); }

/* lambdas */
expr(A) ::= PIPE(T) lparams(P) PIPE lret expr(B). [RETURN]
    { A = rc_ast_fun(AR, NULL, 0, P, B, TP(T)); A->flags |= RC_F_LAMBDA; }
expr(A) ::= OROR(T) lret expr(B). [RETURN]
    { RcList none = {0}; A = rc_ast_fun(AR, NULL, 0, none, B, TP(T)); A->flags |= RC_F_LAMBDA; }
expr(A) ::= ARROWPARAM(T) FATARROW expr(B). [RETURN]
    { RcList ps = {0}; rc_list_push(AR, &ps, STRNODE(PARAM, T));
      A = rc_ast_fun(AR, NULL, 0, ps, B, TP(T)); A->flags |= RC_F_LAMBDA; }
expr(A) ::= ALPAREN(T) lparams(P) RPAREN FATARROW expr(B). [RETURN]
    { A = rc_ast_fun(AR, NULL, 0, P, B, TP(T)); A->flags |= RC_F_LAMBDA; }
lret ::= .
lret ::= ARROW type.
%type lparams {RcList}
%type lplist {RcList}
lparams(A) ::= . { memset(&A, 0, sizeof A); }
lparams(A) ::= lplist(A).
lparams(A) ::= lplist(A) COMMA.
lplist(A) ::= lparam(P). { memset(&A, 0, sizeof A); rc_list_push(AR, &A, P); }
lplist(A) ::= lplist(A) COMMA lparam(P). { rc_list_push(AR, &A, P); }
lparam(A) ::= pname(A) opt_type.

/* control flow */
expr(A) ::= if_expr(A).
if_expr(A) ::= IF(T) expr(C) block(B) else_opt(E). { A = NODE(IF, T, C, B, E); }
if_expr(A) ::= IF(T) LET pattern(P) ASSIGN expr(S) block(B) else_opt(E).
    { A = NODE(IF_LET, T, P, S, B); A->d = E; }
else_opt(A) ::= . [IF] { A = NULL; }
else_opt(A) ::= ELSE block(B). { A = B; }
else_opt(A) ::= ELSE if_expr(B). { A = B; }

expr(A) ::= MATCH(T) expr(S) LBRACE arms(L) REND. { A = NODE(MATCH, T, S, NULL, NULL); A->list = L; }
%type arms {RcList}
%type arms_open {RcList}
%type arms_closed {RcList}
arms_open(A) ::= . { memset(&A, 0, sizeof A); }
arms_open(A) ::= arms_open(A) isep.
arms_open(A) ::= arms_closed(A) isep.
arms_closed(A) ::= arms_open(A) arm(R). { rc_list_push(AR, &A, R); }
arms(A) ::= arms_open(A).
arms(A) ::= arms_closed(A).
arm(A) ::= pattern(P) FATARROW expr(B). { A = rc_ast_node(AR, RC_AST_ARM, NP(P), P, NULL, B); }
arm(A) ::= pattern(P) IF expr(G) FATARROW expr(B). { A = rc_ast_node(AR, RC_AST_ARM, NP(P), P, G, B); }

expr(A) ::= loop_expr(A).
expr(A) ::= LIFETIME(L) COLON loop_expr(B). { A = B; rc_ast_set_str(AR, A, TSTR(L)); }
loop_expr(A) ::= WHILE(T) expr(C) block(B). { A = NODE(WHILE, T, C, B, NULL); }
loop_expr(A) ::= WHILE(T) LET pattern(P) ASSIGN expr(S) block(B). { A = NODE(WHILE_LET, T, P, S, B); }
loop_expr(A) ::= LOOP(T) block(B). { A = NODE(LOOP, T, NULL, B, NULL); }
loop_expr(A) ::= FOR(T) pattern(P) IN expr(S) block(B). { A = NODE(FOR, T, P, S, B); }

expr(A) ::= TRY(T) block(B) catches(L) finally_opt(F). { A = NODE(TRY, T, B, F, NULL); A->list = L; }
%type catches {RcList}
catches(A) ::= . { memset(&A, 0, sizeof A); }
catches(A) ::= catches(A) CATCH(T) block(B). { rc_list_push(AR, &A, NODE(CATCH, T, NULL, B, NULL)); }
catches(A) ::= catches(A) CATCH(T) pattern(P) block(B). { rc_list_push(AR, &A, NODE(CATCH, T, P, B, NULL)); }
finally_opt(A) ::= . { A = NULL; }
finally_opt(A) ::= FINALLY block(B). { A = B; }

/* ---------------- patterns ---------------- */

pattern(A) ::= pat1(A).
pattern(A) ::= pat_or(A).
pat_or(A) ::= pat1(X) PIPE pat1(Y).
    { A = rc_ast_node(AR, RC_AST_PAT_OR, NP(X), NULL, NULL, NULL);
      rc_list_push(AR, &A->list, X); rc_list_push(AR, &A->list, Y); }
pat_or(A) ::= pat_or(A) PIPE pat1(Y). { rc_list_push(AR, &A->list, Y); }

pat1(A) ::= pat_prim(A).
pat1(A) ::= IDENT(N) AT pat1(P). { A = STRNODE(PAT_BIND, N); A->a = P; }
pat1(A) ::= MUT IDENT(N). { A = STRNODE(PAT_BIND, N); A->flags |= RC_F_MUT; }
pat1(A) ::= AMP pat1(B). { A = B; }

pat_prim(A) ::= UNDERSCORE(T). { A = NEW(PAT_WILD, T); }
pat_prim(A) ::= IDENT(N). { A = rc_ast_pat_name(AR, TSTR(N), TP(N)); }
pat_prim(A) ::= plit(L). { A = rc_ast_node(AR, RC_AST_PAT_LIT, NP(L), L, NULL, NULL); }
pat_prim(A) ::= plit(L) DOTDOT plit(H). { A = rc_ast_node(AR, RC_AST_PAT_RANGE, NP(L), L, H, NULL); }
pat_prim(A) ::= plit(L) DOTDOTEQ plit(H).
    { A = rc_ast_node(AR, RC_AST_PAT_RANGE, NP(L), L, H, NULL); A->flags |= RC_F_INCL; }
pat_prim(A) ::= LPAREN(T) RPAREN. { A = NODE(PAT_LIT, T, NEW(NIL, T), NULL, NULL); }
pat_prim(A) ::= LPAREN pattern(B) RPAREN. { A = B; }
pat_prim(A) ::= LPAREN(T) pattern(P) COMMA pats(L) RPAREN.
    { A = NEW(PAT_TUPLE, T); rc_list_push(AR, &A->list, P);
      for (int i = 0; i < L.n; i++) rc_list_push(AR, &A->list, L.v[i]); }
pat_prim(A) ::= LBRACKET(T) pats(L) RBRACKET. { A = NEW(PAT_ARRAY, T); A->list = L; }
pat_prim(A) ::= DOTDOT(T) IDENT(N). { A = rc_ast_str(AR, RC_AST_PAT_REST, TSTR(N), TP(T)); }
pat_prim(A) ::= DOTDOTDOT(T) IDENT(N). { A = rc_ast_str(AR, RC_AST_PAT_REST, TSTR(N), TP(T)); }
pat_prim(A) ::= DOTDOT_OPEN(T). { A = NEW(PAT_REST, T); }
pat_prim(A) ::= NONE(T). { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, NULL, 0, LIT("None"), TP(T)); A->str = NULL; }
pat_prim(A) ::= SOME(T) LPAREN pats(L) RPAREN.
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, NULL, 0, LIT("Some"), TP(T)); A->str = NULL;
      A->list = L; A->flags |= RC_F_TUPLE; }
pat_prim(A) ::= OK(T) LPAREN pats(L) RPAREN.
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, NULL, 0, LIT("Ok"), TP(T)); A->str = NULL;
      A->list = L; A->flags |= RC_F_TUPLE; }
pat_prim(A) ::= ERR(T) LPAREN pats(L) RPAREN.
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, NULL, 0, LIT("Err"), TP(T)); A->str = NULL;
      A->list = L; A->flags |= RC_F_TUPLE; }
pat_prim(A) ::= IDENT(N) LPAREN pats(L) RPAREN.
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, NULL, 0, TSTR(N), TP(N)); A->str = NULL;
      A->list = L; A->flags |= RC_F_TUPLE; }
pat_prim(A) ::= path(P).
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, P->str, P->len, P->str2, P->len2, NP(P)); }
pat_prim(A) ::= path(P) LPAREN pats(L) RPAREN.
    { A = rc_ast_str2(AR, RC_AST_PAT_ENUM, P->str, P->len, P->str2, P->len2, NP(P));
      A->list = L; A->flags |= RC_F_TUPLE; }
pat_prim(A) ::= IDENT(N) LSTRUCT pfields(B) REND. { A = B; rc_ast_set_str(AR, A, TSTR(N)); A->line = N.line; A->col = N.col; }
pat_prim(A) ::= path(P) LSTRUCT pfields(B) REND.
    { A = B; rc_ast_set_str(AR, A, P->str, P->len); A->str2 = P->str2; A->len2 = P->len2;
      A->line = P->line; A->col = P->col; }

plit(A) ::= INT(T). { A = rc_ast_int(AR, T.v.i, TP(T)); }
plit(A) ::= MINUS(T) INT(V). { A = rc_ast_int(AR, (int64_t)(0 - (uint64_t)V.v.i), TP(T)); }
plit(A) ::= FLOAT(T). { A = rc_ast_float(AR, T.v.f, TP(T)); }
plit(A) ::= MINUS(T) FLOAT(V). { A = rc_ast_float(AR, -V.v.f, TP(T)); }
plit(A) ::= STRING(T). { A = STRNODE(STRING, T); }
plit(A) ::= TRUE(T). { A = NEW(BOOL, T); A->num.i = 1; }
plit(A) ::= FALSE(T). { A = NEW(BOOL, T); }
plit(A) ::= NULL(T). { A = NEW(NIL, T); }

%type pats {RcList}
%type patlist {RcList}
pats(A) ::= . { memset(&A, 0, sizeof A); }
pats(A) ::= patlist(A).
pats(A) ::= patlist(A) COMMA.
patlist(A) ::= pattern(P). { memset(&A, 0, sizeof A); rc_list_push(AR, &A, P); }
patlist(A) ::= patlist(A) COMMA pattern(P). { rc_list_push(AR, &A, P); }

%type pfields_open {RcAst *}
%type pfields_closed {RcAst *}
pfields_open(A) ::= . { A = rc_ast_new(AR, RC_AST_PAT_STRUCT, 0, 0); }
pfields_open(A) ::= pfields_open(A) isep.
pfields_open(A) ::= pfields_closed(A) isep.
pfields_closed(A) ::= pfields_open(A) IDENT(N). { rc_list_push(AR, &A->list, STRNODE(PAT_FIELD, N)); }
pfields_closed(A) ::= pfields_open(A) IDENT(N) COLON pattern(P).
    { RcAst *f = STRNODE(PAT_FIELD, N); f->a = P; rc_list_push(AR, &A->list, f); }
pfields_closed(A) ::= pfields_open(A) DOTDOT_OPEN. { A->flags |= RC_F_REST; }
pfields(A) ::= pfields_open(A).
pfields(A) ::= pfields_closed(A).

%code {
/* Let the next syntax error be reported even if fewer than three tokens
 * were shifted since the last one (the driver resynchronises itself). */
void RcParserResetErrors(void *p)
{
    ((yyParser *)p)->yyerrcnt = -1;
}

/* Bytes of parser state, for RcParserInit on caller-provided memory. */
size_t RcParserSize(void)
{
    return sizeof(yyParser);
}
}
