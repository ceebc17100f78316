using IngressCore.Diagnostics;

namespace IngressCore.Annotations;

/// <summary>
/// <c>server-alias</c>: more host names the Ingress's hosts answer for, with the same paths,
/// certificate and policies (nginx's <c>server_name host alias…</c>).
/// </summary>
/// <remarks>
/// Grammar: a comma list of host names (as a rule host: lower-case DNS names, or <c>*.</c> and one
/// label's wildcard). ingress-nginx also admits nginx's server-name regexes (<c>~^www\d+\.</c>) and
/// suffix wildcards (<c>example.*</c>); those are refused here. Which aliases a host finally gets
/// (the first Ingress of the host that sets them; none that is a host of its own) is decided when
/// the table is built.
/// </remarks>
internal static class ServerAliases
{
    internal const string Name = "server-alias";

    public static IReadOnlyList<string>? Parse(AnnotationReader reader)
    {
        var value = reader.ReadTrimmedList(Name);
        if (value is null)
        {
            return null;
        }

        var aliases = new List<string>();
        foreach (var item in value.Split(','))
        {
            if (item.Length == 0)
            {
                continue;
            }

            if (item.Length > 253)
            {
                reader.Invalid(Name, value, "has a name longer than 253 characters");
                return null;
            }

            if (HostName.Validate(item) is { } problem)
            {
                reader.Invalid(Name, value, $"has '{Printable.Of(item)}', which is not a host name ({problem}); nginx regexes and suffix wildcards are not supported");
                return null;
            }

            if (!aliases.Contains(item, StringComparer.Ordinal))
            {
                aliases.Add(item);
            }
        }

        aliases.Sort(StringComparer.Ordinal);
        return aliases.Count == 0 ? null : aliases;
    }
}
