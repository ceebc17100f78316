using System.Diagnostics;
using System.Text;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>
/// Input that is not a valid manifest, by mistake or on purpose: every case gives diagnostics
/// naming the file, line, field and reason, and never an exception.
/// </summary>
public sealed class HostileInputTests
{
    private const string GoodIngress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: good}
        spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
        """;

    [Fact]
    public void No_path_argument_is_an_error()
    {
        foreach (var set in new[] { ManifestLoader.Load(), ManifestLoader.Load(null!) })
        {
            var error = set.Only();
            Assert.Equal(DiagnosticSeverity.Error, error.Severity);
            Assert.Null(error.File);
            Assert.Contains("no manifest path was given", error.Message, StringComparison.Ordinal);
            Assert.Empty(set.Files);
        }
    }

    [Fact]
    public void Empty_and_missing_paths_are_errors_and_the_other_paths_are_still_read()
    {
        using var folder = new TempFolder();
        var good = folder.Write("good.yaml", GoodIngress);
        var missing = Path.Combine(folder.Path, "missing.yaml");

        var set = ManifestLoader.Load("", missing, good, "bad\0path");

        Assert.Equal("good", Assert.Single(set.Ingresses).Name);
        Assert.Equal(3, set.Diagnostics.Count);
        Assert.All(set.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Contains("an empty path was given", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal(missing, set.Diagnostics[1].File);
        Assert.Contains("no such file or folder", set.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Contains("bad\\u0000path", set.Diagnostics[2].Message, StringComparison.Ordinal);
        set.AssertPrintable();
    }

    [Fact]
    public void An_unreadable_file_is_an_error_for_that_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // As root, permissions do not stop a read; /proc/self/mem opens but fails to read at offset 0.
        var set = ManifestLoader.Load("/proc/self/mem");

        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("/proc/self/mem", error.File);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Equal(["/proc/self/mem"], set.Files);
    }

    [Fact]
    public void Invalid_YAML_is_an_error_at_the_parsers_line_and_earlier_documents_are_kept()
    {
        var set = Loaded.From(GoodIngress + """

            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: a
             namespace: b
            """);

        Assert.Equal("good", Assert.Single(set.Ingresses).Name);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(10, error.Line);
        Assert.Equal("-", error.Field);
        Assert.Null(error.Kind);
        Assert.StartsWith("invalid YAML (column ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the rest of the file was not read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_indentation_is_explained()
    {
        var set = Loaded.From("apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n");

        var error = set.Only();
        Assert.Equal(4, error.Line);
        Assert.Contains("YAML indentation must use spaces", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1")]
    [InlineData("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1")]
    [InlineData("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1")]
    [InlineData("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1")]
    public void A_removed_apiVersion_is_an_error_saying_it_is_no_longer_served(string apiVersion, string kind, string release, string use)
    {
        var set = Loaded.From($"""
            kind: {kind}
            metadata:
              name: old
              namespace: shop
            apiVersion: {apiVersion}
            spec: {"{}"}
            """);

        Assert.Empty(set.Ingresses);
        Assert.Empty(set.IngressClasses);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(kind, error.Kind);
        Assert.Equal("old", error.Name);
        Assert.Equal("apiVersion", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Contains($"{apiVersion} is no longer served (removed in Kubernetes {release})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"use apiVersion: {use}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_version_of_a_known_kind_is_an_error()
    {
        var set = Loaded.From("""
            apiVersion: v2
            kind: Service
            metadata: {name: a}
            """);

        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("apiVersion", error.Field);
        Assert.Equal(1, error.Line);
        Assert.Contains("Service is not served as \"v2\"; use apiVersion: v1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: Ingress\nmetadata: {name: a}\n", "apiVersion", "no apiVersion")]
    [InlineData("apiVersion: networking.k8s.io/v1\nmetadata: {name: a}\n", "kind", "no kind")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: ''\n", "kind", "no kind")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: [Ingress]\n", "kind", "must be a string, not a list")]
    public void A_document_without_kind_or_apiVersion_is_an_error(string yaml, string field, string message)
    {
        var set = Loaded.From(yaml);

        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(field, error.Field);
        Assert.True(error.Line is 1 or 2, error.ToString());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just text\n", "not the value \"just text\"")]
    [InlineData("- a\n- b\n", "not a list")]
    public void A_document_that_is_not_a_mapping_is_an_error(string yaml, string message)
    {
        var error = Loaded.From(yaml).Only();

        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(1, error.Line);
        Assert.Contains("a manifest must be a mapping with apiVersion and kind", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_without_a_name_is_an_error()
    {
        var error = Loaded.From("apiVersion: v1\nkind: Service\nmetadata:\n  namespace: a\n").Only();

        Assert.Equal("metadata.name", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("metadata.name is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("number: abc", "spec.defaultBackend.service.port.number", "must be a whole number, not \"abc\"")]
    [InlineData("number: \"80\"", "spec.defaultBackend.service.port.number", "must be a number, not the string \"80\"; write it without quotes")]
    [InlineData("number: 80.5", "spec.defaultBackend.service.port.number", "must be a whole number, not \"80.5\"")]
    [InlineData("number: 0x50", "spec.defaultBackend.service.port.number", "must be a whole number")]
    [InlineData("number: 99999999999", "spec.defaultBackend.service.port.number", "out of range")]
    [InlineData("number: [80]", "spec.defaultBackend.service.port.number", "must be a number, not a list")]
    [InlineData("name: {a: b}", "spec.defaultBackend.service.port.name", "must be a string, not a mapping")]
    public void A_field_of_the_wrong_type_is_an_error_naming_the_field(string port, string field, string message)
    {
        var set = Loaded.From($"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              defaultBackend:
                service:
                  name: api
                  port:
                    {port}
            """);

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("Ingress", error.Kind);
        Assert.Equal("default", error.Namespace);
        Assert.Equal("web", error.Name);
        Assert.Equal(field, error.Field);
        Assert.Equal(10, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules: a.example.com", "spec.rules", "must be a list, not the value \"a.example.com\"")]
    [InlineData("rules: [[a]]", "spec.rules[0]", "must be a mapping of fields, not a list")]
    [InlineData("tls: [{hosts: a.example.com}]", "spec.tls[0].hosts", "must be a list")]
    [InlineData("defaultBackend: api", "spec.defaultBackend", "must be a mapping of fields")]
    public void A_structure_of_the_wrong_shape_is_an_error_naming_the_field(string spec, string field, string message)
    {
        var set = Loaded.From($"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              {spec}
            """);

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(field, error.Field);
        Assert.Equal(6, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_and_booleans_are_checked()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: s
              creationTimestamp: yesterday
            type: kubernetes.io/tls
            immutable: "yes"
            """);

        Assert.Empty(set.Certificates);
        Assert.Equal(2, set.Diagnostics.Count);
        Assert.Equal("metadata.creationTimestamp", set.Diagnostics[0].Field);
        Assert.Equal(5, set.Diagnostics[0].Line);
        Assert.Contains("RFC 3339", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal("immutable", set.Diagnostics[1].Field);
        Assert.Equal(7, set.Diagnostics[1].Line);
        Assert.Contains("must be true or false", set.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_or_number_where_Kubernetes_wants_a_string_is_a_warning_and_the_text_is_kept()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations:
                nginx.ingress.kubernetes.io/use-regex: true
                nginx.ingress.kubernetes.io/proxy-body-size: 8
                quoted: "true"
            spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            """);

        var ingress = Assert.Single(set.Ingresses);
        Assert.Equal("true", ingress.Annotations["nginx.ingress.kubernetes.io/use-regex"]);
        Assert.Equal("8", ingress.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]);
        Assert.Equal(2, set.Diagnostics.Count);
        Assert.All(set.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal("metadata.annotations[nginx.ingress.kubernetes.io/use-regex]", set.Diagnostics[0].Field);
        Assert.Equal(6, set.Diagnostics[0].Line);
        Assert.Contains("read as a boolean", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("write it in quotes", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("read as a number", set.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_refuses_an_Ingress_and_suggests_the_right_name()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              rules:
              - http:
                  paths:
                  - path: /admin
                    pathtype: Exact
                    backend: {service: {name: a, port: {number: 80}}}
            """);

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("spec.rules[0].http.paths[0].pathtype", error.Field);
        Assert.Equal(10, error.Line);
        Assert.Contains("unknown field \"pathtype\" (did you mean \"pathType\"?); Kubernetes refuses unknown fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_in_a_Service_is_a_warning_and_the_Service_is_kept()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            spec:
              ports: [{port: 80}]
              selectr: {app: a}
            """);

        Assert.Single(set.Services);
        var warning = set.Only();
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.selectr", warning.Field);
        Assert.Equal(6, warning.Line);
        Assert.Contains("did you mean \"selector\"?", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_an_error_naming_both_lines()
    {
        var set = Loaded.From("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations:
                a: "1"
                a: "2"
            spec:
              defaultBackend: {service: {name: a, port: {number: 80}}}
            """);

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("metadata.annotations[a]", error.Field);
        Assert.Equal(7, error.Line);
        Assert.Contains("duplicate key \"a\" (first on line 6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_content_is_one_error_for_the_file()
    {
        using var folder = new TempFolder();
        var random = new Random(42);
        var garbage = new byte[4096];
        random.NextBytes(garbage);
        garbage[100] = 0;
        var binary = folder.WriteBytes("binary.yaml", garbage);
        var latin1 = folder.WriteBytes("latin1.yaml", Encoding.Latin1.GetBytes("apiVersion: v1\nkind: Service\nmetadata: {name: caf\u00e9}\n"));
        var control = folder.Write("control.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: \u001b[31mred}\n");

        var set = ManifestLoader.Load(binary, latin1, control);

        Assert.Equal(3, set.Diagnostics.Count);
        Assert.All(set.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Equal(binary, set.Diagnostics[0].File);
        Assert.Contains("binary, not YAML or JSON text", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal(latin1, set.Diagnostics[1].File);
        Assert.Equal(3, set.Diagnostics[1].Line);
        Assert.Contains("not valid UTF-8", set.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Equal(3, set.Diagnostics[2].Line);
        Assert.Contains("control character U+001B", set.Diagnostics[2].Message, StringComparison.Ordinal);
        set.AssertPrintable();
    }

    [Fact]
    public void A_file_over_16_MiB_is_refused_without_being_read()
    {
        using var folder = new TempFolder();
        var large = Path.Combine(folder.Path, "large.yaml");
        using (var stream = File.Create(large))
        {
            stream.SetLength(50L * 1024 * 1024); // sparse: no 50 MB are written
        }

        var good = folder.Write("good.yaml", GoodIngress);
        var clock = Stopwatch.StartNew();
        var set = ManifestLoader.Load(folder.Path);
        clock.Stop();

        Assert.Equal("good", Assert.Single(set.Ingresses).Name);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(large, error.File);
        Assert.Contains("52,428,800 bytes, over the 16 MiB limit", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Deep_nesting_is_refused_before_any_tree_is_built(string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000));
        var set = Loaded.From(GoodIngress + "\n---\n" + deep + "\n---\n" + GoodIngress.Replace("good", "after", StringComparison.Ordinal));

        Assert.Equal(["good", "after"], set.Ingresses.Select(i => i.Name));
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(6, error.Line);
        Assert.Contains("more than 100 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_deep_nesting_is_refused()
    {
        var set = Loaded.From(new string('[', 10_000));

        var error = set.Only();
        Assert.Equal(1, error.Line);
        Assert.Contains("more than 100 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_16_MiB_file_of_nesting_is_refused_quickly()
    {
        // The parser's cost grows with the depth it has reached: it must stop at the limit.
        var clock = Stopwatch.StartNew();
        var set = Loaded.From(new string('[', 16 * 1024 * 1024 - 16));
        clock.Stop();

        Assert.Contains("more than 100 levels deep", set.Only().Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Many_refused_documents_do_not_make_reading_slow()
    {
        var deep = new string('[', 200) + new string(']', 200) + "\n---\n";
        var clock = Stopwatch.StartNew();
        var set = Loaded.From(string.Concat(Enumerable.Repeat(deep, 500)) + GoodIngress);
        clock.Stop();

        Assert.Equal("good", Assert.Single(set.Ingresses).Name);
        Assert.Equal(500, set.Diagnostics.Count);
        Assert.Equal(3, set.Diagnostics[1].Line);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Nesting_of_100_levels_is_accepted()
    {
        var nested = string.Concat(Enumerable.Repeat("{a: ", 97)) + "1" + new string('}', 97);
        var set = Loaded.From($"apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels: {{x: \"y\"}}\nspec:\n  selector: {{}}\n  ports: [{{port: 80}}]\nextra: {nested}\n");

        Assert.Single(set.Services);
        Assert.Equal(DiagnosticSeverity.Warning, set.Only().Severity); // "extra" is an unknown field
    }

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused()
    {
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            var previous = (char)('a' + i - 1);
            var name = (char)('a' + i);
            bomb.Append("  ").Append(name).Append(": &").Append(name).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        var clock = Stopwatch.StartNew();
        var set = Loaded.From(bomb.ToString());
        clock.Stop();

        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(6, error.Line);
        Assert.Contains("uses the YAML alias *a", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Merge_keys_with_aliases_are_refused_but_anchors_alone_are_fine()
    {
        var set = Loaded.From("""
            apiVersion: v1
            kind: Service
            metadata: &meta {name: anchored}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              <<: *meta
              namespace: other
            """);

        Assert.Equal("anchored", Assert.Single(set.Services).Name);
        var error = set.Only();
        Assert.Equal(9, error.Line);
        Assert.Contains("alias *meta", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metadata:\n  name: a\n  <<: {namespace: b}\n", "metadata.<<", 5, "merge keys (<<) are not accepted")]
    [InlineData("metadata:\n  name: a\n  namespace: !!int b\n", "metadata.namespace", 5, "the YAML tag !!int is not accepted")]
    [InlineData("metadata:\n  name: a\nspec: !custom {ports: []}\n", "spec", 5, "the YAML tag !custom is not accepted")]
    [InlineData("metadata:\n  name: a\n  labels: {x: !!binary eA==}\n", "metadata.labels[x]", 5, "the YAML tag !!binary is not accepted")]
    public void Merge_keys_and_type_tags_are_refused(string rest, string field, int line, string message)
    {
        var set = Loaded.From("apiVersion: v1\nkind: Service\n" + rest);

        Assert.Empty(set.Services);
        var error = set.Only();
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_that_restate_the_kind_of_a_node_are_accepted()
    {
        var set = Loaded.From("apiVersion: v1\nkind: Service\nmetadata: !!map\n  name: !!str a\n  namespace: !!null\nspec: {ports: !!seq [{port: 80, targetPort: !!str 8080}]}\n").Clean();

        var service = Assert.Single(set.Services);
        Assert.Equal("default/a", service.QualifiedName);
        Assert.Equal("8080", service.Ports[0].TargetPort);
    }

    [Fact]
    public void An_empty_value_in_a_flow_mapping_is_null()
    {
        var set = Loaded.From("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: a, labels: {kubernetes.io/service-name: a}}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.1], conditions: {ready: , serving: true}}]\n").Clean();

        Assert.True(Assert.Single(Assert.Single(set.EndpointSlices).Endpoints).Ready);
    }

    [Fact]
    public void The_same_object_twice_keeps_the_first_in_file_order_and_names_both_places()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.yaml", "# first\n" + GoodIngress);
        var second = folder.Write("b/c.yaml", GoodIngress.Replace("name: a,", "name: other,", StringComparison.Ordinal) + "\n---\n" + GoodIngress);

        var set = ManifestLoader.Load(folder.Path);

        var ingress = Assert.Single(set.Ingresses);
        Assert.Equal(first, ingress.Source!.Path);
        Assert.Equal(IngressCore.Model.IngressBackend.ForService("a", 80), ingress.DefaultBackend);
        Assert.Equal(2, set.Diagnostics.Count);
        Assert.All(set.Diagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(second, d.File);
            Assert.Equal("default", d.Namespace);
            Assert.Equal("good", d.Name);
            Assert.Contains($"is defined twice: first at {first}:2, again here", d.Message, StringComparison.Ordinal);
        });
        Assert.Equal(1, set.Diagnostics[0].Line);
        Assert.Equal(6, set.Diagnostics[1].Line);
    }

    [Fact]
    public void The_same_name_in_another_namespace_or_kind_is_not_a_duplicate()
    {
        var set = Loaded.From(GoodIngress + "\n---\n" + GoodIngress.Replace("{name: good}", "{name: good, namespace: other}", StringComparison.Ordinal) +
                              "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: good}\n").Clean();

        Assert.Equal(2, set.Ingresses.Count);
        Assert.Single(set.Services);
    }

    [Fact]
    public void Untrusted_text_is_escaped_in_every_diagnostic()
    {
        var set = Loaded.From("""
            apiVersion: "evil.example.com/v1\e]0;title\a"
            kind: "Evil\e[2J"
            metadata: {name: "x\ny"}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: "web\r\nINJECTED", namespace: "ns\e[1m"}
            spec:
              "odd\tkey\u0085": 1
              rules:
              - http:
                  paths:
                  - path: /
                    pathType: "Exact\e[0m"
                    backend: {service: {name: a, port: {number: 80}}}
            """);

        Assert.Equal(2, set.Diagnostics.Count);
        set.AssertPrintable();
        Assert.Contains("Evil\\u001b[2J", set.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Equal("x\\u000ay", set.Diagnostics[0].Name);
        Assert.Equal("web\\u000d\\u000aINJECTED", set.Diagnostics[1].Name);
        Assert.Equal("ns\\u001b[1m", set.Diagnostics[1].Namespace);
        Assert.Equal("spec.odd\\u0009key\\u0085", set.Diagnostics[1].Field);
    }

    [Fact]
    public void A_flood_of_problems_in_one_file_is_cut_off()
    {
        var flood = string.Concat(Enumerable.Repeat("---\nfoo: bar\n", 5000));

        var set = Loaded.From(flood);

        Assert.Equal(ManifestReader.MaxDiagnosticsPerFile + 1, set.Diagnostics.Count);
        Assert.Contains("the rest of it was not read", set.Diagnostics[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_refused_documents_stops_after_a_thousand()
    {
        var deep = new string('[', 101) + new string(']', 101) + "\n---\n";
        var set = Loaded.From(string.Concat(Enumerable.Repeat(deep, 3000)) + GoodIngress);

        Assert.Empty(set.Ingresses);
        Assert.Equal(1001, set.Diagnostics.Count);
        Assert.Equal(2000, set.Diagnostics[^1].Line); // the "---" where reading would have gone on
        Assert.EndsWith("the rest of it was not read", set.Diagnostics[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_more_than_ten_thousand_documents_stops_there()
    {
        var set = Loaded.From(string.Concat(Enumerable.Repeat("---\n", 10_050)) + GoodIngress);

        Assert.Empty(set.Ingresses);
        var error = set.Only();
        Assert.Equal(10_001, error.Line);
        Assert.Contains("more than 10,000 YAML documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_values_are_cut_in_messages()
    {
        var set = Loaded.From($"apiVersion: v1\nkind: {new string('K', 100_000)}\nmetadata: {{name: a}}\n");

        var info = set.Only();
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.True(info.Message.Length < 300, info.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
