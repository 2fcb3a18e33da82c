#!/usr/bin/env bash
# End-to-end test of the C client: starts a real gateway and emotion worker on free loopback
# ports, runs the tools in build/ against them, and stops everything it started on exit.
#
# Environment:
#   MOODMUSIC_BIN            directory with the Swift `gateway` and `worker` (default .build/debug,
#                            relative to the repository root)
#   MOODMUSIC_FACE_IMAGE     a photo with exactly one face (default data/faces/astronaut.png)
#   MOODMUSIC_START_TIMEOUT  seconds to wait for the emotion worker to be SERVING (default 120)
#   MM_VALGRIND=0            skip the valgrind leak check (run by default when valgrind exists)
#
# The last line printed is always "N passed, N failed"; the exit status is 0 only when N failed is 0.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${MOODMUSIC_BIN:-.build/debug}
[[ $bin == /* ]] || bin=$repo/$bin
tools=$here/build
start_timeout=${MOODMUSIC_START_TIMEOUT:-120}

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-c-test.XXXXXX")

# shellcheck source=../../scripts/lib/cluster.sh
source "$repo/scripts/lib/cluster.sh"
MM_LOGS=$tmp

on_exit() {
    local status=$?
    mm_cluster_stop
    rm -rf "$tmp"
    echo "$passed passed, $failed failed"
    if ((failed > 0)); then exit 1; fi
    exit "$status"
}
trap on_exit EXIT
trap 'echo "interrupted" >&2; failed=$((failed + 1)); exit 130' INT TERM

pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() {
    echo "FAIL  $1"
    shift
    local detail
    for detail in "$@"; do [ -n "$detail" ] && sed 's/^/      /' <<<"$detail"; done
    failed=$((failed + 1))
}

log_tail() { # the last lines of every process log, indented
    local f
    for f in "$tmp"/*.log; do
        [ -f "$f" ] || continue
        echo "--- $(basename "$f")"
        tail -n 8 "$f"
    done
}

# -- prerequisites ----------------------------------------------------------------------------

if ! make -s -C "$here" >"$tmp/make.txt" 2>&1; then
    fail "build the C client" "$(tail -n 20 "$tmp/make.txt")"
    exit 1
fi
if "$tools/conformance" "$repo/Tests/Conformance/envelope-frames.json" >"$tmp/conformance.txt" 2>&1; then
    pass "envelope matches the golden frames in Tests/Conformance ($(tail -n 1 "$tmp/conformance.txt"))"
else
    fail "envelope matches the golden frames in Tests/Conformance" "$(cat "$tmp/conformance.txt")"
fi
for b in gateway worker; do
    if [ ! -x "$bin/$b" ]; then
        fail "find $bin/$b" "build the service (swift build) or set MOODMUSIC_BIN"
        exit 1
    fi
done
image=${MOODMUSIC_FACE_IMAGE:-}
if [ -z "$image" ]; then
    for candidate in "$repo/data/faces/astronaut.png" /work/shared/data/faces/astronaut.png; do
        if [ -f "$candidate" ]; then image=$candidate; break; fi
    done
fi
if [ -z "$image" ] || [ ! -f "$image" ]; then
    fail "find the face photo" "expected data/faces/astronaut.png (or set MOODMUSIC_FACE_IMAGE)"
    exit 1
fi

# -- start a gateway and an emotion worker ----------------------------------------------------

MM_BIN=$bin
if ! mm_start_gateway; then
    fail "start the gateway" "$(log_tail)"
    exit 1
fi
frontend=$MM_FRONTEND
backend=$MM_BACKEND
gateway_pid=$MM_GATEWAY_PID
cd "$repo" # the worker finds its model and cascade relative to the repository
mm_start_worker emotion --name c-test-emotion
worker_pid=$MM_LAST_PID
echo "gateway $frontend (pid $gateway_pid), emotion worker (pid $worker_pid); photo $image"

serving=0
deadline=$((SECONDS + start_timeout))
while ((SECONDS < deadline)); do
    if ! kill -0 "$worker_pid" 2>/dev/null || ! kill -0 "$gateway_pid" 2>/dev/null; then break; fi
    if "$tools/mm-health" --gateway "$frontend" --service moodmusic.v1.EmotionService --timeout-ms 1000 >/dev/null 2>&1; then
        serving=1
        break
    fi
    sleep 0.2
done
if ((serving)); then
    pass "emotion worker is SERVING"
else
    fail "emotion worker is SERVING within ${start_timeout}s" "$(log_tail)"
fi

# -- tests ------------------------------------------------------------------------------------

run() { # run NAME CMD...: runs CMD, leaving its stdout, stderr and status in $out, $err, $rc
    "${@:2}" >"$tmp/$1.out" 2>"$tmp/$1.err"
    rc=$?
    out=$(cat "$tmp/$1.out")
    err=$(cat "$tmp/$1.err")
}

# health: the call succeeds (the system as a whole is NOT_SERVING: there is no recommender),
# and the table shows the emotion worker.
run health "$tools/mm-health" --gateway "$frontend"
if { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; } &&
    grep -Eq '^moodmusic\.v1\.EmotionService +SERVING +1 ' <<<"$out" && grep -q '^overall: ' <<<"$out"; then
    pass "mm-health reports EmotionService SERVING with 1 worker"
else
    fail "mm-health reports EmotionService SERVING with 1 worker" "exit $rc" "$out" "$err"
fi

run health-unknown "$tools/mm-health" --gateway "$frontend" --service moodmusic.v1.NoSuchService
if [ "$rc" -ne 0 ] && grep -q '^NOT_FOUND: ' <<<"$err"; then
    pass "mm-health with an unknown service prints NOT_FOUND"
else
    fail "mm-health with an unknown service prints NOT_FOUND" "exit $rc" "$out" "$err"
fi

run echo "$tools/mm-echo" --gateway "$frontend" "round trip"
if [ "$rc" -eq 0 ] && grep -q '^round trip from c-test-emotion ' <<<"$out"; then
    pass "mm-echo round trip"
else
    fail "mm-echo round trip" "exit $rc" "$out" "$err"
fi

# check_detect NAME: the output in $out describes exactly one face with a valid emotion, a
# confidence that is the largest probability, and seven probabilities that sum to 1.
check_detect() {
    local why
    why=$(awk '
        BEGIN { valid["angry"]; valid["disgust"]; valid["fear"]; valid["happy"]; valid["sad"];
                valid["surprise"]; valid["neutral"] }
        NR == 1 { if ($0 !~ /, 1 face, dominant emotion [a-z]+,/) { print "summary line: " $0; bad = 1 } next }
        $1 == "FACE" { header = 1; next }
        $1 ~ /^[0-9]+$/ {
            rows++
            if (!($4 in valid)) { print "not an emotion: " $4; bad = 1 }
            if (NF != 12) { print "expected 12 columns: " $0; bad = 1 }
            sum = 0; max = 0
            for (i = 6; i <= 12; i++) { sum += $i; if ($i > max) max = $i; if ($i < 0 || $i > 1) bad = 1 }
            if (sum < 0.99 || sum > 1.01) { print "probabilities sum to " sum; bad = 1 }
            if ($5 <= 0 || $5 > 1 || $5 - max > 0.001 || max - $5 > 0.001) { print "confidence " $5 " is not the top probability " max; bad = 1 }
        }
        END { if (!header) { print "no table header"; bad = 1 }
              if (rows != 1) { print "expected 1 face row, got " rows + 0; bad = 1 }
              exit bad }' <<<"$out")
    if [ $? -eq 0 ] && [ "$rc" -eq 0 ]; then
        pass "$1"
    else
        fail "$1" "exit $rc" "$why" "$out" "$err"
    fi
}

run detect "$tools/mm-detect" "$image" --gateway "$frontend" --timeout-ms 60000
check_detect "mm-detect finds exactly 1 face with a valid emotion"
[ "$rc" -eq 0 ] && echo "$out" | sed 's/^/      /'

printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDRthis is not a png' >"$tmp/corrupt.png"
run corrupt "$tools/mm-detect" "$tmp/corrupt.png" --gateway "$frontend"
if [ "$rc" -ne 0 ] && grep -q '^INVALID_ARGUMENT: ' <<<"$err"; then
    pass "mm-detect on a corrupt file exits $rc with INVALID_ARGUMENT"
else
    fail "mm-detect on a corrupt file fails with INVALID_ARGUMENT" "exit $rc" "$out" "$err"
fi

: >"$tmp/empty.jpg"
run empty "$tools/mm-detect" "$tmp/empty.jpg" --gateway "$frontend"
if [ "$rc" -ne 0 ] && grep -q '^INVALID_ARGUMENT: ' <<<"$err"; then
    pass "mm-detect on an empty file fails with INVALID_ARGUMENT"
else
    fail "mm-detect on an empty file fails with INVALID_ARGUMENT" "exit $rc" "$out" "$err"
fi

run detect-again "$tools/mm-detect" "$image" --gateway "$frontend" --timeout-ms 60000
check_detect "mm-detect still works after the bad images"

# The default detector is BlazeFace full range, with landmarks; the cascade on request has none.
if grep -q ", by BlazeFace full range$" <<<"$(head -1 <<<"$out")" && grep -q "^landmarks 0: right eye " <<<"$out"; then
    pass "mm-detect uses BlazeFace by default and prints the face's landmarks"
else
    fail "mm-detect uses BlazeFace by default and prints the face's landmarks" "exit $rc" "$out"
fi
run haar "$tools/mm-detect" "$image" --gateway "$frontend" --timeout-ms 60000 --detector haar
check_detect "mm-detect --detector haar finds the same one face"
if grep -q ", by haar$" <<<"$(head -1 <<<"$out")" && ! grep -q "^landmarks" <<<"$out"; then
    pass "mm-detect --detector haar has no landmarks"
else
    fail "mm-detect --detector haar has no landmarks" "exit $rc" "$out"
fi
run align-haar "$tools/mm-detect" "$image" --gateway "$frontend" --detector haar --align
if [ "$rc" -eq 1 ] && grep -q "^INVALID_ARGUMENT: .*landmarks" <<<"$err"; then
    pass "mm-detect --detector haar --align is INVALID_ARGUMENT from the worker"
else
    fail "mm-detect --detector haar --align is INVALID_ARGUMENT from the worker" "exit $rc" "$out" "$err"
fi
run bad-detector "$tools/mm-detect" "$image" --gateway "$frontend" --detector dlib
if [ "$rc" -eq 2 ]; then pass "mm-detect --detector dlib exits 2"; else fail "mm-detect --detector dlib exits 2" "exit $rc" "$err"; fi

run missing "$tools/mm-detect" "$tmp/no-such-file.png" --gateway "$frontend"
if [ "$rc" -ne 0 ] && grep -q '^NOT_FOUND: ' <<<"$err"; then
    pass "mm-detect on a missing file fails with NOT_FOUND"
else
    fail "mm-detect on a missing file fails with NOT_FOUND" "exit $rc" "$out" "$err"
fi

silent=tcp://127.0.0.1:$(mm_free_port) # nothing listens there: a gateway that is down
start=$(date +%s%N)
run silent "$tools/mm-detect" "$image" --gateway "$silent" --timeout-ms 300
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -ne 0 ] && grep -q '^DEADLINE_EXCEEDED: ' <<<"$err" && ((elapsed_ms >= 300 && elapsed_ms < 2000)); then
    pass "mm-detect gives up on a silent gateway after ${elapsed_ms} ms with DEADLINE_EXCEEDED"
else
    fail "mm-detect gives up on a silent gateway with DEADLINE_EXCEEDED" "exit $rc after ${elapsed_ms} ms" "$err"
fi

run usage "$tools/mm-detect"
if [ "$rc" -eq 2 ] && grep -q '^INVALID_ARGUMENT: ' <<<"$err"; then
    pass "mm-detect without an image exits 2"
else
    fail "mm-detect without an image exits 2" "exit $rc" "$err"
fi

if [ "${MM_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
    run valgrind valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        "$tools/mm-detect" "$image" --gateway "$frontend" --timeout-ms 60000
    if [ "$rc" -eq 0 ] && ! grep -q '==[0-9]*==' <<<"$err"; then
        pass "valgrind: mm-detect has no leaks or memory errors"
    else
        fail "valgrind: mm-detect has no leaks or memory errors" "exit $rc" "$(head -n 30 <<<"$err")"
    fi
else
    echo "SKIP  valgrind leak check (valgrind not installed or MM_VALGRIND=0)"
fi

if ! kill -0 "$gateway_pid" 2>/dev/null; then
    fail "the gateway is still running at the end" "$(log_tail)"
fi

# -- CurveZMQ: a second gateway with allow-lists, keys from `mmctl keys generate` -------------

keys=$tmp/keys
mkdir -p "$keys/clients" "$keys/workers"
for name in gateway worker client stranger; do "$bin/mmctl" keys generate "$name" --dir "$keys" >/dev/null; done
cp "$keys/client.pub" "$keys/clients/" && cp "$keys/worker.pub" "$keys/workers/"
if mm_start_gateway --curve-keys "$keys/gateway.key" --client-keys "$keys/clients" --worker-keys "$keys/workers"; then
    mm_start_worker echo --curve-keys "$keys/worker.key" --gateway-key "$keys/gateway.pub"
    for _ in $(seq 100); do
        MOODMUSIC_CURVE_KEYS=$keys/client.key MOODMUSIC_GATEWAY_KEY=$keys/gateway.pub \
            "$tools/mm-echo" --gateway "$MM_FRONTEND" --timeout-ms 500 ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    run curve-known env MOODMUSIC_CURVE_KEYS="$keys/client.key" MOODMUSIC_GATEWAY_KEY="$keys/gateway.pub" \
        "$tools/mm-echo" --gateway "$MM_FRONTEND" --timeout-ms 5000 "over curve"
    if [ "$rc" -eq 0 ]; then pass "CURVE: a client on the allow-list is served"; else fail "CURVE: a client on the allow-list is served" "exit $rc" "$err"; fi
    run curve-stranger env MOODMUSIC_CURVE_KEYS="$keys/stranger.key" MOODMUSIC_GATEWAY_KEY="$keys/gateway.pub" \
        "$tools/mm-echo" --gateway "$MM_FRONTEND" --timeout-ms 500 "let me in"
    if [ "$rc" -ne 0 ] && grep -q '^DEADLINE_EXCEEDED: ' <<<"$err"; then
        pass "CURVE: a client with an unknown key gets no answer"
    else
        fail "CURVE: a client with an unknown key gets no answer" "exit $rc" "$out" "$err"
    fi
else
    fail "start a gateway with CURVE" "$(log_tail)"
fi
