using System.Text;

namespace IngressCore.Annotations;

/// <summary>
/// Text with nginx variables, as <c>auth-url</c>, <c>auth-signin</c> and <c>auth-cache-key</c> are
/// written (<c>https://$host/oauth2/start?rd=$escaped_request_uri</c>): parsed once into literal and
/// variable parts, each variable one of the few ingress-nginx documents for the annotation
/// (<see cref="AuthVariable"/>), and expanded by copying typed values. Never an nginx script: an
/// unknown variable refuses the annotation.
/// </summary>
internal sealed class AuthTemplate
{
    private AuthTemplate(string text, AuthTemplatePart[] parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The value as written.</summary>
    public string Text { get; }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<AuthTemplatePart> Parts { get; }

    /// <summary>Whether any part is a variable.</summary>
    public bool HasVariables => Parts.Any(p => p.Variable != AuthVariable.None);

    /// <summary>Whether the template names <paramref name="variable"/>.</summary>
    public bool Uses(AuthVariable variable) => Parts.Any(p => p.Variable == variable);

    /// <summary>
    /// Parses <paramref name="text"/>: literal characters that <paramref name="literal"/> admits and
    /// <c>$name</c> variables among <paramref name="allowed"/>. Returns why it is refused, or <see langword="null"/>.
    /// </summary>
    public static string? TryParse(string text, Func<char, bool> literal, IReadOnlySet<AuthVariable> allowed, out AuthTemplate? template)
    {
        template = null;
        var parts = new List<AuthTemplatePart>();
        var problem = ParseInto(text, 0, text.Length, literal, allowed, parts);
        if (problem is not null)
        {
            return problem;
        }

        template = new AuthTemplate(text, [.. parts]);
        return null;
    }

    /// <summary>A template from parts a caller has already checked.</summary>
    internal static AuthTemplate FromParts(string text, AuthTemplatePart[] parts) => new(text, parts);

    /// <summary>Parses <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>] into <paramref name="parts"/>.</summary>
    internal static string? ParseInto(string text, int start, int end, Func<char, bool> literal, IReadOnlySet<AuthVariable> allowed, List<AuthTemplatePart> parts)
    {
        var run = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c != '$')
            {
                if (!literal(c))
                {
                    return $"has the character '{c}' where it is not allowed";
                }

                run.Append(c);
                continue;
            }

            var nameStart = i + 1;
            var nameEnd = nameStart;
            while (nameEnd < end && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart)
            {
                return "has a '$' that starts no variable";
            }

            var name = text[nameStart..nameEnd];
            var (variable, argument) = Variable(name);
            if (variable == AuthVariable.None || !allowed.Contains(variable))
            {
                var names = string.Join(", ", allowed.Select(Name).Order(StringComparer.Ordinal));
                return $"names the variable ${name}, which is not expanded here (allowed: {names})";
            }

            if (run.Length > 0)
            {
                parts.Add(new AuthTemplatePart(AuthVariable.None, run.ToString()));
                run.Clear();
            }

            parts.Add(new AuthTemplatePart(variable, argument));
            i = nameEnd - 1;
        }

        if (run.Length > 0)
        {
            parts.Add(new AuthTemplatePart(AuthVariable.None, run.ToString()));
        }

        return null;
    }

    /// <summary>The value with every variable expanded; inside a URL, characters a URL may not carry are percent-encoded.</summary>
    public string Expand(AuthRequestValues values, bool url)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part.Variable == AuthVariable.None)
            {
                text.Append(part.Text);
                continue;
            }

            var value = Value(part, values) ?? string.Empty;
            if (url)
            {
                AppendUrlSafe(text, value);
            }
            else
            {
                text.Append(value);
            }
        }

        return text.ToString();
    }

    /// <summary>A variable's value.</summary>
    internal static string? Value(AuthTemplatePart part, AuthRequestValues values) => part.Variable switch
    {
        AuthVariable.Host => values.Host,
        AuthVariable.HttpHost => values.HttpHost,
        AuthVariable.BestHttpHost => values.BestHttpHost,
        AuthVariable.Scheme => values.Scheme,
        AuthVariable.PassAccessScheme => values.PassAccessScheme,
        AuthVariable.RequestUri => values.RequestUri,
        AuthVariable.EscapedRequestUri => Uri.EscapeDataString(values.RequestUri),
        AuthVariable.RequestMethod => values.Method,
        AuthVariable.RemoteAddr => values.RemoteAddr,
        AuthVariable.RemoteUser => BasicCredentialsUser(values.Header("Authorization")),
        AuthVariable.Header => values.Header(part.Text),
        AuthVariable.Cookie => values.Cookie(part.Text),
        _ => null,
    };

    /// <summary>How a variable is written, for messages.</summary>
    public static string Name(AuthVariable variable) => variable switch
    {
        AuthVariable.Host => "$host",
        AuthVariable.HttpHost => "$http_host",
        AuthVariable.BestHttpHost => "$best_http_host",
        AuthVariable.Scheme => "$scheme",
        AuthVariable.PassAccessScheme => "$pass_access_scheme",
        AuthVariable.RequestUri => "$request_uri",
        AuthVariable.EscapedRequestUri => "$escaped_request_uri",
        AuthVariable.RequestMethod => "$request_method",
        AuthVariable.RemoteAddr => "$remote_addr",
        AuthVariable.RemoteUser => "$remote_user",
        AuthVariable.Header => "$http_NAME",
        AuthVariable.Cookie => "$cookie_NAME",
        _ => "",
    };

    /// <summary>The user name of a Basic <c>Authorization</c> header, as nginx's <c>$remote_user</c> reads it.</summary>
    internal static string? BasicCredentialsUser(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (AuthVariable Variable, string Argument) Variable(string name) => name switch
    {
        "host" => (AuthVariable.Host, ""),
        "http_host" => (AuthVariable.HttpHost, ""),
        "best_http_host" => (AuthVariable.BestHttpHost, ""),
        "scheme" => (AuthVariable.Scheme, ""),
        "pass_access_scheme" => (AuthVariable.PassAccessScheme, ""),
        "request_uri" => (AuthVariable.RequestUri, ""),
        "escaped_request_uri" => (AuthVariable.EscapedRequestUri, ""),
        "request_method" => (AuthVariable.RequestMethod, ""),
        "remote_addr" => (AuthVariable.RemoteAddr, ""),
        "remote_user" => (AuthVariable.RemoteUser, ""),
        _ when name.StartsWith("http_", StringComparison.Ordinal) && name.Length > 5 && IsLowerName(name.AsSpan(5)) =>
            (AuthVariable.Header, name[5..].Replace('_', '-')),
        _ when name.StartsWith("cookie_", StringComparison.Ordinal) && name.Length > 7 => (AuthVariable.Cookie, name[7..]),
        _ => (AuthVariable.None, ""),
    };

    // nginx lower-cases header names for $http_; an upper-case letter would name no header.
    private static bool IsLowerName(ReadOnlySpan<char> name) => !name.ContainsAnyInRange('A', 'Z');

    private static void AppendUrlSafe(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c > ' ' && c < 0x7F && c is not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}'))
            {
                text.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
