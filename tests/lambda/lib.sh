# tests/lambda/lib.sh — helpers for the end-to-end bootstrap tests (sourced).
#
# Every process is bounded: the mock by --max-seconds, the bootstrap and
# curl by timeout(1). Traffic goes to 127.0.0.1 only. Needs jq.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
VM=${RUCHY_VM:-ruchy-vm}
BOOT=${RUCHY_BOOTSTRAP:-$(dirname "$VM")/bootstrap}
MOCK=${RUCHY_MOCK_API:-$(dirname "$VM")/tests/lambda/mock_api}
HANDLERS=$SRC/handlers
tmp=$(mktemp -d)
MOCK_PID=
trap '[ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }

pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$3', expected '$2'"; fi
}
contains() {  # contains NAME TEXT NEEDLE
    case "$2" in *"$3"*) pass "$1" ;; *) fail "$1: '$3' not in: $(printf '%s' "$2" | cut -c1-600)" ;; esac
}
finish() {
    [ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
    exit 0
}

# start_mock EVENTS_TEXT [MOCK OPTIONS...]: PORT, MOCK_PID, LOG set.
start_mock() {
    printf '%s\n' "$1" >"$tmp/events"
    shift
    LOG=$tmp/log.jsonl
    rm -f "$LOG" "$tmp/port"
    "$MOCK" --events "$tmp/events" --log "$LOG" --max-seconds 25 "$@" >"$tmp/port" 2>"$tmp/mock.err" &
    MOCK_PID=$!
    PORT=
    for _ in $(seq 1 100); do
        PORT=$(head -n 1 "$tmp/port" 2>/dev/null)
        [ -n "$PORT" ] && break
        sleep 0.05
    done
    [ -n "$PORT" ] || { echo "FAIL: mock did not start"; cat "$tmp/mock.err"; exit 1; }
}

# run_boot HANDLER [VAR=VALUE...]: runs bootstrap against the mock (task
# root $TASK, default handlers/); RC, OUT and ERR set. Then stops the mock
# (it logs each request before answering it, so the log is complete).
run_boot() {
    h=$1
    shift
    timeout 20 env AWS_LAMBDA_RUNTIME_API="127.0.0.1:$PORT" _HANDLER="$h" \
        LAMBDA_TASK_ROOT="${TASK:-$HANDLERS}" "$@" "$BOOT" >"$tmp/out" 2>"$tmp/err"
    RC=$?
    OUT=$(cat "$tmp/out")
    ERR=$(cat "$tmp/err")
    kill "$MOCK_PID" 2>/dev/null
    wait "$MOCK_PID" 2>/dev/null
    MOCK_PID=
}

# posted ID KIND: body posted to .../ID/KIND (response or error).
posted() {
    jq -r --arg p "/invocation/$1/$2" 'select(.method == "POST" and (.path | endswith($p))) | .body' "$LOG"
}
# posted_header ID KIND HEADER
posted_header() {
    jq -r --arg p "/invocation/$1/$2" --arg h "$3" \
        'select(.method == "POST" and (.path | endswith($p))) | .headers[$h] // empty' "$LOG"
}
# status_of ID KIND: HTTP status the mock answered.
status_of() {
    jq -r --arg p "/invocation/$1/$2" 'select(.method == "POST" and (.path | endswith($p))) | .status' "$LOG"
}
init_error() {
    jq -r 'select(.path | endswith("/runtime/init/error")) | .body' "$LOG"
}
