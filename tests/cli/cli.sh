#!/bin/sh
# tests/cli/cli.sh — the ruchy-vm command line: every command and exit code
# the README documents. Run by make check with RUCHY_VM set.
set -u
VM=${RUCHY_VM:-ruchy-vm}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: exit status $3, expected $2"; fails=$((fails + 1))
    else
        echo "ok: $1"
    fi
}
contains() {  # contains NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then echo "ok: $1"; else
        echo "FAIL: $1: '$3' not in:"; cat "$2"; fails=$((fails + 1)); fi
}

"$VM" --help >"$tmp/out" 2>&1; check "--help" 0 $?
contains "--help lists run" "$tmp/out" "run FILE"
"$VM" --version >"$tmp/out" 2>&1; check "--version" 0 $?
contains "--version" "$tmp/out" "ruchy-vm "
"$VM" >"$tmp/out" 2>&1; check "no arguments is a usage error" 64 $?
"$VM" frobnicate x >"$tmp/out" 2>&1; check "unknown command" 64 $?
"$VM" run "$tmp/missing.ruchy" >"$tmp/out" 2>&1; check "missing file" 64 $?
contains "missing file names the file" "$tmp/out" "missing.ruchy"

printf 'fun main() {\n    println("hi from main")\n}\nprintln("top")\n' >"$tmp/ok.ruchy"
"$VM" run "$tmp/ok.ruchy" >"$tmp/out" 2>&1; check "run" 0 $?
printf 'top\nhi from main\n' | diff - "$tmp/out" && echo "ok: run output: top level, then main()"  || fails=$((fails + 1))
"$VM" check "$tmp/ok.ruchy" >"$tmp/out" 2>&1; check "check on a good file" 0 $?
[ -s "$tmp/out" ] && { echo "FAIL: check printed output"; fails=$((fails + 1)); }
"$VM" disasm "$tmp/ok.ruchy" >"$tmp/out" 2>&1; check "disasm" 0 $?
contains "disasm lists main" "$tmp/out" "function main"

printf 'let x = 1\nlet y = (2 +\nfun f( {\n' >"$tmp/bad.ruchy"
"$VM" check "$tmp/bad.ruchy" >"$tmp/out" 2>&1; check "check on a bad file" 2 $?
contains "diagnostic has file:line:col" "$tmp/out" "bad.ruchy:3:"
contains "diagnostic says error" "$tmp/out" "error:"
"$VM" run "$tmp/bad.ruchy" >"$tmp/out" 2>&1; check "run on a bad file" 2 $?

printf 'fun f(n) {\n    10 / n\n}\nprintln("before")\nprintln(f(0))\n' >"$tmp/rt.ruchy"
"$VM" run "$tmp/rt.ruchy" >"$tmp/out" 2>"$tmp/err"; check "runtime error" 1 $?
contains "stdout kept before the error" "$tmp/out" "before"
contains "error kind and message" "$tmp/err" "Error: ZeroDivisionError: Division by zero"
contains "traceback names the function and line" "$tmp/err" "at f ("
contains "traceback line" "$tmp/err" "rt.ruchy:2)"

"$VM" run "$SRC/handlers/hello.ruchy" >"$tmp/out" 2>&1; check "example handler" 0 $?
contains "example handler output" "$tmp/out" "Hello, Ruchy!"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
