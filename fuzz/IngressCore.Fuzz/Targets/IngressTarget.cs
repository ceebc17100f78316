using IngressCore.Fuzz.Support;
using IngressCore.Model;

namespace IngressCore.Fuzz.Targets;

/// <summary>A rule host, path and path type through validation and the builder: served exactly when there is no error.</summary>
internal static class IngressTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var lines = FuzzText.Lines(FuzzText.Utf8(input), 3);
        // By name only, as a manifest gives it: Enum.TryParse also takes numbers outside the enum.
        var type = Enum.GetValues<PathType>().FirstOrDefault(t => t.ToString() == lines[2], PathType.Prefix);
        var table = Serving.Build(Ingresses.Create("fuzz", lines[0], lines[1].Length > 0 ? lines[1] : "/", type));
        foreach (var request in Serving.PlainRequests)
        {
            Serving.Decide(table, request);
        }
    }
}
