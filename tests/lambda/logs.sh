#!/bin/sh
# tests/lambda/logs.sh — handler output: Text mode, and JSON lines with
# AWS_LAMBDA_LOG_FORMAT=JSON filtered by AWS_LAMBDA_LOG_LEVEL; stdout is
# flushed before each answer is posted.
. "$(dirname "$0")/lib.sh"

start_mock '@id=j1 {}
@id=j2 {"fail":true}' --idle-exit 1
TASK=$tmp
cat >"$tmp/logger.ruchy" <<'R'
fun handler(event) {
    log_debug("dbg")
    log_info("info {}", 1)
    log_warn("warn", [1, 2])
    log_error("err \"quoted\"")
    print("partial ")
    println("line")
    if event.get("fail").unwrap_or(false) {
        println("about to fail")
        throw "boom"
    }
    { "ok": true }
}
R
run_boot logger.handler AWS_LAMBDA_LOG_FORMAT=JSON AWS_LAMBDA_LOG_LEVEL=WARN
bad=$(printf '%s\n' "$OUT" | while IFS= read -r l; do printf '%s' "$l" | jq -e . >/dev/null 2>&1 || echo "$l"; done)
check "JSON mode: every stdout line is a JSON object" "" "$bad"
check "JSON mode: WARN filters DEBUG and INFO" "WARN ERROR WARN ERROR ERROR" \
    "$(printf '%s\n' "$OUT" | jq -r 'select(.requestId) | .level' | tr '\n' ' ' | sed 's/ $//')"
check "JSON mode: requestId" "j1" "$(printf '%s\n' "$OUT" | jq -r 'select(.message == "warn [1, 2]") | .requestId' | head -n 1)"
check "JSON mode: escaping" 'err "quoted"' "$(printf '%s\n' "$OUT" | jq -r 'select(.level == "ERROR") | .message' | head -n 1)"
contains "JSON mode: timestamp" "$(printf '%s\n' "$OUT" | head -n 1 | jq -r .timestamp)" "Z"
contains "JSON mode: the runtime's own error line" "$OUT" "Invoke Error"

start_mock '@id=k1 {}' --idle-exit 1
run_boot logger.handler AWS_LAMBDA_LOG_FORMAT=JSON AWS_LAMBDA_LOG_LEVEL=DEBUG
check "JSON mode DEBUG: all levels and println as INFO" "DEBUG INFO WARN ERROR INFO" \
    "$(printf '%s\n' "$OUT" | jq -r 'select(.requestId) | .level' | tr '\n' ' ' | sed 's/ $//')"
check "JSON mode: print + println make one line" "partial line" \
    "$(printf '%s\n' "$OUT" | jq -r 'select(.level == "INFO") | .message' | tail -n 1)"

start_mock '@id=t1 {}
@id=t2 {"fail":true}' --idle-exit 1
run_boot logger.handler
check "Text mode: lines as written, no filter" "[DEBUG] dbg
[INFO] info 1
[WARN] warn [1, 2]
[ERROR] err \"quoted\"
partial line" "$(printf '%s\n' "$OUT" | head -n 5)"
contains "Text mode: output before the error" "$OUT" "about to fail"
contains "Text mode: error logged on stderr" "$ERR" "Invoke Error"
check "the failing event was answered" Error "$(posted t2 error | jq -r .errorType)"

finish
