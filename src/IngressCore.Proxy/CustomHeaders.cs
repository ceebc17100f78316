using System.Collections.Concurrent;
using IngressCore.Model;
using IngressCore.Runtime;

namespace IngressCore.Forwarding;

/// <summary>
/// <c>custom-headers</c>: the response headers of a ConfigMap, checked as ingress-nginx checks them
/// (internal/ingress/annotations/customheaders): names of <c>[A-Za-z0-9_-]</c>, values of visible
/// ASCII and spaces, each header allowed by <see cref="ForwardingOptions.AllowedResponseHeaders"/>.
/// Anything else, or a missing ConfigMap, denies the location (503). Read from the snapshot's
/// ConfigMaps and kept until they change, so an edited ConfigMap applies without a route rebuild.
/// </summary>
internal sealed class CustomHeaders(ForwardingOptions options, Action<string, string> warn)
{
    private readonly HashSet<string> _allowed = new(options.AllowedResponseHeaders, StringComparer.OrdinalIgnoreCase);
    private volatile Cache _cache = new(null);

    /// <summary>The headers of ConfigMap <paramref name="ns"/>/<paramref name="name"/>, or why the location is denied.</summary>
    public Result Get(IngressSnapshot snapshot, string ns, string name)
    {
        var configMaps = snapshot.Objects.ConfigMaps;
        var cache = _cache;
        if (!ReferenceEquals(cache.ConfigMaps, configMaps))
        {
            cache = new Cache(configMaps);
            _cache = cache;
        }

        return cache.Results.TryGetValue((ns, name), out var result)
            ? result
            : cache.Results.GetOrAdd((ns, name), key => Resolve(configMaps, key.Namespace, key.Name));
    }

    /// <summary>Whether <paramref name="name"/> is a header name ingress-nginx accepts here.</summary>
    public static bool IsHeaderName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private Result Resolve(IReadOnlyList<ConfigMapDefinition> configMaps, string ns, string name)
    {
        var configMap = configMaps.FirstOrDefault(c => c.Namespace == ns && c.Name == name);
        var problem = configMap is null ? "was not found" : Problem(configMap);
        if (problem is not null)
        {
            warn($"{ns}/{name}", problem);
            return new Result(null, problem);
        }

        return new Result([.. configMap!.Data.OrderBy(e => e.Key, StringComparer.Ordinal)], null);
    }

    private string? Problem(ConfigMapDefinition configMap)
    {
        foreach (var (header, value) in configMap.Data)
        {
            if (!IsHeaderName(header))
            {
                return $"has the key '{Diagnostics.Printable.Of(header)}', which is not a header name (letters, digits, '-' and '_')";
            }

            if (value.Length == 0 || value.Any(c => c is < ' ' or > '~'))
            {
                return $"has a value for {header} that is empty or not visible ASCII";
            }

            if (!_allowed.Contains(header))
            {
                return $"sets {header}, which ForwardingOptions.AllowedResponseHeaders (ingress-nginx's global-allowed-response-headers) does not allow";
            }
        }

        return null;
    }

    /// <summary>The headers to set, or why the location is denied.</summary>
    internal sealed record Result(KeyValuePair<string, string>[]? Headers, string? Problem);

    private sealed class Cache(IReadOnlyList<ConfigMapDefinition>? configMaps)
    {
        public IReadOnlyList<ConfigMapDefinition>? ConfigMaps { get; } = configMaps;

        public ConcurrentDictionary<(string Namespace, string Name), Result> Results { get; } = new();
    }
}
