#!/usr/bin/env bash
# Mutation testing with Stryker.NET over one folder of src/IngressCore: each mutant (an operator
# flipped, a condition negated, a statement removed, a string emptied) is compiled in and the tests
# that cover it are run; a mutant no test notices "survived".
#
#   eng/mutation.sh FOLDER[,FOLDER...] [more dotnet-stryker options]
#
# FOLDER is one of Matching, Building, Annotations, Decisions (with the rewrite template, which
# lives in Annotations), Tls; each is tested by the test projects that exercise it (below).
# Several folders in one run share its build, first test run and coverage capture, the slow part.
# The reports (JSON, HTML, and the clear-text table) go to $MUTATION_WORK/FOLDERS (default
# eng/.mutation/FOLDERS), and the score of each folder is printed at the end: mutants detected
# (killed or timed out) over those detected, survived or covered by no test, as Stryker counts.
# It installs dotnet-stryker $version as a tool under $MUTATION_WORK/tools on first use. Slow (tens
# of minutes per folder on 2 cores), so it is not part of .ci/run; docs/reliability.md records the
# scores. MUTATION_CONCURRENCY sets the parallel test sessions (default: one per core), so that two
# runs can share a machine.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${MUTATION_WORK:-$root/eng/.mutation}"
version=5.1.0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ $# -ge 1 ] || { echo "usage: eng/mutation.sh Matching|Building|Annotations|Decisions|Tls[,...] [dotnet-stryker options]" >&2; exit 2; }
folders="$1"
shift
mutate=()
tests=()
IFS=, read -r -a selected <<< "$folders"
for folder in "${selected[@]}"; do
  case "$folder" in
    Matching)    mutate+=('**/Matching/**/*.cs');  tests+=(IngressCore.Tests) ;;
    Building)    mutate+=('**/Building/**/*.cs');  tests+=(IngressCore.Tests IngressCore.Annotations.Tests) ;;
    Annotations) mutate+=('**/Annotations/**/*.cs');  tests+=(IngressCore.Annotations.Tests) ;;
    Decisions)   mutate+=('**/Decisions/**/*.cs' '**/Annotations/RewriteTemplate*.cs' '**/Annotations/RewriteTarget.cs')
                 tests+=(IngressCore.Annotations.Tests IngressCore.Tests) ;;
    Tls)         mutate+=('**/Tls/**/*.cs');       tests+=(IngressCore.Tls.Tests) ;;
    *) echo "eng/mutation.sh: no folder '$folder' (Matching, Building, Annotations, Decisions, Tls)" >&2; exit 2 ;;
  esac
done
mapfile -t tests < <(printf '%s\n' "${tests[@]}" | sort -u)

if [ ! -x "$work/tools/dotnet-stryker" ] || ! grep -qs "^$version\$" "$work/tools/.version"; then
  echo "== installing dotnet-stryker $version ($work/tools)"
  rm -rf "$work/tools"
  dotnet tool install dotnet-stryker --version "$version" --tool-path "$work/tools" >/dev/null
  echo "$version" > "$work/tools/.version"
fi

args=()
for pattern in "${mutate[@]}"; do args+=(--mutate "$pattern"); done
for project in "${tests[@]}"; do args+=(--test-project "$root/tests/$project/$project.csproj"); done
out="$work/${folders//,/+}"
rm -rf "$out"
mkdir -p "$out"
cd "$root/src/IngressCore"
"$work/tools/dotnet-stryker" "${args[@]}" --concurrency "${MUTATION_CONCURRENCY:-$(nproc)}" --skip-version-check \
  --reporter progress --reporter cleartext --reporter json --reporter html --output "$out" --log-to-file "$@"

# The score per folder, from the JSON report (the rewrite template's files count for Decisions).
python3 - "$out/reports/mutation-report.json" "${selected[@]}" <<'PY'
import json, sys
report, folders = json.load(open(sys.argv[1])), sys.argv[2:]
def folder_of(path):
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    if "Annotations" in parts and (name.startswith("RewriteTemplate") or name == "RewriteTarget.cs"):
        return "Decisions"
    for part in reversed(parts[:-1]):
        if part in ("Matching", "Building", "Annotations", "Decisions", "Tls"):
            return part
    return None
counts = {f: {} for f in folders}
for path, entry in report["files"].items():
    folder = folder_of(path)
    if folder in counts:
        for mutant in entry["mutants"]:
            counts[folder][mutant["status"]] = counts[folder].get(mutant["status"], 0) + 1
print(f"{'folder':<12} {'score':>7} {'killed':>7} {'timeout':>8} {'survived':>9} {'no cover':>9} {'compile':>8} {'ignored':>8}")
for folder, c in counts.items():
    detected = c.get("Killed", 0) + c.get("Timeout", 0)
    undetected = c.get("Survived", 0) + c.get("NoCoverage", 0)
    score = f"{100 * detected / (detected + undetected):.1f}%" if detected + undetected else "-"
    print(f"{folder:<12} {score:>7} {c.get('Killed', 0):>7} {c.get('Timeout', 0):>8} {c.get('Survived', 0):>9} "
          f"{c.get('NoCoverage', 0):>9} {c.get('CompileError', 0):>8} {c.get('Ignored', 0):>8}")
PY
