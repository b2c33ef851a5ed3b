#!/bin/sh
# bench/coldstart/bootstrap.sh — the classic shell + curl custom runtime (the
# loop of AWS's "build a custom runtime" tutorial and of lambda-perf's shell
# runtime), as a peer in bench/coldstart/run. It echoes every event back.
#
# One curl per request (no keep-alive), headers through a temp file. Stops
# when curl fails (the API went away) and after MAX_INVOCATIONS events.
set -eu

API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
MAX_INVOCATIONS=${MAX_INVOCATIONS:-100000000}
HEADERS=$(mktemp)
trap 'rm -f "$HEADERS"' EXIT

# Handler: the event, unchanged.
handler() {
    printf '%s' "$1"
}

i=0
while [ "$i" -lt "$MAX_INVOCATIONS" ]; do
    i=$((i + 1))
    EVENT_DATA=$(curl -sS -f -D "$HEADERS" "$API/next") || exit 1
    REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
    RESPONSE=$(handler "$EVENT_DATA")
    curl -sS -f -o /dev/null -H 'Content-Type: application/json' \
        --data-binary "$RESPONSE" "$API/$REQUEST_ID/response" || exit 1
done
