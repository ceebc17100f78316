using static IngressCore.Tests.Support.Manifest;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Matching;

namespace IngressCore.Tests.Building;

/// <summary>
/// docs/matching.md §1.2: an Ingress with any invalid field is refused whole with an error naming
/// namespace/name and the exact field path; the rest of the table is built.
/// </summary>
public sealed class ValidationTests
{
    /// <summary>A valid Ingress that must keep serving whatever is wrong with the other one.</summary>
    private static readonly IngressDefinition Good = Ingress("good", Rule("shop.example.com", Prefix("/", "shop", 80)));

    /// <summary>The refused Ingress's valid first rule: it must not be served either.</summary>
    private static readonly IngressRule ValidFirstRule = Rule("bad.example.com", Prefix("/ok", "ok", 80));

    private static readonly Dictionary<string, (IngressDefinition Bad, string Field)> InvalidCases = new()
    {
        ["host with a port"] = (BadRule(Rule("bad.example.com:8080", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["IPv4 host"] = (BadRule(Rule("10.0.0.1", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["IPv6 host"] = (BadRule(Rule("::1", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["bracketed IPv6 host"] = (BadRule(Rule("[2001:db8::1]", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["'*' alone as host"] = (BadRule(Rule("*", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["inner wildcard"] = (BadRule(Rule("foo.*.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["two wildcard labels"] = (BadRule(Rule("*.*.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["wildcard inside a label"] = (BadRule(Rule("a*.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["'*.' with nothing after it"] = (BadRule(Rule("*.", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["upper-case host"] = (BadRule(Rule("Shop.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["host with a trailing dot"] = (BadRule(Rule("shop.example.com.", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["host with an underscore"] = (BadRule(Rule("my_shop.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["host label starting with '-'"] = (BadRule(Rule("-shop.example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["host longer than 253 characters"] = (BadRule(Rule(LongHost(254), Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["host label longer than 63 characters"] = (BadRule(Rule(new string('a', 64) + ".example.com", Prefix("/", "web", 80))), "spec.rules[1].host"),
        ["path without a leading '/'"] = (BadRule(Rule("bad.example.com", Prefix("/x", "web", 80), Prefix("foo", "web", 80))), "spec.rules[1].http.paths[1].path"),
        ["Exact path without a leading '/'"] = (BadRule(Rule("bad.example.com", Exact("foo", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with '//'"] = (BadRule(Rule("bad.example.com", Prefix("/a//b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with a '.' segment"] = (BadRule(Rule("bad.example.com", Prefix("/a/./b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with a '..' segment"] = (BadRule(Rule("bad.example.com", Exact("/a/../b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path ending in '/..'"] = (BadRule(Rule("bad.example.com", Prefix("/a/..", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["ImplementationSpecific path with a '..' segment"] = (BadRule(Rule("bad.example.com", Specific("/a/../b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["Prefix path with regex characters"] = (BadRule(Rule("bad.example.com", Prefix("/api/(.*)", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["Exact path with '^'"] = (BadRule(Rule("bad.example.com", Exact("/^api", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with '%'"] = (BadRule(Rule("bad.example.com", Specific("/a%20b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with a space"] = (BadRule(Rule("bad.example.com", Prefix("/a b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with a quote"] = (BadRule(Rule("bad.example.com", Specific("/a\"b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with ';'"] = (BadRule(Rule("bad.example.com", Specific("/a;b", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path with a control character"] = (BadRule(Rule("bad.example.com", Prefix("/a\nb", "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["path longer than 2048 characters"] = (BadRule(Rule("bad.example.com", Prefix("/" + new string('a', 2048), "web", 80))), "spec.rules[1].http.paths[0].path"),
        ["undefined pathType"] = (BadRule(Rule("bad.example.com", Path("/", (PathType)42, IngressBackend.ForService("web", 80)))), "spec.rules[1].http.paths[0].pathType"),
        ["missing backend"] = (BadRule(Rule("bad.example.com", Path("/", PathType.Prefix, null))), "spec.rules[1].http.paths[0].backend"),
        ["backend naming neither service nor resource"] = (BadRule(Rule("bad.example.com", Path("/", PathType.Prefix, new IngressBackend()))), "spec.rules[1].http.paths[0].backend"),
        ["backend naming both service and resource"] = (BadRule(Rule("bad.example.com", Path("/", PathType.Prefix, IngressBackend.ForService("web", 80) with { Resource = new IngressResourceReference(null, "Bucket", "b") }))), "spec.rules[1].http.paths[0].backend"),
        ["both port number and name"] = (BadRule(Rule("bad.example.com", Path("/", PathType.Prefix, new IngressBackend { ServiceName = "web", PortNumber = 80, PortName = "http" }))), "spec.rules[1].http.paths[0].backend.service.port"),
        ["neither port number nor name"] = (BadRule(Rule("bad.example.com", Path("/", PathType.Prefix, new IngressBackend { ServiceName = "web" }))), "spec.rules[1].http.paths[0].backend.service.port"),
        ["port number 0"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", 0))), "spec.rules[1].http.paths[0].backend.service.port.number"),
        ["port number 65536"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", 65536))), "spec.rules[1].http.paths[0].backend.service.port.number"),
        ["negative port number"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", -80))), "spec.rules[1].http.paths[0].backend.service.port.number"),
        ["upper-case port name"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", "HTTP"))), "spec.rules[1].http.paths[0].backend.service.port.name"),
        ["port name with '--'"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", "h--ttp"))), "spec.rules[1].http.paths[0].backend.service.port.name"),
        ["port name without a letter"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", "8080"))), "spec.rules[1].http.paths[0].backend.service.port.name"),
        ["port name longer than 15 characters"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", "abcdefghijklmnop"))), "spec.rules[1].http.paths[0].backend.service.port.name"),
        ["empty port name"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", ""))), "spec.rules[1].http.paths[0].backend.service.port.name"),
        ["service name starting with a digit"] = (BadRule(Rule("bad.example.com", Prefix("/", "1web", 80))), "spec.rules[1].http.paths[0].backend.service.name"),
        ["upper-case service name"] = (BadRule(Rule("bad.example.com", Prefix("/", "Web", 80))), "spec.rules[1].http.paths[0].backend.service.name"),
        ["service name with a dot"] = (BadRule(Rule("bad.example.com", Prefix("/", "web.prod", 80))), "spec.rules[1].http.paths[0].backend.service.name"),
        ["empty service name"] = (BadRule(Rule("bad.example.com", Prefix("/", "", 80))), "spec.rules[1].http.paths[0].backend.service.name"),
        ["bad default backend port"] = (Bad() with { DefaultBackend = IngressBackend.ForService("web", 70000) }, "spec.defaultBackend.service.port.number"),
        ["bad default backend service name"] = (Bad() with { DefaultBackend = IngressBackend.ForService("-web", 80) }, "spec.defaultBackend.service.name"),
        ["upper-case Ingress name"] = (Bad() with { Name = "Bad" }, "metadata.name"),
        ["Ingress name with '_'"] = (Bad() with { Name = "bad_one" }, "metadata.name"),
        ["empty Ingress name"] = (Bad() with { Name = "" }, "metadata.name"),
        ["Ingress name with a tab"] = (Bad() with { Name = "bad\tone" }, "metadata.name"),
        ["Ingress name with a line break and an escape"] = (Bad() with { Name = "bad\n\u001b[2Jx" }, "metadata.name"),
        ["namespace with a dot"] = (Bad() with { Namespace = "team.a" }, "metadata.namespace"),
        ["namespace with a line break"] = (Bad() with { Namespace = "team\nfake: error" }, "metadata.namespace"),
        ["namespace longer than 63 characters"] = (Bad() with { Namespace = new string('n', 64) }, "metadata.namespace"),
        ["no rules and no defaultBackend"] = (Bad() with { Rules = [] }, "spec"),
        ["empty paths list"] = (BadRule(new IngressRule { Host = "bad.example.com", Paths = [] }), "spec.rules[1].http.paths"),
        ["invalid TLS host"] = (Bad() with { Tls = [new IngressTls { Hosts = ["bad.example.com", "*"], SecretName = "cert" }] }, "spec.tls[0].hosts[1]"),
        ["empty TLS host"] = (Bad() with { Tls = [new IngressTls { Hosts = [""], SecretName = "cert" }] }, "spec.tls[0].hosts[0]"),
        ["invalid TLS secret name"] = (Bad() with { Tls = [new IngressTls { Hosts = ["bad.example.com"], SecretName = "Cert" }] }, "spec.tls[0].secretName"),
        ["port number 0"] = (BadRule(Rule("bad.example.com", Prefix("/", "web", 0))), "spec.rules[1].http.paths[0].backend.service.port.number"),
    };

    /// <summary>What the error of an invalid case says: the reason, not only the field.</summary>
    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["path without a leading '/'"] = "path 'foo' must start with '/'",
        ["path with '//'"] = "path must not contain '//'",
        ["path with a '.' segment"] = "path must not contain a '.' segment",
        ["path with a '..' segment"] = "path must not contain a '..' segment",
        ["path with a space"] = "path contains ' '; Prefix paths may only",
        ["path with a quote"] = "path contains '\"', which is not allowed",
        ["path with a control character"] = "path contains '\\u000a'; Prefix paths may only",
        ["path longer than 2048 characters"] = "path is 2049 characters long; at most 2048 are allowed",
        ["undefined pathType"] = "pathType must be Exact, Prefix or ImplementationSpecific",
        ["missing backend"] = "backend is required",
        ["backend naming neither service nor resource"] = "backend must name a service (or a resource)",
        ["backend naming both service and resource"] = "backend must name either a service or a resource, not both",
        ["both port number and name"] = "service port must set a number or a name, not both",
        ["neither port number nor name"] = "service port must set a number or a name",
        ["empty port name"] = "port name",
        ["bad default backend port"] = "port number 70000 is outside 1-65535",
        ["port number 0"] = "port number 0 is outside 1-65535",
        ["no rules and no defaultBackend"] = "either spec.defaultBackend or spec.rules must be specified",
        ["empty paths list"] = "http.paths must list at least one path",
        ["empty TLS host"] = "host must not be empty",
        ["invalid TLS secret name"] = "secretName",
    };

    public static TheoryData<string> ReasonCaseNames => [.. Reasons.Keys];

    /// <summary>Unusual but valid input: no error, and the Ingress is served.</summary>
    private static readonly Dictionary<string, IngressDefinition> ValidCases = new()
    {
        ["wildcard host"] = Ingress("ok", Rule("*.example.com", Prefix("/", "web", 80))),
        ["host of exactly 253 characters"] = Ingress("ok", Rule(LongHost(253), Prefix("/", "web", 80))),
        ["host label of exactly 63 characters"] = Ingress("ok", Rule(new string('a', 63) + ".example.com", Prefix("/", "web", 80))),
        ["numeric labels that are not an IP address"] = Ingress("ok", Rule("999.1.1.1", Prefix("/", "web", 80))),
        ["path of exactly 2048 characters"] = Ingress("ok", Rule("ok.example.com", Prefix("/" + new string('a', 2047), "web", 80))),
        ["path with '~', '_', '-' and dots inside names"] = Ingress("ok", Rule("ok.example.com", Exact("/~user/a_b-c/app.min.js", "web", 80))),
        ["path segment of three dots"] = Ingress("ok", Rule("ok.example.com", Prefix("/...", "web", 80))),
        ["ImplementationSpecific path with regex characters"] = Ingress("ok", Rule("ok.example.com", Specific("/api/(.*)", "web", 80))),
        ["empty path and no pathType"] = Ingress("ok", Rule("ok.example.com", Path("", null, IngressBackend.ForService("web", 80)))),
        ["named port"] = Ingress("ok", Rule("ok.example.com", Prefix("/", "web", "http-alt"))),
        ["port 65535"] = Ingress("ok", Rule("ok.example.com", Prefix("/", "web", 65535))),
        ["port 1"] = Ingress("ok", Rule("ok.example.com", Prefix("/", "web", 1))),
        ["empty host means every host"] = Ingress("ok", Rule("", Prefix("/", "web", 80))),
        ["rule without http section"] = Ingress("ok", new IngressRule { Host = "ok.example.com" }) with { DefaultBackend = IngressBackend.ForService("web", 80) },
        ["resource backend"] = Ingress("ok", Rule("ok.example.com", Path("/", PathType.Prefix, new IngressBackend { Resource = new IngressResourceReference("k8s.example.com", "StorageBucket", "static") }))),
        ["dotted Ingress name"] = Ingress("ok.v2", Rule("ok.example.com", Prefix("/", "web", 80))),
    };

    public static TheoryData<string> InvalidCaseNames => [.. InvalidCases.Keys];

    public static TheoryData<string> ValidCaseNames => [.. ValidCases.Keys];

    [Theory]
    [MemberData(nameof(InvalidCaseNames))]
    public void An_invalid_field_refuses_the_whole_Ingress_with_an_error_naming_it_and_the_field(string name)
    {
        var (bad, field) = InvalidCases[name];

        var table = new RouteTableBuilder().Add(Good).Add(bad).Build();

        var errors = table.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((bad.Namespace, bad.Name, "Ingress"), (e.Namespace, e.Name, e.Kind)));
        Assert.Contains(field, errors.Select(e => e.Field));
        Assert.Contains($"{Escaped(bad.Namespace)}/{Escaped(bad.Name)}: {field}: error: ", errors.Single(e => e.Field == field).ToString(), StringComparison.Ordinal);
        // The names as given are kept for code; what is shown has no control character in it.
        Assert.All(errors, e => Assert.Equal($"{Escaped(bad.Namespace)}/{Escaped(bad.Name)}", e.ObjectName));
        Assert.All(errors, e => Assert.DoesNotContain(e.ToString(), char.IsControl));

        // Refused whole: not even its valid first rule is served; the other Ingress is.
        Assert.Equal(["default/good"], table.Ingresses.Select(i => i.QualifiedName));
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("bad.example.com", "/ok").Status);
        Assert.Equal("shop", table.Match("shop.example.com", "/").Route?.Backend.ServiceName);
    }

    [Theory]
    [MemberData(nameof(ReasonCaseNames))]
    public void The_error_says_why_the_field_is_refused(string name)
    {
        var (bad, field) = InvalidCases[name];

        var table = new RouteTableBuilder().Add(bad).Build();

        var error = Assert.Single(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Field == field);
        Assert.Contains(Reasons[name], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValidCaseNames))]
    public void Unusual_but_valid_input_is_served(string name)
    {
        var ingress = ValidCases[name];

        var table = new RouteTableBuilder().Add(ingress).Build();

        Assert.DoesNotContain(table.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal([ingress.QualifiedName], table.Ingresses.Select(i => i.QualifiedName));
    }

    [Fact]
    public void Every_error_of_an_Ingress_is_reported_not_only_the_first()
    {
        var bad = Bad() with
        {
            Rules =
            [
                Rule("Bad.example.com", Prefix("noslash", "web", 80), Prefix("/ok", "web", 0)),
                Rule("*", Exact("/a//b", "Web", 80)),
            ],
        };

        var table = new RouteTableBuilder().Add(bad).Build();

        Assert.Equal(
            [
                "spec.rules[0].host",
                "spec.rules[0].http.paths[0].path",
                "spec.rules[0].http.paths[1].backend.service.port.number",
                "spec.rules[1].host",
                "spec.rules[1].http.paths[0].backend.service.name",
                "spec.rules[1].http.paths[0].path",
            ],
            table.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_ImplementationSpecific_path_with_regex_characters_is_served_as_a_literal_prefix_with_a_warning()
    {
        var table = new RouteTableBuilder().Add(Ingress("rx", Rule("ok.example.com", Specific("/api/(.*)", "web", 80)))).Build();

        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "spec.rules[0].http.paths[0].path"), (warning.Severity, warning.Field));
        Assert.Equal(RouteMatchStatus.Matched, table.Match("ok.example.com", "/api/(.*)/x").Status);
        Assert.Equal(RouteMatchStatus.NotFound, table.Match("ok.example.com", "/api/v1").Status);
    }

    [Fact]
    public void A_resource_backend_is_skipped_with_a_warning_and_the_rest_of_the_Ingress_is_served()
    {
        var ingress = Ingress(
            "mixed",
            Rule(
                "ok.example.com",
                Path("/static", PathType.Prefix, new IngressBackend { Resource = new IngressResourceReference("k8s.example.com", "StorageBucket", "static") }),
                Prefix("/", "web", 80)));

        var table = new RouteTableBuilder().Add(ingress).Build();

        var warning = Assert.Single(table.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "spec.rules[0].http.paths[0].backend"), (warning.Severity, warning.Field));
        Assert.Equal("web", table.Match("ok.example.com", "/static/logo.png").Route?.Backend.ServiceName);
    }

    [Fact]
    public void A_diagnostic_names_the_file_and_the_line_of_the_field_when_the_source_is_known()
    {
        var source = new ManifestSource("manifests/bad.yaml", 3, new Dictionary<string, int> { ["spec.rules[1].host"] = 17, ["spec.rules[1]"] = 15 });
        var bad = BadRule(Rule("*", Prefix("/", "web", 80))) with { Source = source };

        var error = Assert.Single(new RouteTableBuilder().Add(bad).Build().Diagnostics);

        Assert.Equal(("manifests/bad.yaml", 17), (error.File, error.Line));
        Assert.StartsWith("manifests/bad.yaml:17: team-a/bad: spec.rules[1].host: error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_is_escaped_in_diagnostics()
    {
        var bad = BadRule(Rule("bad.example.com", Prefix("/a\u001b[31m\nx", "web", 80)));

        var error = Assert.Single(new RouteTableBuilder().Add(bad).Build().Diagnostics);

        Assert.DoesNotContain('\u001b', error.ToString());
        Assert.DoesNotContain('\n', error.ToString());
    }

    private static IngressDefinition Bad() =>
        new() { Namespace = "team-a", Name = "bad", Rules = [ValidFirstRule] };

    private static IngressDefinition BadRule(IngressRule rule) => Bad() with { Rules = [ValidFirstRule, rule] };

    /// <summary>A valid-looking DNS name of exactly <paramref name="length"/> characters: 50-letter labels joined by dots.</summary>
    private static string LongHost(int length) =>
        new([.. Enumerable.Range(0, length).Select(i => i % 51 == 50 ? '.' : 'a')]);

    /// <summary>A name as diagnostics show it: control characters as <c>\uXXXX</c>.</summary>
    private static string Escaped(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
