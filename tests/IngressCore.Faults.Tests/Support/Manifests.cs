using System.Text;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// Manifest text as an operator writes it into the folder <c>serve</c> follows: Ingresses,
/// Services, EndpointSlices and TLS Secrets, in YAML, in the default namespace.
/// </summary>
internal static class Manifests
{
    /// <summary>Documents joined into one multi-document YAML file.</summary>
    public static string Join(params string[] documents) => string.Join("---\n", documents);

    /// <summary>
    /// An Ingress of class <c>ingresscore</c> sending <paramref name="host"/>'s every path to port 80
    /// of <paramref name="service"/>, with ingress-nginx annotations (names without the prefix).
    /// </summary>
    public static string Ingress(string name, string host, string service, IReadOnlyDictionary<string, string>? annotations = null, string? tlsSecret = null)
    {
        var text = new StringBuilder();
        text.Append($"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: {name}
              namespace: default

            """);
        if (annotations is { Count: > 0 })
        {
            text.Append("  annotations:\n");
            foreach (var (key, value) in annotations)
            {
                text.Append($"    nginx.ingress.kubernetes.io/{key}: \"{value}\"\n");
            }
        }

        text.Append("spec:\n  ingressClassName: ingresscore\n");
        if (tlsSecret is not null)
        {
            text.Append($"  tls:\n    - hosts: [\"{host}\"]\n      secretName: {tlsSecret}\n");
        }

        text.Append($"""
              rules:
                - host: "{host}"
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: {service}
                            port:
                              number: 80

            """);
        return text.ToString();
    }

    /// <summary>A ClusterIP Service on port 80; its endpoints' ports come from the slices.</summary>
    public static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: default
        spec:
          ports:
            - port: 80
              targetPort: 8080

        """;

    /// <summary>
    /// One EndpointSlice per port (each backend of a test listens on its own loopback port, as the
    /// pods of a Service would on one), each with one endpoint on 127.0.0.1, ready or not.
    /// </summary>
    public static string Slices(string service, IEnumerable<int> ports, bool ready = true) =>
        Join([.. ports.Select(port => $$"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: {{service}}-{{port}}
              namespace: default
              labels:
                kubernetes.io/service-name: {{service}}
            addressType: IPv4
            ports:
              - port: {{port}}
            endpoints:
              - addresses: ["127.0.0.1"]
                conditions:
                  ready: {{(ready ? "true" : "false")}}

            """)]);

    /// <summary>An Ingress for <paramref name="host"/>, its Service and one slice per port: a route to real backends.</summary>
    public static string Route(string name, string host, IEnumerable<int> ports, IReadOnlyDictionary<string, string>? annotations = null, string? tlsSecret = null) =>
        Join(Ingress(name, host, name, annotations, tlsSecret), Service(name), Slices(name, ports));

    /// <summary>A <c>kubernetes.io/tls</c> Secret holding <paramref name="certificatePem"/> and its key.</summary>
    public static string TlsSecret(string name, string certificatePem, string keyPem) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          namespace: default
        type: kubernetes.io/tls
        data:
          tls.crt: {Convert.ToBase64String(Encoding.ASCII.GetBytes(certificatePem))}
          tls.key: {Convert.ToBase64String(Encoding.ASCII.GetBytes(keyPem))}

        """;
}
