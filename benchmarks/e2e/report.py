#!/usr/bin/env python3
"""Turns run.sh's per-round measurements (OUT/rounds.tsv, notes.tsv, meta.tsv) into the table it
prints and into OUT/results.tsv and OUT/results.json.

  report.py OUT

"best" is the best round: highest rate, lowest p99, CPU, memory or time (the fast-state reading
of benchmarks/compare.sh); the median is over the rounds. Ratios are IngressCore / nginx.
"""

import collections
import json
import os
import statistics
import sys

SERVERS = [("ic", "IngressCore"), ("nginx", "nginx")]
HIGHER_IS_BETTER = {"rate"}
LABELS = {
    "plain": "plain HTTP keep-alive",
    "https": "HTTPS keep-alive (TLS 1.3)",
    "handshake": "full TLS 1.3 handshakes",
    "proxy": "proxy to a Service",
    "memory-plain": "idle RSS, 200 hosts",
    "memory-tls": "idle RSS, 200 hosts + certificates",
}
THROUGHPUT = ["plain", "https", "handshake", "proxy"]
MEMORY = ["memory-plain", "memory-tls"]


def label(row):
    if row.startswith("startup-"):
        return f"startup to first answer, {int(row.split('-')[1]):,} Ingresses"
    return LABELS.get(row, row)


def summarise(values, metric):
    best = max(values) if metric in HIGHER_IS_BETTER else min(values)
    return {"n": len(values), "min": min(values), "median": statistics.median(values),
            "max": max(values), "best": best, "values": values}


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(value, digits=1, thousands=False):
    if value is None:
        return "-"
    if thousands:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def main():
    out = sys.argv[1]
    data = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(list)))
    order = []
    with open(os.path.join(out, "rounds.tsv")) as f:
        for line in f:
            row, server, _round, metric, value = line.rstrip("\n").split("\t")
            if row not in order:
                order.append(row)
            data[row][server][metric].append(float(value))
    notes = collections.defaultdict(list)
    if os.path.exists(os.path.join(out, "notes.tsv")):
        with open(os.path.join(out, "notes.tsv")) as f:
            for line in f:
                row, server, text = line.rstrip("\n").split("\t", 2)
                notes[row].append((server, text))
                if row not in order:
                    order.append(row)
    meta = {}
    if os.path.exists(os.path.join(out, "meta.tsv")):
        with open(os.path.join(out, "meta.tsv")) as f:
            meta = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)

    results = {"meta": meta, "rows": []}
    tsv = ["row\tlabel\tserver\tmetric\trounds\tmin\tmedian\tmax\tbest"]
    for row in order:
        entry = {"row": row, "label": label(row), "servers": {}, "ratios": {},
                 "notes": [{"server": s, "text": t} for s, t in notes[row]]}
        for server, _ in SERVERS:
            metrics = {m: summarise(v, m) for m, v in data[row][server].items()}
            if metrics:
                entry["servers"][server] = metrics
            for m, s in metrics.items():
                tsv.append(f"{row}\t{label(row)}\t{server}\t{m}\t{s['n']}\t{s['min']:.4f}\t{s['median']:.4f}\t{s['max']:.4f}\t{s['best']:.4f}")
        ic, ng = entry["servers"].get("ic", {}), entry["servers"].get("nginx", {})
        for m in sorted(set(ic) & set(ng)):
            r = {"median": ratio(ic[m]["median"], ng[m]["median"]), "best": ratio(ic[m]["best"], ng[m]["best"])}
            entry["ratios"][m] = r
            tsv.append(f"{row}\t{label(row)}\tic/nginx\t{m}\t\t\t{fmt(r['median'], 4)}\t\t{fmt(r['best'], 4)}")
        results["rows"].append(entry)
    with open(os.path.join(out, "results.tsv"), "w") as f:
        f.write("\n".join(tsv) + "\n")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)

    rows = {e["row"]: e for e in results["rows"]}
    print(f"IngressCore vs nginx, {meta.get('rounds', '?')} alternating rounds of {meta.get('duration_s', '?')} s, "
          f"{meta.get('connections', '?')} connections, commit {meta.get('commit', '?')}, "
          f"load average {meta.get('loadavg_start', '?')} -> {meta.get('loadavg_end', '?')}")
    print("best = highest rate / lowest p99, CPU, memory, time over the rounds; med = median; "
          "ratio = IngressCore / nginx of the medians (best rounds' ratio in brackets)")

    def not_available(entry, server):
        for s, text in [(n["server"], n["text"]) for n in entry["notes"]]:
            if s == server and text.startswith("not available"):
                return text
        return "no measurement"

    def ratio_text(entry, metric):
        r = entry["ratios"].get(metric)
        return "-" if not r else f"{r['median']:.2f}x ({r['best']:.2f}x)"

    def figure(metric, stat, digits=1, thousands=False):
        return lambda m: fmt(m[metric][stat], digits, thousands) if metric in m else "-"

    def section(present, width, columns, ratio_columns):
        """One table: COLUMNS are (title, width, text of a server's figures); RATIO_COLUMNS are
        (title, metric), printed on each row's first line."""
        if not present:
            return
        print()
        head = f"{'row':{width}} {'server':12} " + " ".join(f"{t:>{w}}" for t, w, _ in columns)
        head += "".join(f" {t:>15}" for t, _ in ratio_columns)
        print(head)
        print("-" * len(head))
        for row in present:
            entry = rows[row]
            for i, (server, name) in enumerate(SERVERS):
                first = label(row) if i == 0 else ""
                m = entry["servers"].get(server)
                if not m:
                    print(f"{first:{width}} {name:12} {not_available(entry, server)}")
                    continue
                line = f"{first:{width}} {name:12} " + " ".join(f"{text(m):>{w}}" for _, w, text in columns)
                if i == 0:
                    line += "".join(f" {ratio_text(entry, metric):>15}" for _, metric in ratio_columns)
                print(line)

    section([r for r in THROUGHPUT if r in rows], 28,
            [("rate/s best", 11, figure("rate", "best", thousands=True)),
             ("med", 9, figure("rate", "median", thousands=True)),
             ("p99 ms best", 11, figure("p99_ms", "best", 2)), ("med", 7, figure("p99_ms", "median", 2)),
             ("CPU us/req best", 15, figure("cpu_us", "best")), ("med", 7, figure("cpu_us", "median")),
             ("client us/req", 13, figure("client_cpu_us", "median"))],
            [("rate ratio", "rate"), ("CPU ratio", "cpu_us")])
    section([r for r in MEMORY if r in rows], 36,
            [("RSS MB best", 11, figure("rss_mb", "best")), ("med", 7, figure("rss_mb", "median")),
             ("PSS MB med", 10, figure("pss_mb", "median")), ("processes", 9, figure("processes", "median", 0))],
            [("RSS ratio", "rss_mb"), ("PSS ratio", "pss_mb")])
    section([r for r in order if r.startswith("startup-")], 44,
            [("ms best", 9, figure("startup_ms", "best", 0)), ("med", 9, figure("startup_ms", "median", 0))],
            [("ratio", "startup_ms")])

    if any(notes.values()):
        print()
        print("notes:")
        for row in order:
            for server, text in notes[row]:
                print(f"  {label(row)} / {dict(SERVERS).get(server, server)}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
