#!/bin/sh
# tests/lambda/failures.sh — what goes wrong, end to end against the strict
# mock: INIT failures (syntax error, missing handler, missing file, top-level
# error), handler errors followed by successes in the same process,
# non-JSON and 6 MB events, a result over 6 MB, the deadline, and the API
# failing (gone mid-run, 500) — always a bounded, non-zero exit.
. "$(dirname "$0")/lib.sh"
TASK=$tmp/task
mkdir -p "$TASK/sub/dir"

# --- INIT failures --------------------------------------------------------
printf 'fun handler(event) {\n    let x = (1 +\n}\n' >"$TASK/bad.ruchy"
start_mock '{}' --idle-exit 1
run_boot bad.handler
check "syntax error: exit 2" 2 "$RC"
ie=$(init_error)
check "syntax error: errorType" Runtime.UserCodeSyntaxError "$(printf "%s\n" "$ie" | jq -r .errorType)"
contains "syntax error: full diagnostic with file:line" "$(printf "%s\n" "$ie" | jq -r .errorMessage)" "bad.ruchy:3:"
check "syntax error: error-type header" Runtime.UserCodeSyntaxError \
    "$(jq -r 'select(.path | endswith("/init/error")) | .headers["Lambda-Runtime-Function-Error-Type"]' "$LOG")"
check "syntax error: no /next after init/error" 0 "$(jq -r 'select(.method == "GET")' "$LOG" | grep -c . )"
check "syntax error: mock accepted it" 202 "$(jq -r 'select(.path | endswith("/init/error")) | .status' "$LOG")"

printf 'fun other(event) { event }\n' >"$TASK/sub/dir/app.ruchy"
start_mock '{}' --idle-exit 1
run_boot sub/dir/app.handler
check "missing handler: exit 2" 2 "$RC"
check "missing handler: errorType" Runtime.HandlerNotFound "$(init_error | jq -r .errorType)"
contains "missing handler: message" "$(init_error | jq -r .errorMessage)" "handler"

printf 'let greeting = "hi"\nlet handler = |event| f"{greeting} {event.name}"\n' >"$TASK/sub/dir/let.ruchy"
start_mock '@id=l1 {"name":"Ada"}' --idle-exit 1
run_boot sub/dir/let.handler
check "handler bound with a top-level let" '"hi Ada"' "$(posted l1 response)"

printf 'fun handler(event) { event }\n' >"$TASK/sub/dir/ok.ruchy"
start_mock '@id=s1 {"deep":true}' --idle-exit 1
run_boot sub/dir/ok.handler
check "subdirectory handler works" '{"deep":true}' "$(posted s1 response)"

start_mock '{}' --idle-exit 1
run_boot nothere.handler
check "missing file: errorType" Runtime.ImportModuleError "$(init_error | jq -r .errorType)"
start_mock '{}' --idle-exit 1
run_boot nodot
check "malformed _HANDLER" Runtime.MalformedHandlerName "$(init_error | jq -r .errorType)"

printf 'let table = [1, 2]\nlet x = table[5]\nfun handler(e) { e }\n' >"$TASK/top.ruchy"
start_mock '{}' --idle-exit 1
run_boot top.handler
check "top-level error: errorType" Runtime.InitError "$(init_error | jq -r .errorType)"
contains "top-level error: message" "$(init_error | jq -r .errorMessage)" "IndexError"
check "top-level error: exit 2" 2 "$RC"

# --- handler errors keep the process serving -------------------------------
TASK=
start_mock '@id=a1 {"fail":true}
@id=a2 {"fail":false}
@id=a3 {"fail":true}
@id=a4 {}' --idle-exit 1
run_boot errors.sometimes
e=$(posted a1 error)
check "runtime error: errorType" IndexError "$(printf "%s\n" "$e" | jq -r .errorType)"
contains "runtime error: message" "$(printf "%s\n" "$e" | jq -r .errorMessage)" "out of bounds"
check "runtime error: Ruchy frames" "sometimes (errors.ruchy:44)" "$(printf "%s\n" "$e" | jq -r '.stackTrace[0]')"
check "runtime error: header" IndexError "$(posted_header a1 error Lambda-Runtime-Function-Error-Type)"
check "then a success in the same process" '{"ok":true}' "$(posted a2 response)"
check "error again" 202 "$(status_of a3 error)"
check "and success again" '{"ok":true}' "$(posted a4 response)"
check "one process, one connection" 1 "$(jq -r .conn "$LOG" | sort -u | wc -l | tr -d ' ')"

for f in throw_string:Error throw_map:ValidationError returns_err:NotFound \
         runtime_error:ZeroDivisionError not_serialisable:TypeError; do
    fn=${f%%:*} ty=${f#*:}
    start_mock "@id=$fn {}
@id=ok {}" --idle-exit 1
    run_boot "errors.$fn"
    check "$fn: errorType" "$ty" "$(posted "$fn" error | jq -r .errorType)"
    check "$fn: header" "$ty" "$(posted_header "$fn" error Lambda-Runtime-Function-Error-Type)"
    check "$fn: next event still served" 202 "$(jq -r 'select(.path | endswith("/ok/error")) | .status' "$LOG")"
done

# --- payload sizes ----------------------------------------------------------
start_mock '@id=big @pad=6000000 x
@id=small {"a":1}' --idle-exit 1
run_boot echo.length
check "6 MB event is handled" '{"bytes":6000010}' "$(posted big response)"
check "after it, a small one" '{"bytes":7}' "$(posted small response)"

start_mock '@id=huge {}
@id=after {}' --idle-exit 1
run_boot errors.too_big
check "result over 6 MB: clean error, not a 413" Function.ResponseSizeTooLarge "$(posted huge error | jq -r .errorType)"
check "result over 6 MB: no response POST" "" "$(posted huge response)"
check "result over 6 MB: never sent a 413" 0 "$(jq -r .status "$LOG" | grep -c 413)"

# --- deadline ---------------------------------------------------------------
start_mock '@id=slow @deadline=+700 {}
@id=quick @deadline=+500 {}' --idle-exit 1
start=$(date +%s)
run_boot errors.spin RUCHY_TIMEOUT_MARGIN_MS=100
e=$(posted slow error)
check "deadline: TimeoutError" TimeoutError "$(printf "%s\n" "$e" | jq -r .errorType)"
contains "deadline: frame of the running handler" "$(printf "%s\n" "$e" | jq -r '.stackTrace[0]')" "spin (errors.ruchy"
check "deadline: posted before the deadline" 202 "$(status_of slow error)"
check "deadline: next event runs" TimeoutError "$(posted_header quick error Lambda-Runtime-Function-Error-Type)"

start_mock '@id=rel @deadline=5000 {"n":3}' --idle-exit 1
run_boot fibonacci.handler
check "relative deadline (like @vercel/fun) arms no timer" '{"n":3,"fib":2}' "$(posted rel response)"

# The timer of a finished invocation is left running; when it fires during a
# later, longer event (here one with no timer of its own; fib(35) takes
# over 0.4 s, well past the first event's 300 ms) it must interrupt nothing.
# --die-after, not --idle-exit: the long event makes no request for a while.
start_mock '@id=early @deadline=+300 {"n":3}
@id=long @deadline=5000 {"n":35}' --die-after 2
run_boot fibonacci.handler
check "a finished invocation's deadline: its own event" '{"n":3,"fib":2}' "$(posted early response)"
check "a finished invocation's deadline stops no later event" '{"n":35,"fib":9227465}' "$(posted long response)"

# --- the API failing --------------------------------------------------------
start_mock '@id=d1 {}
@id=d2 {}
@id=d3 {}' --die-after 1
run_boot hello.handler
check "API gone mid-run: exit 1" 1 "$RC"
check "API gone mid-run: first event answered" 202 "$(status_of d1 response)"
contains "API gone mid-run: says why" "$ERR" "ERROR"

start_mock '@id=n1 {}' --fail-next
run_boot hello.handler
check "500 on /next: exit 1" 1 "$RC"
check "500 on /next: no busy loop" 2 "$(jq -r 'select(.method == "GET")' "$LOG" | jq -s length)"

timeout 10 env -u AWS_LAMBDA_RUNTIME_API _HANDLER=hello.handler "$BOOT" >"$tmp/out" 2>&1
check "no AWS_LAMBDA_RUNTIME_API: exit 64" 64 "$?"

finish
