namespace IngressCore.Diagnostics;

/// <summary>The Kubernetes object-name grammars (apimachinery validation), as error messages.</summary>
internal static class KubernetesName
{
    /// <summary>RFC 1123 subdomain, as for Ingress and Secret names: at most 253 characters.</summary>
    public static string? ValidateSubdomain(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} is required";
        }

        if (name.Length > 253)
        {
            return $"{what} is {name.Length} characters long; at most 253 are allowed";
        }

        foreach (var label in name.Split('.'))
        {
            if (!IsLabel(label, 63))
            {
                return $"{what} '{Printable.Of(name)}' must be a lower-case RFC 1123 subdomain (a-z, 0-9, '-' and '.', starting and ending with a letter or digit)";
            }
        }

        return null;
    }

    /// <summary>RFC 1123 label, as for namespaces: at most 63 characters.</summary>
    public static string? ValidateLabel(string? name, string what) =>
        string.IsNullOrEmpty(name) ? $"{what} is required"
        : IsLabel(name, 63) ? null
        : $"{what} '{Printable.Of(name)}' must be a lower-case RFC 1123 label (at most 63 of a-z, 0-9 and '-', starting and ending with a letter or digit)";

    /// <summary>RFC 1035 label, as for Service names: starts with a letter.</summary>
    public static string? ValidateServiceName(string? name, string what) =>
        string.IsNullOrEmpty(name) ? $"{what} is required"
        : IsLabel(name, 63) && char.IsAsciiLetterLower(name[0]) ? null
        : $"{what} '{Printable.Of(name)}' must be a lower-case RFC 1035 label (at most 63 of a-z, 0-9 and '-', starting with a letter)";

    /// <summary>IANA service name, as for named ports: at most 15 characters, a letter among them, no '--'.</summary>
    public static string? ValidatePortName(string name, string what) =>
        IsLabel(name, 15) && name.Any(char.IsAsciiLetterLower) && !name.Contains("--", StringComparison.Ordinal)
            ? null
            : $"{what} '{Printable.Of(name)}' must be an IANA service name (at most 15 of a-z, 0-9 and '-', with a letter, no '--')";

    private static bool IsLabel(string label, int maxLength)
    {
        if (label.Length == 0 || label.Length > maxLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
