#!/usr/bin/env python3
"""Reload convergence and time to first answer of `ingresscore serve` over a folder of manifests.

For each size N (Ingresses, one file each, as a GitOps folder holds them):
  * start to first answer: from starting `serve --echo` until the LAST Ingress's host is answered
    by its route (the whole folder was read and the table built);
  * reload convergence: ROUNDS times, one Ingress's file is replaced (written to a temporary file,
    then renamed over the old one, as editors and kubectl-style tools do) to send it to a new
    Service, and the time from the rename to the first answer that names the new Service is taken.
Prints p50/p90 per size, and writes results.tsv into OUT.
"""
import http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time

SIZES = [int(s) for s in os.environ.get("SIZES", "3000,10000").split(",")]
ROUNDS = int(os.environ.get("ROUNDS", "20"))
CLI = os.environ["CLI_DLL"]
OUT = os.environ.get("OUT", tempfile.mkdtemp(prefix="reload-"))

def manifest(i, service):
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-{i}
  namespace: tenant-{i % 50}
spec:
  rules:
  - host: app-{i}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: {service}
            port:
              number: 80
"""

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def service_of(conn, host):
    try:
        conn.request("GET", "/", headers={"Host": host})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            return None
        return json.loads(body).get("service")
    except (OSError, http.client.HTTPException, ValueError):
        conn.close()
        return None

def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

def measure(n):
    folder = tempfile.mkdtemp(prefix=f"reload-{n}-")
    for i in range(n):
        with open(os.path.join(folder, f"ing-{i:05d}.yaml"), "w") as f:
            f.write(manifest(i, f"web-{i}"))
    port = free_port()
    last = f"app-{n - 1}.example.com"
    started = time.monotonic()
    serve = subprocess.Popen(["dotnet", CLI, "serve", folder, "--http", f"127.0.0.1:{port}", "--https", "off", "--echo"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while service_of(conn, last) != f"web-{n - 1}":
            if serve.poll() is not None:
                raise SystemExit(f"serve exited with {serve.returncode}")
            if time.monotonic() - started > 120:
                raise SystemExit("no first answer within 120 s")
            time.sleep(0.002)
        first_answer = time.monotonic() - started

        latencies = []
        for r in range(ROUNDS):
            i = (r * 7919) % n
            host = f"app-{i}.example.com"
            service = f"web-{i}-v{r}"
            path = os.path.join(folder, f"ing-{i:05d}.yaml")
            temporary = os.path.join(folder, f".ing-{i:05d}.tmp")
            with open(temporary, "w") as f:
                f.write(manifest(i, service))
            t0 = time.monotonic()
            os.rename(temporary, path)
            while service_of(conn, host) != service:
                if time.monotonic() - t0 > 30:
                    raise SystemExit(f"round {r}: no convergence within 30 s")
            latencies.append((time.monotonic() - t0) * 1000)
            time.sleep(0.2)  # let the next change be a change of its own, not part of a burst
        return first_answer, latencies
    finally:
        serve.terminate()
        try:
            serve.wait(15)
        except subprocess.TimeoutExpired:
            serve.kill()
        shutil.rmtree(folder, ignore_errors=True)

rows = []
print(f"{'Ingresses':>9}  {'first answer':>12}  {'reload p50':>10}  {'reload p90':>10}  {'reload max':>10}  rounds")
for n in SIZES:
    first, latencies = measure(n)
    p50, p90 = percentile(latencies, 50), percentile(latencies, 90)
    print(f"{n:>9}  {first:>10.2f} s  {p50:>7.1f} ms  {p90:>7.1f} ms  {max(latencies):>7.1f} ms  {len(latencies)}")
    rows.append((n, first, p50, p90, max(latencies), statistics.mean(latencies)))
with open(os.path.join(OUT, "results.tsv"), "w") as f:
    f.write("ingresses\tfirst_answer_s\treload_p50_ms\treload_p90_ms\treload_max_ms\treload_mean_ms\n")
    for row in rows:
        f.write("\t".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row) + "\n")
print(f"results: {OUT}/results.tsv")
