#!/usr/bin/env bash
# Fuzzes IngressCore with afl-fuzz (AFL++, from Debian's packages) and SharpFuzz.
#
#   fuzz/run.sh list              the targets
#   fuzz/run.sh TARGET SECONDS    fuzz one target, starting from fuzz/corpus/TARGET
#   fuzz/run.sh all SECONDS       every target in turn, SECONDS each
#
# fuzz/dictionaries/TARGET.dict, when there is one, is given to afl-fuzz (-x).
#
# On a fresh machine it installs what it needs: afl++ (apt-get), and SharpFuzz's command-line tool
# (the version of the SharpFuzz package in Directory.Packages.props) as a local dotnet tool. It
# builds the harness in Release, instruments IngressCore.dll and IngressCore.Kubernetes.dll, runs
# afl-fuzz, and prints executions, executions per second, coverage, crashes and hangs. It exits
# non-zero when a target crashed or hung; the inputs are copied to fuzz/crashes/TARGET/ and the
# first one is replayed to show its exception.
#
# Environment: FUZZ_WORK (default fuzz/.work) holds the tools, the build and afl-fuzz's output;
# FUZZ_TIMEOUT_MS (default 2000) is how long one input may run before it counts as a hang.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_WORK:-$root/fuzz/.work}"
timeout_ms="${FUZZ_TIMEOUT_MS:-2000}"
build="$work/build"
harness="$build/IngressCore.Fuzz"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  echo "usage: fuzz/run.sh list | TARGET SECONDS | all SECONDS" >&2
  exit 2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_afl() {
  command -v afl-fuzz >/dev/null 2>&1 && return
  echo "== installing afl++ (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
}

install_sharpfuzz() {
  # The instrumenter must be the version of the SharpFuzz library the harness links.
  local version
  version="$(sed -n 's/.*PackageVersion Include="SharpFuzz" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
  [ -n "$version" ] || { echo "run.sh: no SharpFuzz version in Directory.Packages.props" >&2; exit 1; }
  if [ ! -x "$work/tools/sharpfuzz" ] || ! grep -qs "^$version\$" "$work/tools/.sharpfuzz-version"; then
    echo "== installing SharpFuzz.CommandLine $version (dotnet tool, $work/tools)"
    rm -rf "$work/tools"
    dotnet tool install SharpFuzz.CommandLine --version "$version" --tool-path "$work/tools" >/dev/null
    echo "$version" > "$work/tools/.sharpfuzz-version"
  fi
}

build_instrumented() {
  echo "== building the harness (Release) and instrumenting IngressCore"
  rm -rf "$build"
  dotnet publish "$root/fuzz/IngressCore.Fuzz" -c Release -o "$build" -nologo -v quiet >/dev/null
  "$work/tools/sharpfuzz" "$build/IngressCore.dll"
  "$work/tools/sharpfuzz" "$build/IngressCore.Kubernetes.dll"
}

targets() {
  "$harness" list | awk '{ print $1 }'
}

stat_of() { # stat_of FILE KEY
  sed -n "s/^$2 *: *//p" "$1"
}

# fuzz_one TARGET SECONDS: 0 when the target neither crashed nor hung.
fuzz_one() {
  local target="$1" seconds="$2" out="$work/findings/$1"
  [ -d "$root/fuzz/corpus/$target" ] || { echo "run.sh: no corpus at fuzz/corpus/$target" >&2; return 1; }
  rm -rf "$out"
  mkdir -p "$out"
  echo "== $target: afl-fuzz for ${seconds}s from fuzz/corpus/$target"
  # SKIP_BIN_CHECK: the coverage map is SharpFuzz's, not compiled in; NO_AFFINITY: the machine
  # may be shared; the fork server is a .NET process, so its start gets a minute.
  local dictionary=()
  if [ -f "$root/fuzz/dictionaries/$target.dict" ]; then
    dictionary=(-x "$root/fuzz/dictionaries/$target.dict")
  fi
  local status=0
  AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 \
    afl-fuzz -i "$root/fuzz/corpus/$target" -o "$out" -t "$timeout_ms" -m none -V "$seconds" "${dictionary[@]}" \
      -- "$harness" "$target" > "$out/afl.log" 2>&1 || status=$?

  local stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "$target: afl-fuzz did not start (exit $status); the end of its log:" >&2
    tail -25 "$out/afl.log" >&2
    summary+=("$(printf '%-16s %12s %10s %9s %8s %6s  %s' "$target" - - - - - "did not start")")
    return 1
  fi

  local execs per_second coverage edges crashes hangs
  execs="$(stat_of "$stats" execs_done)"
  per_second="$(stat_of "$stats" execs_per_sec)"
  coverage="$(stat_of "$stats" bitmap_cvg)"
  edges="$(stat_of "$stats" edges_found)"
  crashes="$(stat_of "$stats" saved_crashes)"
  hangs="$(stat_of "$stats" saved_hangs)"
  echo "$target: $execs executions, $per_second exec/s, coverage $coverage of the map ($edges edges), $crashes crash(es), $hangs hang(s)"
  summary+=("$(printf '%-16s %12s %10s %9s %8s %6s %6s' "$target" "$execs" "$per_second" "$coverage" "$edges" "$crashes" "$hangs")")

  if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
    local kept="$root/fuzz/crashes/$target"
    mkdir -p "$kept"
    find "$out/default/crashes" "$out/default/hangs" -type f -name 'id:*' -exec cp {} "$kept/" \;
    echo "$target: the inputs are in fuzz/crashes/$target/; the first one replayed:"
    local first
    first="$(find "$kept" -type f | sort | head -1)"
    timeout 30 "$harness" "$target" --replay "$first" 2>&1 | head -40 || true
    return 1
  fi
  return 0
}

[ $# -ge 1 ] || usage
case "$1" in
  list)
    [ $# -eq 1 ] || usage
    if [ ! -x "$harness" ]; then
      install_sharpfuzz
      build_instrumented >&2
    fi
    "$harness" list
    exit 0
    ;;
esac

[ $# -eq 2 ] || usage
[[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: SECONDS must be a whole number above 0" >&2; exit 2; }
# Every target has a seed corpus (the test suite checks it): refuse a typo before building.
if [ "$1" != all ] && [ ! -d "$root/fuzz/corpus/$1" ]; then
  echo "run.sh: no target '$1'; the targets are: $(ls "$root/fuzz/corpus" | tr '\n' ' ')" >&2
  exit 2
fi
mkdir -p "$work"
install_afl
install_sharpfuzz
build_instrumented

if [ "$1" = all ]; then
  selected=($(targets))
else
  targets | grep -qx -- "$1" || { echo "run.sh: no target '$1'; the targets are: $(targets | tr '\n' ' ')" >&2; exit 2; }
  selected=("$1")
fi

summary=()
failed=()
for target in "${selected[@]}"; do
  fuzz_one "$target" "$2" || failed+=("$target")
done

echo
printf '%-16s %12s %10s %9s %8s %6s %6s\n' target executions exec/s coverage edges crash hang
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
