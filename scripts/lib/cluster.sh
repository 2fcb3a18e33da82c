# Starting and stopping a moodmusic cluster from bash: the one launcher that scripts/demo, the
# benchmarks, the client tests and the chaos test share. Source it, then:
#   mm_cluster_init BIN_DIR            the folder with gateway, worker and mmctl; logs go to $MM_LOGS
#   mm_free_port                       prints a free loopback TCP port
#   mm_start_gateway [ARGS...]         binds free ports; sets MM_FRONTEND, MM_BACKEND, MM_GATEWAY_PID
#   mm_start_worker ROLE [ARGS...]     connects a worker to $MM_BACKEND; sets MM_LAST_PID
#   mm_wait_serving SECONDS [SERVICE]  waits until Health says SERVING (all services by default)
#   mm_cluster_stop                    SIGTERM to everything started, SIGKILL after 10 s
# mm_cluster_init installs mm_cluster_stop as the EXIT trap; a script with its own trap calls it.

MM_PIDS=()

mm_cluster_init() {
  MM_BIN=$1
  MM_LOGS=${MM_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/moodmusic-logs.XXXXXX")}
  mkdir -p "$MM_LOGS"
  trap mm_cluster_stop EXIT
}

mm_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

mm_start_gateway() {
  local attempt
  for attempt in 1 2 3; do # a free port can be taken before the gateway binds it: retry
    MM_FRONTEND=tcp://127.0.0.1:$(mm_free_port)
    MM_BACKEND=tcp://127.0.0.1:$(mm_free_port)
    "$MM_BIN/gateway" --frontend "$MM_FRONTEND" --backend "$MM_BACKEND" "$@" \
      >"$MM_LOGS/gateway-$attempt.log" 2>&1 </dev/null &
    MM_GATEWAY_PID=$!
    MM_PIDS+=("$MM_GATEWAY_PID")
    sleep 0.3
    if kill -0 "$MM_GATEWAY_PID" 2>/dev/null; then return 0; fi
    wait "$MM_GATEWAY_PID" 2>/dev/null
  done
  echo "the gateway did not start; see $MM_LOGS" >&2
  return 1
}

mm_start_worker() {
  local role=$1
  shift
  "$MM_BIN/worker" "$role" --gateway "$MM_BACKEND" "$@" >>"$MM_LOGS/worker-$role-${#MM_PIDS[@]}.log" 2>&1 </dev/null &
  MM_LAST_PID=$!
  MM_PIDS+=("$MM_LAST_PID")
}

mm_wait_serving() {
  local seconds=$1 service=${2:-}
  "$MM_BIN/mmctl" health ${service:+"$service"} --gateway "$MM_FRONTEND" --wait "$seconds" >/dev/null
}

# Runs from an EXIT trap, often under `set -e`: no command here may fail, or the trap would end
# the script with a failing status after everything passed.
mm_cluster_stop() {
  local pid deadline
  [ ${#MM_PIDS[@]} -gt 0 ] || return 0
  for pid in "${MM_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 10))
  for pid in "${MM_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  MM_PIDS=()
  return 0
}
