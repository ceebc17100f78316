using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>Multi-document YAML, <c>kind: List</c>, typed lists and JSON.</summary>
public sealed class DocumentFormTests
{
    [Fact]
    public void Every_document_of_a_multi_document_file_is_read_with_its_own_lines()
    {
        var set = Loaded.From("""
            # a comment before the first document
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: one}
            spec:
              defaultBackend: {service: {name: a, port: {number: 80}}}
            ---
            ---
            # an empty document above, a comment-only one here
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: two
            spec:
              rules:
              - host: two.example.com
            ...
            --- 
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            spec: {ports: [{port: 80}]}
            """).Clean();

        Assert.Equal(["one", "two"], set.Ingresses.Select(i => i.Name));
        Assert.Equal(2, set.Ingresses[0].Source!.Line);
        Assert.Equal(11, set.Ingresses[1].Source!.Line);
        Assert.Equal(14, set.Ingresses[1].Source!.LineOf("metadata.name"));
        Assert.Equal(17, set.Ingresses[1].Source!.LineOf("spec.rules[0].host"));
        Assert.Equal(20, Assert.Single(set.Services).Source!.Line);
    }

    [Fact]
    public void A_List_gives_its_items_with_field_paths_relative_to_each_item()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: List
            metadata: {resourceVersion: ""}
            items:
            - apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata:
                name: first
              spec:
                rules:
                - host: a.example.com
                  http:
                    paths:
                    - path: /a
                      pathType: Exact
                      backend: {service: {name: a, port: {number: 80}}}
            - apiVersion: v1
              kind: Service
              metadata: {name: a}
              spec:
                ports: [{port: 80}]
            - apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata: {name: second}
              spec: {defaultBackend: {service: {name: a, port: {name: http}}}}
            """).Clean();

        Assert.Equal(["first", "second"], set.Ingresses.Select(i => i.Name));
        var first = set.Ingresses[0].Source!;
        Assert.Equal(5, first.Line);
        Assert.Equal(8, first.LineOf("metadata.name"));
        Assert.Equal(11, first.LineOf("spec.rules[0].host"));
        Assert.Equal(14, first.LineOf("spec.rules[0].http.paths[0].path"));
        Assert.Equal(17, Assert.Single(set.Services).Source!.Line);
        Assert.Equal(22, set.Ingresses[1].Source!.Line);
        Assert.Equal(IngressBackend.ForService("a", "http"), set.Ingresses[1].DefaultBackend);
    }

    [Fact]
    public void Errors_inside_a_List_item_name_the_field_relative_to_the_item_and_the_right_line()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata: {name: good}
              spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            - apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata: {name: bad}
              spec:
                rules:
                - http:
                    paths:
                    - path: /
                      pathType: prefix
                      backend: {service: {name: a, port: {number: 80}}}
            - "not an object"
            """);

        Assert.Equal("good", Assert.Single(set.Ingresses).Name);
        Assert.Equal(2, set.Diagnostics.Count);
        var pathType = set.Diagnostics[0];
        Assert.Equal("spec.rules[0].http.paths[0].pathType", pathType.Field);
        Assert.Equal(16, pathType.Line);
        Assert.Equal("bad", pathType.Name);
        var item = set.Diagnostics[1];
        Assert.Equal("List", item.Kind);
        Assert.Equal("items[2]", item.Field);
        Assert.Equal(18, item.Line);
        Assert.Contains("must be an object with apiVersion and kind", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_list_as_the_API_returns_it_may_leave_kind_out_of_its_items()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: IngressList
            metadata: {resourceVersion: "42"}
            items:
            - metadata: {name: a}
              spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            - metadata: {name: b}
              spec: {defaultBackend: {service: {name: b, port: {number: 80}}}}
            """).Clean();

        Assert.Equal(["a", "b"], set.Ingresses.Select(i => i.Name));
    }

    [Fact]
    public void A_JSON_file_is_read_with_lines_including_a_List_and_tab_indentation()
    {
        var set = Loaded.From(
            "{\n" +
            "\t\"apiVersion\": \"v1\",\n" +
            "\t\"kind\": \"List\",\n" +
            "\t\"items\": [\n" +
            "\t\t{\n" +
            "\t\t\t\"apiVersion\": \"networking.k8s.io/v1\",\n" +
            "\t\t\t\"kind\": \"Ingress\",\n" +
            "\t\t\t\"metadata\": {\"name\": \"web\", \"namespace\": \"shop\", \"annotations\": {\"a\": \"1\"}},\n" +
            "\t\t\t\"spec\": {\n" +
            "\t\t\t\t\"rules\": [{\n" +
            "\t\t\t\t\t\"host\": \"shop.example.com\",\n" +
            "\t\t\t\t\t\"http\": {\"paths\": [\n" +
            "\t\t\t\t\t\t{\"path\": \"/a\", \"pathType\": \"Exact\", \"backend\": {\"service\": {\"name\": \"a\", \"port\": {\"number\": 80}}}},\n" +
            "\t\t\t\t\t\t{\"path\": \"/b\", \"pathType\": \"Prefix\", \"backend\": {\"service\": {\"name\": \"b\", \"port\": {\"name\": \"http\"}}}}\n" +
            "\t\t\t\t\t]}\n" +
            "\t\t\t\t}]\n" +
            "\t\t\t}\n" +
            "\t\t}\n" +
            "\t]\n" +
            "}\n",
            "ingress.json").Clean();

        var ingress = Assert.Single(set.Ingresses);
        Assert.Equal("shop/web", ingress.QualifiedName);
        Assert.Equal("1", ingress.Annotations["a"]);
        Assert.Equal(
            [
                new IngressPath { Path = "/a", PathType = PathType.Exact, Backend = IngressBackend.ForService("a", 80) },
                new IngressPath { Path = "/b", PathType = PathType.Prefix, Backend = IngressBackend.ForService("b", "http") },
            ],
            ingress.Rules[0].Paths!);
        Assert.Equal(5, ingress.Source!.Line);
        Assert.Equal(11, ingress.Source.LineOf("spec.rules[0].host"));
        Assert.Equal(14, ingress.Source.LineOf("spec.rules[0].http.paths[1].path"));
    }

    [Fact]
    public void A_wrong_type_in_JSON_is_reported_like_in_YAML()
    {
        var set = Loaded.From("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
             "metadata": {"name": "web"},
             "spec": {"defaultBackend": {"service": {"name": "a", "port": {"number": "80"}}}}}
            """, "ingress.json");

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal("spec.defaultBackend.service.port.number", error.Field);
        Assert.Equal(3, error.Line);
        Assert.Contains("must be a number, not the string \"80\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_List_without_items_is_empty_and_a_List_inside_a_List_is_refused()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: List
            items: []
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: List
              items: []
            """);

        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("items[0]", error.Field);
        Assert.Equal(8, error.Line);
        Assert.Contains("List inside a List", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_marks_are_accepted_for_UTF8_and_UTF16()
    {
        const string Yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: caf\u00e9-bom\nspec: {defaultBackend: {service: {name: a, port: {number: 80}}}}\n";
        using var folder = new TempFolder();
        var utf8 = folder.WriteBytes("utf8.yaml", [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(Yaml)]);
        var utf16 = folder.WriteBytes("utf16.yaml", [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(Yaml.Replace("-bom", "-16", StringComparison.Ordinal))]);

        var set = ManifestLoader.Load(utf8, utf16).Clean();

        Assert.Equal(["caf\u00e9-bom", "caf\u00e9-16"], set.Ingresses.Select(i => i.Name));
        Assert.Equal(4, set.Ingresses[1].Source!.LineOf("metadata.name"));
    }

    [Fact]
    public void Empty_and_comment_only_files_give_nothing()
    {
        using var folder = new TempFolder();
        folder.Write("empty.yaml", string.Empty);
        folder.Write("comments.yaml", "# nothing here\n---\n# still nothing\n");
        folder.Write("null.json", "null");

        var set = ManifestLoader.Load(folder.Path).Clean();

        Assert.Equal(3, set.Files.Count);
        Assert.Empty(set.Ingresses);
    }
}
