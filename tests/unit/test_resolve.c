/* test_resolve.c — name resolution: locals, upvalues (instack/idx chains),
 * globals (order independent), builtins and `Type::func` paths, shadowing,
 * declaring assignments, constant folding, and diagnostics with line:col.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "rc_emit.h"
#include "rs.h"
#include "rv.h"

static RvVM *vm;
static RcArena *ar;
static RcDiags diags;
static RcCompiler cc;

static void setup(void)
{
    rv_set_stdlib_init(rs_register_all);
    vm = rv_vm_new();
    ar = rc_arena_new();
}

static void teardown(void)
{
    rc_diags_free(&diags);
    rc_arena_free(ar);
    rv_vm_free(vm);
}

TestSuite(resolve, .init = setup, .fini = teardown);

/* Parse and resolve src; returns the PROGRAM node. */
static RcAst *resolve(const char *src)
{
    rc_diags_init(&diags, "t.ruchy", src);
    RcAst *prog = rc_parse(ar, &diags, src, strlen(src));
    cr_assert_eq(diags.n, 0, "syntax error in test program: %s",
                 diags.n ? diags.v[0].msg : "");
    memset(&cc, 0, sizeof cc);
    cc.vm = vm;
    cc.ar = ar;
    cc.d = &diags;
    rc_resolve(&cc, prog);
    return prog;
}

/* The nth (0-based) node of kind whose str is name, depth first. */
static RcAst *find_rec(RcAst *n, int kind, const char *name, int *nth)
{
    if (!n)
        return NULL;
    if (n->kind == kind && (!name || (n->str && strcmp(n->str, name) == 0)) && (*nth)-- == 0)
        return n;
    RcAst *kids[] = { n->a, n->b, n->c, n->d };
    for (int i = 0; i < 4; i++) {
        RcAst *r = find_rec(kids[i], kind, name, nth);
        if (r)
            return r;
    }
    for (int i = 0; i < n->list.n; i++) {
        RcAst *r = find_rec(n->list.v[i], kind, name, nth);
        if (r)
            return r;
    }
    for (int i = 0; i < n->list2.n; i++) {
        RcAst *r = find_rec(n->list2.v[i], kind, name, nth);
        if (r)
            return r;
    }
    return NULL;
}

static RcAst *find(RcAst *root, int kind, const char *name, int nth)
{
    RcAst *r = find_rec(root, kind, name, &nth);
    cr_assert_not_null(r, "node %s '%s' #%d not found", rc_ast_kind_name(kind),
                       name ? name : "", nth);
    return r;
}

static bool has_diag(const char *text, uint32_t line, uint32_t col)
{
    for (int i = 0; i < diags.n; i++)
        if (strstr(diags.v[i].msg, text) && diags.v[i].line == line &&
            (col == 0 || diags.v[i].col == col))
            return true;
    return false;
}

Test(resolve, params_and_locals_get_ids_in_declaration_order)
{
    RcAst *p = resolve("fun f(a, b) {\n  let c = a + b\n  c\n}\n");
    cr_assert_eq(diags.n, 0);
    RcAst *c_use = find(p, RC_AST_IDENT, "c", 0);
    cr_assert_eq(c_use->where, RC_W_LOCAL);
    cr_assert_eq(c_use->slot, 2);
    cr_assert_eq(find(p, RC_AST_IDENT, "b", 0)->slot, 1);
    RcAst *f = find(p, RC_AST_FUN, "f", 0);
    cr_assert_eq(f->where, RC_W_GLOBAL);
    cr_assert_eq(cc.fns[f->aux].nlocals, 3);
    cr_assert_eq(cc.fns[f->aux].nups, 0);
}

Test(resolve, shadowing_let_sees_outer_binding_in_its_initializer)
{
    RcAst *p = resolve("fun f(x) {\n  let x = x + 1\n  x\n}\n");
    cr_assert_eq(find(p, RC_AST_IDENT, "x", 0)->slot, 0);   /* the parameter */
    cr_assert_eq(find(p, RC_AST_IDENT, "x", 1)->slot, 1);   /* the new x */
}

Test(resolve, captured_local_becomes_upvalue_in_stack)
{
    RcAst *p = resolve("fun outer() {\n  let n = 1\n  let g = || n + 1\n  g\n}\n");
    RcAst *use = find(p, RC_AST_IDENT, "n", 0);
    cr_assert_eq(use->where, RC_W_UPVAL);
    cr_assert_eq(use->slot, 0);
    RcAst *outer = find(p, RC_AST_FUN, "outer", 0);
    RcAst *lam = find(p, RC_AST_FUN, NULL, 1);
    cr_assert_eq(cc.fns[lam->aux].nups, 1);
    cr_assert_eq(cc.fns[lam->aux].ups[0].instack, 1);
    cr_assert_eq(cc.fns[lam->aux].ups[0].idx, 0);            /* outer's local n */
    cr_assert_eq(cc.fns[outer->aux].locals[0].captured, 1);
    cr_assert_eq(cc.fns[outer->aux].locals[1].captured, 0);
}

Test(resolve, upvalue_chains_through_intermediate_functions)
{
    RcAst *p = resolve("fun a() {\n  let v = 5\n  let f = || { let g = || v\n g }\n  f\n}\n");
    RcAst *mid = find(p, RC_AST_FUN, NULL, 1);
    RcAst *inner = find(p, RC_AST_FUN, NULL, 2);
    cr_assert_eq(cc.fns[mid->aux].nups, 1);
    cr_assert_eq(cc.fns[mid->aux].ups[0].instack, 1);
    cr_assert_eq(cc.fns[inner->aux].nups, 1);
    cr_assert_eq(cc.fns[inner->aux].ups[0].instack, 0);      /* mid's upvalue 0 */
    cr_assert_eq(cc.fns[inner->aux].ups[0].idx, 0);
}

Test(resolve, top_level_names_are_globals_in_any_order)
{
    RcAst *p = resolve("fun f() { g() + limit }\nfun g() { 1 }\nlet limit = 10\n");
    cr_assert_eq(diags.n, 0);
    RcAst *g = find(p, RC_AST_IDENT, "g", 0);
    RcAst *limit = find(p, RC_AST_IDENT, "limit", 0);
    cr_assert_eq(g->where, RC_W_GLOBAL);
    cr_assert_eq(limit->where, RC_W_GLOBAL);
    cr_assert_eq((uint32_t)g->slot, rv_global_slot(vm, "g", 1));
    cr_assert_eq((uint32_t)limit->slot, rv_global_slot(vm, "limit", 5));
}

Test(resolve, builtins_and_type_paths)
{
    RcAst *p = resolve("println(len([1]))\nlet s = String::from(\"a\")\nlet m = HashMap::new()\n");
    cr_assert_eq(diags.n, 0);
    RcAst *pl = find(p, RC_AST_IDENT, "println", 0);
    cr_assert_eq(pl->where, RC_W_BUILTIN);
    cr_assert_eq(pl->slot, rv_builtin_index(vm, "println", 7));
    RcAst *path = find(p, RC_AST_PATH, "String", 0);
    cr_assert_eq(path->where, RC_W_BUILTIN);
    cr_assert_eq(path->slot, rv_builtin_index(vm, "String::from", 12));
}

Test(resolve, user_definitions_shadow_builtins)
{
    RcAst *p = resolve("fun len(x) { 0 }\nlen([1, 2])\nfun h() { let println = 3\n println }\n");
    cr_assert_eq(find(p, RC_AST_IDENT, "len", 0)->where, RC_W_GLOBAL);
    cr_assert_eq(find(p, RC_AST_IDENT, "println", 0)->where, RC_W_LOCAL);
}

Test(resolve, undefined_variable_is_reported_with_position)
{
    resolve("let a = 1\nfun f() {\n  a + missing\n}\n");
    cr_assert_eq(diags.n, 1);
    cr_assert(has_diag("undefined variable 'missing'", 3, 7));
}

Test(resolve, every_undefined_name_is_reported)
{
    resolve("x1 + 1\nfun f() { y2 }\nz3()\n");
    cr_assert_eq(diags.n, 3);
    cr_assert(has_diag("'x1'", 1, 1));
    cr_assert(has_diag("'y2'", 2, 11));
    cr_assert(has_diag("'z3'", 3, 1));
}

Test(resolve, assignment_to_unknown_name_declares_it)
{
    RcAst *p = resolve("fun f() {\n  total = 0\n  total = total + 1\n  total\n}\n");
    cr_assert_eq(diags.n, 0);
    RcAst *first = find(p, RC_AST_ASSIGN, NULL, 0);
    RcAst *second = find(p, RC_AST_ASSIGN, NULL, 1);
    cr_assert_eq(first->aux, 1);
    cr_assert_eq(second->aux, 0);
    cr_assert_eq(first->a->where, RC_W_LOCAL);
    cr_assert_eq(find(p, RC_AST_IDENT, "total", 3)->slot, first->a->slot);
}

Test(resolve, top_level_assignment_is_a_global)
{
    RcAst *p = resolve("count = 0\nfun bump() { count += 1 }\n");
    cr_assert_eq(diags.n, 0);
    cr_assert_eq(find(p, RC_AST_ASSIGN, NULL, 1)->a->where, RC_W_GLOBAL);
}

Test(resolve, nested_function_can_recurse)
{
    RcAst *p = resolve("fun f() {\n  fun go(n) { if n == 0 { 0 } else { go(n - 1) } }\n  go(3)\n}\n");
    cr_assert_eq(diags.n, 0);
    RcAst *inner_use = find(p, RC_AST_IDENT, "go", 0);
    cr_assert_eq(inner_use->where, RC_W_UPVAL);
    cr_assert_eq(find(p, RC_AST_IDENT, "go", 1)->where, RC_W_LOCAL);
}

Test(resolve, folds_literal_arithmetic)
{
    RcAst *p = resolve("let a = 1 + 2 * 3\nlet b = 2.0 * 4\nlet c = -5\nlet d = \"x\" + \"y\"\n");
    RcAst *a = find(p, RC_AST_LET, NULL, 0)->b;
    cr_assert_eq(a->kind, RC_AST_INT);
    cr_assert_eq(a->num.i, 7);
    RcAst *b = find(p, RC_AST_LET, NULL, 1)->b;
    cr_assert_eq(b->kind, RC_AST_FLOAT);
    cr_assert_float_eq(b->num.f, 8.0, 1e-12);
    cr_assert_eq(find(p, RC_AST_LET, NULL, 2)->b->num.i, -5);
    RcAst *d = find(p, RC_AST_LET, NULL, 3)->b;
    cr_assert_eq(d->kind, RC_AST_STRING);
    cr_assert_str_eq(d->str, "xy");
}

Test(resolve, never_folds_overflow_or_division_by_zero)
{
    RcAst *p = resolve("let a = 9223372036854775807 + 1\nlet b = 1 / 0\nlet c = 5 % 0\n"
                       "let d = 2 ** 64\nlet e = 1.0 / 0.0\n");
    for (int i = 0; i < 5; i++)
        cr_assert_eq(find(p, RC_AST_LET, NULL, i)->b->kind, RC_AST_BINARY, "let #%d folded", i);
}

Test(resolve, break_outside_loop_and_unknown_label)
{
    resolve("fun f() {\n  break\n}\nwhile true { continue 'nope }\n");
    cr_assert(has_diag("break outside of a loop", 2, 3));
    cr_assert(has_diag("unknown loop label 'nope'", 4, 0));
}

Test(resolve, break_inside_closure_does_not_see_outer_loop)
{
    resolve("loop {\n  let f = || { break }\n}\n");
    cr_assert(has_diag("break outside of a loop", 2, 0));
}

Test(resolve, unsupported_constructs_are_diagnosed)
{
    resolve("let a = [1, 2]\nlet b = 1 in a\n");
    cr_assert(has_diag("the 'in' operator is not supported yet", 2, 9));
}

Test(resolve, or_pattern_alternatives_share_a_variable)
{
    RcAst *p = resolve("fun f(v) {\n  match v {\n    Some(x) | Ok(x) => x,\n    _ => 0\n  }\n}\n");
    cr_assert_eq(diags.n, 0);
    RcAst *x1 = find(p, RC_AST_PAT_BIND, "x", 0);
    RcAst *x2 = find(p, RC_AST_PAT_BIND, "x", 1);
    cr_assert_eq(x1->slot, x2->slot);
    cr_assert_eq(find(p, RC_AST_IDENT, "x", 0)->slot, x1->slot);
}

Test(resolve, match_bindings_are_scoped_to_their_arm)
{
    resolve("fun f(v) {\n  match v {\n    n => n,\n  }\n  n\n}\n");
    cr_assert_eq(diags.n, 1);
    cr_assert(has_diag("undefined variable 'n'", 5, 3));
}

Test(resolve, fields_and_methods_get_symbols)
{
    RcAst *p = resolve("let m = {name: 1}\nm.name\nm.len()\n");
    cr_assert_eq((uint32_t)find(p, RC_AST_FIELD, "name", 0)->slot, rv_sym(vm, "name", 4));
    cr_assert_eq((uint32_t)find(p, RC_AST_METHOD_CALL, "len", 0)->slot, rv_sym(vm, "len", 3));
    RcAst *entry = find(p, RC_AST_MAP_ENTRY, NULL, 0);
    cr_assert_eq(entry->where, 1);
    cr_assert_eq((uint32_t)entry->slot, rv_sym(vm, "name", 4));
}

Test(resolve, struct_literal_gets_defaults_and_field_slots)
{
    RcAst *p = resolve("struct C { host: String = \"h\", port: i32 = 80 }\n"
                       "let c = C { port: 1 }\n");
    cr_assert_eq(diags.n, 0);
    RcAst *lit = find(p, RC_AST_STRUCT_LIT, "C", 0);
    cr_assert_eq(lit->list.n, 2);
    cr_assert_eq(lit->list.v[0]->slot, 1);             /* port, as written */
    cr_assert_eq(lit->list.v[1]->slot, 0);             /* host, its default */
    cr_assert_eq(lit->list.v[1]->a->kind, RC_AST_STRING);
    cr_assert_eq(find(p, RC_AST_STRUCT_DECL, "C", 0)->where, RC_W_GLOBAL);
}

Test(resolve, struct_and_enum_mistakes_are_diagnosed)
{
    resolve("struct P { x: i32 }\nlet a = P { y: 1 }\nenum E { A(i32) }\n"
            "match E::A(1) { E::B => 1, E::A(p, q) => 2 }\nimpl Q { }\n");
    cr_assert(has_diag("'P' has no field 'y'", 2, 0));
    cr_assert(has_diag("missing required field 'x'", 2, 0));
    cr_assert(has_diag("'E' has no variant 'B'", 4, 0));
    cr_assert(has_diag("wrong number of fields in pattern 'A'", 4, 0));
    cr_assert(has_diag("impl for unknown type 'Q'", 5, 1));
}

Test(resolve, enum_paths_and_patterns_name_their_variant)
{
    RcAst *p = resolve("enum L { Low = 3, High }\nlet x = L::High\n"
                       "match x { L::Low => 1, _ => 2 }\n");
    cr_assert_eq(diags.n, 0);
    RcAst *path = find(p, RC_AST_PATH, "L", 0);
    cr_assert_eq(path->where, RC_W_ENUMV);
    cr_assert_eq(path->slot, 1);
    RvType *t = cc.types[path->aux].type;
    cr_assert_eq(t->variants[1].discr, 4);
}
