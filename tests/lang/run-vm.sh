#!/bin/sh
# run-vm.sh — run one tests/lang program through ruchy-vm and check it.
#
# Usage (automake LOG_COMPILER):  sh run-vm.sh path/to/test.ruchy
#
# Environment:
#   RUCHY_VM         path of the ruchy-vm binary (default: ruchy-vm in PATH)
#   RUCHY_VM_SUBCMD  subcommand used to run the program (default: run)
#   RUCHY_TIMEOUT    seconds before the run is killed (default: 20)
#
# Expectations are comments anywhere in the program (also after code):
#   // expect: TEXT         one line of stdout, in order ("// expect:" alone
#                           or with a trailing space = an empty line)
#   // expect error: TEXT   the program must exit non-zero (1..125, not a
#                           signal, not a timeout) and stderr must contain
#                           TEXT (fixed string)
# Without any "expect error" line the program must exit 0. Stdout must match
# the "expect" lines exactly in both cases. A file with no expectations at
# all fails. A file whose first line is "// skip: REASON" is skipped (77).
#
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error (bad invocation).

if [ "$#" -ne 1 ]; then
    echo "usage: sh run-vm.sh FILE.ruchy" >&2
    exit 99
fi

file=$1
if [ ! -f "$file" ]; then
    echo "run-vm.sh: no such file: $file" >&2
    exit 99
fi

# Skip marker on the first line.
first=$(sed -n '1p' "$file")
case $first in
    "// skip:"*)
        echo "SKIP: ${first#// skip:}"
        exit 77
        ;;
esac

vm=${RUCHY_VM:-ruchy-vm}
subcmd=${RUCHY_VM_SUBCMD:-run}
limit=${RUCHY_TIMEOUT:-20}

# We cd to the program's directory, so make a relative VM path absolute.
case $vm in
    /*) ;;
    */*) vm=$(cd "$(dirname "$vm")" && pwd)/$(basename "$vm") ;;
    *)
        if ! command -v "$vm" >/dev/null 2>&1; then
            echo "run-vm.sh: ruchy-vm not found (set RUCHY_VM): $vm" >&2
            exit 99
        fi
        ;;
esac

dir=$(cd "$(dirname "$file")" && pwd)
base=$(basename "$file")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-vm.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 1' HUP INT TERM

# Extract expectations. "// expect:" at the very end of a line is an empty
# expected line (editors strip the trailing space of "// expect: ").
awk '{
    i = index($0, "// expect: ")
    if (i > 0) { print substr($0, i + 11); next }
    if ($0 ~ /\/\/ expect:$/) print ""
}' "$file" >"$tmp/expected" || exit 99
awk '{
    i = index($0, "// expect error: ")
    if (i > 0) print substr($0, i + 17)
}' "$file" >"$tmp/errors" || exit 99

if [ ! -s "$tmp/expected" ] && [ ! -s "$tmp/errors" ]; then
    # An expected single empty line still produces one byte ("\n"), so an
    # empty file here really means there were no expectations.
    echo "FAIL: $file: no expectations (// expect: or // expect error:)"
    exit 1
fi

if command -v timeout >/dev/null 2>&1; then
    (cd "$dir" && timeout "$limit" "$vm" "$subcmd" "$base") \
        >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
    status=$?
else
    (cd "$dir" && "$vm" "$subcmd" "$base") \
        >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
    status=$?
fi

fail=0
why=
nl='
'

if [ "$status" -eq 124 ]; then
    fail=1
    why="timed out after ${limit}s$nl"
elif [ -s "$tmp/errors" ]; then
    if [ "$status" -eq 0 ]; then
        fail=1
        why="expected a non-zero exit status (error), got 0$nl"
    elif [ "$status" -gt 125 ]; then
        fail=1
        why="crashed: exit status $status (signal $((status - 128)))$nl"
    else
        while IFS= read -r want || [ -n "$want" ]; do
            [ -z "$want" ] && continue
            if ! grep -F -e "$want" "$tmp/stderr" >/dev/null 2>&1; then
                fail=1
                why="${why}stderr does not contain: $want$nl"
            fi
        done <"$tmp/errors"
    fi
elif [ "$status" -ne 0 ]; then
    fail=1
    if [ "$status" -gt 128 ]; then
        why="crashed: exit status $status (signal $((status - 128)))$nl"
    else
        why="exit status $status (expected 0)$nl"
    fi
fi

stdout_ok=1
if ! cmp -s "$tmp/expected" "$tmp/stdout"; then
    fail=1
    stdout_ok=0
    why="${why}stdout differs from the expectations$nl"
fi

if [ "$fail" -eq 0 ]; then
    echo "PASS: $file"
    exit 0
fi

echo "FAIL: $file"
printf '%s' "$why" | sed 's/^/  /'
if [ "$stdout_ok" -eq 0 ]; then
    echo "--- stdout diff (expected vs actual) ---"
    (cd "$tmp" && diff -u expected stdout) |
        sed -e '1s/^--- .*/--- expected/' -e '2s/^+++ .*/+++ actual/'
fi
echo "--- stderr ---"
cat "$tmp/stderr"
echo "--- exit status: $status ---"
exit 1
