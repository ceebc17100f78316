using System.Text.Json;
using IngressCore.Decisions;

namespace IngressCore.Cli.Commands;

/// <summary>
/// One request to route: <c>{"host":…,"path":…,"method":…,"scheme":…,"headers":{},"cookies":{}}</c>
/// (docs/cli.md). <see cref="Path"/> is the request-target as sent: path and optional query.
/// </summary>
internal sealed record MatchRequest(
    string Host,
    string Path,
    string Method,
    string Scheme,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Cookies) : IIngressRequest
{
    private static readonly Dictionary<string, string> None = [];

    string IIngressRequest.Target => Path;

    /// <summary>No listener here: the port the Host header names, else the scheme's default.</summary>
    int IIngressRequest.ServerPort
    {
        get
        {
            var colon = Host.LastIndexOf(':');
            return colon > 0 && !Host.EndsWith(']') && int.TryParse(Host.AsSpan(colon + 1), out var port)
                ? port
                : Scheme == "https" ? 443 : 80;
        }
    }

    /// <summary>A JSON request comes from no trusted proxy.</summary>
    string? IIngressRequest.ForwardedHost => null;

    string? IIngressRequest.GetHeader(string name) => Headers.GetValueOrDefault(name);

    /// <summary>
    /// From <c>cookies</c>, else from a <c>Cookie</c> header in <c>headers</c> (a request copied
    /// from a browser carries its cookies there): the first pair of that name.
    /// </summary>
    string? IIngressRequest.GetCookie(string name)
    {
        if (Cookies.TryGetValue(name, out var value))
        {
            return value;
        }

        if (!Headers.TryGetValue("Cookie", out var header))
        {
            return null;
        }

        foreach (var pair in header.Split(';'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return pair[(equals + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Reads one JSON line; returns the problem instead of throwing.</summary>
    public static (MatchRequest? Request, string? Error) FromJson(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "a request must be a JSON object");
            }

            return (new MatchRequest(
                ReadString(root, "host") ?? string.Empty,
                ReadString(root, "path") ?? "/",
                ReadString(root, "method") ?? "GET",
                ReadString(root, "scheme") ?? "http",
                ReadMap(root, "headers"),
                ReadMap(root, "cookies")), null);
        }
        catch (JsonException e)
        {
            return (null, $"not a JSON request: {e.Message}");
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Builds a request from <c>--request URL</c>: an absolute http(s) URL, or a request-target with the host in a Host header.</summary>
    public static (MatchRequest? Request, string? Error) FromUrl(string url, CliOptions options)
    {
        var headers = options.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        // nginx compares cookie names without regard to case, as the JSON form's map does.
        var cookies = options.Cookies.ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
        headers.TryGetValue("Host", out var hostHeader);
        var scheme = "http";
        string host;
        string target;

        // Split by hand: System.Uri would resolve dot segments and unescape, hiding what the engine sees.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            scheme = url[..schemeEnd].ToLowerInvariant();
            if (scheme is not ("http" or "https"))
            {
                return (null, $"--request: only http and https URLs are routed, got '{scheme}'");
            }

            var rest = url[(schemeEnd + 3)..];
            var pathStart = rest.IndexOfAny(['/', '?', '#']);
            host = pathStart < 0 ? rest : rest[..pathStart];
            target = pathStart < 0 ? "/" : rest[pathStart..];
            if (target.StartsWith('?'))
            {
                target = "/" + target;
            }
        }
        else if (url.StartsWith('/'))
        {
            host = hostHeader ?? string.Empty;
            target = url;
        }
        else
        {
            return (null, $"--request takes an absolute URL (http://host/path) or a path starting with '/', got '{url}'");
        }

        var at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host[(at + 1)..];
        }

        return (new MatchRequest(hostHeader ?? host, target, options.Method, scheme, headers, cookies), null);
    }

    private static string? ReadString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"\"{name}\" must be a string");
    }

    private static IReadOnlyDictionary<string, string> ReadMap(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return None;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"\"{name}\" must be an object of strings");
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new FormatException($"\"{name}.{property.Name}\" must be a string");
        }

        return map;
    }
}
