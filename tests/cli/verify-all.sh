#!/bin/sh
# tests/cli/verify-all.sh — every tests/lang and tests/golden program that
# compiles must also pass the bytecode verifier (`ruchy-vm check` runs it):
# catches codegen that emits out-of-range registers, jumps or constants.
set -u
VM=${RUCHY_VM:-ruchy-vm}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
n=0
bad=0
for f in "$SRC"/tests/lang/*.ruchy "$SRC"/tests/golden/*.ruchy "$SRC"/handlers/*.ruchy; do
    [ -e "$f" ] || continue
    out=$("$VM" check "$f" 2>&1)
    case $? in
        0) n=$((n + 1)) ;;
        2) case $out in *"bad bytecode"*) echo "FAIL: $f: $out"; bad=$((bad + 1)) ;; esac ;;
        *) echo "FAIL: $f: check exited $?: $out"; bad=$((bad + 1)) ;;
    esac
done
echo "$n programs verified, $bad failed"
[ "$n" -gt 200 ] && [ "$bad" -eq 0 ]
