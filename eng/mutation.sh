#!/usr/bin/env bash
# Mutation testing with Stryker.NET over one folder of src/IngressCore: each mutant (an operator
# flipped, a condition negated, a statement removed, a string emptied) is compiled in and the tests
# that cover it are run; a mutant no test notices "survived".
#
#   eng/mutation.sh FOLDER [more dotnet-stryker options]
#
# FOLDER is one of Matching, Building, Annotations, Decisions (with the rewrite template, which
# lives in Annotations), Tls; each is tested by the test projects that exercise it (below). The
# reports (JSON, HTML, and the clear-text table printed at the end) go to $MUTATION_WORK/FOLDER
# (default eng/.mutation/FOLDER). It installs dotnet-stryker $version as a tool under
# $MUTATION_WORK/tools on first use. Slow (tens of minutes per folder on 2 cores), so it is not part
# of .ci/run; docs/reliability.md records the scores.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${MUTATION_WORK:-$root/eng/.mutation}"
version=5.1.0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ $# -ge 1 ] || { echo "usage: eng/mutation.sh Matching|Building|Annotations|Decisions|Tls [dotnet-stryker options]" >&2; exit 2; }
folder="$1"
shift
case "$folder" in
  Matching)    mutate=('**/Matching/**/*.cs');  tests=(IngressCore.Tests) ;;
  Building)    mutate=('**/Building/**/*.cs');  tests=(IngressCore.Tests IngressCore.Annotations.Tests) ;;
  Annotations) mutate=('**/Annotations/**/*.cs' '!**/Annotations/RewriteTemplate*.cs' '!**/Annotations/RewriteTarget.cs')
               tests=(IngressCore.Annotations.Tests) ;;
  Decisions)   mutate=('**/Decisions/**/*.cs' '**/Annotations/RewriteTemplate*.cs' '**/Annotations/RewriteTarget.cs')
               tests=(IngressCore.Annotations.Tests IngressCore.Tests) ;;
  Tls)         mutate=('**/Tls/**/*.cs');       tests=(IngressCore.Tls.Tests) ;;
  *) echo "eng/mutation.sh: no folder '$folder' (Matching, Building, Annotations, Decisions, Tls)" >&2; exit 2 ;;
esac

if [ ! -x "$work/tools/dotnet-stryker" ] || ! grep -qs "^$version\$" "$work/tools/.version"; then
  echo "== installing dotnet-stryker $version ($work/tools)"
  rm -rf "$work/tools"
  dotnet tool install dotnet-stryker --version "$version" --tool-path "$work/tools" >/dev/null
  echo "$version" > "$work/tools/.version"
fi

args=()
for pattern in "${mutate[@]}"; do args+=(--mutate "$pattern"); done
for project in "${tests[@]}"; do args+=(--test-project "$root/tests/$project/$project.csproj"); done
out="$work/$folder"
rm -rf "$out"
mkdir -p "$out"
cd "$root/src/IngressCore"
"$work/tools/dotnet-stryker" "${args[@]}" --concurrency "$(nproc)" --skip-version-check \
  --reporter progress --reporter cleartext --reporter json --reporter html --output "$out" --log-to-file "$@"
