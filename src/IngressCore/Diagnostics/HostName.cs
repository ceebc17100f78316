using System.Net;
using IngressCore.Diagnostics;

namespace IngressCore.Diagnostics;

/// <summary>
/// Validates Ingress rule and TLS hosts as the Kubernetes API server does: a lower-case RFC 1123
/// DNS subdomain of at most 253 characters, labels of at most 63, optionally behind a single
/// leading <c>*.</c>; never an IP address, never a port.
/// </summary>
internal static class HostName
{
    private const int MaxLength = 253;
    private const int MaxLabel = 63;

    /// <summary>Returns why <paramref name="host"/> is not a valid rule host, or <see langword="null"/> when it is.</summary>
    public static string? Validate(string host)
    {
        if (host.Length > MaxLength)
        {
            return $"host is {host.Length} characters long; at most {MaxLength} are allowed";
        }

        if (host.Contains(':'))
        {
            return IPAddress.TryParse(host.Trim('[', ']'), out _)
                ? "host must be a DNS name, not an IP address"
                : "host must not carry a port (':' is not allowed)";
        }

        if (IPAddress.TryParse(host, out _) && host.Count(c => c == '.') == 3)
        {
            return "host must be a DNS name, not an IP address";
        }

        var name = host;
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            name = host[2..];
        }
        else if (host == "*")
        {
            return "a wildcard host must be '*.' followed by a domain ('*' alone is not allowed)";
        }

        if (name.Contains('*'))
        {
            return "'*' is only allowed as the whole first label ('*.example.com')";
        }

        if (name.Length == 0)
        {
            return "host must not be empty after '*.'";
        }

        foreach (var label in name.Split('.'))
        {
            var problem = ValidateLabel(label);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? ValidateLabel(string label)
    {
        if (label.Length == 0)
        {
            return "host has an empty label (a leading, trailing or doubled '.')";
        }

        if (label.Length > MaxLabel)
        {
            return $"host label '{Printable.Of(label)}' is {label.Length} characters long; at most {MaxLabel} are allowed";
        }

        foreach (var c in label)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return "host must be lower case (RFC 1123)";
            }

            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return $"host contains '{Printable.Of(c)}'; only a-z, 0-9, '-' and '.' are allowed (use the punycode form of an internationalised name)";
            }
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return $"host label '{label}' must start and end with a letter or digit";
        }

        return null;
    }
}
