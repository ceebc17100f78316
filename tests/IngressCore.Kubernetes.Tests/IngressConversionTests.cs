using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>networking.k8s.io/v1 Ingress → <see cref="IngressDefinition"/>, field for field, with source lines.</summary>
public sealed class IngressConversionTests
{
    // Line numbers are part of the expectations below: keep this text's layout.
    private const string FullIngress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          creationTimestamp: "2024-01-02T03:04:05Z"
          annotations:
            nginx.ingress.kubernetes.io/rewrite-target: /$1
            kubernetes.io/ingress.class: nginx
        spec:
          ingressClassName: ingresscore
          defaultBackend:
            service:
              name: fallback
              port:
                name: http
          tls:
          - hosts:
            - shop.example.com
            - "*.shop.example.com"
            secretName: shop-tls
          - hosts: [other.example.com]
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /api
                pathType: Prefix
                backend:
                  service:
                    name: api
                    port:
                      number: 8080
              - path: /exact
                pathType: Exact
                backend:
                  resource:
                    apiGroup: k8s.example.com
                    kind: StorageBucket
                    name: assets
              - path: /impl
                pathType: ImplementationSpecific
                backend:
                  service:
                    name: impl
                    port: {name: web}
              - backend:
                  service: {name: nopath, port: {number: 81}}
          - host: nohttp.example.com
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: root, port: {number: 80}}}
        """;

    [Fact]
    public void Every_field_of_an_Ingress_is_converted()
    {
        using var folder = new TempFolder();
        var file = folder.Write("ingress.yaml", FullIngress);

        var set = ManifestLoader.Load(file).Clean();

        var ingress = Assert.Single(set.Ingresses);
        Assert.Equal("shop", ingress.Namespace);
        Assert.Equal("web", ingress.Name);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), ingress.CreationTimestamp);
        Assert.Equal("ingresscore", ingress.IngressClassName);
        Assert.Equal(2, ingress.Annotations.Count);
        Assert.Equal("/$1", ingress.Annotations["nginx.ingress.kubernetes.io/rewrite-target"]);
        Assert.Equal("nginx", ingress.Annotations["kubernetes.io/ingress.class"]);
        Assert.Equal(IngressBackend.ForService("fallback", "http"), ingress.DefaultBackend);

        Assert.Equal(2, ingress.Tls.Count);
        Assert.Equal(["shop.example.com", "*.shop.example.com"], ingress.Tls[0].Hosts);
        Assert.Equal("shop-tls", ingress.Tls[0].SecretName);
        Assert.Equal(["other.example.com"], ingress.Tls[1].Hosts);
        Assert.Null(ingress.Tls[1].SecretName);

        Assert.Equal(3, ingress.Rules.Count);
        var shop = ingress.Rules[0];
        Assert.Equal("shop.example.com", shop.Host);
        Assert.NotNull(shop.Paths);
        Assert.Equal(4, shop.Paths.Count);
        Assert.Equal(new IngressPath { Path = "/api", PathType = PathType.Prefix, Backend = IngressBackend.ForService("api", 8080) }, shop.Paths[0]);
        Assert.Equal("/exact", shop.Paths[1].Path);
        Assert.Equal(PathType.Exact, shop.Paths[1].PathType);
        Assert.Null(shop.Paths[1].Backend!.ServiceName);
        Assert.Equal(new IngressResourceReference("k8s.example.com", "StorageBucket", "assets"), shop.Paths[1].Backend!.Resource);
        Assert.Equal(new IngressPath { Path = "/impl", PathType = PathType.ImplementationSpecific, Backend = IngressBackend.ForService("impl", "web") }, shop.Paths[2]);
        Assert.Equal(new IngressPath { Path = null, PathType = null, Backend = IngressBackend.ForService("nopath", 81) }, shop.Paths[3]);

        Assert.Equal("nohttp.example.com", ingress.Rules[1].Host);
        Assert.Null(ingress.Rules[1].Paths);

        Assert.Null(ingress.Rules[2].Host);
        var root = Assert.Single(ingress.Rules[2].Paths!);
        Assert.Equal(IngressBackend.ForService("root", 80), root.Backend);
    }

    [Fact]
    public void The_source_names_the_file_and_the_line_of_every_field()
    {
        using var folder = new TempFolder();
        var file = folder.Write("ingress.yaml", FullIngress);

        var source = Assert.Single(ManifestLoader.Load(file).Ingresses).Source!;

        Assert.Equal(file, source.Path);
        Assert.Equal(1, source.Line);
        Assert.Equal(4, source.LineOf("metadata.name"));
        Assert.Equal(5, source.LineOf("metadata.namespace"));
        Assert.Equal(8, source.LineOf("metadata.annotations[nginx.ingress.kubernetes.io/rewrite-target]"));
        Assert.Equal(9, source.LineOf("metadata.annotations.kubernetes.io/ingress.class"));
        Assert.Equal(11, source.LineOf("spec.ingressClassName"));
        Assert.Equal(16, source.LineOf("spec.defaultBackend.service.port.name"));
        Assert.Equal(18, source.LineOf("spec.tls[0]"));
        Assert.Equal(20, source.LineOf("spec.tls[0].hosts[1]"));
        Assert.Equal(21, source.LineOf("spec.tls[0].secretName"));
        Assert.Equal(22, source.LineOf("spec.tls[1].hosts[0]"));
        Assert.Equal(24, source.LineOf("spec.rules[0].host"));
        Assert.Equal(27, source.LineOf("spec.rules[0].http.paths[0].path"));
        Assert.Equal(28, source.LineOf("spec.rules[0].http.paths[0].pathType"));
        Assert.Equal(33, source.LineOf("spec.rules[0].http.paths[0].backend.service.port.number"));
        Assert.Equal(34, source.LineOf("spec.rules[0].http.paths[1].path"));
        Assert.Equal(39, source.LineOf("spec.rules[0].http.paths[1].backend.resource.kind"));
        Assert.Equal(46, source.LineOf("spec.rules[0].http.paths[2].backend.service.port.name"));
        Assert.Equal(47, source.LineOf("spec.rules[0].http.paths[3]"));
        Assert.Equal(48, source.LineOf("spec.rules[0].http.paths[3].backend.service.port.number"));
        Assert.Equal(50, source.LineOf("spec.rules[2]"));
        Assert.Equal(52, source.LineOf("spec.rules[2].http.paths[0].path"));

        // An unknown field falls back to its nearest known parent.
        Assert.Equal(47, source.LineOf("spec.rules[0].http.paths[3].path"));
    }

    [Fact]
    public void The_builders_diagnostics_carry_the_line_of_the_field()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              rules:
              - host: Shop.Example.com
                http:
                  paths:
                  - path: /ok
                    pathType: Prefix
                    backend: {service: {name: api, port: {number: 80}}}
                  - path: /bad;path
                    pathType: Prefix
                    backend: {service: {name: api, port: {number: 70000}}}
            """).Clean();

        var builder = new RouteTableBuilder().AddRange(set.Ingresses);
        builder.Build();

        var host = Assert.Single(builder.Diagnostics, d => d.Field == "spec.rules[0].host");
        Assert.Equal(7, host.Line);
        var path = Assert.Single(builder.Diagnostics, d => d.Field == "spec.rules[0].http.paths[1].path");
        Assert.Equal(13, path.Line);
        var port = Assert.Single(builder.Diagnostics, d => d.Field == "spec.rules[0].http.paths[1].backend.service.port.number");
        Assert.Equal(15, port.Line);
        Assert.All(builder.Diagnostics, d => Assert.Equal(set.Files[0], d.File));
    }

    [Fact]
    public void A_missing_namespace_is_default_and_a_missing_timestamp_is_null()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              defaultBackend: {service: {name: api, port: {number: 80}}}
            """).Clean().Ingresses);

        Assert.Equal("default", ingress.Namespace);
        Assert.Null(ingress.CreationTimestamp);
        Assert.Empty(ingress.Annotations);
        Assert.Empty(ingress.Rules);
        Assert.Empty(ingress.Tls);
        Assert.Null(ingress.IngressClassName);
    }

    [Fact]
    public void A_timestamp_with_an_offset_keeps_its_instant()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              creationTimestamp: 2024-01-02T03:04:05.25+02:00
            spec:
              defaultBackend: {service: {name: api, port: {number: 80}}}
            """).Clean().Ingresses);

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 1, 4, 5, 250, TimeSpan.Zero), ingress.CreationTimestamp);
    }

    [Fact]
    public void An_http_section_without_paths_gives_an_empty_path_list_for_the_builder_to_report()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - host: a.example.com
                http: {}
            """).Clean().Ingresses);

        Assert.NotNull(ingress.Rules[0].Paths);
        Assert.Empty(ingress.Rules[0].Paths!);
    }

    [Fact]
    public void A_path_without_a_backend_and_a_service_without_a_port_reach_the_builder_as_written()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - http:
                  paths:
                  - path: /a
                    pathType: Exact
                  - path: /b
                    pathType: Exact
                    backend: {service: {name: api}}
            """).Clean().Ingresses);

        Assert.Null(ingress.Rules[0].Paths![0].Backend);
        Assert.Equal(new IngressBackend { ServiceName = "api" }, ingress.Rules[0].Paths![1].Backend);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("PREFIX")]
    [InlineData("Regex")]
    [InlineData("\"\"")]
    public void An_unknown_pathType_refuses_the_Ingress_and_names_the_field(string pathType)
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
            spec:
              rules:
              - http:
                  paths:
                  - path: /a
                    pathType: Exact
                    backend: {service: {name: api, port: {number: 80}}}
                  - path: /b
                    pathType: PATHTYPE
                    backend: {service: {name: api, port: {number: 80}}}
            """.Replace("PATHTYPE", pathType, StringComparison.Ordinal));

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("spec.rules[0].http.paths[1].pathType", error.Field);
        Assert.Equal(14, error.Line);
        Assert.Equal("Ingress", error.Kind);
        Assert.Equal("shop", error.Namespace);
        Assert.Equal("web", error.Name);
        Assert.Contains("Exact, Prefix or ImplementationSpecific", error.Message, StringComparison.Ordinal);
        Assert.Contains("case-sensitive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_pathType_is_null_which_the_builder_reads_as_Prefix()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - http:
                  paths:
                  - path: /a
                    backend: {service: {name: api, port: {number: 80}}}
            """).Clean().Ingresses);

        Assert.Null(ingress.Rules[0].Paths![0].PathType);
    }

    [Fact]
    public void Output_of_kubectl_get_with_status_and_managed_fields_is_read()
    {
        var ingress = Assert.Single(Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              creationTimestamp: "2023-05-06T07:08:09Z"
              generation: 3
              name: web
              namespace: default
              resourceVersion: "12345"
              uid: 0f6f1f7e-2a8a-4b7e-9f55-5d8f1c0a1b2c
              managedFields:
              - apiVersion: networking.k8s.io/v1
                fieldsType: FieldsV1
                fieldsV1:
                  f:spec:
                    f:rules: {}
                manager: kubectl-client-side-apply
                operation: Update
                time: "2023-05-06T07:08:09Z"
            spec:
              ingressClassName: nginx
              rules:
              - host: a.example.com
                http:
                  paths:
                  - backend:
                      service:
                        name: api
                        port:
                          number: 80
                    path: /
                    pathType: Prefix
            status:
              loadBalancer:
                ingress:
                - ip: 192.0.2.10
            """).Clean().Ingresses);

        Assert.Equal("nginx", ingress.IngressClassName);
        Assert.Equal(new DateTimeOffset(2023, 5, 6, 7, 8, 9, TimeSpan.Zero), ingress.CreationTimestamp);
    }
}
