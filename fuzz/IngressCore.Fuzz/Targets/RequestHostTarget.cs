using IngressCore.Fuzz.Support;
using IngressCore.Matching;
using IngressCore.Tests.Reference;

namespace IngressCore.Fuzz.Targets;

/// <summary>
/// Request host reduction (port, trailing dot, IPv6 brackets; ASCII case folded by the lookup)
/// and the wildcard parent, against the reference transcription of docs/matching.md §2.
/// </summary>
internal static class RequestHostTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var host = FuzzText.Utf8(input);
        var trimmed = RequestHost.Trim(host);
        var engine = Lower(trimmed);
        var reference = ReferenceMatcher.NormalizeHost(host);

        // An unclosed IPv6 literal ("[::1.") is no host name: Kestrel refuses such a Host, and no
        // rule host can start with '[', so the engine keeping a trailing dot the reference drops
        // selects the same (host-less) rules. Only the wildcard parent must agree: there is none.
        var unclosed = host.StartsWith('[') && !host.Contains(']', StringComparison.Ordinal);
        if (engine != reference && !unclosed)
        {
            throw new FuzzFinding($"{host}: the engine reduces it to {engine}, the reference to {reference}");
        }

        var parent = Lower(RequestHost.ParentOfSingleLabel(trimmed));
        var expected = ReferenceParent(reference);
        if (parent != expected)
        {
            throw new FuzzFinding($"{host}: the engine's wildcard parent is '{parent}', the reference's '{expected}'");
        }
    }

    /// <summary>docs/matching.md §2: the parent when the first label is one non-empty label of <c>[a-z0-9_-]</c>.</summary>
    private static string ReferenceParent(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < name.Length - 1 && name[..dot].All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')
            ? name[(dot + 1)..]
            : string.Empty;
    }

    private static string Lower(ReadOnlySpan<char> text)
    {
        var chars = text.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(chars[i] + ('a' - 'A'));
            }
        }

        return new string(chars);
    }
}
