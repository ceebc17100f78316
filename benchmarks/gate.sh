#!/usr/bin/env bash
# Performance gate for IngressCore's route table.
#
#   benchmarks/gate.sh            run every benchmark and the retained-memory probe, then check
#   benchmarks/gate.sh --no-run   check the latest results already in the artifacts folder
#
# Fails (exit 1, saying why) when any IngressCore Match benchmark, or a plain, canary or
# literal-rewrite DecisionBenchmarks case (or CanaryDecider alone) allocates, takes more than
# 30 ns per match on a saas or large case, is less than 20x (saas/mix) or 90x (large/mix) faster
# than ASP.NET Core's routing middleware measured in the same run, or when the large table takes
# more than 50 ms to build or holds more than 5 MB. See docs/performance.md.
#
# Environment:
#   BENCH_ARTIFACTS  BenchmarkDotNet's artifacts folder   (default: <repo>/BenchmarkDotNet.Artifacts)
#   BUILD_ARTIFACTS  dotnet --artifacts-path for builds   (default: /tmp/art-bench, keeps builds out of the tree)
#   BENCH_FILTER     BenchmarkDotNet --filter patterns, space-separated
#                    (default: *MatchBenchmarks* *BuildBenchmarks* *DecisionBenchmarks*, the benchmarks the gate checks)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${BENCH_ARTIFACTS:-$repo/BenchmarkDotNet.Artifacts}"
build_artifacts="${BUILD_ARTIFACTS:-/tmp/art-bench}"
read -r -a filters <<< "${BENCH_FILTER:-*MatchBenchmarks* *BuildBenchmarks* *DecisionBenchmarks*}"
project="$repo/benchmarks/IngressCore.Benchmarks"
retained="$artifacts/retained-large.txt"

run=1
case "${1:-}" in
  --no-run) run=0 ;;
  "") ;;
  *) echo "usage: $0 [--no-run]" >&2; exit 2 ;;
esac

bench() {
  dotnet run -c Release --project "$project" --artifacts-path "$build_artifacts" -- "$@"
}

if [[ $run == 1 ]]; then
  mkdir -p "$artifacts"
  cd "$repo"
  # A failed benchmark (e.g. a matcher that fails its validation) makes the program exit 1;
  # carry on so the gate names what is missing.
  bench --filter "${filters[@]}" --artifacts "$artifacts" || echo "gate: some benchmarks failed; checking what was measured" >&2
fi

if [[ $run == 1 || ! -s "$retained" ]]; then
  mkdir -p "$artifacts"
  bench --retained large --aspnetcore | tee "$retained"
fi

exec python3 "$repo/benchmarks/gate.py" "$artifacts" "$retained"
