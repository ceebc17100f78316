using System.Text;
using IngressCore.Annotations;
using IngressCore.Fuzz.Support;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// The rewrite-target template grammar (<c>$1</c>-<c>$9</c>, redirect URLs), also as
/// x-forwarded-prefix, on a use-regex Ingress whose path has two captures. A template that is
/// accepted must be its parts, and expanding it must give a safe request-target or Location.
/// </summary>
internal static class RewriteTemplateTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var value = FuzzText.Utf8(input);
        var ingress = Ingresses.Create(
            "rewrite", "fuzz.example.com", "/app(/|$)(.*)", PathType.ImplementationSpecific,
            [("use-regex", "true"), ("rewrite-target", value), ("x-forwarded-prefix", value)]);
        var parsed = IngressAnnotations.Parse(ingress, []);
        if (parsed.RewriteTarget is { } target)
        {
            AssertParts(target.Template);
        }

        if (parsed.XForwardedPrefix is { } prefix)
        {
            AssertParts(prefix);
        }

        var table = Serving.Build(ingress);
        foreach (var request in Serving.PlainRequests)
        {
            Serving.Decide(table, request);
        }
    }

    /// <summary>Parsing keeps everything: the parts written back are the text.</summary>
    private static void AssertParts(RewriteTemplate template)
    {
        var text = new StringBuilder();
        foreach (var part in template.Parts)
        {
            text.Append(part.Kind == RewriteTemplatePartKind.Literal ? part.Literal : "$" + part.Group);
        }

        if (text.ToString() != template.Text)
        {
            throw new FuzzFinding($"the template {template.Text} parses to parts that read {text}");
        }
    }
}
