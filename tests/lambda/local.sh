#!/bin/sh
# tests/lambda/local.sh — `ruchy-vm invoke` and `ruchy-vm serve [--watch]`
# (hot swap, a broken edit keeps the last good version), on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl not installed"; exit 77; }

# --- invoke -----------------------------------------------------------------
out=$("$VM" invoke "$HANDLERS/hello.handler" --event '{"name":"Inv"}' 2>"$tmp/err")
check "invoke: exit 0" 0 "$?"
check "invoke: response JSON on stdout" '{"statusCode":200,"body":"Hello, Inv!"}' "$out"
out=$("$VM" invoke "$HANDLERS/hello.ruchy" 2>/dev/null)
check "invoke: FILE.ruchy, default event {}" '{"statusCode":200,"body":"Hello, World!"}' "$out"
printf '{"name":"File"}' >"$tmp/ev.json"
out=$("$VM" invoke "$HANDLERS/compat_handle_request.handle_request" --event "@$tmp/ev.json")
check "invoke: --event @file" '{"statusCode":200,"body":"Hello, File!"}' "$out"
out=$(printf '{"n":10}' | "$VM" invoke "$HANDLERS/fibonacci.handler" --event -)
check "invoke: --event - (stdin)" '{"n":10,"fib":55}' "$out"
out=$("$VM" invoke "$HANDLERS/compat_main.handler" \
      --event '{"requestContext":{"requestId":"q"},"body":{"n":2}}' 2>"$tmp/err")
check "invoke: handler output goes to stderr" initialized "$(cat "$tmp/err")"
check "invoke: stdout holds only the response" 200 "$(printf "%s\n" "$out" | jq -r .statusCode)"
out=$("$VM" invoke "$HANDLERS/errors.runtime_error" --event '{}' 2>/dev/null)
check "invoke: error exits 1" 1 "$?"
check "invoke: error JSON" ZeroDivisionError "$(printf "%s\n" "$out" | jq -r .errorType)"
out=$("$VM" invoke "$HANDLERS/compat_legacy.lambda_handler" --event 'raw')
contains "invoke: legacy verbatim" "$out" '"bodyLength":3}'
out=$(AWS_LAMBDA_FUNCTION_TIMEOUT=1 timeout 10 "$VM" invoke "$HANDLERS/errors.spin" 2>/dev/null)
check "invoke: deadline from AWS_LAMBDA_FUNCTION_TIMEOUT" TimeoutError "$(printf "%s\n" "$out" | jq -r .errorType)"
printf 'fun handler(e) {\n  (\n}\n' >"$tmp/bad.ruchy"
out=$("$VM" invoke "$tmp/bad.ruchy" 2>"$tmp/err")
check "invoke: syntax error exits 2" 2 "$?"
check "invoke: init error JSON" Runtime.UserCodeSyntaxError "$(printf "%s\n" "$out" | jq -r .errorType)"
contains "invoke: diagnostic on stderr" "$(cat "$tmp/err")" "bad.ruchy:3:"
"$VM" invoke "$HANDLERS/hello.nope" >"$tmp/out" 2>&1
check "invoke: missing function exits 1" 1 "$?"
"$VM" invoke >"$tmp/out" 2>&1
check "invoke: usage" 64 "$?"

# --- serve --watch ------------------------------------------------------------
URL_PATH=/2015-03-31/functions/function/invocations
printf 'fun handler(event) {\n    { "version": 1, "echo": event }\n}\n' >"$tmp/app.ruchy"
timeout 30 "$VM" serve "$tmp/app.handler" --port 0 --watch --max-requests 6 \
    >"$tmp/serve.out" 2>"$tmp/serve.err" &
SPID=$!
PORT=
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$tmp/serve.out")
    [ -n "$PORT" ] && break
    sleep 0.05
done
[ -n "$PORT" ] || { fail "serve did not start: $(cat "$tmp/serve.err")"; finish; }
inv() { timeout 10 curl -s -D "$tmp/headers" -d "$1" "http://127.0.0.1:$PORT$URL_PATH"; }

check "serve: invoke" '{"version":1,"echo":{"a":1}}' "$(inv '{"a":1}')"
printf 'fun handler(event) {\n    { "version": 2, "got": event["a"] }\n}\n' >"$tmp/app.ruchy"
check "serve --watch: edited file swapped in" '{"version":2,"got":5}' "$(inv '{"a":5}')"
printf 'fun handler(event) {\n    { "version": 3 \n' >"$tmp/app.ruchy"
check "serve --watch: broken edit keeps the last good version" '{"version":2,"got":7}' "$(inv '{"a":7}')"
contains "serve --watch: broken edit reported" "$(cat "$tmp/serve.err")" "app.ruchy:"
printf 'fun handler(event) {\n    throw "v4 fails"\n}\n' >"$tmp/app.ruchy"
out=$(inv '{}')
check "serve: handler error body" Error "$(printf "%s\n" "$out" | jq -r .errorType)"
contains "serve: X-Amz-Function-Error header" "$(cat "$tmp/headers")" "X-Amz-Function-Error: Unhandled"
code=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/other")
check "serve: unknown path 404" 404 "$code"
code=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$URL_PATH")
check "serve: GET is 405" 405 "$code"
wait "$SPID"
check "serve: --max-requests stops it cleanly" 0 "$?"

finish
