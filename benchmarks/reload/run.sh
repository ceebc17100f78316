#!/usr/bin/env bash
# Reload convergence (p50/p90 from a manifest file's rename to the change served) and time to
# first answer of `ingresscore serve`, at 3,000 and 10,000 Ingresses. See benchmarks/reload/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ARTIFACTS=${ARTIFACTS:-/tmp/art-reload}
dotnet build -c Release src/IngressCore.Cli -o "$ARTIFACTS" -v quiet -nologo >/dev/null
export CLI_DLL="$ARTIFACTS/IngressCore.Cli.dll"
mkdir -p "${OUT:=/tmp/reload-$(date +%Y%m%d-%H%M%S)}"
export OUT
exec python3 benchmarks/reload/reload.py
