#!/usr/bin/env bash
# Follows docs/getting-started.md as a reader does, against the packages in PACKS (as
# eng/check-packages.sh makes them): every bash line is run in order, every file block
# (`# deploy/x.yaml`, `// Program.cs`) is written where its first line says, `dotnet run` and the
# Python server are started in the background (one app at a time, as a reader stops the last one),
# and every `curl … # → TEXT` must print TEXT. Ports are the page's own (5000, 5001, 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
packs=$(realpath "${1:?usage: eng/check-getting-started.sh PACKS}")
work=$(mktemp -d)
script="$work/steps.sh"

# `dotnet add package` finds the packs beside NuGet's usual sources.
cat > "$work/nuget.config" <<XML
<configuration><packageSources><add key="packs" value="$packs" /></packageSources></configuration>
XML

python3 - docs/getting-started.md > "$script" <<'PY'
import re, shlex, sys
text = open(sys.argv[1], encoding="utf-8").read()
out = []
for lang, body in re.findall(r"^```(\w+)\n(.*?)^```", text, re.S | re.M):
    lines = body.splitlines()
    first = lines[0] if lines else ""
    named = re.match(r"^(?:#|//) ((?:deploy/)?[\w./-]+\.(?:yaml|cs))$", first)
    if lang in ("yaml", "csharp"):
        if not named:
            continue
        out.append(f"cat > {shlex.quote(named.group(1))} <<'GETTING_STARTED_EOF'\n" + "\n".join(lines[1:]) + "\nGETTING_STARTED_EOF")
        continue
    if lang != "bash":
        continue
    chunk = []
    for line in lines:
        if line.startswith("dotnet run"):
            out.append("\n".join(chunk)); chunk = []
            out.append("start_app " + line)
        elif line.startswith("python3 -m http.server"):
            out.append("\n".join(chunk)); chunk = []
            out.append("start_backend " + line)
        elif line.startswith("curl ") and " # → " in line:
            out.append("\n".join(chunk)); chunk = []
            command, expected = line.split(" # → ", 1)
            out.append(f"expect {shlex.quote(expected.strip())} {command.strip()}")
        else:
            chunk.append(line)
    out.append("\n".join(chunk))
# The reader's own commands run as written; what they print goes to a log shown on failure.
print("\n".join(part if part.startswith(("start_", "expect ", "cat > ")) else "{\n" + part + "\n} >>\"$work/steps.log\" 2>&1"
                for part in out if part.strip()))
PY

fail() {
  echo "check-getting-started: $*" >&2
  for log in steps app backend; do
    [ -f "$work/$log.log" ] && { echo "--- $log.log" >&2; tail -n 30 "$work/$log.log" >&2; }
  done
  exit 1
}
app_pid=
backend_pid=
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
  if [ -n "$backend_pid" ]; then kill "$backend_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_app() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  "$@" > "$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 240); do
    grep -q "Application started" "$work/app.log" && return 0
    kill -0 "$app_pid" 2>/dev/null || fail "\`$*\` exited"
    sleep 0.5
  done
  fail "\`$*\` did not start within 120 s"
}

start_backend() {
  "$@" > "$work/backend.log" 2>&1 &
  backend_pid=$!
  local port
  port=$(grep -o 'http.server [0-9]*' <<<"$*" | grep -o '[0-9]*$')
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.5
  done
  fail "\`$*\` did not answer on $port"
}

expect() {
  local expected=$1 output
  shift
  output=$("$@" --silent --show-error --max-time 20 2>&1) || fail "\`$*\` failed: $output"
  grep -qF -- "$expected" <<<"$output" || fail "\`$*\` did not answer '$expected': $output"
  echo "check-getting-started: $* → $expected"
}

cd "$work"
trap 'fail "a step of the page failed: line $LINENO of the generated steps, $script"' ERR
# shellcheck source=/dev/null
source "$script"
echo "check-getting-started: every step of docs/getting-started.md answers as the page says"
