#!/bin/sh
# tests/cli/handlers-sync.sh — each tests/lang/handler_NAME.ruchy runs the
# code of handlers/NAME.ruchy under `// expect:` lines: the handler's code
# (the file after its leading comment block) must appear in the test
# verbatim, so the two cannot drift apart unnoticed.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
bad=0
for t in "$SRC"/tests/lang/handler_*.ruchy; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .ruchy)
    h=$SRC/handlers/${name#handler_}.ruchy
    if [ ! -f "$h" ]; then
        echo "FAIL: $t: no handlers/${name#handler_}.ruchy"
        bad=$((bad + 1))
        continue
    fi
    # The handler without its header comment (up to the first code line).
    awk 'started || !/^(\/\/|$)/ { started = 1; print }' "$h" >"$tmp/code"
    lines=$(wc -l <"$tmp/code")
    # Every window of the test file of that many lines, compared to it.
    total=$(wc -l <"$t")
    found=0
    i=1
    while [ $((i + lines - 1)) -le "$total" ]; do
        sed -n "${i},$((i + lines - 1))p" "$t" >"$tmp/window"
        if cmp -s "$tmp/code" "$tmp/window"; then
            found=1
            break
        fi
        i=$((i + 1))
    done
    if [ "$found" -eq 1 ]; then
        n=$((n + 1))
    else
        echo "FAIL: $t does not contain the code of $h verbatim"
        bad=$((bad + 1))
    fi
done
echo "$n handler copies in sync, $bad differ"
[ "$n" -ge 3 ] && [ "$bad" -eq 0 ]
