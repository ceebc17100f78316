#!/usr/bin/env python3
"""Reads one `wrk --latency` output and prints one line for run.sh: requests, rate (wrk's
Requests/sec), p99 in ms, and errors (socket errors plus non-2xx/3xx answers)."""

import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def main():
    text = open(sys.argv[1]).read()
    requests = re.search(r"^\s*(\d+) requests in ", text, re.M)
    rate = re.search(r"^Requests/sec:\s*([\d.]+)", text, re.M)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\b", text, re.M)
    if not (requests and rate and p99):
        print(f"parse_wrk: not a wrk --latency output: {sys.argv[1]}", file=sys.stderr)
        return 1
    errors = 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if socket:
        errors += sum(int(x) for x in socket.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx:
        errors += int(non2xx.group(1))
    print(requests.group(1), rate.group(1), f"{float(p99.group(1)) * UNITS[p99.group(2)]:.4f}", errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
