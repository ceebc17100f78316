using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>
/// Values reach the model exactly as YAML defines them, whatever their style: objects are
/// written as JSON for KubernetesClient's deserializer, and nothing may change on the way.
/// </summary>
public sealed class ValueFidelityTests
{
    [Fact]
    public void Annotation_values_of_every_style_arrive_unchanged()
    {
        var longValue = string.Join(" ", Enumerable.Range(0, 60).Select(i => "word" + i));
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations:
                plain: /$1/${host}
                colon: "a: b # not a comment"
                single: 'it''s'
                escapes: "tab\there\u00e9\U0001F600 \"q\" \\ end"
                leading: "  spaced  "
                empty: ""
                nothing:
                tilde: "~"
                literal: |
                  line one
                    indented
                  last
                literal-strip: |-
                  no newline
                folded: >
                  folded
                  text

                  para
                long: LONGVALUE
                json: '{"a": [1, 2], "b": null}'
                star: "*.example.com"
                amp: "&anchor-looking"
                snippet: |
                  location / { return 200; }
            spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            """.Replace("LONGVALUE", longValue, StringComparison.Ordinal)).Clean();

        var annotations = Assert.Single(set.Ingresses).Annotations;
        Assert.Equal("/$1/${host}", annotations["plain"]);
        Assert.Equal("a: b # not a comment", annotations["colon"]);
        Assert.Equal("it's", annotations["single"]);
        Assert.Equal("tab\there\u00e9\U0001F600 \"q\" \\ end", annotations["escapes"]);
        Assert.Equal("  spaced  ", annotations["leading"]);
        Assert.Equal(string.Empty, annotations["empty"]);
        Assert.Equal(string.Empty, annotations["nothing"]);
        Assert.Equal("~", annotations["tilde"]);
        Assert.Equal("line one\n  indented\nlast\n", annotations["literal"]);
        Assert.Equal("no newline", annotations["literal-strip"]);
        Assert.Equal("folded text\npara\n", annotations["folded"]);
        Assert.Equal(longValue, annotations["long"]);
        Assert.Equal("{\"a\": [1, 2], \"b\": null}", annotations["json"]);
        Assert.Equal("*.example.com", annotations["star"]);
        Assert.Equal("&anchor-looking", annotations["amp"]);
        Assert.Equal("location / { return 200; }\n", annotations["snippet"]);
    }

    [Fact]
    public void A_null_is_read_as_no_value_in_every_form_as_the_API_reads_JSON_null()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - {port: 80, targetPort: ~}
              - {port: 81, targetPort: }
              - port: 82
                targetPort:
              - {"port": 83, "targetPort": null}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations: {a: , b: ~, c: null}
            spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            """).Clean();

        Assert.All(Assert.Single(set.Services).Ports, p => Assert.Null(p.TargetPort));
        var annotations = Assert.Single(set.Ingresses).Annotations;
        Assert.Equal(["", "", ""], [annotations["a"], annotations["b"], annotations["c"]]);
    }

    [Fact]
    public void Paths_and_hosts_with_unusual_characters_arrive_unchanged_for_the_builder_to_judge()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              tls: [{hosts: ["*.example.com", "UPPER.example.com"]}]
              rules:
              - host: "*.example.com"
                http:
                  paths:
                  - path: "/a b/%2e%2e/;x"
                    pathType: ImplementationSpecific
                    backend: {service: {name: a, port: {number: 80}}}
                  - path: /(api|v1)/?(.*)
                    pathType: ImplementationSpecific
                    backend: {service: {name: a, port: {number: 80}}}
            """).Clean();

        var ingress = Assert.Single(set.Ingresses);
        Assert.Equal("*.example.com", ingress.Rules[0].Host);
        Assert.Equal("/a b/%2e%2e/;x", ingress.Rules[0].Paths![0].Path);
        Assert.Equal("/(api|v1)/?(.*)", ingress.Rules[0].Paths![1].Path);
        Assert.Equal(["*.example.com", "UPPER.example.com"], ingress.Tls[0].Hosts);
    }
}
