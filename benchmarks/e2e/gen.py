#!/usr/bin/env python3
"""Writes the route sets of benchmarks/e2e/run.sh: Kubernetes manifests for `ingresscore serve`
and the equivalent nginx configurations, for the same hosts, paths, certificates and backend.

  gen.py certs DIR [--key rsa2048|ec256]          one self-signed certificate per host (cached)
  gen.py saas OUT --certs DIR --ports JSON         200 hosts x 5 Prefix paths + *.platform.com x 3
  gen.py startup OUT --count N --port P            N Ingresses, one host and one path each

The saas set is what docs/performance.md's matcher benchmarks call "saas", here served whole:
manifests (ic-tls/ with kubernetes.io/tls Secrets, ic-plain/ without) and nginx configurations
(direct: `return 200` with a body like serve --echo's; proxy: `proxy_pass` to the same backend
the EndpointSlices name; backend: the one-worker nginx both proxies forward to).
Prefix paths are rendered as ingress-nginx renders them (`location = /p` and `location /p/`), so
nginx does not match /apix for /api, as Kubernetes' element-wise Prefix does not.
"""

import argparse
import base64
import concurrent.futures
import json
import os
import subprocess
import sys

DOMAIN = "platform.com"
HOSTS = 200
PATHS = ["/api", "/api/v1", "/static", "/login", "/account"]
WILDCARD_PATHS = ["/app", "/login", "/signup"]
NAMESPACE = "customers"
CREATED = "2026-01-01T00:00:00Z"
# ingress-nginx's default HSTS header (hsts, hsts-max-age 31536000, hsts-include-subdomains).
HSTS = "max-age=31536000; includeSubDomains"


def host_name(i):
    return f"customer{i}.{DOMAIN}"


def cert_names():
    return [host_name(i) for i in range(HOSTS)] + ["wildcard", "default"]


def cert_subject(name):
    if name == "wildcard":
        return f"*.{DOMAIN}"
    if name == "default":
        return "ingress.local"
    return name


# ---------------------------------------------------------------------------------------------
# certificates


def make_cert(directory, name, key):
    crt, pem = os.path.join(directory, name + ".crt"), os.path.join(directory, name + ".key")
    if os.path.exists(crt) and os.path.exists(pem):
        return
    subject = cert_subject(name)
    newkey = ["-newkey", "rsa:2048"] if key == "rsa2048" else ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    subprocess.run(
        ["openssl", "req", "-x509", *newkey, "-nodes", "-days", "3650", "-subj", f"/CN={subject}",
         "-addext", f"subjectAltName=DNS:{subject}", "-keyout", pem + ".tmp", "-out", crt + ".tmp"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.replace(pem + ".tmp", pem)
    os.replace(crt + ".tmp", crt)


def certs(args):
    os.makedirs(args.dir, exist_ok=True)
    names = cert_names()
    missing = [n for n in names if not os.path.exists(os.path.join(args.dir, n + ".crt"))]
    if missing:
        print(f"gen: making {len(missing)} {args.key} certificates in {args.dir}", file=sys.stderr)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda n: make_cert(args.dir, n, args.key), missing))


# ---------------------------------------------------------------------------------------------
# manifests


def yaml_str(value):
    return json.dumps(value)  # a JSON string is a YAML scalar


def ingress(name, host, paths, service, tls_secret, annotations=None):
    lines = ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:",
             f"  name: {name}", f"  namespace: {NAMESPACE}", f"  creationTimestamp: {yaml_str(CREATED)}"]
    if annotations:
        lines.append("  annotations:")
        lines += [f"    {k}: {yaml_str(v)}" for k, v in annotations.items()]
    lines += ["spec:", "  ingressClassName: ingresscore"]
    if tls_secret:
        lines += ["  tls:", f"    - hosts: [{yaml_str(host)}]", f"      secretName: {tls_secret}"]
    lines += ["  rules:", f"    - host: {yaml_str(host)}", "      http:", "        paths:"]
    for path in paths:
        lines += [f"          - path: {path}", "            pathType: Prefix", "            backend:",
                  "              service:", f"                name: {service}",
                  "                port:", "                  name: http"]
    return "\n".join(lines)


def service(name):
    return "\n".join(["apiVersion: v1", "kind: Service", "metadata:", f"  name: {name}",
                      f"  namespace: {NAMESPACE}", "spec:", "  ports:", "    - name: http",
                      "      port: 80", "      targetPort: http"])


def endpoint_slice(name, backend_port):
    return "\n".join(["apiVersion: discovery.k8s.io/v1", "kind: EndpointSlice", "metadata:",
                      f"  name: {name}-e2e", f"  namespace: {NAMESPACE}", "  labels:",
                      f"    kubernetes.io/service-name: {name}", "addressType: IPv4", "ports:",
                      "  - name: http", f"    port: {backend_port}", "    protocol: TCP",
                      "endpoints:", "  - addresses: [\"127.0.0.1\"]", "    conditions:",
                      "      ready: true"])


def tls_secret(name, certs_dir, cert):
    def b64(ext):
        with open(os.path.join(certs_dir, cert + ext), "rb") as f:
            return base64.b64encode(f.read()).decode()
    return "\n".join(["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {name}",
                      f"  namespace: {NAMESPACE}", "type: kubernetes.io/tls", "data:",
                      f"  tls.crt: {b64('.crt')}", f"  tls.key: {b64('.key')}"])


INGRESS_CLASS = "\n".join(["apiVersion: networking.k8s.io/v1", "kind: IngressClass", "metadata:",
                           "  name: ingresscore", "spec:", "  controller: ingresscore.io/ingress-controller"])


def write_docs(path, docs):
    with open(path, "w") as f:
        f.write("\n---\n".join(docs) + "\n")


def saas_manifests(directory, certs_dir, backend_port, with_tls):
    os.makedirs(directory, exist_ok=True)
    write_docs(os.path.join(directory, "ingressclass.yaml"), [INGRESS_CLASS])
    # Plain HTTP must be answered, not redirected: ingress-nginx (and IngressCore) redirect HTTP to
    # HTTPS for a host with TLS unless ssl-redirect is "false".
    annotations = {"nginx.ingress.kubernetes.io/ssl-redirect": "false"} if with_tls else None
    ingresses, services, slices, secrets = [], [], [], []
    for i in range(HOSTS):
        name = f"customer{i}"
        ingresses.append(ingress(name, host_name(i), PATHS, name, f"{name}-tls" if with_tls else None, annotations))
        services.append(service(name))
        slices.append(endpoint_slice(name, backend_port))
        if with_tls:
            secrets.append(tls_secret(f"{name}-tls", certs_dir, host_name(i)))
    ingresses.append(ingress("tenants", f"*.{DOMAIN}", WILDCARD_PATHS, "tenants", "tenants-tls" if with_tls else None, annotations))
    services.append(service("tenants"))
    slices.append(endpoint_slice("tenants", backend_port))
    if with_tls:
        secrets.append(tls_secret("tenants-tls", certs_dir, "wildcard"))
    write_docs(os.path.join(directory, "ingresses.yaml"), ingresses)
    write_docs(os.path.join(directory, "services.yaml"), services)
    write_docs(os.path.join(directory, "endpointslices.yaml"), slices)
    if secrets:
        write_docs(os.path.join(directory, "secrets.yaml"), secrets)


# ---------------------------------------------------------------------------------------------
# nginx


def nginx_head(directory, workers="auto", extra=""):
    """The main and http context shared by every configuration; temp files stay in DIRECTORY."""
    return f"""worker_processes {workers};
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log {"{}/access.log".format(directory) if os.environ.get("ACCESS_LOG") == "1" else "off"};
  client_body_temp_path {directory}/tmp/body;
  proxy_temp_path {directory}/tmp/proxy;
  fastcgi_temp_path {directory}/tmp/fastcgi;
  uwsgi_temp_path {directory}/tmp/uwsgi;
  scgi_temp_path {directory}/tmp/scgi;
  # Keep-alive rows measure requests on open connections, as Kestrel keeps them (no request limit).
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server_names_hash_bucket_size 128;
  server_names_hash_max_size 32768;
  # ingress-nginx's TLS defaults: TLS 1.2 and 1.3, a shared session cache, no session tickets.
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache shared:SSL:10m;
  ssl_session_tickets off;
{extra}"""


def echo_body(ingress_name, rule_host, path, service_name):
    # The JSON `serve --echo` writes, with nginx variables where the request changes it.
    return ('{"ingress":"%s/%s","ruleHost":"%s","path":"%s","pathType":"Prefix","service":"%s",'
            '"port":null,"portName":"http","canary":false,"defaultBackend":false,'
            '"method":"$request_method","host":"$host","upstreamPath":"$request_uri",'
            '"scheme":"$scheme","clientAddress":"$remote_addr"}\\n'
            % (NAMESPACE, ingress_name, rule_host, path, service_name))


PROXY_HEADERS = """      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Request-ID $request_id;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Scheme $scheme;
      proxy_set_header X-Scheme $scheme;
      proxy_buffering off;
"""


def locations(paths, action):
    out = []
    for path in paths:
        body = action(path)
        out.append(f"    location = {path} {{\n{body}    }}\n    location {path}/ {{\n{body}    }}\n")
    return "".join(out)


def nginx_saas(directory, certs_dir, ports, mode, tls):
    """mode: direct (return 200) or proxy (proxy_pass to the backend)."""
    http, https = ports["http"], ports["https"]
    extra = '  default_type "application/json; charset=utf-8";\n'
    if mode == "proxy":
        for name in [f"customer{i}" for i in range(HOSTS)] + ["tenants"]:
            extra += f"  upstream {NAMESPACE}-{name}-http {{ server 127.0.0.1:{ports['backend']}; keepalive 64; }}\n"
    conf = nginx_head(directory, extra=extra)

    def listen():
        s = f"    listen 127.0.0.1:{http};\n"
        if tls:
            s += f"    listen 127.0.0.1:{https} ssl;\n"
            s += f'    add_header Strict-Transport-Security "{HSTS}" always;\n' if mode == "direct" else ""
        return s

    def cert(name):
        if not tls:
            return ""
        return (f"    ssl_certificate {certs_dir}/{name}.crt;\n"
                f"    ssl_certificate_key {certs_dir}/{name}.key;\n")

    def server(server_name, cert_name, ingress_name, service_name, paths):
        if mode == "direct":
            action = lambda p: f"      return 200 '{echo_body(ingress_name, server_name, p, service_name)}';\n"
        else:
            action = lambda p: PROXY_HEADERS + f"      proxy_pass http://{NAMESPACE}-{service_name}-http;\n"
        return f"  server {{\n    server_name {server_name};\n{listen()}{cert(cert_name)}{locations(paths, action)}  }}\n"

    default = f"    listen 127.0.0.1:{http} default_server;\n"
    if tls:
        default += f"    listen 127.0.0.1:{https} ssl default_server;\n"
    conf += f"  server {{\n    server_name _;\n{default}{cert('default')}    return 404;\n  }}\n"
    for i in range(HOSTS):
        conf += server(host_name(i), host_name(i), f"customer{i}", f"customer{i}", PATHS)
    conf += server(f"*.{DOMAIN}", "wildcard", "tenants", "tenants", WILDCARD_PATHS)
    return conf + "}\n"


def nginx_backend(directory, port):
    extra = f"""  server {{
    listen 127.0.0.1:{port};
    location / {{
      add_header X-E2E-Backend nginx;
      return 200 "backend ok\\n";
    }}
  }}
"""
    return nginx_head(directory, workers="1", extra=extra) + "}\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def nginx_dir(out, name):
    directory = os.path.join(out, name)
    os.makedirs(os.path.join(directory, "tmp"), exist_ok=True)
    return directory


def saas(args):
    ports = json.loads(args.ports)
    saas_manifests(os.path.join(args.out, "ic-tls"), args.certs, ports["backend"], True)
    saas_manifests(os.path.join(args.out, "ic-plain"), args.certs, ports["backend"], False)
    for name, mode, tls in [("nginx-direct", "direct", True), ("nginx-plain", "direct", False),
                            ("nginx-proxy", "proxy", False)]:
        d = nginx_dir(args.out, name)
        write(os.path.join(d, "nginx.conf"), nginx_saas(d, args.certs, ports, mode, tls))
    d = nginx_dir(args.out, "nginx-backend")
    write(os.path.join(d, "nginx.conf"), nginx_backend(d, ports["backend"]))


def startup(args):
    """COUNT Ingresses, one host each (customerN.platform.com, Prefix /api), served by --echo and by
    nginx `return 200`; no TLS (10,000 certificates would time the certificate store, not startup)."""
    ic = os.path.join(args.out, "ic")
    os.makedirs(ic, exist_ok=True)
    write_docs(os.path.join(ic, "ingressclass.yaml"), [INGRESS_CLASS])
    write_docs(os.path.join(ic, "ingresses.yaml"),
               [ingress(f"customer{i}", host_name(i), ["/api"], f"customer{i}", None) for i in range(args.count)])
    d = nginx_dir(args.out, "nginx")
    extra = '  default_type "application/json; charset=utf-8";\n'
    extra += f"  server {{\n    server_name _;\n    listen 127.0.0.1:{args.port} default_server;\n    return 404;\n  }}\n"
    for i in range(args.count):
        action = lambda p, i=i: f"      return 200 '{echo_body(f'customer{i}', host_name(i), p, f'customer{i}')}';\n"
        extra += (f"  server {{\n    server_name {host_name(i)};\n    listen 127.0.0.1:{args.port};\n"
                  f"{locations(['/api'], action)}  }}\n")
    write(os.path.join(d, "nginx.conf"), nginx_head(d, extra=extra) + "}\n")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("certs")
    p.add_argument("dir")
    p.add_argument("--key", choices=["rsa2048", "ec256"], default="rsa2048")
    p.set_defaults(run=certs)
    p = sub.add_parser("saas")
    p.add_argument("out")
    p.add_argument("--certs", required=True)
    p.add_argument("--ports", required=True, help='{"http":..,"https":..,"backend":..} for nginx')
    p.set_defaults(run=saas)
    p = sub.add_parser("startup")
    p.add_argument("out")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--port", type=int, required=True)
    p.set_defaults(run=startup)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
