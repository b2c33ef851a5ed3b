#!/bin/sh
# tests/cli/repl.sh — `ruchy-vm repl`: batch mode (stdin not a terminal)
# prints each top-level expression's value, strings quoted, nil hidden;
# errors are reported with their kind. On a pseudo-terminal (script(1)),
# entries keep state, unfinished blocks continue on the next line, errors do
# not end the session, and the up arrow recalls history.
set -u
VM=${RUCHY_VM:-ruchy-vm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $1"; [ -f "$2" ] && cat "$2"; fails=$((fails + 1)); }

printf 'let x = 40\nx + 2\n"hi"\n[1, "a"]\nfun sq(n) { n * n }\nsq(7)\nprintln("printed")\nnil\nSome("s")\n' |
    "$VM" repl >"$tmp/out" 2>&1 || fail "batch exit status" "$tmp/out"
printf '42\n"hi"\n[1, "a"]\n49\nprinted\nSome("s")\n' >"$tmp/want"
diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" && echo "ok: batch values" || fail "batch values" "$tmp/diff"

printf '1 + 1\nlet y = [1][5]\n' | "$VM" repl >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] && echo "ok: batch runtime error exits 1" || fail "batch runtime error status" "$tmp/err"
grep -q "IndexError" "$tmp/err" && echo "ok: error kind shown" || fail "error kind" "$tmp/err"

if command -v script >/dev/null 2>&1; then
    # ESC [ A is the up arrow: it recalls "a * 3", which runs again.
    printf 'let a = 5\nfun f(n) {\n  n + a\n}\nf(1)\nnope(\n)\na * 3\n\033[A\n:quit\n' >"$tmp/keys"
    timeout 10 script -qec "$VM repl" /dev/null <"$tmp/keys" >"$tmp/tty" 2>&1
    tr -d '\r' <"$tmp/tty" | sed 's/\x1b\[[0-9]*[A-Za-z]//g' >"$tmp/clean"
    grep -qx '6' "$tmp/clean" && echo "ok: multi-line function on a tty" || fail "multi-line entry" "$tmp/clean"
    grep -q "undefined variable 'nope'" "$tmp/clean" && echo "ok: error on a tty" || fail "tty error" "$tmp/clean"
    [ "$(grep -cx '15' "$tmp/clean")" -eq 2 ] && echo "ok: history recall" || fail "history recall" "$tmp/clean"
else
    echo "note: script(1) not installed; terminal mode not tested"
fi
[ "$fails" -eq 0 ]
