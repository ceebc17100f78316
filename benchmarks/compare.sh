#!/usr/bin/env bash
# Compares the match time of two builds of the engine with the --time mode, for a change under
# test; the figures of record are BenchmarkDotNet's (gate.sh). Each build is a commit-ish; both
# are built in a temporary worktree, then run alternately in fresh processes ROUNDS times, and
# each case's minimum and median over the rounds is printed. The minimum is the figure to
# compare: this VM switches between a fast and a slow state (docs/performance.md, "Machine and
# noise"), and the minimum over alternating rounds is the fast state's figure for both builds.
# Even so the minimum of one build moves by about 2 ns from one series of rounds to the next:
# a difference smaller than that is no difference.
#
#   benchmarks/compare.sh OLD NEW [case...]     e.g. benchmarks/compare.sh main HEAD saas/mix large/mix
#
# Environment: ROUNDS (default 6).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 OLD NEW [case...]" >&2
  exit 2
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
old="$1"; new="$2"; shift 2
if [[ $# -gt 0 ]]; then
  cases=("$@")
else
  cases=(saas/hit saas/wild saas/miss saas/mix large/hit large/wild large/miss large/mix)
fi
rounds="${ROUNDS:-6}"
work="$(mktemp -d)"
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; git -C "$repo" worktree remove --force "$work/new" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

for side in old new; do
  rev="${!side}"
  git -C "$repo" worktree add --detach "$work/$side" "$rev" >/dev/null
  # The timer itself comes from the checkout running this script, so an older build can be timed too.
  cp "$repo/benchmarks/IngressCore.Benchmarks/Infrastructure/MatchTimer.cs" "$work/$side/benchmarks/IngressCore.Benchmarks/Infrastructure/"
  cp "$repo/benchmarks/IngressCore.Benchmarks/Program.cs" "$work/$side/benchmarks/IngressCore.Benchmarks/"
  dotnet build -c Release "$work/$side/benchmarks/IngressCore.Benchmarks" --artifacts-path "$work/art-$side" -v q -nologo >/dev/null
done

for ((round = 1; round <= rounds; round++)); do
  for side in old new; do
    dotnet "$work/art-$side/bin/IngressCore.Benchmarks/release/IngressCore.Benchmarks.dll" --time "${cases[@]}" >> "$work/$side.txt"
  done
done

for side in old new; do
  echo "== $side (${!side}): ns per match, minimum / median of the per-round minimums over $rounds rounds"
  python3 - "$work/$side.txt" <<'PY'
import collections, statistics, sys
mins = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = line.split()
    mins[fields[0]].append(float(fields[2]))
for case, values in mins.items():
    print(f"{case:11} {min(values):7.1f} {statistics.median(values):7.1f}")
PY
done
