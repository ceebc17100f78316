#!/usr/bin/env python3
"""Checks IngressCore's performance targets against BenchmarkDotNet's full JSON reports.

Usage: gate.py ARTIFACTS_DIR RETAINED_FILE
  ARTIFACTS_DIR  BenchmarkDotNet's artifacts folder (its results/*-report-full.json are read)
  RETAINED_FILE  the output of `IngressCore.Benchmarks --retained large` (key: value lines)

DecisionBenchmarks: Decide_Plain, Decide_CanaryWeight, Decide_RewriteLiteral and
CanaryDecider_Weight must allocate 0 B; Decide_RewriteCaptures is reported, not gated.

Exit 0 when every target is met, 1 (after saying which and why) when any is missed or a
result is missing, 2 on bad input. Figures are per match (the benchmarks use
OperationsPerInvoke = 64) and use the median of the measured iterations. The table also prints
IngressCore's fastest iteration and the ratio of the two fastest iterations ("min" columns), not
gated: this VM alternates between a fast and a slow state (docs/performance.md), and a ratio whose
verdict differs between medians and minimums is one the machine's state decided.
"""
import glob
import json
import os
import sys

MATCH_TYPE = "MatchBenchmarks"
BUILD_TYPE = "BuildBenchmarks"
DECISION_TYPE = "DecisionBenchmarks"
ENGINE = "IngressCore_RouteTable"
ASPNET = "AspNetCore_RoutingMiddleware"  # the public path; the ratio targets are checked against it
ASPNET_DFA = "AspNetCore_DfaMatcher"    # reported, not gated
NAIVE = "Naive_LinearScan"

CASES = ["small/hit", "small/miss", "small/mix",
         "saas/hit", "saas/wild", "saas/miss", "saas/mix",
         "large/hit", "large/wild", "large/miss", "large/mix"]

# IngressRequestDecider.Decide and CanaryDecider.Decide: these must allocate nothing per request.
ZERO_ALLOC_DECISIONS = ["Decide_Plain", "Decide_CanaryWeight", "Decide_RewriteLiteral", "CanaryDecider_Weight"]
# Reported, not gated: a rewrite with captures builds its new request-target by design.
REPORTED_DECISIONS = ["Decide_RewriteCaptures"]

MAX_NS_PER_MATCH = 30.0                 # every saas/* and large/* case
MIN_RATIO = {"saas": 20.0, "large": 90.0}  # ASP.NET Core routing middleware / IngressCore, on set/mix
MAX_BUILD_MS = 50.0                      # RouteTable.Build on large, median
MAX_RETAINED_BYTES = 5 * 1024 * 1024     # large table, retained


def load(artifacts):
    files = sorted(glob.glob(os.path.join(artifacts, "results", "*-report-full.json")))
    if not files:
        sys.exit(f"gate: no *-report-full.json under {artifacts}/results; run the benchmarks first")
    results = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for b in report.get("Benchmarks", []):
            params = dict(p.split("=", 1) for p in b.get("Parameters", "").split("&") if "=" in p)
            key = (b["Type"], b["Method"], params.get("Case") or params.get("Set") or "")
            results[key] = b
    return results


def stat(results, type_, method, case):
    b = results.get((type_, method, case))
    if b is None or not b.get("Statistics"):
        return None
    s = b["Statistics"]
    memory = b.get("Memory") or {}
    return {"median": s["Median"], "mean": s["Mean"], "min": s["Min"], "max": s["Max"],
            "allocated": memory.get("BytesAllocatedPerOperation")}


def read_retained(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                values[k.strip()] = v.strip()
    return values


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    results = load(sys.argv[1])
    failures = []
    print(f"{'case':<11} {'IngressCore ns':>14} {'min':>7} {'alloc B':>8} {'ASP.NET mw ns':>13} {'x mw':>7} {'min':>7} "
          f"{'ASP.NET dfa ns':>14} {'x dfa':>7} {'naive ns':>10}")
    for case in CASES:
        set_name = case.split("/")[0]
        engine = stat(results, MATCH_TYPE, ENGINE, case)
        aspnet = stat(results, MATCH_TYPE, ASPNET, case)
        dfa = stat(results, MATCH_TYPE, ASPNET_DFA, case)
        naive = stat(results, MATCH_TYPE, NAIVE, case)
        for name, s in ((ENGINE, engine), (ASPNET, aspnet), (ASPNET_DFA, dfa), (NAIVE, naive)):
            if s is None:
                failures.append(f"{name} [{case}]: no result (the benchmark failed, e.g. its GlobalSetup validation, or was not run)")
        if engine is None:
            continue
        ratio = aspnet["median"] / engine["median"] if aspnet else None
        ratio_min = aspnet["min"] / engine["min"] if aspnet else None
        ratio_dfa = dfa["median"] / engine["median"] if dfa else None
        fmt = lambda s: f"{s['median']:.1f}" if s else "-"
        fmt_ratio = lambda r: f"{r:.1f}x" if r is not None else "-"
        print(f"{case:<11} {engine['median']:>14.2f} {engine['min']:>7.1f} {engine['allocated']:>8} {fmt(aspnet):>13} "
              f"{fmt_ratio(ratio):>7} {fmt_ratio(ratio_min):>7} {fmt(dfa):>14} {fmt_ratio(ratio_dfa):>7} {fmt(naive):>10}")
        if engine["allocated"] is None or engine["allocated"] > 0:
            failures.append(f"{ENGINE} [{case}] allocates {engine['allocated']} B per match (target: 0 B)")
        if set_name in MIN_RATIO and engine["median"] > MAX_NS_PER_MATCH:
            failures.append(f"{ENGINE} [{case}] takes {engine['median']:.2f} ns per match (target: <= {MAX_NS_PER_MATCH:g} ns)")
        if case.endswith("/mix") and set_name in MIN_RATIO and ratio is not None and ratio < MIN_RATIO[set_name]:
            failures.append(f"[{case}] IngressCore is {ratio:.1f}x faster than ASP.NET Core's routing middleware "
                            f"({aspnet['median']:.1f} / {engine['median']:.2f} ns; target: >= {MIN_RATIO[set_name]:g}x)")

    build = stat(results, BUILD_TYPE, "Build", "large")
    if build is None:
        failures.append("BuildBenchmarks.Build [large]: no result")
    else:
        ms = build["median"] / 1e6
        print(f"build large: median {ms:.2f} ms (min {build['min'] / 1e6:.2f}, max {build['max'] / 1e6:.2f}), "
              f"allocated {build['allocated'] / 1048576:.2f} MB per build")
        if ms > MAX_BUILD_MS:
            failures.append(f"RouteTable.Build [large] takes {ms:.2f} ms (median; target: <= {MAX_BUILD_MS:g} ms)")

    print(f"\n{'decision':<24} {'ns':>8} {'alloc B':>8}")
    for method in ZERO_ALLOC_DECISIONS + REPORTED_DECISIONS:
        s = stat(results, DECISION_TYPE, method, "")
        if s is None:
            if method in ZERO_ALLOC_DECISIONS:
                failures.append(f"{DECISION_TYPE}.{method}: no result (the benchmark failed or was not run)")
            continue
        gated = "" if method in ZERO_ALLOC_DECISIONS else "  (not gated)"
        print(f"{method:<24} {s['median']:>8.2f} {s['allocated']!s:>8}{gated}")
        if method in ZERO_ALLOC_DECISIONS and (s["allocated"] is None or s["allocated"] > 0):
            failures.append(f"{DECISION_TYPE}.{method} allocates {s['allocated']} B per request (target: 0 B)")

    retained = read_retained(sys.argv[2]) if os.path.exists(sys.argv[2]) else {}
    if "retained-bytes" not in retained:
        failures.append(f"no retained-bytes in {sys.argv[2]} (run IngressCore.Benchmarks --retained large)")
    else:
        held = int(retained["retained-bytes"])
        print(f"retained large: {held} B = {held / 1048576:.2f} MB")
        if held > MAX_RETAINED_BYTES:
            failures.append(f"the large table holds {held / 1048576:.2f} MB (target: <= 5 MB)")

    if failures:
        print("\nGATE FAILED:")
        for f in failures:
            print(f"  - {f}")
        return 1
    print("\nGATE PASSED: 0 B per match and per plain, canary and literal-rewrite decision; <= 30 ns on saas/* and large/*; >= 20x (saas/mix) and >= 90x (large/mix) "
          "faster than ASP.NET Core's routing middleware; large build <= 50 ms; large table <= 5 MB retained")
    return 0


if __name__ == "__main__":
    sys.exit(main())
