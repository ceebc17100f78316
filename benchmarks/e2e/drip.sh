#!/usr/bin/env bash
# The server CPU a drip-fed connection costs `ingresscore serve` (issue 14, defect 1): a ClientHello
# or an HTTP request head sent a byte at a time, each byte its own TCP segment, on loopback. Each
# round starts serve twice, with the thread pool's default spinning and with
# DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0, and runs every case against each. Method and
# columns: benchmarks/e2e/README.md, "Drip-fed connections".
#
#   benchmarks/e2e/drip.sh                       3 rounds, 5 connections per case
#   ROUNDS=1 CONNECTIONS=2 benchmarks/e2e/drip.sh
#   SOURCE=/tmp/old-checkout benchmarks/e2e/drip.sh   the same cases against another checkout's serve
#
# Environment:
#   ROUNDS        rounds, each serve with default spinning, then with the spin limit 0 (default 3)
#   CONNECTIONS   connections per case per serve (default 5)
#   CASES         records,hello,terminate,http (default: all)
#   SPIN          both, default or 0: which serve runs each round (default both)
#   GAP_MS        sleep between sends, so each byte is its own segment (default 0.1)
#   HELLO_SIZE    bytes of the ClientHello handshake message (default 10240)
#   HEADER_SIZE   bytes of the HTTP request head, at most (default 8192)
#   WALL          seconds one connection may take before the client gives up (default 30)
#   SOURCE        the checkout whose src/IngressCore.Cli is built (default: this one)
#   BUILD_ARTIFACTS  dotnet --artifacts-path (default /tmp/art-drip)
#   OUT           where results go (default /tmp/drip-<timestamp>)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE="${SOURCE:-$(cd "$here/../.." && pwd)}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-5}"
CASES="${CASES:-records,hello,terminate,http}"
SPIN="${SPIN:-both}"
GAP_MS="${GAP_MS:-0.1}"
HELLO_SIZE="${HELLO_SIZE:-10240}"
HEADER_SIZE="${HEADER_SIZE:-8192}"
WALL="${WALL:-30}"
BUILD_ARTIFACTS="${BUILD_ARTIFACTS:-/tmp/art-drip}"
OUT="${OUT:-/tmp/drip-$(date +%Y%m%d-%H%M%S)}"

log() { printf 'drip: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for n in ROUNDS CONNECTIONS HELLO_SIZE HEADER_SIZE WALL; do
  [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer, got '${!n}'"
done
[[ $GAP_MS =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "GAP_MS must be a number of milliseconds, got '$GAP_MS'"
case $SPIN in both) spins=(default 0) ;; default) spins=(default) ;; 0) spins=(0) ;; *) die "SPIN is both, default or 0" ;; esac
IFS=, read -r -a cases <<< "$CASES"
for c in "${cases[@]}"; do
  [[ $c =~ ^(records|hello|terminate|http)$ ]] || die "unknown case '$c' in CASES (records,hello,terminate,http)"
done
command -v dotnet >/dev/null || die "dotnet is not on PATH"
command -v python3 >/dev/null || die "python3 is missing"

work="$(mktemp -d /tmp/drip-work.XXXXXX)"
pids=()
# shellcheck source-path=SCRIPTDIR source=processes.sh
source "$(dirname "$0")/processes.sh"


cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do stop "$pid"; done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


mkdir -p "$OUT/logs" "$OUT/raw"
read -r HTTP HTTPS BACKEND <<< "$(free_ports 3)"

log "building $SOURCE/src/IngressCore.Cli (Release) into $BUILD_ARTIFACTS"
dotnet build -c Release "$SOURCE/src/IngressCore.Cli" --artifacts-path "$BUILD_ARTIFACTS" -v q -nologo > "$OUT/logs/build.log" 2>&1 \
  || die "build failed; see $OUT/logs/build.log"
dll="$BUILD_ARTIFACTS/bin/IngressCore.Cli/release/IngressCore.Cli.dll"
[[ -f $dll ]] || die "no $dll after the build"

# One host served here (TLS terminated with serve's generated default certificate, --echo answers
# HTTP) and one ssl-passthrough host whose one endpoint is the client's backend.
mkdir -p "$work/manifests"
cat > "$work/manifests/drip.yaml" <<YAML
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: default
spec:
  ingressClassName: ingresscore
  rules:
    - host: app.drip.test
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: app
                port:
                  number: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: pass
  namespace: default
  annotations:
    nginx.ingress.kubernetes.io/ssl-passthrough: "true"
spec:
  ingressClassName: ingresscore
  rules:
    - host: pass.drip.test
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: pass
                port:
                  name: https
---
apiVersion: v1
kind: Service
metadata:
  name: pass
  namespace: default
spec:
  ports:
    - name: https
      port: 443
      targetPort: 8443
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: pass-1
  namespace: default
  labels:
    kubernetes.io/service-name: pass
addressType: IPv4
ports:
  - name: https
    port: $BACKEND
endpoints:
  - addresses: ["127.0.0.1"]
    conditions:
      ready: true
YAML

python3 "$here/dripclient.py" backend --port "$BACKEND" --lifetime 7200 > "$OUT/logs/backend.log" 2>&1 &
pids+=("$!")

{
  printf 'date\t%s\n' "$(date -Is)"
  printf 'commit\t%s%s\n' "$(git -C "$SOURCE" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(git -C "$SOURCE" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  printf 'rounds\t%s\nconnections\t%s\ngap_ms\t%s\nhello_size\t%s\nheader_size\t%s\n' \
    "$ROUNDS" "$CONNECTIONS" "$GAP_MS" "$HELLO_SIZE" "$HEADER_SIZE"
  printf 'cpus\t%s\ncpu\t%s\n' "$(nproc)" "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'dotnet\t%s\n' "$(dotnet --version)"
  printf 'loadavg_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.tsv"

# start_serve NAME SPIN: sets serve_pid once both listeners are announced.
start_serve() {
  local name=$1 spin=$2 i
  local env=()
  [[ $spin == default ]] || env=("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$spin")
  env "${env[@]}" dotnet "$dll" serve "$work/manifests" --http "127.0.0.1:$HTTP" --https "127.0.0.1:$HTTPS" --echo \
    > "$OUT/logs/$name.out" 2> "$OUT/logs/$name.err" &
  serve_pid=$!
  pids+=("$serve_pid")
  for ((i = 0; i < 1800; i++)); do
    [[ $(grep -c 'ingresscore: listening on' "$OUT/logs/$name.out" 2>/dev/null) -ge 2 ]] && return 0
    alive "$serve_pid" || die "serve ($name) exited; see $OUT/logs/$name.err"
    sleep 0.1
  done
  die "serve ($name) did not listen within 180 s; see $OUT/logs/$name.err"
}

# The case's port, server name, bytes and label.
run_case() {
  local case=$1 label=$2 out=$3 port sni kind size
  case $case in
    records)   port=$HTTPS sni=pass.drip.test kind=records size=$HELLO_SIZE ;;
    hello)     port=$HTTPS sni=pass.drip.test kind=hello size=$HELLO_SIZE ;;
    terminate) port=$HTTPS sni=app.drip.test kind=hello size=$HELLO_SIZE ;;
    http)      port=$HTTP sni=app.drip.test kind=http size=$HEADER_SIZE ;;
  esac
  timeout $((CONNECTIONS * (WALL + 5) + 30)) python3 "$here/dripclient.py" run --case "$kind" --row "$case" --label "$label" \
    --port "$port" --pid "$serve_pid" --sni "$sni" --size "$size" --connections "$CONNECTIONS" \
    --gap-ms "$GAP_MS" --wall "$WALL" >> "$out" || die "the client failed on $label $case"
}

for ((round = 1; round <= ROUNDS; round++)); do
  for spin in "${spins[@]}"; do
    label="spin=$spin"
    [[ $spin != default ]] || label="spin=default"
    start_serve "serve-$round-$spin" "$spin"
    # A first connection of each kind, not measured: the JIT's first compilations are not the drip's.
    timeout 60 python3 "$here/dripclient.py" run --case http --port "$HTTP" --pid "$serve_pid" --sni app.drip.test \
      --size 512 --connections 1 --gap-ms 0 --idle 0 --settle 0 > /dev/null
    timeout 60 python3 "$here/dripclient.py" run --case hello --port "$HTTPS" --pid "$serve_pid" --sni app.drip.test \
      --size 1024 --connections 1 --gap-ms 0 --idle 0 --settle 0 > /dev/null
    timeout 60 python3 "$here/dripclient.py" run --case hello --port "$HTTPS" --pid "$serve_pid" --sni pass.drip.test \
      --size 1024 --connections 1 --gap-ms 0 --idle 0 --settle 0 > /dev/null
    sleep 3  # the tiered JIT's background compilations after the first requests settle
    for c in "${cases[@]}"; do
      run_case "$c" "$label" "$OUT/raw/round-$round.jsonl"
      log "round $round $label $c: $(tail -n "$CONNECTIONS" "$OUT/raw/round-$round.jsonl" | python3 -c \
        'import json,sys; r=[json.loads(l) for l in sys.stdin]; print(" ".join(str(x["cpu_ms"]) for x in r), "ms;", r[-1]["outcome"])')"
    done
    stop "$serve_pid"
  done
done

printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.tsv"
python3 "$here/dripclient.py" report "$OUT"/raw/round-*.jsonl | tee "$OUT/table.txt"
log "results in $OUT (table.txt, meta.tsv; one JSON line per connection in raw/, serve's logs in logs/)"
