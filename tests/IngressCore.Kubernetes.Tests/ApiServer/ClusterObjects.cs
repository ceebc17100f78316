using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>Objects as the API serves them, as JSON, for the stand-in to hold.</summary>
public static class ClusterObjects
{
    public static JsonObject Ingress(string name, string host, string service, string ns = "default", string? className = "ingresscore", int port = 80, string? secret = null) =>
        JsonNode.Parse($$"""
            {
              "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
              "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
              "spec": {
                {{(className is null ? "" : $"\"ingressClassName\": \"{className}\",")}}
                {{(secret is null ? "" : $"\"tls\": [ {{ \"hosts\": [\"{host}\"], \"secretName\": \"{secret}\" }} ],")}}
                "rules": [ { "host": "{{host}}", "http": { "paths": [
                  { "path": "/", "pathType": "Prefix", "backend": { "service": { "name": "{{service}}", "port": { "number": {{port}} } } } }
                ] } } ]
              }
            }
            """)!.AsObject();

    public static JsonObject IngressClass(string name, bool isDefault = false) =>
        JsonNode.Parse($$"""
            {
              "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
              "metadata": { "name": "{{name}}", "annotations": { "ingressclass.kubernetes.io/is-default-class": "{{(isDefault ? "true" : "false")}}" } },
              "spec": { "controller": "ingresscore.io/controller" }
            }
            """)!.AsObject();

    public static JsonObject Service(string name, int port = 80, int targetPort = 8080, string ns = "default") =>
        JsonNode.Parse($$"""
            {
              "apiVersion": "v1", "kind": "Service",
              "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
              "spec": { "type": "ClusterIP", "clusterIP": "10.96.0.10", "ports": [ { "name": "http", "port": {{port}}, "targetPort": {{targetPort}}, "protocol": "TCP" } ] },
              "status": { "loadBalancer": {} }
            }
            """)!.AsObject();

    public static JsonObject EndpointSlice(string name, string service, string[] addresses, int port = 8080, string ns = "default") =>
        JsonNode.Parse($$"""
            {
              "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
              "metadata": { "name": "{{name}}", "namespace": "{{ns}}", "labels": { "kubernetes.io/service-name": "{{service}}" } },
              "addressType": "IPv4",
              "ports": [ { "name": "http", "port": {{port}}, "protocol": "TCP" } ],
              "endpoints": [ {{string.Join(",", addresses.Select(a => $"{{ \"addresses\": [\"{a}\"], \"conditions\": {{ \"ready\": true }} }}"))}} ]
            }
            """)!.AsObject();

    /// <summary>A <c>kubernetes.io/tls</c> Secret with a new self-signed certificate for <paramref name="host"/>.</summary>
    public static JsonObject TlsSecret(string name, string host, string ns = "default", IReadOnlyDictionary<string, string>? labels = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var secret = Secret(name, "kubernetes.io/tls", new Dictionary<string, string>
        {
            ["tls.crt"] = certificate.ExportCertificatePem(),
            ["tls.key"] = key.ExportPkcs8PrivateKeyPem(),
        }, ns);
        if (labels is not null)
        {
            secret["metadata"]!["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        return secret;
    }

    public static JsonObject Secret(string name, string type, IReadOnlyDictionary<string, string> data, string ns = "default") =>
        new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["type"] = type,
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(d.Value))))),
        };

    public static JsonObject ConfigMap(string name, IReadOnlyDictionary<string, string> data, string ns = "default") =>
        new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        };
}
