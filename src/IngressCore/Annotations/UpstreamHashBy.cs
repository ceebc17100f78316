using System.Collections.Frozen;

namespace IngressCore.Annotations;

/// <summary>
/// <c>upstream-hash-by</c>: the key whose consistent hash picks the endpoint, built per request
/// from literal text and nginx variables (ingress-nginx's chash balancer,
/// rootfs/etc/nginx/lua/balancer/chash.lua and <c>util.generate_var_value</c>).
/// </summary>
/// <remarks>
/// Grammar: ingress-nginx's <c>^[A-Za-z0-9\-_${}]*$</c>, read as a sequence of literal runs of
/// <c>[A-Za-z0-9_-]</c> and variables <c>$name</c> or <c>${name}</c>. Only variables IngressCore
/// can evaluate are accepted: <c>request_uri</c>, <c>uri</c>, <c>args</c>, <c>query_string</c>,
/// <c>host</c>, <c>http_host</c>, <c>scheme</c>, <c>request_method</c>, <c>remote_addr</c>,
/// <c>binary_remote_addr</c>, <c>server_name</c>, <c>server_port</c> and the families
/// <c>http_NAME</c> (a request header, <c>_</c> for <c>-</c>), <c>cookie_NAME</c> and
/// <c>arg_NAME</c>. ingress-nginx evaluates any nginx variable (an unknown one hashes as empty
/// text, sending every request to one endpoint); here an unknown variable is an error.
/// </remarks>
internal sealed class UpstreamHashBy
{
    internal const string Name = "upstream-hash-by";

    private static readonly FrozenDictionary<string, HashVariable> Plain = new Dictionary<string, HashVariable>(StringComparer.Ordinal)
    {
        ["request_uri"] = HashVariable.RequestUri,
        ["uri"] = HashVariable.Uri,
        ["args"] = HashVariable.Args,
        ["query_string"] = HashVariable.Args,
        ["host"] = HashVariable.Host,
        ["http_host"] = HashVariable.Host,
        ["scheme"] = HashVariable.Scheme,
        ["request_method"] = HashVariable.RequestMethod,
        ["remote_addr"] = HashVariable.RemoteAddr,
        ["binary_remote_addr"] = HashVariable.RemoteAddr,
        ["server_name"] = HashVariable.Host,
        ["server_port"] = HashVariable.ServerPort,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private UpstreamHashBy(string value, IReadOnlyList<HashPart> parts)
    {
        Value = value;
        Parts = parts;
    }

    /// <summary>The value as written (<c>$request_uri</c>).</summary>
    public string Value { get; }

    /// <summary>The key's parts, in order: literal text and the variables that are evaluated per request.</summary>
    public IReadOnlyList<HashPart> Parts { get; }

    /// <inheritdoc />
    public override string ToString() => Value;

    internal static UpstreamHashBy? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name, allowed: "${}");
        if (value is null)
        {
            return null;
        }

        var parts = new List<HashPart>();
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] != '$')
            {
                var start = i;
                while (i < value.Length && IsLiteral(value[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    reader.Invalid(Name, value, $"has the character '{value[i]}' outside a ${{…}} variable; literal text is letters, digits, '-' and '_'");
                    return null;
                }

                parts.Add(new HashPart(HashVariable.Literal, value[start..i]));
                continue;
            }

            // $name or ${name}
            i++;
            var braced = i < value.Length && value[i] == '{';
            if (braced)
            {
                i++;
            }

            var nameStart = i;
            while (i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] == '_'))
            {
                i++;
            }

            var name = value[nameStart..i];
            if (name.Length == 0 || (braced && (i >= value.Length || value[i] != '}')))
            {
                reader.Invalid(Name, value, "has a '$' that starts no variable; write $name or ${name}");
                return null;
            }

            if (braced)
            {
                i++;
            }

            if (Variable(name) is not { } part)
            {
                reader.Invalid(Name, value, $"uses the variable ${name}, which IngressCore cannot evaluate; use request_uri, uri, args, host, scheme, request_method, remote_addr, server_port, or http_NAME, cookie_NAME, arg_NAME");
                return null;
            }

            parts.Add(part);
        }

        return new UpstreamHashBy(value, parts.AsReadOnly());
    }

    private static bool IsLiteral(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static HashPart? Variable(string name)
    {
        if (Plain.TryGetValue(name, out var plain))
        {
            return new HashPart(plain, name);
        }

        // nginx's $http_NAME reads the header NAME with '_' for '-', case-insensitively.
        return Family(name, "http_", HashVariable.Header, n => n.Replace('_', '-'))
            ?? Family(name, "cookie_", HashVariable.Cookie, n => n)
            ?? Family(name, "arg_", HashVariable.QueryArgument, n => n);
    }

    private static HashPart? Family(string name, string prefix, HashVariable kind, Func<string, string> argument) =>
        name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
            ? new HashPart(kind, argument(name[prefix.Length..]))
            : null;
}

/// <summary>One part of an <see cref="UpstreamHashBy"/> key.</summary>
/// <param name="Kind">A literal or the variable read.</param>
/// <param name="Text">The literal text, or the header, cookie or query argument name of a family variable.</param>
internal sealed record HashPart(HashVariable Kind, string Text);

/// <summary>What a <see cref="HashPart"/> reads from the request.</summary>
internal enum HashVariable
{
    /// <summary>Literal text.</summary>
    Literal,

    /// <summary><c>$request_uri</c>: the request-target as the client sent it.</summary>
    RequestUri,

    /// <summary><c>$uri</c>: the path.</summary>
    Uri,

    /// <summary><c>$args</c>: the query without its <c>?</c>.</summary>
    Args,

    /// <summary><c>$host</c>: the Host header without port, lower case.</summary>
    Host,

    /// <summary><c>$scheme</c>.</summary>
    Scheme,

    /// <summary><c>$request_method</c>.</summary>
    RequestMethod,

    /// <summary><c>$remote_addr</c>: the client address.</summary>
    RemoteAddr,

    /// <summary><c>$server_port</c>.</summary>
    ServerPort,

    /// <summary><c>$http_NAME</c>.</summary>
    Header,

    /// <summary><c>$cookie_NAME</c>.</summary>
    Cookie,

    /// <summary><c>$arg_NAME</c>.</summary>
    QueryArgument,
}
