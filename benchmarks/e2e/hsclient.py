#!/usr/bin/env python3
"""Full TLS 1.3 handshakes, one new TCP connection each, never resumed.

  hsclient.py --port P --sni HOST --path /api/x --duration S --concurrency C [--processes N]

Each of C loops (spread over N processes, threads within each) connects to 127.0.0.1:P, handshakes
with SNI HOST (TLS 1.3 only, no certificate verification: the client's cost is the handshake, not
chain building), sends one `GET PATH HTTP/1.1` with `Connection: close`, reads the answer to EOF
and closes. A fresh SSLContext per process with no session passed to wrap_socket, and OP_NO_TICKET,
so nothing is ever resumed (the script checks `session_reused` on every connection).
Python's ssl releases the GIL during the handshake and socket I/O, so threads overlap.

Prints one JSON object: handshakes (completed and answered), errors, non200 (answered, not
200), resumed, versions (TLS versions negotiated), seconds, per_second, p50_ms/p99_ms (connect to end of answer), client_cpu_s (the client processes'
user+system time) and client_cpu_us_per_handshake.
"""

import argparse
import json
import multiprocessing
import os
import resource
import socket
import ssl
import threading
import time


def worker(args, threads, queue):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.maximum_version = ssl.TLSVersion.TLSv1_3
    context.options |= ssl.OP_NO_TICKET
    request = f"GET {args.path} HTTP/1.1\r\nHost: {args.sni}\r\nConnection: close\r\n\r\n".encode()
    deadline = time.monotonic() + args.duration
    results = []
    lock = threading.Lock()

    def loop():
        latencies, errors, non200, resumed, versions = [], 0, 0, 0, set()
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                with socket.create_connection(("127.0.0.1", args.port), timeout=10) as raw:
                    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    with context.wrap_socket(raw, server_hostname=args.sni) as tls:
                        # Read before the answer: once the server closes, the connection has no version.
                        versions.add(tls.version())
                        resumed += tls.session_reused
                        tls.sendall(request)
                        answer = bytearray()
                        while True:
                            chunk = tls.recv(65536)
                            if not chunk:
                                break
                            answer += chunk
            except (OSError, ssl.SSLError):
                errors += 1
                continue
            latencies.append(time.perf_counter() - start)
            if not answer.startswith(b"HTTP/1.1 200"):
                non200 += 1
        with lock:
            results.append((latencies, errors, non200, resumed, versions))

    started = time.perf_counter()
    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    latencies = [x for r in results for x in r[0]]
    queue.put({
        "latencies": latencies,
        "errors": sum(r[1] for r in results),
        "non200": sum(r[2] for r in results),
        "resumed": sum(r[3] for r in results),
        "versions": sorted(set().union(*(r[4] for r in results))),
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
    })


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sni", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    processes = max(1, min(args.processes, args.concurrency))
    queue = multiprocessing.Queue()
    workers = []
    for i in range(processes):
        threads = args.concurrency // processes + (1 if i < args.concurrency % processes else 0)
        workers.append(multiprocessing.Process(target=worker, args=(args, threads, queue)))
    for w in workers:
        w.start()
    parts = [queue.get(timeout=args.duration + 60) for _ in workers]
    for w in workers:
        w.join(timeout=30)

    latencies = sorted(x for p in parts for x in p["latencies"])
    seconds = max(p["seconds"] for p in parts)
    cpu = sum(p["cpu"] for p in parts)
    count = len(latencies)
    print(json.dumps({
        "handshakes": count,
        "errors": sum(p["errors"] for p in parts),
        "non200": sum(p["non200"] for p in parts),
        "resumed": sum(p["resumed"] for p in parts),
        "versions": sorted(set(v for p in parts for v in p["versions"])),
        "connections": count + sum(p["errors"] for p in parts),
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds, 1) if seconds else 0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 3),
        "processes": processes,
        "client_cpu_s": round(cpu, 3),
        "client_cpu_us_per_handshake": round(cpu / count * 1e6, 1) if count else None,
    }))


if __name__ == "__main__":
    main()
