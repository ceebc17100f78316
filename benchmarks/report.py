#!/usr/bin/env python3
"""Renders BenchmarkDotNet's full JSON reports as the tables of docs/performance.md.

Usage: report.py ARTIFACTS_DIR [RETAINED_FILE]
Prints markdown: the machine, per-match medians [min-max] of every matcher for every set/mix,
allocations, ratios against IngressCore, the build figures and (when given) the retained memory.
"""
import glob
import json
import os
import sys

CASES = ["small/hit", "small/miss", "small/mix",
         "saas/hit", "saas/wild", "saas/miss", "saas/mix",
         "large/hit", "large/wild", "large/miss", "large/mix"]
ENGINE, MW, DFA, NAIVE = "IngressCore_RouteTable", "AspNetCore_RoutingMiddleware", "AspNetCore_DfaMatcher", "Naive_LinearScan"


def ns(value):
    return f"{value:,.0f}" if value >= 1000 else f"{value:,.1f}" if value >= 100 else f"{value:.2f}"


def main():
    artifacts = sys.argv[1]
    results, host = {}, None
    for path in sorted(glob.glob(os.path.join(artifacts, "results", "*-report-full.json"))):
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        host = host or report.get("HostEnvironmentInfo")
        for b in report.get("Benchmarks", []):
            params = dict(p.split("=", 1) for p in b.get("Parameters", "").split("&") if "=" in p)
            if b.get("Statistics"):
                results[(b["Type"], b["Method"], params.get("Case") or params.get("Set"))] = b

    if host:
        print(f"- BenchmarkDotNet {host['BenchmarkDotNetVersion']}, {host['OsVersion']}, {host['ProcessorName']}, "
              f"{host['LogicalCoreCount']} logical / {host['PhysicalCoreCount']} physical cores, "
              f"{host['RuntimeVersion']}, SDK {host['DotNetCliVersion']}")
    print()
    print("| case | IngressCore ns | ASP.NET Core routing middleware ns | ASP.NET Core DfaMatcher ns | naive linear scan ns "
          "| alloc B/match (IngressCore / middleware / Dfa / naive) | middleware ÷ IngressCore | Dfa ÷ IngressCore |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for case in CASES:
        row = {m: results.get(("MatchBenchmarks", m, case)) for m in (ENGINE, MW, DFA, NAIVE)}
        cell = lambda b: (f"{ns(b['Statistics']['Median'])} [{ns(b['Statistics']['Min'])}-{ns(b['Statistics']['Max'])}]"
                          if b else "failed")
        alloc = " / ".join(str(b["Memory"]["BytesAllocatedPerOperation"]) if b else "-" for b in row.values())
        ratio = lambda b: (f"{b['Statistics']['Median'] / row[ENGINE]['Statistics']['Median']:.1f}x"
                           if b and row[ENGINE] else "-")
        print(f"| {case} | {cell(row[ENGINE])} | {cell(row[MW])} | {cell(row[DFA])} | {cell(row[NAIVE])} "
              f"| {alloc} | {ratio(row[MW])} | {ratio(row[DFA])} |")
    print()
    print("| RouteTable.Build | median ms [min-max] | allocated per build |")
    print("|---|---:|---:|")
    for set_name in ("saas", "large"):
        b = results.get(("BuildBenchmarks", "Build", set_name))
        if b:
            s = b["Statistics"]
            print(f"| {set_name} | {s['Median'] / 1e6:.2f} [{s['Min'] / 1e6:.2f}-{s['Max'] / 1e6:.2f}] "
                  f"| {b['Memory']['BytesAllocatedPerOperation'] / 1048576:.2f} MB |")
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        print()
        print("`--retained large --aspnetcore`:")
        print()
        print("```")
        with open(sys.argv[2], encoding="utf-8") as f:
            print("".join(line for line in f if ":" in line and not line.startswith("/")).rstrip())
        print("```")


if __name__ == "__main__":
    main()
