#!/usr/bin/env python3
"""Drip-fed connections against `ingresscore serve`, and the server CPU each one costs.

Standard library only; loopback only; every wait is bounded. Used by drip.sh:

  dripclient.py backend --port P
      a passthrough backend: answers b"relayed\\n" to each connection's first bytes, then closes.
  dripclient.py run --case CASE --port P --pid PID [--connections N] ...
      N connections of CASE, one after another; prints one JSON line per connection with the
      server's CPU (utime+stime of /proc/PID/stat, less its idle rate over the same time).

Cases (docs: benchmarks/e2e/README.md, "Drip-fed connections"):
  records  a ClientHello of --size bytes (handshake message), one TLS record per byte
  hello    the same ClientHello in one record, sent one byte per send()
  http     a GET whose header section is about --size bytes, sent one byte per send()
"""
import argparse
import json
import os
import socket
import ssl
import statistics
import struct
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def client_hello(sni, size):
    """A real ClientHello (OpenSSL's, through Python's ssl) padded to a `size`-byte handshake message
    with the padding extension (RFC 7685), so that a TLS server can answer it. Returned as the
    handshake message alone (type, length, body), without a record header."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname=sni)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    record = outgoing.read()
    if record[0] != 22 or record[5] != 1:
        raise SystemExit("dripclient: the ssl module did not write a ClientHello")
    body = record[9:9 + int.from_bytes(record[6:9], "big")]
    # version, random, session id, cipher suites, compression methods; then the extensions
    at = 2 + 32
    at += 1 + body[at]
    at += 2 + int.from_bytes(body[at:at + 2], "big")
    at += 1 + body[at]
    head, ext_len = body[:at], int.from_bytes(body[at:at + 2], "big")
    extensions, i, kept = body[at + 2:at + 2 + ext_len], 0, b""
    while i < len(extensions):
        kind, length = struct.unpack(">HH", extensions[i:i + 4])
        if kind == 0x0029:
            raise SystemExit("dripclient: the ClientHello carries a pre_shared_key extension")
        if kind != 0x0015:  # an existing padding extension is replaced by ours
            kept += extensions[i:i + 4 + length]
        i += 4 + length
    pad = size - 4 - len(head) - 2 - len(kept) - 4
    if pad < 0:
        raise SystemExit(f"dripclient: --size {size} is smaller than the unpadded ClientHello")
    kept += struct.pack(">HH", 0x0015, pad) + bytes(pad)
    body = head + struct.pack(">H", len(kept)) + kept
    return bytes([1]) + len(body).to_bytes(3, "big") + body


def payload(case, sni, size):
    """The bytes of one connection and the size of each send()."""
    if case == "records":
        hello = client_hello(sni, size)
        return b"".join(b"\x16\x03\x01\x00\x01" + hello[i:i + 1] for i in range(len(hello))), 6
    if case == "hello":
        hello = client_hello(sni, size)
        return b"\x16\x03\x01" + len(hello).to_bytes(2, "big") + hello, 1
    if case == "http":
        head = f"GET /drip HTTP/1.1\r\nHost: {sni}\r\nUser-Agent: dripclient\r\n".encode()
        n = 0
        while len(head) + 100 + 2 <= size:
            head += f"X-Drip-{n:03d}: {'x' * 86}\r\n".encode()  # 100 bytes a line
            n += 1
        return head + b"\r\n", 1
    raise SystemExit(f"dripclient: unknown case {case}")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)


def one(port, data, step, gap, wall):
    """One connection: sends `data` `step` bytes per send(), `gap` seconds apart, then waits for the
    server's first bytes or its close. Returns (outcome, seconds, bytes sent)."""
    start = time.monotonic()
    deadline = start + wall
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sent = 0
    try:
        s.setblocking(False)
        while sent < len(data):
            if time.monotonic() > deadline:
                return "client gave up sending", time.monotonic() - start, sent
            try:
                first = s.recv(4096)  # the server answering or closing before the end
                return ("refused (closed before the end)" if not first else "answered before the end"), time.monotonic() - start, sent
            except BlockingIOError:
                pass
            try:
                sent += s.send(data[sent:sent + step])
            except BlockingIOError:
                time.sleep(0.001)
                continue
            if gap:
                time.sleep(gap)
        s.setblocking(True)
        s.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            first = s.recv(4096)
        except socket.timeout:
            return "no answer (client timeout)", time.monotonic() - start, sent
        if not first:
            return "closed", time.monotonic() - start, sent
        if first[:1] == b"\x16":
            what = "answered (ServerHello)"
        elif first.startswith(b"HTTP/"):
            what = "answered " + first.split(b" ", 2)[1].decode("ascii", "replace")
        elif first.startswith(b"relayed"):
            what = "relayed to the backend"
        else:
            what = f"answered {first[:8]!r}"
        return what, time.monotonic() - start, sent
    except (ConnectionResetError, BrokenPipeError):
        return "refused (reset before the end)" if sent < len(data) else "reset", time.monotonic() - start, sent
    finally:
        s.close()


def run(args):
    data, step = payload(args.case, args.sni, args.size)
    # The server's idle CPU rate, subtracted from each connection.
    t0, c0 = time.monotonic(), cpu_ticks(args.pid)
    time.sleep(args.idle)
    idle_rate = (cpu_ticks(args.pid) - c0) / (time.monotonic() - t0)
    for i in range(args.connections):
        b_t, b_c = time.monotonic(), cpu_ticks(args.pid)
        outcome, seconds, sent = one(args.port, data, step, args.gap_ms / 1000, args.wall)
        time.sleep(args.settle)  # the work the server does after the client's last byte or read
        a_t, a_c = time.monotonic(), cpu_ticks(args.pid)
        ms = ((a_c - b_c) - idle_rate * (a_t - b_t)) * 1000 / CLK_TCK
        print(json.dumps({
            "row": args.row or args.case, "label": args.label, "case": args.case, "connection": i + 1, "cpu_ms": round(ms, 1),
            "outcome": outcome, "seconds": round(seconds, 3), "sent": sent, "bytes": len(data),
            "sends": (len(data) + step - 1) // step, "idle_ms_per_s": round(idle_rate * 1000 / CLK_TCK, 2),
        }), flush=True)


def backend(args):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", args.port))
    srv.listen(16)
    srv.settimeout(args.lifetime)
    end = time.monotonic() + args.lifetime
    while time.monotonic() < end:
        try:
            c, _ = srv.accept()
        except socket.timeout:
            break
        with c:
            c.settimeout(15)
            try:
                # The first TLS record whole, the answer, then the rest until the relay closes:
                # closing with bytes unread would reset the connection and lose the answer.
                got = b""
                while len(got) < 5 or len(got) < 5 + int.from_bytes(got[3:5], "big"):
                    more = c.recv(65536)
                    if not more:
                        break
                    got += more
                if got:
                    c.sendall(b"relayed\n")
                    c.shutdown(socket.SHUT_WR)
                    while c.recv(65536):
                        pass
            except OSError:
                pass


def report(args):
    """The table: CPU ms per connection as min / median / max, each row beside its other labels."""
    rows = {}
    for path in args.files:
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows.setdefault((r["row"], r["label"]), []).append(r)
    print(f"{'case':<44} {'n':>3} {'CPU ms/conn min':>15} {'median':>8} {'max':>8}  ended (median s)")
    order = {name: i for i, name in enumerate(["records", "hello", "terminate", "http"])}
    for (row, label), rs in sorted(rows.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][0], kv[0][1])):
        cpu = [r["cpu_ms"] for r in rs]
        outcomes = {}
        for r in rs:
            outcomes.setdefault(r["outcome"], []).append(r["seconds"])
        ended = "; ".join(f"{o} x{len(s)} ({statistics.median(s):.2f} s)" for o, s in outcomes.items())
        short = [r for r in rs if r["sent"] < r["bytes"]]
        if short:
            ended += f", after {statistics.median(r['sent'] for r in short):.0f} of {short[0]['bytes']} bytes"
        print(f"{row + ' ' + label:<44} {len(rs):>3} {min(cpu):>15.0f} {statistics.median(cpu):>8.0f} {max(cpu):>8.0f}  {ended}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--case", required=True, choices=["records", "hello", "http"])
    r.add_argument("--row", default="", help="the row's name in the table (default: the case)")
    r.add_argument("--label", default="")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--pid", type=int, required=True)
    r.add_argument("--sni", default="pass.drip.test")
    r.add_argument("--size", type=int, default=10240)
    r.add_argument("--connections", type=int, default=5)
    r.add_argument("--gap-ms", type=float, default=0.1, help="sleep between sends (0: none)")
    r.add_argument("--wall", type=float, default=30, help="seconds one connection may take")
    r.add_argument("--idle", type=float, default=2, help="seconds of idle baseline before the case")
    r.add_argument("--settle", type=float, default=0.3, help="seconds after each connection before reading the CPU")
    b = sub.add_parser("backend")
    b.add_argument("--port", type=int, required=True)
    b.add_argument("--lifetime", type=float, default=3600)
    t = sub.add_parser("report")
    t.add_argument("files", nargs="+")
    a = p.parse_args()
    {"run": run, "backend": backend, "report": report}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())
