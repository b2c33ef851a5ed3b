#!/bin/sh
# run-golden.sh — compare the disassembly of one program with its golden file.
#
# Usage (automake LOG_COMPILER):  sh run-golden.sh path/to/FILE.ruchy
#
# Runs "$RUCHY_VM disasm FILE.ruchy" (from the file's directory, with the
# basename, so file names in the listing do not depend on the build tree)
# and diffs stdout against FILE.dis next to the program.
#
# Environment:
#   RUCHY_VM        path of the ruchy-vm binary (default: ruchy-vm in PATH)
#   UPDATE_GOLDEN   if 1, write FILE.dis from the current output and pass
#
# Exit status: 0 pass (or updated), 1 fail (different, missing .dis, or
# disasm failed), 99 hard error (bad invocation, binary not found).

if [ "$#" -ne 1 ]; then
    echo "usage: sh run-golden.sh FILE.ruchy" >&2
    exit 99
fi

file=$1
# Under make check the test is the golden FILE.dis; the program is beside it.
case $file in *.dis) file=${file%.dis}.ruchy ;; esac
if [ ! -f "$file" ]; then
    echo "run-golden.sh: no such file: $file" >&2
    exit 99
fi

vm=${RUCHY_VM:-ruchy-vm}
case $vm in
    /*) ;;
    */*) vm=$(cd "$(dirname "$vm")" && pwd)/$(basename "$vm") ;;
    *)
        if ! command -v "$vm" >/dev/null 2>&1; then
            echo "run-golden.sh: ruchy-vm not found (set RUCHY_VM): $vm" >&2
            exit 99
        fi
        ;;
esac

dir=$(cd "$(dirname "$file")" && pwd)
base=$(basename "$file")
golden=$dir/${base%.ruchy}.dis

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 1' HUP INT TERM

if command -v timeout >/dev/null 2>&1; then
    (cd "$dir" && timeout 20 "$vm" disasm "$base") \
        >"$tmp/out" 2>"$tmp/err" </dev/null
else
    (cd "$dir" && "$vm" disasm "$base") >"$tmp/out" 2>"$tmp/err" </dev/null
fi
status=$?

if [ "$status" -ne 0 ]; then
    echo "FAIL: $file: '$vm disasm' exited with status $status"
    cat "$tmp/err"
    exit 1
fi

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    if cp "$tmp/out" "$golden"; then
        echo "UPDATED: $golden"
        exit 0
    fi
    echo "run-golden.sh: cannot write $golden" >&2
    exit 99
fi

if [ ! -f "$golden" ]; then
    echo "FAIL: $file: golden file missing: $golden"
    echo "  (run with UPDATE_GOLDEN=1 to create it)"
    exit 1
fi

if cmp -s "$golden" "$tmp/out"; then
    echo "PASS: $file"
    exit 0
fi

echo "FAIL: $file: disassembly differs from $golden"
echo "  (if the change is intended, rerun with UPDATE_GOLDEN=1)"
diff -u "$golden" "$tmp/out" |
    sed -e "1s|^--- .*|--- ${base%.ruchy}.dis (expected)|" -e "2s|^+++ .*|+++ disasm output (actual)|"
exit 1
