using IngressCore.Fuzz.Support;
using IngressCore.Matching;
using IngressCore.Tests.Reference;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// Request path normalisation (query cut, percent-decoding, <c>//</c>, dot segments, refusals)
/// against the reference transcription of docs/matching.md §3; any difference is a finding.
/// </summary>
internal static class RequestPathTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var target = FuzzText.Utf8(input);
        var engine = NormalizedPath.Of(target);
        var reference = ReferenceMatcher.NormalizePath(target);
        if (engine != reference)
        {
            throw new FuzzFinding($"{target}: the engine normalises to {engine ?? "(400)"}, the reference to {reference ?? "(400)"}");
        }

        if (NormalizedPath.IsRoot(target) != (engine == "/"))
        {
            throw new FuzzFinding($"{target}: IsRoot says {NormalizedPath.IsRoot(target)} for the path {engine ?? "(400)"}");
        }
    }
}
