#!/bin/sh
# tests/readme.sh — every ```ruchy example in README.md is run with
# ruchy-vm; the ```text block that follows it is its exact expected stdout.
set -u
VM=${RUCHY_VM:-ruchy-vm}
SRC=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Split README.md into ex_N.ruchy and ex_N.out files.
awk -v dir="$tmp" '
    /^```ruchy$/ { n++; f = dir "/ex_" n ".ruchy"; mode = 1; next }
    /^```text$/  { if (n > 0 && !(n in got)) { f = dir "/ex_" n ".out"; mode = 2; got[n] = 1; printf "" > f } else mode = 3; next }
    /^```/       { mode = 0; next }
    mode == 1 || mode == 2 { print > f }
' "$SRC/README.md"

fails=0
total=0
for ex in "$tmp"/ex_*.ruchy; do
    [ -e "$ex" ] || break
    total=$((total + 1))
    exp=${ex%.ruchy}.out
    name=$(basename "$ex")
    if [ ! -f "$exp" ]; then
        echo "FAIL: $name has no \`\`\`text output block:"; cat "$ex"; fails=$((fails + 1)); continue
    fi
    if ! "$VM" run "$ex" >"$tmp/actual" 2>"$tmp/err"; then
        echo "FAIL: $name exited non-zero:"; cat "$ex" "$tmp/err"; fails=$((fails + 1)); continue
    fi
    if ! diff -u "$exp" "$tmp/actual" >"$tmp/diff"; then
        echo "FAIL: $name output differs:"; cat "$ex" "$tmp/diff"; fails=$((fails + 1)); continue
    fi
done
echo "$total README examples, $fails failed"
[ "$total" -gt 0 ] && [ "$fails" -eq 0 ]
