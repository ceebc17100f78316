#!/usr/bin/env bash
# IngressCore's gateway (`ingresscore serve`) beside nginx, end to end on loopback, on the same
# route set, certificates and backend, in alternating rounds. Method, rows and columns:
# benchmarks/e2e/README.md.
#
#   benchmarks/e2e/run.sh                      every row, 5 alternating rounds of 10 s each
#   QUICK=1 benchmarks/e2e/run.sh              2 rounds of 2 s: a smoke run, not figures to quote
#   ROWS=plain,https OUT=/tmp/mine benchmarks/e2e/run.sh
#
# Environment:
#   ROWS           plain,https,handshake,proxy,memory,startup (default: all)
#   ROUNDS         rounds per row, each IngressCore then nginx (default 5; QUICK 2)
#   DURATION       seconds per timed run (default 10; QUICK 2)
#   WARMUP         seconds of load on each server before its first round (default 5; QUICK 1)
#   CONNECTIONS    wrk -c and the handshake client's concurrency (default 32)
#   OUT            where results go (default /tmp/e2e-<timestamp>)
#   STARTUP_SIZES  Ingress counts for the startup row (default 3000,10000)
#   CERT_KEY       rsa2048 (default) or ec256: the key type of every certificate
#   CERT_DIR       certificate cache, made once (default /tmp/e2e-certs-$CERT_KEY)
#   BUILD_ARTIFACTS  dotnet --artifacts-path for the Release build (default /tmp/art-e2e)
#   HS_PROCESSES   handshake client processes (default: the number of CPUs)
#   ACCESS_LOG=1        both servers write an access log (default: neither does; serve gets --access-log off)
#   KEEP_WORK=1    keep the generated manifests and configurations (printed at the end)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [[ ${QUICK:-0} == 1 ]]; then
  ROUNDS="${ROUNDS:-2}"; DURATION="${DURATION:-2}"; WARMUP="${WARMUP:-1}"
fi
ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-32}"
ROWS="${ROWS:-plain,https,handshake,proxy,memory,startup}"
OUT="${OUT:-/tmp/e2e-$(date +%Y%m%d-%H%M%S)}"
STARTUP_SIZES="${STARTUP_SIZES:-3000,10000}"
CERT_KEY="${CERT_KEY:-rsa2048}"
CERT_DIR="${CERT_DIR:-/tmp/e2e-certs-$CERT_KEY}"
BUILD_ARTIFACTS="${BUILD_ARTIFACTS:-/tmp/art-e2e}"
HS_PROCESSES="${HS_PROCESSES:-$(nproc)}"

# The request every row sends: a routed customer host, under its /api/v1 Prefix.
HOST=customer13.platform.com
REQ_PATH=/api/v1/users/42
CLK_TCK="$(getconf CLK_TCK)"

log() { printf 'e2e: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for n in ROUNDS DURATION WARMUP CONNECTIONS HS_PROCESSES; do
  [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer, got '${!n}'"
done
IFS=, read -r -a rows <<< "$ROWS"
for r in "${rows[@]}"; do
  [[ $r =~ ^(plain|https|handshake|proxy|memory|startup)$ ]] || die "unknown row '$r' in ROWS (plain,https,handshake,proxy,memory,startup)"
done
IFS=, read -r -a startup_sizes <<< "$STARTUP_SIZES"
[[ $CERT_KEY =~ ^(rsa2048|ec256)$ ]] || die "CERT_KEY is rsa2048 or ec256, got '$CERT_KEY'"
want() { [[ ",$ROWS," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------------------
# tools

missing=()
for tool in wrk openssl curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
nginx="$(command -v nginx || true)"
[[ -n $nginx || ! -x /usr/sbin/nginx ]] || nginx=/usr/sbin/nginx
[[ -n $nginx ]] || missing+=(nginx-light)
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}: run 'apt-get install -y wrk nginx-light openssl curl' as root"
  log "installing ${missing[*]}"
  timeout 600 apt-get install -y wrk nginx-light openssl curl >/dev/null
  nginx="$(command -v nginx || echo /usr/sbin/nginx)"
fi
command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK builds the CLI)"
command -v python3 >/dev/null || die "python3 is missing"

# ---------------------------------------------------------------------------------------------
# processes: every one started is remembered and stopped on exit

work="$(mktemp -d /tmp/e2e-work.XXXXXX)"
pids=()
# shellcheck source-path=SCRIPTDIR source=processes.sh
source "$(dirname "$0")/processes.sh"
names_mode=""
hosts_marker="ingresscore-e2e-$$"


cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do stop "$pid"; done
  if [[ $names_mode == etc ]]; then
    # In place (cat >), not sed -i: /etc/hosts is often a bind mount that a rename would break.
    grep -v "$hosts_marker" /etc/hosts > "$work/hosts.restore" && cat "$work/hosts.restore" > /etc/hosts
  fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then log "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $1 seconds for the command after it to succeed; fails early when process $2 exits.
wait_until() {
  local timeout=$1 pid=$2 what=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    [[ -z $pid ]] || alive "$pid" || { log "$what: the process exited"; return 1; }
    ((SECONDS < deadline)) || { log "$what: not within ${timeout} s"; return 1; }
    sleep 0.05
  done
}


listening_lines() { [[ $(grep -c 'ingresscore: listening on' "$1" 2>/dev/null) -ge $2 ]]; }

# start_ic NAME DIR HTTPS-ADDR|off [serve options]: sets ic_pid.
start_ic() {
  local name=$1 dir=$2 https=$3; shift 3
  local want=2
  [[ $https != off ]] || want=1
  local log=off
  [[ ${ACCESS_LOG:-0} != 1 ]] || log=on
  dotnet "$dll" serve "$dir" --http "127.0.0.1:$IC_HTTP" --https "$https" --access-log "$log" "$@" \
    > "$OUT/logs/$name.out" 2> "$OUT/logs/$name.err" &
  ic_pid=$!
  pids+=("$ic_pid")
  wait_until 180 "$ic_pid" "ingresscore ($name) listening" listening_lines "$OUT/logs/$name.out" "$want" \
    || die "ingresscore ($name) did not start; see $OUT/logs/$name.err"
}

# answers PORT PID: PORT answers HTTP (any status) and PID has forked its workers.
answers() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && [[ -n $(ps -o pid= --ppid "$2") ]]; }

# start_nginx NAME DIR PORT: sets ng_pid once PORT answers (any status).
start_nginx() {
  local name=$1 dir=$2 port=$3
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g "daemon off; pid $dir/nginx.pid;" \
    > "$OUT/logs/$name.out" 2>&1 &
  ng_pid=$!
  pids+=("$ng_pid")
  wait_until 60 "$ng_pid" "nginx ($name) answering" answers "$port" "$ng_pid" \
    || die "nginx ($name) did not start; see $OUT/logs/$name.out and $dir/error.log"
}

# A server's processes: the one started and its children (nginx's workers).
# ps pads the column (" 8081"), and a padded PID names no /proc entry: keep the digits.
server_pids() { echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null | tr -dc '0-9\n' || true; }

cpu_ticks() {
  local total=0 s f p
  for p in "$@"; do
    s="$(cat "/proc/$p/stat" 2>/dev/null)" || die "server process $p is gone"
    s="${s##*) }"
    read -r -a f <<< "$s"
    total=$((total + f[11] + f[12]))  # utime, stime (fields 14 and 15 of proc(5))
  done
  echo "$total"
}

sum_kb() {  # sum_kb FIELD FILE-SUFFIX PID...: the sum of one /proc field, in kB
  local field=$1 file=$2 total=0 v p; shift 2
  for p in "$@"; do
    v="$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$p/$file" 2>/dev/null || true)"
    [[ -n $v ]] || die "no $field in /proc/$p/$file"
    total=$((total + v))
  done
  echo "$total"
}

# ---------------------------------------------------------------------------------------------
# results: one line per measurement; report.py turns them into the table

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$OUT/rounds.tsv"; }   # row server round metric value
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$OUT/notes.tsv"; log "$1/$2: $3"; }  # row server text

calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }

# pegged ROW SIDE ROUND UTILISATION WHO: notes a client that used 95% or more of its CPUs, the
# sign that it, not the server, may have set the rate.
pegged() {
  if awk "BEGIN { exit !($4 >= 0.95) }"; then
    note "$1" "$2" "round $3: $5 used $(calc "$4 * 100")% of its CPUs: the client may bound the rate"
  fi
}

# ---------------------------------------------------------------------------------------------
# name resolution for wrk's HTTPS rows: wrk sends the URL's host as SNI, so the URL must name
# the customer host and that name must resolve to 127.0.0.1. Preferred: a private mount namespace
# with its own /etc/hosts (nothing shared changes); else a marked line in /etc/hosts, removed on exit.

resolve_ok() { "$@" getent ahostsv4 "$HOST" 2>/dev/null | awk '{ print $1; exit }' | grep -qx 127.0.0.1; }
# shellcheck disable=SC2016 # $1 and $@ belong to the inner sh
in_namespace() { unshare --mount sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' _ "$work/hosts" "$@"; }
resolved() {
  if [[ $names_mode == unshare ]]; then in_namespace "$@"; else "$@"; fi
}

setup_names() {
  [[ -z $names_mode ]] || return 0
  { cat /etc/hosts; printf '127.0.0.1 %s\n' "$HOST"; } > "$work/hosts"
  if resolve_ok in_namespace; then
    names_mode=unshare
  elif [[ -w /etc/hosts ]]; then
    printf '127.0.0.1 %s # %s\n' "$HOST" "$hosts_marker" >> /etc/hosts
    names_mode=etc
    resolve_ok env || die "$HOST does not resolve to 127.0.0.1 even with an /etc/hosts line"
  else
    die "cannot make $HOST resolve to 127.0.0.1 (no unshare --mount, /etc/hosts not writable)"
  fi
  log "name resolution for $HOST: $names_mode"
}

# ---------------------------------------------------------------------------------------------
# probes: each row first checks that both servers answer what the row assumes

# probe_http PORT EXPECT-IN-BODY: 0 when answered 200 with a body containing EXPECT.
probe_http() {
  local code
  code="$(curl -s -o "$work/probe.body" -w '%{http_code}' --max-time 5 -H "Host: $HOST" "http://127.0.0.1:$1$REQ_PATH" || true)"
  probe_status="$code ($(head -c 120 "$work/probe.body" 2>/dev/null | tr '\n' ' ' | sed 's/ *$//'))"
  [[ $code == 200 ]] && grep -qF -- "$2" "$work/probe.body"
}

# probe_https PORT EXPECT: the URL by name (the resolution wrk uses), the host's own certificate as
# the only trust anchor (so the SNI chose it), and TLS 1.3 negotiated.
probe_https() {
  local port=$1 code proto
  code="$(resolved curl -s -o "$work/probe.body" -w '%{http_code}' --max-time 5 --cacert "$CERT_DIR/$HOST.crt" \
    "https://$HOST:$port$REQ_PATH" || true)"
  proto="$(timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername "$HOST" -brief < /dev/null 2>&1 \
    | awk -F': ' '/^Protocol version/ { print $2 }' || true)"
  probe_status="$code over ${proto:-no TLS} ($(head -c 120 "$work/probe.body" 2>/dev/null | tr '\n' ' ' | sed 's/ *$//'))"
  [[ $code == 200 && $proto == TLSv1.3 ]] && grep -qF -- "$2" "$work/probe.body"
}

# ---------------------------------------------------------------------------------------------
# timed runs

# wrk_run OUTFILE SECONDS URL: wrk -t1 with the row's Host header; client CPU to OUTFILE.time.
wrk_run() {
  local out=$1 seconds=$2 url=$3 TIMEFORMAT='%U %S'
  { time resolved timeout $((seconds + 30)) wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency \
      -H "Host: $HOST" "$url" > "$out" 2>&1; } 2> "$out.time"
}

# measure_wrk ROW SIDE ROUND URL PID...: one timed wrk run, its server's CPU from /proc.
measure_wrk() {
  local row=$1 side=$2 round=$3 url=$4; shift 4
  local out="$OUT/raw/$row-$side-$round.txt" before after parsed requests rate p99 errors cu cs
  before="$(cpu_ticks "$@")"
  wrk_run "$out" "$DURATION" "$url" || die "wrk failed for $row/$side: $(cat "$out")"
  after="$(cpu_ticks "$@")"
  parsed="$(python3 "$here/parse_wrk.py" "$out")" || die "$row/$side: cannot read $out"
  read -r requests rate p99 errors <<< "$parsed"
  ((requests > 0)) || die "wrk made no request for $row/$side: $(cat "$out")"
  read -r cu cs < "$out.time"
  record "$row" "$side" "$round" rate "$rate"
  record "$row" "$side" "$round" p99_ms "$p99"
  record "$row" "$side" "$round" cpu_us "$(calc "($after - $before) * 1000000 / $CLK_TCK / $requests")"
  record "$row" "$side" "$round" client_cpu_us "$(calc "($cu + $cs) * 1000000 / $requests")"
  record "$row" "$side" "$round" client_util "$(calc "($cu + $cs) / $DURATION")"
  record "$row" "$side" "$round" errors "$errors"
  ((errors == 0)) || note "$row" "$side" "round $round: $errors errors or non-2xx/3xx answers (see $out)"
  pegged "$row" "$side" "$round" "$(calc "($cu + $cs) / $DURATION")" "wrk's one thread"
  log "$row $side round $round: $rate req/s, p99 $p99 ms"
}

# hs_run OUTFILE SECONDS PORT: the handshake client.
hs_run() {
  timeout $(($2 + 90)) python3 "$here/hsclient.py" --port "$3" --sni "$HOST" --path "$REQ_PATH" \
    --duration "$2" --concurrency "$CONNECTIONS" --processes "$HS_PROCESSES" > "$1"
}

json_field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if v is not None else 0)' "$1" "$2"; }

measure_hs() {
  local row=$1 side=$2 round=$3 port=$4; shift 4
  local out="$OUT/raw/$row-$side-$round.json" before after count errors
  before="$(cpu_ticks "$@")"
  hs_run "$out" "$DURATION" "$port" || die "the handshake client failed for $side: $(cat "$out")"
  after="$(cpu_ticks "$@")"
  count="$(json_field "$out" handshakes)"
  ((count > 0)) || die "no handshake completed against $side: $(cat "$out")"
  errors=$(($(json_field "$out" errors) + $(json_field "$out" non200) + $(json_field "$out" resumed)))
  record "$row" "$side" "$round" rate "$(json_field "$out" per_second)"
  record "$row" "$side" "$round" p99_ms "$(json_field "$out" p99_ms)"
  record "$row" "$side" "$round" cpu_us "$(calc "($after - $before) * 1000000 / $CLK_TCK / $count")"
  record "$row" "$side" "$round" client_cpu_us "$(json_field "$out" client_cpu_us_per_handshake)"
  record "$row" "$side" "$round" client_util "$(calc "$(json_field "$out" client_cpu_s) / $(json_field "$out" seconds) / $(json_field "$out" processes)")"
  record "$row" "$side" "$round" errors "$errors"
  ((errors == 0)) || note "$row" "$side" "round $round: $errors failed, non-200 or resumed connections (see $out)"
  pegged "$row" "$side" "$round" "$(calc "$(json_field "$out" client_cpu_s) / $(json_field "$out" seconds) / $(json_field "$out" processes)")" \
    "the handshake client's processes"
  [[ $(json_field "$out" versions) == "['TLSv1.3']" ]] || note "$row" "$side" "round $round: versions $(json_field "$out" versions)"
  log "$row $side round $round: $(json_field "$out" per_second) handshakes/s, p99 $(json_field "$out" p99_ms) ms"
}

# ---------------------------------------------------------------------------------------------
# rows

start_pair() {  # start_pair ROW IC-DIR IC-HTTPS NGINX-DIR [serve options]: sets ic_pid, ng_pid
  local row=$1 icdir=$2 https=$3 ngdir=$4; shift 4
  start_ic "$row-ic" "$icdir" "$https" "$@"
  start_nginx "$row-nginx" "$ngdir" "$NG_HTTP"
}

ECHO_MARK='"ingress":"customers/customer13"'

# plain, https: wrk keep-alive against serve --echo and nginx `return 200`.
row_keepalive() {
  local row=$1 ic_url ng_url
  log "== $row"
  start_pair "$row" "$work/saas/ic-tls" "127.0.0.1:$IC_HTTPS" "$work/saas/nginx-direct" --echo
  if [[ $row == plain ]]; then
    ic_url="http://127.0.0.1:$IC_HTTP$REQ_PATH"; ng_url="http://127.0.0.1:$NG_HTTP$REQ_PATH"
    probe_http "$IC_HTTP" "$ECHO_MARK" || die "$row: ingresscore answered $probe_status"
    probe_http "$NG_HTTP" "$ECHO_MARK" || die "$row: nginx answered $probe_status"
  else
    setup_names
    ic_url="https://$HOST:$IC_HTTPS$REQ_PATH"; ng_url="https://$HOST:$NG_HTTPS$REQ_PATH"
    probe_https "$IC_HTTPS" "$ECHO_MARK" || die "$row: ingresscore answered $probe_status"
    probe_https "$NG_HTTPS" "$ECHO_MARK" || die "$row: nginx answered $probe_status"
  fi
  mapfile -t ic_all < <(server_pids "$ic_pid"); mapfile -t ng_all < <(server_pids "$ng_pid")
  wrk_run "$OUT/raw/$row-ic-warmup.txt" "$WARMUP" "$ic_url"
  wrk_run "$OUT/raw/$row-nginx-warmup.txt" "$WARMUP" "$ng_url"
  for ((round = 1; round <= ROUNDS; round++)); do
    measure_wrk "$row" ic "$round" "$ic_url" "${ic_all[@]}"
    measure_wrk "$row" nginx "$round" "$ng_url" "${ng_all[@]}"
  done
  stop "$ic_pid"; stop "$ng_pid"
}

row_handshake() {
  local row=handshake
  log "== $row"
  start_pair "$row" "$work/saas/ic-tls" "127.0.0.1:$IC_HTTPS" "$work/saas/nginx-direct" --echo
  setup_names
  probe_https "$IC_HTTPS" "$ECHO_MARK" || die "$row: ingresscore answered $probe_status"
  probe_https "$NG_HTTPS" "$ECHO_MARK" || die "$row: nginx answered $probe_status"
  mapfile -t ic_all < <(server_pids "$ic_pid"); mapfile -t ng_all < <(server_pids "$ng_pid")
  hs_run "$OUT/raw/$row-ic-warmup.json" "$WARMUP" "$IC_HTTPS" || die "handshake warm-up failed"
  hs_run "$OUT/raw/$row-nginx-warmup.json" "$WARMUP" "$NG_HTTPS" || die "handshake warm-up failed"
  for ((round = 1; round <= ROUNDS; round++)); do
    measure_hs "$row" ic "$round" "$IC_HTTPS" "${ic_all[@]}"
    measure_hs "$row" nginx "$round" "$NG_HTTPS" "${ng_all[@]}"
  done
  stop "$ic_pid"; stop "$ng_pid"
}

# proxy: serve (no --echo) and nginx proxy_pass to the same one-worker nginx backend. Until serve
# forwards to Services it answers 503 "no endpoints": the row then says so and times nginx alone.
row_proxy() {
  local row=proxy ic_ok=1 backend
  log "== $row"
  start_nginx proxy-backend "$work/saas/nginx-backend" "$BACKEND"
  backend=$ng_pid
  start_pair "$row" "$work/saas/ic-plain" off "$work/saas/nginx-proxy"
  probe_http "$NG_HTTP" "backend ok" || die "$row: nginx proxy answered $probe_status"
  if ! probe_http "$IC_HTTP" "backend ok"; then
    ic_ok=0
    note "$row" ic "not available yet: serve answered $probe_status, not the backend's 200"
  fi
  mapfile -t ic_all < <(server_pids "$ic_pid"); mapfile -t ng_all < <(server_pids "$ng_pid")
  mapfile -t be_all < <(server_pids "$backend")
  local ic_url="http://127.0.0.1:$IC_HTTP$REQ_PATH" ng_url="http://127.0.0.1:$NG_HTTP$REQ_PATH" b0 b1 side
  ((ic_ok == 0)) || wrk_run "$OUT/raw/$row-ic-warmup.txt" "$WARMUP" "$ic_url"
  wrk_run "$OUT/raw/$row-nginx-warmup.txt" "$WARMUP" "$ng_url"
  for ((round = 1; round <= ROUNDS; round++)); do
    for side in ic nginx; do
      [[ $side == nginx || $ic_ok == 1 ]] || continue
      b0="$(cpu_ticks "${be_all[@]}")"
      if [[ $side == ic ]]; then
        measure_wrk "$row" ic "$round" "$ic_url" "${ic_all[@]}"
      else
        measure_wrk "$row" nginx "$round" "$ng_url" "${ng_all[@]}"
      fi
      b1="$(cpu_ticks "${be_all[@]}")"
      record "$row" "$side" "$round" backend_cpu_us \
        "$(calc "($b1 - $b0) * 1000000 / $CLK_TCK / $(awk '/ requests in /{ print $1 }' "$OUT/raw/$row-$side-$round.txt")")"
    done
  done
  stop "$ic_pid"; stop "$ng_pid"; stop "$backend"
}

# memory: fresh servers per round, a few requests, then the idle resident set.
touch_hosts() {  # touch_hosts HTTP-PORT [HTTPS-PORT]
  local port=$1 tls_port=$2 i
  for i in 0 1 2 13 199; do
    curl -s -o /dev/null --max-time 5 -H "Host: customer$i.platform.com" "http://127.0.0.1:$port/api" || true
    curl -s -o /dev/null --max-time 5 -H "Host: tenant$i.platform.com" "http://127.0.0.1:$port/login" || true
    [[ -z $tls_port ]] || curl -sk -o /dev/null --max-time 5 --resolve "customer$i.platform.com:$tls_port:127.0.0.1" \
      "https://customer$i.platform.com:$tls_port/api" || true
  done
}

row_memory() {
  local variant row icdir ngdir https tls_ic tls_ng round side pid
  log "== memory"
  for variant in plain tls; do
    row="memory-$variant"
    if [[ $variant == plain ]]; then
      icdir="$work/saas/ic-plain" ngdir="$work/saas/nginx-plain" https=off tls_ic="" tls_ng=""
    else
      icdir="$work/saas/ic-tls" ngdir="$work/saas/nginx-direct" https="127.0.0.1:$IC_HTTPS" tls_ic=$IC_HTTPS tls_ng=$NG_HTTPS
    fi
    for ((round = 1; round <= ROUNDS; round++)); do
      for side in ic nginx; do
        if [[ $side == ic ]]; then
          start_ic "$row-ic-$round" "$icdir" "$https" --echo; pid=$ic_pid
          touch_hosts "$IC_HTTP" "$tls_ic"
        else
          start_nginx "$row-nginx-$round" "$ngdir" "$NG_HTTP"; pid=$ng_pid
          touch_hosts "$NG_HTTP" "$tls_ng"
        fi
        sleep 2
        mapfile -t all < <(server_pids "$pid")
        record "$row" "$side" "$round" rss_mb "$(calc "$(sum_kb VmRSS status "${all[@]}") / 1024")"
        record "$row" "$side" "$round" pss_mb "$(calc "$(sum_kb Pss smaps_rollup "${all[@]}") / 1024")"
        record "$row" "$side" "$round" processes "${#all[@]}"
        stop "$pid"
      done
    done
    log "$row: $ROUNDS rounds"
  done
}

# startup: from process start to the first 200 for the last host, N Ingresses, plain HTTP.
row_startup() {
  local n dir round side result
  log "== startup"
  for n in "${startup_sizes[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "STARTUP_SIZES holds '$n'"
    dir="$work/startup-$n"
    python3 "$here/gen.py" startup "$dir" --count "$n" --port "$NG_HTTP"
    for ((round = 1; round <= ROUNDS; round++)); do
      for side in ic nginx; do
        local cmd
        if [[ $side == ic ]]; then
          cmd=(dotnet "$dll" serve "$dir/ic" --http "127.0.0.1:$NG_HTTP" --https off --echo)
        else
          cmd=("$nginx" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" -g "daemon off; pid $dir/nginx/nginx.pid;")
        fi
        python3 "$here/startup.py" --port "$NG_HTTP" --host "customer$((n - 1)).platform.com" --path /api \
          --timeout 300 --log "$OUT/logs/startup-$n-$side-$round.log" -- "${cmd[@]}" > "$work/startup.json" &
        pids+=("$!")
        wait "$!" || die "startup-$n $side: $(cat "$work/startup.json"); see $OUT/logs/startup-$n-$side-$round.log"
        stop "${pids[-1]}"
        result="$(json_field "$work/startup.json" ms)"
        record "startup-$n" "$side" "$round" startup_ms "$result"
        log "startup-$n $side round $round: $result ms"
      done
    done
  done
}

# ---------------------------------------------------------------------------------------------
# main

mkdir -p "$OUT/logs" "$OUT/raw"
: > "$OUT/rounds.tsv"
: > "$OUT/notes.tsv"
read -r IC_HTTP IC_HTTPS NG_HTTP NG_HTTPS BACKEND <<< "$(free_ports 5)"

log "building the CLI (Release) into $BUILD_ARTIFACTS"
dotnet build -c Release "$repo/src/IngressCore.Cli" --artifacts-path "$BUILD_ARTIFACTS" -v q -nologo > "$OUT/logs/build.log" 2>&1 \
  || die "build failed; see $OUT/logs/build.log"
dll="$BUILD_ARTIFACTS/bin/IngressCore.Cli/release/IngressCore.Cli.dll"
[[ -f $dll ]] || die "no $dll after the build"

if want plain || want https || want handshake || want proxy || want memory; then
  python3 "$here/gen.py" certs "$CERT_DIR" --key "$CERT_KEY"
  python3 "$here/gen.py" saas "$work/saas" --certs "$CERT_DIR" \
    --ports "{\"http\": $NG_HTTP, \"https\": $NG_HTTPS, \"backend\": $BACKEND}"
fi

{
  printf 'date\t%s\n' "$(date -Is)"
  printf 'commit\t%s%s\n' "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  printf 'rounds\t%s\nduration_s\t%s\nwarmup_s\t%s\nconnections\t%s\n' "$ROUNDS" "$DURATION" "$WARMUP" "$CONNECTIONS"
  printf 'cert_key\t%s\nhs_processes\t%s\ncpus\t%s\n' "$CERT_KEY" "$HS_PROCESSES" "$(nproc)"
  printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'dotnet\t%s\n' "$(dotnet --version)"
  printf 'nginx\t%s\n' "$("$nginx" -v 2>&1 | sed 's/^nginx version: //')"
  printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')"
  printf 'openssl\t%s\n' "$(openssl version)"
  printf 'request\t%s %s\n' "$HOST" "$REQ_PATH"
  printf 'loadavg_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.tsv"

if want plain; then row_keepalive plain; fi
if want https; then row_keepalive https; fi
if want handshake; then row_handshake; fi
if want proxy; then row_proxy; fi
if want memory; then row_memory; fi
if want startup; then row_startup; fi

printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.tsv"
python3 "$here/report.py" "$OUT" | tee "$OUT/table.txt"
log "results in $OUT (table.txt, results.tsv, results.json; raw runs in raw/, server logs in logs/)"
