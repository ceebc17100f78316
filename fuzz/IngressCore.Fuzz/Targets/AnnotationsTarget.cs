using IngressCore.Fuzz.Support;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// Any annotations on one Ingress, through the builder and the request decision: every grammar
/// the annotation parser has, and the unknown, unsupported and snippet sweeps.
/// </summary>
internal static class AnnotationsTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var annotations = new List<(string, string)>();
        foreach (var record in FuzzText.Utf8(input).Split('\u001e'))
        {
            var newline = record.IndexOf('\n', StringComparison.Ordinal);
            annotations.Add(newline < 0 ? (record, string.Empty) : (record[..newline], record[(newline + 1)..]));
        }

        var table = Serving.Build(
            Ingresses.Create("primary", "fuzz.example.com", "/app", PathType.Prefix, annotations),
            Ingresses.Create("root", "fuzz.example.com", "/", PathType.Prefix));
        foreach (var request in Serving.PlainRequests)
        {
            Serving.Decide(table, request);
        }
    }
}
