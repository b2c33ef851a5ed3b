/* test_codegen.c — code shape (compare-and-jump, immediates, no redundant
 * MOVE, locals read in place, hoisting, loop forms, CLOSE for captured loop
 * variables) and behaviour of compiled programs run through the VM.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "rc.h"
#include "rs.h"
#include "rv.h"
#include "rv_proto.h"

static RvVM *vm;
static RcDiags diags;

static void setup(void)
{
    rv_set_stdlib_init(rs_register_all);
    vm = rv_vm_new();
    memset(&diags, 0, sizeof diags);
}

static void teardown(void)
{
    rc_diags_free(&diags);
    rv_vm_free(vm);
}

TestSuite(codegen, .init = setup, .fini = teardown);

static RvProto *compile(const char *src)
{
    rc_diags_free(&diags);
    rc_diags_init(&diags, "t.ruchy", src);
    RvProto *p = rc_compile(vm, "t.ruchy", src, strlen(src), &diags);
    cr_assert_not_null(p, "compile failed: %s", diags.n ? diags.v[0].msg : "?");
    const char *bad = rv_verify(p);
    cr_assert_null(bad, "verifier: %s", bad);
    return p;
}

/* Child proto of p named name (depth first). */
static const RvProto *proto_named(const RvProto *p, const char *name)
{
    if (p->name && strcmp(p->name->data, name) == 0)
        return p;
    for (uint32_t i = 0; i < p->nprotos; i++) {
        const RvProto *r = proto_named(p->protos[i], name);
        if (r)
            return r;
    }
    return NULL;
}

static const RvProto *fn_of(const RvProto *chunk, const char *name)
{
    const RvProto *p = proto_named(chunk, name);
    cr_assert_not_null(p, "no function %s", name);
    return p;
}

static int count_op(const RvProto *p, RvOpcode op)
{
    int n = 0;
    for (uint32_t i = 0; i < p->ncode; i++)
        if (RV_OP(p->code[i]) == op && (i == 0 || RV_OP(p->code[i - 1]) == RV_OP_EXTRAARG ||
                                        !(rv_op_flags[RV_OP(p->code[i - 1])] & RV_OPF_EXTRA)))
            n++;
    return n;
}

static void dump(const RvProto *p)
{
    rv_disasm(vm, p, stderr);
}

/* Run a program (top level, then main() if defined); returns its stdout. */
static char *run(const char *src)
{
    static char out[8192];
    RvProto *p = compile(src);
    FILE *f = tmpfile();
    rv_set_output(vm, f);
    RvValue err, fn, res;
    int rc = rv_run_main(vm, p, &err);
    if (rc == 0 && rv_global_get(vm, "main", &fn) && RV_IS_CALLABLE(fn))
        rc = rv_pcall(vm, fn, 0, NULL, &err);
    (void)res;
    if (rc)
        rv_error_print(vm, err, f);
    rv_flush(vm);
    rewind(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    fclose(f);
    rv_set_output(vm, stdout);
    return out;
}

static int compile_errors(const char *src, const char *expect, uint32_t line)
{
    rc_diags_free(&diags);
    rc_diags_init(&diags, "t.ruchy", src);
    RvProto *p = rc_compile(vm, "t.ruchy", src, strlen(src), &diags);
    cr_assert_null(p);
    for (int i = 0; i < diags.n; i++)
        if (strstr(diags.v[i].msg, expect) && (!line || diags.v[i].line == line))
            return 1;
    cr_assert_fail("no diagnostic '%s' (first: %s)", expect, diags.n ? diags.v[0].msg : "none");
    return 0;
}

/* ------------------------------------------------------------- shapes --- */

/* The deepest trees the parser accepts (rc_check_tree) go through the
 * recursive passes and run: a 2900-term chain that is not folded, and a
 * chain of unary minus (parser stack) inside nested parentheses. */
Test(codegen, deepest_accepted_trees_compile_and_run)
{
    size_t cap = 64 * 1024;
    char *src = malloc(cap);
    size_t k = (size_t)snprintf(src, cap, "fun main() { let x = 1\n println(x");
    for (int i = 0; i < 2900; i++)
        k += (size_t)snprintf(src + k, cap - k, " + x");
    snprintf(src + k, cap - k, ") }\n");
    cr_assert_str_eq(run(src), "2901\n");
    k = (size_t)snprintf(src, cap, "fun main() { let x = 7\n println(");
    for (int i = 0; i < 400; i++)
        k += (size_t)snprintf(src + k, cap - k, "(-");
    k += (size_t)snprintf(src + k, cap - k, "x");
    for (int i = 0; i < 400; i++)
        k += (size_t)snprintf(src + k, cap - k, ")");
    snprintf(src + k, cap - k, ") }\n");
    cr_assert_str_eq(run(src), "7\n");
    free(src);
}

Test(codegen, fib_uses_test_immediate_addi_and_no_move)
{
    RvProto *c = compile("fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n");
    const RvProto *f = fn_of(c, "fib");
    if (count_op(f, RV_OP_MOVE))
        dump(f);
    cr_assert_eq(RV_OP(f->code[0]), RV_OP_TLTI);
    cr_assert_eq(RV_sB(f->code[0]), 2);
    cr_assert_eq(RV_OP(f->code[1]), RV_OP_JMP);
    cr_assert_eq(RV_OP(f->code[2]), RV_OP_RETURN);
    cr_assert_eq(RV_A(f->code[2]), 0, "n returned from its own register");
    cr_assert_eq(count_op(f, RV_OP_ADDI), 2);
    cr_assert_eq(count_op(f, RV_OP_MOVE), 0);
    cr_assert_eq(count_op(f, RV_OP_LOADI), 0);
    cr_assert_eq(count_op(f, RV_OP_CALL), 2);
    cr_assert_eq(f->ncode, 11);
    cr_assert_leq(f->maxregs, 4);
}

Test(codegen, locals_are_operands_in_place)
{
    RvProto *c = compile("fun add(a, b) { let s = a + b\n s * a }\n");
    const RvProto *f = fn_of(c, "add");
    cr_assert_eq(f->code[0], RV_ENC_ABC(RV_OP_ADD, 2, 0, 1));
    cr_assert_eq(f->code[1], RV_ENC_ABC(RV_OP_MUL, 3, 2, 0));
    cr_assert_eq(f->code[2], RV_ENC_ABC(RV_OP_RETURN, 3, 0, 0));
    cr_assert_eq(f->ncode, 3);
}

Test(codegen, while_loop_is_rotated_with_one_test_per_iteration)
{
    RvProto *c = compile("fun sum(n) {\n  let s = 0\n  let i = 0\n  while i < n {\n"
                         "    s = s + i\n    i = i + 1\n  }\n  s\n}\n");
    const RvProto *f = fn_of(c, "sum");
    /* LOADI s; LOADI i; JMP check; ADD s s i; ADDI i i 1; TLT i n 1; JMP body; RETURN s */
    cr_assert_eq(f->ncode, 8);
    cr_assert_eq(RV_OP(f->code[2]), RV_OP_JMP);
    cr_assert_eq(f->code[3], RV_ENC_ABC(RV_OP_ADD, 1, 1, 2));
    cr_assert_eq(f->code[4], RV_ENC_ABC(RV_OP_ADDI, 2, 2, 1 + RV_OFFSET_SBYTE));
    cr_assert_eq(f->code[5], RV_ENC_ABC(RV_OP_TLT, 2, 0, 1));
    cr_assert_eq(RV_OP(f->code[6]), RV_OP_JMP);
    cr_assert_eq(RV_sJ(f->code[6]), -4);
    cr_assert_eq(count_op(f, RV_OP_MOVE), 0);
}

Test(codegen, compare_with_large_constant_uses_k_test)
{
    RvProto *c = compile("fun f(i) {\n  let n = 0\n  while i < 30000000 { i = i * 2\n n += 1 }\n"
                         "  if i >= 2.5 { n } else { -n }\n}\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(count_op(f, RV_OP_TLTK), 1);
    cr_assert_eq(count_op(f, RV_OP_TGEK), 1);
    cr_assert_eq(count_op(f, RV_OP_LOADK), 0, "no constant reloaded per iteration");
    cr_assert_str_eq(run("fun f(i) { if i < 3000 { \"lt\" } else { \"ge\" } }\n"
                         "println(f(2999), f(3000), f(2999.5), f(1e9))\n"), "lt ge lt ge\n");
    cr_assert_str_eq(run("fun g(x) { if x > 1000 { 1 } else { 0 } }\nprintln(g(\"a\"))\n"),
                     "Error: TypeError: Cannot compare string and integer\n"
                     "  at g (t.ruchy:1)\n  at <top> (t.ruchy:2)\n");
}

Test(codegen, literal_range_for_uses_forprep)
{
    RvProto *c = compile("fun f() { let t = 0\n for i in 0..10 { t += i }\n t }\n"
                         "fun g(a) { for x in a { println(x) } }\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(count_op(f, RV_OP_FORPREP), 1);
    cr_assert_eq(count_op(f, RV_OP_FORLOOP), 1);
    cr_assert_eq(count_op(f, RV_OP_ITERPREP), 0);
    const RvProto *g = fn_of(c, "g");
    cr_assert_eq(count_op(g, RV_OP_ITERPREP), 1);
    cr_assert_eq(count_op(g, RV_OP_ITERNEXT), 1);
    const RvProto *inc = fn_of(compile("fun h() { for i in 1..=3 { } }"), "h");
    cr_assert_eq(count_op(inc, RV_OP_FORPREPI), 1);
}

Test(codegen, top_level_functions_are_hoisted)
{
    RvProto *c = compile("println(later())\nfun later() { 42 }\n");
    cr_assert_eq(RV_OP(c->code[0]), RV_OP_CLOSURE);
    cr_assert_eq(RV_OP(c->code[1]), RV_OP_SETGLOBAL);
    cr_assert(c->flags & RV_PF_CHUNK);
    cr_assert_str_eq(run("println(later())\nfun later() { 42 }\n"), "42\n");
}

Test(codegen, builtin_and_method_calls_carry_extraarg)
{
    RvProto *c = compile("fun f(a) { println(a.len()) }\n");
    const RvProto *f = fn_of(c, "f");
    int callm = -1, callb = -1;
    for (uint32_t i = 0; i < f->ncode; i++) {
        if (RV_OP(f->code[i]) == RV_OP_CALLM) callm = (int)i;
        if (RV_OP(f->code[i]) == RV_OP_CALLB) callb = (int)i;
    }
    cr_assert_geq(callm, 0);
    cr_assert_geq(callb, 0);
    cr_assert_eq(RV_OP(f->code[callm + 1]), RV_OP_EXTRAARG);
    cr_assert_eq(RV_AX(f->code[callm + 1]), rv_sym(vm, "len", 3));
    cr_assert_eq(RV_AX(f->code[callb + 1]), (uint32_t)rv_builtin_index(vm, "println", 7));
}

Test(codegen, constant_arithmetic_is_folded)
{
    RvProto *c = compile("fun f() { 2 * 3 + 1 }\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(f->code[0], RV_ENC_ASBX(RV_OP_LOADI, 0, 7));
    cr_assert_eq(RV_OP(f->code[1]), RV_OP_RETURN);
}

Test(codegen, k_forms_and_immediates)
{
    RvProto *c = compile("fun f(x) { x * 2.5 + x - 300 + (x - 1) }\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(count_op(f, RV_OP_MULK), 1);
    cr_assert_eq(count_op(f, RV_OP_SUBK), 1);
    cr_assert_eq(count_op(f, RV_OP_ADDI), 1);
    cr_assert_eq(count_op(f, RV_OP_LOADK), 0);
}

Test(codegen, captured_loop_variable_is_closed_each_iteration)
{
    RvProto *c = compile("fun f() { let fs = []\n for i in 0..3 { fs.push(|| i) }\n fs }\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(count_op(f, RV_OP_CLOSE), 1);
    cr_assert_str_eq(run("fun main() {\n let fs = []\n for i in 0..3 { fs.push(|| i * 10) }\n"
                         " for g in fs { println(g()) }\n}\n"),
                     "0\n10\n20\n");
}

Test(codegen, match_literals_use_strict_teqk)
{
    RvProto *c = compile("fun f(v) { match v { 1 => \"int\", \"a\" => \"str\", _ => \"other\" } }\n");
    const RvProto *f = fn_of(c, "f");
    cr_assert_eq(count_op(f, RV_OP_TEQK), 2);
    cr_assert_eq(count_op(f, RV_OP_NOMATCH), 0, "wildcard arm makes the match exhaustive");
    cr_assert_str_eq(run("fun f(v) { match v { 1 => \"int\", \"a\" => \"str\", _ => \"other\" } }\n"
                         "println(f(1))\nprintln(f(1.0))\nprintln(f(\"a\"))\n"),
                     "int\nother\nstr\n");
}

Test(codegen, default_parameters_use_argjmp)
{
    RvProto *c = compile("fun greet(name, greeting = \"Hello\") { f\"{greeting}, {name}!\" }\n");
    const RvProto *f = fn_of(c, "greet");
    cr_assert_eq(RV_OP(f->code[0]), RV_OP_ARGJMP);
    cr_assert_eq(RV_A(f->code[0]), 1);
    cr_assert_eq(f->nparams, 2);
    cr_assert_eq(f->nrequired, 1);
}

/* ---------------------------------------------------------- behaviour --- */

Test(codegen, runs_fib)
{
    cr_assert_str_eq(run("fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n"
                         "println(fib(20))\n"),
                     "6765\n");
}

Test(codegen, closures_capture_by_reference)
{
    cr_assert_str_eq(run("fun make() {\n let count = 0\n let inc = || { count += 1\n count }\n"
                         " inc\n}\nlet c = make()\nc()\nc()\nprintln(c())\n"
                         "let x = 1\nlet get = || x\nx = 5\nprintln(get())\n"),
                     "3\n5\n");
}

Test(codegen, blocks_ifs_and_loops_are_expressions)
{
    cr_assert_str_eq(run("let a = { let t = 2\n t * 3 }\nprintln(a)\n"
                         "let b = if a > 5 { \"big\" } else { \"small\" }\nprintln(b)\n"
                         "let c = if false { 1 }\nprintln(c)\n"
                         "let mut i = 0\nlet d = loop { i += 1\n if i == 4 { break i * 10 } }\n"
                         "println(d)\nprintln(while false { })\n"),
                     "6\nbig\nnil\n40\nnil\n");
}

Test(codegen, short_circuit_values_are_the_deciding_operand)
{
    cr_assert_str_eq(run("println(nil || 5)\nprintln(0 && \"x\")\nprintln(false && 1)\n"
                         "println(nil ?? 7)\nprintln(3 ?? 7)\nlet t = 1 < 2 && 2 < 3\nprintln(t)\n"),
                     "5\nx\nfalse\n7\n3\ntrue\n");
}

Test(codegen, labeled_break_and_continue)
{
    cr_assert_str_eq(run("let mut n = 0\n'outer: for i in 0..5 {\n for j in 0..5 {\n"
                         "  if j == 2 { continue 'outer }\n  if i == 3 { break 'outer }\n"
                         "  n += 1\n }\n}\nprintln(n)\n"),
                     "6\n");
}

Test(codegen, patterns_bind_and_test)
{
    cr_assert_str_eq(run("fun d(v) {\n match v {\n  Some(x) if x > 10 => f\"big {x}\",\n"
                         "  Some(x) => f\"some {x}\",\n  None => \"none\",\n"
                         "  (a, b) => f\"pair {a} {b}\",\n  [first, ..rest] => f\"{first} then {rest}\",\n"
                         "  1..=9 => \"digit\",\n  n @ 10..20 => f\"teen {n}\",\n  _ => \"?\"\n }\n}\n"
                         "println(d(Some(50)))\nprintln(d(Some(1)))\nprintln(d(None))\n"
                         "println(d((1, 2)))\nprintln(d([1, 2, 3]))\nprintln(d(5))\n"
                         "println(d(15))\nprintln(d(\"s\"))\n"),
                     "big 50\nsome 1\nnone\npair 1 2\n1 then [2, 3]\ndigit\nteen 15\n?\n");
}

Test(codegen, destructuring_let_if_let_while_let)
{
    cr_assert_str_eq(run("let (a, b) = (1, 2)\nprintln(a + b)\n"
                         "fun f(o) { if let Some(v) = o { v } else { 0 } }\nprintln(f(Some(4)) + f(None))\n"
                         "let src = [Some(1), Some(2), Some(3), None]\nlet mut s = 0\nlet mut i = 0\n"
                         "while let Some(x) = src[i] { s += x\n i += 1 }\n"
                         "println(s)\nfor (i, v) in [\"a\", \"b\"].enumerate() { println(f\"{i}{v}\") }\n"),
                     "3\n4\n6\n0a\n1b\n");
}

Test(codegen, assignments_to_fields_indices_and_compound)
{
    cr_assert_str_eq(run("let m = {a: 1, \"b\": 2}\nm.a += 10\nm[\"b\"] = m[\"b\"] * 3\n"
                         "let arr = [1, 2, 3]\narr[1] += 5\nprintln(m.a, m.b, arr)\n"
                         "let x = 2\nx = x && 9\nprintln(x)\n"),
                     "11 6 [1, 7, 3]\n9\n");
}

Test(codegen, try_operator_and_options)
{
    cr_assert_str_eq(run("fun half(n) { if n % 2 == 0 { Ok(n / 2) } else { Err(\"odd\") } }\n"
                         "fun q(n) { let h = half(n)?\n Ok(h + 1) }\n"
                         "println(q(4))\nprintln(q(3))\n"),
                     "Ok(3)\nErr(\"odd\")\n");
}

Test(codegen, fstrings_casts_macros_and_slices)
{
    cr_assert_str_eq(run("let x = 3.14159\nprintln(f\"pi={x:.2} n={1 + 1}\")\n"
                         "println(7.9 as i32)\nprintln(2 as f64)\nprintln!(\"{} {}\", 1, 2)\n"
                         "let v = vec![1, 2, 3, 4]\nprintln(v[1:3])\nprintln(v[1..])\n"
                         "println(format!(\"<{}>\", \"a\"))\n"),
                     "pi=3.14 n=2\n7\n2.0\n1 2\n[2, 3]\n[2, 3, 4]\n<a>\n");
}

Test(codegen, long_array_literal_is_chunked)
{
    char src[4096] = "let a = [";
    for (int i = 0; i < 120; i++)
        sprintf(src + strlen(src), "%d, ", i);
    strcat(src, "]\nprintln(a.len(), a[119])\n");
    cr_assert_str_eq(run(src), "120 119\n");
}

/* -------------------------------------------------------- diagnostics --- */

Test(codegen, unsupported_and_undefined_are_errors)
{
    compile_errors("let b = 1 in [1]\n", "not supported yet", 1);
    compile_errors("fun f() { g() }\n", "undefined variable 'g'", 1);
}

Test(codegen, too_many_registers_is_a_diagnostic)
{
    static char src[20000];
    strcpy(src, "fun f() {\n");
    for (int i = 0; i < 300; i++)
        sprintf(src + strlen(src), "let v%d = %d\n", i, i);
    strcat(src, "}\n");
    compile_errors(src, "too many registers", 0);
}

Test(codegen, pattern_literals_and_specs_survive_large_constant_pools)
{
    static char src[16384];
    strcpy(src, "fun f(v) {\n let a = [");
    for (int i = 0; i < 300; i++)
        sprintf(src + strlen(src), "\"s%d\", ", i);
    strcat(src, "]\n let x = 2.5\n println(f\"{x:.3}\")\n"
                " match v { \"k1\" => 1, \"k2\" => 2, _ => a.len() }\n}\n"
                "println(f(\"k2\"), f(\"zz\"))\n");
    cr_assert_str_eq(run(src), "2.500\n2.500\n2 300\n");
}

/* ------------------------------------------------- types and try/catch --- */

Test(codegen, types_of_an_earlier_chunk_are_usable)
{
    run("struct P { x: i32, y: i32 = 7 }\nenum E { A, B(i32) }\n"
        "impl P { fun sum(&self) { self.x + self.y } }\n");
    cr_assert_str_eq(run("let p = P { x: 1 }\nprintln(p.sum(), E::B(2), E::A as i32)\n"
                         "println(match E::B(5) { E::B(n) => n, _ => 0 })\n"),
                     "8 B(2) 0\n5\n");
}

Test(codegen, try_pops_its_handler_on_every_exit)
{
    const RvProto *p = fn_of(compile("fun f(a) {\n  for x in a {\n"
                                     "    try { if x { break }\n continue } catch e { return 1 }\n"
                                     "  }\n  try { return 2 } finally { println(0) }\n}\n"), "f");
    cr_assert_eq(count_op(p, RV_OP_TRY), 2);
    cr_assert_eq(count_op(p, RV_OP_ENDTRY), 3);      /* break, continue, return */
    cr_assert_str_eq(run("fun f(a) {\n  for x in a {\n"
                         "    try { if x { break }\n continue } catch e { return 1 }\n"
                         "  }\n  try { return 2 } finally { println(0) }\n}\n"
                         "println(f([false, true]))\n"), "0\n2\n");
}

Test(codegen, casts_go_through_discr)
{
    const RvProto *p = compile("enum L { A = 4 }\nlet x = L::A as i32\n");
    cr_assert_eq(count_op(p, RV_OP_DISCR), 1);
    cr_assert_str_eq(run("enum L { A = 4 }\nprintln(L::A as i32, 2.5 as i32)\n"), "4 2\n");
}
