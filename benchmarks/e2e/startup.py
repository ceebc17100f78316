#!/usr/bin/env python3
"""Time from process start to the first expected answer.

  startup.py --port P --host HOST --path PATH [--timeout S] [--log FILE] -- COMMAND...

Starts COMMAND, then asks 127.0.0.1:P for `GET PATH` with `Host: HOST` every 5 ms (a new
connection each time, each bounded by a 1 s timeout) until one is answered 200. Prints one JSON
object: ms (from just before the process was started to the end of that answer), tries, and
last (the last status or error seen before it). Then stops the process (SIGTERM, SIGKILL after
10 s) and waits for it. Exit 1 when the process exits or the timeout passes first.
"""

import argparse
import json
import signal
import socket
import subprocess
import sys
import time


def ask(port, host, path):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        head = s.recv(64)
        return head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else repr(head[:20])


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--log", default="/dev/null")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    # run.sh stops this helper with SIGTERM on exit: unwind through `finally`, which stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with open(args.log, "ab") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        tries, last = 0, None
        try:
            while True:
                elapsed = time.perf_counter() - started
                if process.poll() is not None:
                    print(json.dumps({"error": f"exited {process.returncode} before answering", "tries": tries, "last": last}))
                    return 1
                if elapsed > args.timeout:
                    print(json.dumps({"error": f"no 200 within {args.timeout} s", "tries": tries, "last": last}))
                    return 1
                tries += 1
                try:
                    last = ask(args.port, args.host, args.path)
                except OSError as e:
                    last = type(e).__name__
                if last == "200":
                    ms = (time.perf_counter() - started) * 1000
                    print(json.dumps({"ms": round(ms, 1), "tries": tries}))
                    return 0
                time.sleep(0.005)
        finally:
            stop(process)


if __name__ == "__main__":
    sys.exit(main())
