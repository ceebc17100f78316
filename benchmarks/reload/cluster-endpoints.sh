#!/usr/bin/env bash
# Endpoint convergence from a watched API server: 10,000 Ingresses (each with its Service and
# EndpointSlice) served by LoadFromKubernetes from the tests' stand-in API server, then one
# EndpointSlice changed CHANGES times; prints p50/p90/p99 of the time from the watch event being
# sent to the runtime's snapshot that has it, and whether the route table was ever rebuilt
# (it must not be). Issue 12's target: p90 <= 100 ms.
#
#   benchmarks/reload/cluster-endpoints.sh                 10000 Ingresses, 200 changes, 20 ms debounce
#   benchmarks/reload/cluster-endpoints.sh 10000 200 0     the same without debounce
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
artifacts="${BUILD_ARTIFACTS:-/tmp/art-cluster-endpoints}"
dotnet build -c Release --artifacts-path "$artifacts" "$here/cluster-endpoints/ClusterEndpoints.csproj" -nologo -v quiet >/dev/null
exec dotnet "$artifacts/bin/ClusterEndpoints/release/ClusterEndpoints.dll" "${1:-10000}" "${2:-200}" "${3:-20}"
