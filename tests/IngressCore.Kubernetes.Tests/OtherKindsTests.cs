using System.Text;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>IngressClass, Service, TLS Secret and EndpointSlice → the core model.</summary>
public sealed class OtherKindsTests
{
    private const string Certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydA==\n-----END CERTIFICATE-----\n";
    private const string Key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void An_IngressClass_gives_its_name_controller_and_default_flag()
    {
        using var folder = new TempFolder();
        var file = folder.Write("classes.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: ingresscore
              annotations:
                ingressclass.kubernetes.io/is-default-class: "true"
            spec:
              controller: ingresscore.io/controller
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: nginx
              annotations:
                ingressclass.kubernetes.io/is-default-class: "True"
            spec:
              controller: k8s.io/ingress-nginx
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: bare
            """);

        var set = ManifestLoader.Load(file).Clean();

        Assert.Equal(3, set.IngressClasses.Count);
        var first = set.IngressClasses[0];
        Assert.Equal("ingresscore", first.Name);
        Assert.Equal("ingresscore.io/controller", first.Controller);
        Assert.True(first.IsDefault);
        Assert.Equal(new ManifestSource(file, 1).ToString(), first.Source!.ToString());
        Assert.Equal(4, first.Source.LineOf("metadata.name"));

        Assert.False(set.IngressClasses[1].IsDefault); // only the exact string "true" marks the default
        Assert.Equal(10, set.IngressClasses[1].Source!.Line); // the line after its "---"
        Assert.Equal(new IngressClassDefinition { Name = "bare", Source = set.IngressClasses[2].Source }, set.IngressClasses[2]);
    }

    [Fact]
    public void A_Service_gives_its_ports_with_target_ports_as_written_and_TCP_by_default()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: shop
            spec:
              selector: {app: api}
              ports:
              - name: http
                port: 80
                targetPort: http-web
              - port: 443
                targetPort: 8443
                protocol: TCP
              - name: dns
                port: 53
                protocol: UDP
            """).Clean();

        var service = Assert.Single(set.Services);
        Assert.Equal("shop", service.Namespace);
        Assert.Equal("api", service.Name);
        Assert.Equal("shop/api", service.QualifiedName);
        Assert.Equal(
            [
                new ServicePortDefinition { Name = "http", Port = 80, TargetPort = "http-web", Protocol = "TCP" },
                new ServicePortDefinition { Name = null, Port = 443, TargetPort = "8443", Protocol = "TCP" },
                new ServicePortDefinition { Name = "dns", Port = 53, TargetPort = null, Protocol = "UDP" },
            ],
            service.Ports);
        Assert.Equal(13, service.Source!.LineOf("spec.ports[1].targetPort"));
    }

    [Fact]
    public void A_Service_port_out_of_range_refuses_the_Service()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec:
              ports:
              - port: 80
              - port: 70000
            """);

        Assert.Empty(set.Services);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("spec.ports[1].port", error.Field);
        Assert.Equal(7, error.Line);
        Assert.Contains("70000 is outside 1-65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TLS_Secret_gives_its_PEM_certificate_and_key()
    {
        var set = Loaded.From($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: shop-tls
              namespace: shop
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(Certificate)}
              tls.key: {Base64(Key)}
              ca.crt: ""
            """).Clean();

        var secret = Assert.Single(set.Certificates);
        Assert.Equal("shop", secret.Namespace);
        Assert.Equal("shop-tls", secret.Name);
        Assert.Equal(Certificate, secret.CertificatePem);
        Assert.Equal(Key, secret.PrivateKeyPem);
        Assert.Equal(8, secret.Source!.LineOf("data[tls.crt]"));
        Assert.DoesNotContain("BEGIN", secret.ToString(), StringComparison.Ordinal);
        Assert.Null(secret.CaCertificatePem);
    }

    [Fact]
    public void A_TLS_Secret_gives_its_CA_certificates_for_proxy_ssl_secret()
    {
        var set = Loaded.From($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: backend-ca
              namespace: shop
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(Certificate)}
              tls.key: {Base64(Key)}
              ca.crt: {Base64(Certificate)}
            """).Clean();

        Assert.Equal(Certificate, Assert.Single(set.Certificates).CaCertificatePem);
    }

    [Fact]
    public void A_TLS_Secret_may_give_its_PEM_as_stringData()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Secret
            metadata: {name: shop-tls}
            type: kubernetes.io/tls
            stringData:
              tls.crt: |
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
              tls.key: |
                -----BEGIN PRIVATE KEY-----
                MIGH
                -----END PRIVATE KEY-----
            """).Clean();

        var secret = Assert.Single(set.Certificates);
        Assert.Equal("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", secret.CertificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", secret.PrivateKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TLS_Secret_without_its_key_is_refused_naming_the_missing_entry()
    {
        var set = Loaded.From($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"}name: shop-tls{"}"}
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(Certificate)}
            """);

        Assert.Empty(set.Certificates);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("Secret", error.Kind);
        Assert.Equal("data[tls.key]", error.Field);
        Assert.Equal(5, error.Line); // the data mapping: the entry itself is missing
        Assert.Contains("needs tls.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PEM_written_under_data_without_base64_is_refused_with_a_hint()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Secret
            metadata: {name: shop-tls}
            type: kubernetes.io/tls
            data:
              tls.crt: "-----BEGIN CERTIFICATE-----"
              tls.key: a2V5
            """);

        Assert.Empty(set.Certificates);
        var error = set.Only();
        Assert.Equal("data[tls.crt]", error.Field);
        Assert.Equal(6, error.Line);
        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
        Assert.Contains("stringData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_is_not_PEM_is_refused()
    {
        var set = Loaded.From($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: shop-tls
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64("not a certificate")}
              tls.key: {Base64(Key)}
            """);

        Assert.Empty(set.Certificates);
        var error = set.Only();
        Assert.Equal("data[tls.crt]", error.Field);
        Assert.Equal(7, error.Line);
        Assert.Contains("not PEM", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a certificate", error.Message, StringComparison.Ordinal); // key material is never echoed
    }

    [Fact]
    public void Secrets_of_other_types_are_read_for_the_authentication_annotations()
    {
        // An htpasswd file (basic auth) and a CA bundle (client certificates) live in Opaque Secrets;
        // stringData wins over data, as the API server merges them; a Secret with no type is Opaque.
        var set = Loaded.From("""
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: shop}
            type: Opaque
            data: {auth: dXNlcjp4, password: c2VjcmV0}
            stringData: {password: plain}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: untyped}
            stringData: {ca.crt: "-----BEGIN CERTIFICATE-----"}
            """);

        Assert.Empty(set.Certificates);
        Assert.Empty(set.Diagnostics);
        Assert.Equal(["shop/creds", "default/untyped"], set.Secrets.Select(s => s.QualifiedName));
        var creds = set.Secrets[0];
        Assert.Equal("Opaque", creds.Type);
        Assert.Equal("user:x", System.Text.Encoding.UTF8.GetString(creds.Data["auth"]));
        Assert.Equal("plain", System.Text.Encoding.UTF8.GetString(creds.Data["password"]));
        Assert.Equal("Opaque", set.Secrets[1].Type);
        Assert.Equal(2, set.Secrets.Count);
        Assert.Same(set.Secrets, set.ToObjects().Secrets);
    }

    [Fact]
    public void The_ca_crt_of_a_TLS_Secret_is_kept_as_a_CA_bundle_and_an_empty_one_is_none()
    {
        var set = Loaded.From($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: with-ca
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(Certificate)}
              tls.key: {Base64(Key)}
              ca.crt: {Base64(Certificate)}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: binary-ca
            type: kubernetes.io/tls
            data:
              tls.crt: {Base64(Certificate)}
              tls.key: {Base64(Key)}
              ca.crt: AAEC
            """);

        Assert.Equal(Certificate, set.Certificates[0].CaCertificatePem);
        Assert.Null(set.Certificates[1].CaCertificatePem);
        var warning = Assert.Single(set.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("data[ca.crt]", warning.Field);
    }

    [Fact]
    public void EndpointSlices_are_read_one_by_one_with_their_Service_ports_and_conditions()
    {
        var set = Loaded.From("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: api-abc
              namespace: shop
              labels:
                kubernetes.io/service-name: api
            addressType: IPv4
            ports:
            - name: http
              port: 8080
              protocol: TCP
            endpoints:
            - addresses: ["10.0.0.1"]
              conditions: {ready: true}
            - addresses: ["10.0.0.2", "10.0.0.99"]
              conditions: {ready: false}
            - addresses: ["10.0.0.3"]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-1
              namespace: shop
              labels: {kubernetes.io/service-name: web}
            addressType: IPv4
            ports: [{port: 80}]
            endpoints: [{addresses: ["10.0.1.1"]}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: api-def
              namespace: shop
              labels: {kubernetes.io/service-name: api}
            addressType: IPv4
            ports:
            - name: http
              port: 8080
            - name: metrics
              port: 9090
            endpoints:
            - addresses: ["10.0.0.4"]
              conditions: {ready: true}
            - addresses: ["10.0.0.1"]
            """).Clean();

        Assert.Equal(["shop/api-abc", "shop/web-1", "shop/api-def"], set.EndpointSlices.Select(s => s.QualifiedName));
        var api = set.EndpointSlices[0];
        Assert.Equal("api", api.ServiceName);
        Assert.Equal("IPv4", api.AddressType);
        Assert.Equal([new EndpointPortDefinition { Name = "http", Port = 8080, Protocol = "TCP" }], api.Ports);

        // Only the first address of an endpoint counts; unset conditions read as the API says.
        Assert.Equal(
            [
                new EndpointDefinition { Address = "10.0.0.1", Ready = true, Serving = true },
                new EndpointDefinition { Address = "10.0.0.2", Ready = false, Serving = false },
                new EndpointDefinition { Address = "10.0.0.3", Ready = true, Serving = true },
            ],
            api.Endpoints);

        var web = set.EndpointSlices[1];
        Assert.Equal("web", web.ServiceName);
        Assert.Equal([new EndpointPortDefinition { Port = 80 }], web.Ports);
        Assert.Equal([new EndpointDefinition { Address = "10.0.1.1" }], web.Endpoints);

        var other = set.EndpointSlices[2];
        Assert.Equal(
            [
                new EndpointPortDefinition { Name = "http", Port = 8080, Protocol = "TCP" },
                new EndpointPortDefinition { Name = "metrics", Port = 9090, Protocol = "TCP" },
            ],
            other.Ports);
        Assert.Equal([new EndpointDefinition { Address = "10.0.0.4" }, new EndpointDefinition { Address = "10.0.0.1" }], other.Endpoints);
    }

    [Fact]
    public void A_terminating_endpoint_keeps_its_serving_condition()
    {
        var set = Loaded.From("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: api-abc
              labels: {kubernetes.io/service-name: api}
            addressType: IPv6
            ports: [{name: http, port: 8080}]
            endpoints:
            - addresses: ["fd00::1"]
              conditions: {ready: false, serving: true, terminating: true}
            """).Clean();

        var slice = Assert.Single(set.EndpointSlices);
        Assert.Equal("IPv6", slice.AddressType);
        Assert.Equal(new EndpointDefinition { Address = "fd00::1", Ready = false, Serving = true, Terminating = true }, Assert.Single(slice.Endpoints));
    }

    [Fact]
    public void An_EndpointSlice_without_its_service_label_is_skipped_with_a_warning()
    {
        var set = Loaded.From("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: orphan
              labels: {app: api}
            addressType: IPv4
            endpoints: [{addresses: ["10.0.0.1"]}]
            """);

        Assert.Empty(set.EndpointSlices);
        var warning = set.Only();
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("EndpointSlice", warning.Kind);
        Assert.Equal("metadata.labels", warning.Field);
        Assert.Equal(5, warning.Line);
        Assert.Contains("kubernetes.io/service-name", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_Endpoints_and_other_kinds_are_skipped_with_info_and_ConfigMaps_are_read()
    {
        var set = Loaded.From("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec: {replicas: 2}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: api}
            ---
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: knative}
            """);

        Assert.Empty(set.Services);
        var settings = Assert.Single(set.ConfigMaps);
        Assert.Equal(("default/settings", "b"), (settings.QualifiedName, settings.Data["a"]));
        Assert.Equal(3, set.Diagnostics.Count);
        Assert.All(set.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal("Deployment", set.Diagnostics[0].Kind);
        Assert.Equal("default", set.Diagnostics[0].Namespace);
        Assert.Equal("api", set.Diagnostics[0].Name);
        Assert.Equal(1, set.Diagnostics[0].Line);
        Assert.Contains("Deployment (apps/v1) is not used by IngressCore", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal(11, set.Diagnostics[1].Line);
        Assert.Contains("EndpointSlice", set.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Contains("serving.knative.dev/v1", set.Diagnostics[2].Message, StringComparison.Ordinal);
    }
}
