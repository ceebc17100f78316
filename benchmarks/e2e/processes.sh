# shellcheck shell=bash
# Process helpers shared by run.sh and drip.sh (sourced): each script keeps the PIDs it started in
# its `pids` array, and stop removes one from it.

alive() {
  local s
  s="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  s="${s##*) }"
  [[ ${s:0:1} != Z ]]
}

# Stops PID and its children (nginx's workers outlive a killed master): TERM, then KILL after 10 s.
stop() {
  local pid=$1 kids i
  kids="$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -dc '0-9\n' || true)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL "$pid" $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local rest=()
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || rest+=("$p"); done
  pids=("${rest[@]}")
}

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}
