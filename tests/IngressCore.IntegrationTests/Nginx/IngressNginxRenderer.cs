using System.Globalization;
using System.Text;
using IngressCore.Annotations;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Nginx;

/// <summary>
/// Renders Ingresses into the nginx.conf that ingress-nginx would generate, for the parts that
/// decide routing: servers, the ordered location list, the regex switch, rewrite-target,
/// app-root and the redirect annotations (docs/matching.md,
/// docs/annotations.md). Written from ingress-nginx's controller and template, not from IngressCore,
/// so that it can disagree with the engine: it reads the raw annotations itself and shares no code
/// with <c>src/</c>. Every location proxies to an echo server in the same nginx that answers
/// "<c>route-id request-target</c>", so a response names the location that took the request and
/// the exact request-target the upstream received.
/// </summary>
internal static class IngressNginxRenderer
{
    /// <summary>The X-Route value of a root location whose backend is the global default backend (404 in ingress-nginx).</summary>
    public const string DefaultBackendMarker = "-default-";

    private const string Prefix = "nginx.ingress.kubernetes.io/";

    /// <summary>The route id both sides use: the Ingress name and the field that declared the path.</summary>
    public static string RouteId(string ingressName, int rule, int path) =>
        string.Create(CultureInfo.InvariantCulture, $"{ingressName}:spec.rules[{rule}].http.paths[{path}]");

    /// <summary>The route id of an Ingress's <c>spec.defaultBackend</c>.</summary>
    public static string DefaultBackendId(string ingressName) => ingressName + ":spec.defaultBackend";

    /// <summary>Renders the whole configuration.</summary>
    /// <param name="ingresses">The Ingresses (no canaries).</param>
    /// <param name="port">The port the ingress servers listen on.</param>
    /// <param name="echoPort">The echo server's port.</param>
    /// <param name="directory">The instance's directory (logs, temp files).</param>
    public static string Render(IReadOnlyList<IngressDefinition> ingresses, int port, int echoPort, string directory)
    {
        var servers = BuildServers(ingresses);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            worker_processes 1;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                # nginx's defaults that matching depends on, spelled out: "//" is merged before
                # matching, redirects are absolute. ingress-nginx sets port_in_redirect off
                # (use-port-in-redirects: false) and leaves server_name_in_redirect off.
                merge_slashes on;
                absolute_redirect on;
                port_in_redirect off;
                server_name_in_redirect off;
                proxy_connect_timeout 5s;
                proxy_read_timeout 10s;

                # The echo upstream: which route sent the request and the request-target it got.
                server {
                    listen 127.0.0.1:{{echoPort}};
                    location / { return 200 "$http_x_route $request_uri\n"; }
                }

            """);

        foreach (var server in servers)
        {
            RenderServer(text, server, port, echoPort);
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// The servers with their final, ordered location lists: what ingress-nginx's
    /// <c>createServers</c>, <c>getBackendServers</c> and <c>updateServerLocations</c> produce.
    /// </summary>
    internal static List<Server> BuildServers(IReadOnlyList<IngressDefinition> ingresses)
    {
        // docs/matching.md: oldest first; equal timestamps by namespace/name descending.
        var ordered = ingresses
            .OrderBy(i => i.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenByDescending(i => i.QualifiedName, StringComparer.Ordinal)
            .ToList();

        // createServers: "_" always exists (the default server); every other host gets a root
        // location "/" carrying the annotations of the first Ingress that names it (docs/matching.md).
        var servers = new Dictionary<string, Server>(StringComparer.Ordinal)
        {
            ["_"] = new Server("_", [Location.Root(DefaultBackendMarker, Annotations.None)]),
        };
        foreach (var ingress in ordered)
        {
            var annotations = Annotations.Of(ingress);
            foreach (var rule in ingress.Rules)
            {
                var host = string.IsNullOrEmpty(rule.Host) ? "_" : rule.Host;
                if (!servers.ContainsKey(host))
                {
                    var backend = ingress.DefaultBackend is null ? DefaultBackendMarker : DefaultBackendId(ingress.Name);
                    servers.Add(host, new Server(host, [Location.Root(backend, annotations)]));
                }
            }
        }

        // getBackendServers: one location per path; a path already present with the same type
        // replaces the root location but is otherwise ignored (first wins, docs/matching.md).
        foreach (var ingress in ordered)
        {
            var annotations = Annotations.Of(ingress);
            for (var r = 0; r < ingress.Rules.Count; r++)
            {
                var rule = ingress.Rules[r];
                var server = servers[string.IsNullOrEmpty(rule.Host) ? "_" : rule.Host];
                for (var p = 0; p < (rule.Paths?.Count ?? 0); p++)
                {
                    var path = rule.Paths![p];
                    var nginxPath = string.IsNullOrEmpty(path.Path) ? "/" : path.Path;

                    // SetDefaultNGINXPathType: a missing type and ImplementationSpecific are Prefix.
                    var exact = path.PathType == PathType.Exact;
                    // The controller stops at the first location with this path and adds the new
                    // one when that location's type differs, so Exact /x, Prefix /x and a newer
                    // Prefix /x render two "location /x/" blocks. nginx refuses that configuration
                    // and the previous one stays in force (e2e pathtype_exact "duplicated-prefix"
                    // is not served): the newer duplicate is never served, which is what looking
                    // at every location with this path and type gives.
                    var existing = server.Locations.FirstOrDefault(l => l.Path == nginxPath && l.Exact == exact);
                    if (existing is { IsDefaultBackend: true })
                    {
                        existing.RouteId = RouteId(ingress.Name, r, p);
                        existing.Annotations = annotations;
                        existing.IsDefaultBackend = false;
                    }
                    else if (existing is null)
                    {
                        server.Locations.Add(new Location(nginxPath, exact, RouteId(ingress.Name, r, p), annotations));
                    }
                }
            }
        }

        var result = servers.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        foreach (var server in result)
        {
            // ingress-nginx's order: path descending, then length descending, both stable.
            var sorted = server.Locations
                .OrderByDescending(l => l.Path, StringComparer.Ordinal)
                .OrderByDescending(l => l.Path.Length)
                .ToList();
            server.Locations.Clear();
            server.Locations.AddRange(Normalize(sorted));
        }

        return result;
    }

    /// <summary>ingress-nginx's <c>updateServerLocations</c> (docs/matching.md).</summary>
    private static List<Location> Normalize(List<Location> locations)
    {
        var exactPaths = locations.Where(l => l.Exact).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var result = new List<Location>();
        foreach (var location in locations)
        {
            if (location.Path == "/" || location.Exact || location.NeedsRewrite || location.Annotations.UseRegex)
            {
                result.Add(location);
                continue;
            }

            var normalized = location.Path.EndsWith('/') ? location.Path : location.Path + "/";
            if (exactPaths.Contains(location.Path))
            {
                result.Add(location with { Path = normalized });
                continue;
            }

            result.Add(location with { Path = normalized });
            result.Add(location with { Exact = true });
        }

        return result;
    }

    private static void RenderServer(StringBuilder text, Server server, int port, int echoPort)
    {
        // enforceRegexModifier: any location with use-regex or a rewrite puts the whole server in
        // regex mode (docs/matching.md), computed on the normalised locations as the template does.
        var regexMode = server.Locations.Any(l => l.NeedsRewrite || l.Annotations.UseRegex);
        var defaultServer = server.Name == "_" ? " default_server" : "";
        text.Append(CultureInfo.InvariantCulture, $"""
                server {"{"}
                    listen 127.0.0.1:{port}{defaultServer};
                    server_name {server.Name};

            """);

        foreach (var location in server.Locations)
        {
            // nginx.tmpl emits the app-root "if" in the server block before each location that
            // carries it, so the first such location in the ordered list decides (docs/annotations.md).
            if (location.Annotations.AppRoot is { } appRoot)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                            if ($uri = /) { return 302 $scheme://$http_host{{appRoot}}; }

                    """);
            }

            var modifier = regexMode
                ? $"~* \"^{Quote(location.Path)}\""
                : location.Exact ? $"= \"{Quote(location.Path)}\"" : $"\"{Quote(location.Path)}\"";
            text.Append(CultureInfo.InvariantCulture, $$"""
                        location {{modifier}} {
                            proxy_set_header X-Route "{{location.RouteId}}";

                """);
            if (location.Annotations.Redirect is { } redirect)
            {
                // nginx.tmpl: return <code> <url>; before the rewrite (docs/annotations.md).
                text.Append(CultureInfo.InvariantCulture, $"            return {redirect.Code} {redirect.Url};\n");
            }

            if (location.NeedsRewrite)
            {
                // buildProxyPass (docs/annotations.md): unanchored, case-insensitive, the whole URI replaced.
                text.Append(CultureInfo.InvariantCulture, $"            rewrite \"(?i){Quote(location.Path)}\" {location.Annotations.RewriteTarget} break;\n");
            }

            text.Append(CultureInfo.InvariantCulture, $$"""
                            proxy_pass http://127.0.0.1:{{echoPort}};
                        }

                """);
        }

        text.Append("    }\n");
    }

    /// <summary>sanitizeQuotedRegex: <c>\</c> and <c>"</c> escaped inside the quoted string.</summary>
    private static string Quote(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>One server block.</summary>
    internal sealed record Server(string Name, List<Location> Locations);

    /// <summary>One location: its path (after normalisation), exact or prefix, the route it serves and its Ingress's annotations.</summary>
    internal sealed record Location(string Path, bool Exact, string RouteId, Annotations Annotations)
    {
        public string RouteId { get; set; } = RouteId;

        public Annotations Annotations { get; set; } = Annotations;

        public bool IsDefaultBackend { get; set; }

        /// <summary>needsRewrite: a rewrite-target that is set and differs from the location's path.</summary>
        public bool NeedsRewrite => Annotations.RewriteTarget is { Length: > 0 } target && target != Path;

        public static Location Root(string routeId, Annotations annotations) =>
            new("/", false, routeId, annotations) { IsDefaultBackend = true };
    }

    /// <summary>The location annotations the renderer understands, read from the raw values as ingress-nginx's parsers do.</summary>
    internal sealed record Annotations(bool UseRegex, string? RewriteTarget, string? AppRoot, (int Code, string Url)? Redirect)
    {
        public static readonly Annotations None = new(false, null, null, null);

        public static Annotations Of(IngressDefinition ingress)
        {
            string? Get(string name) => ingress.Annotations.TryGetValue(Prefix + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

            // Go's strconv.ParseBool true forms.
            var useRegex = Get("use-regex") is "1" or "t" or "T" or "TRUE" or "true" or "True";

            // temporal-redirect wins over permanent-redirect; codes out of range fall back (docs/annotations.md).
            (int, string)? redirect = null;
            if (Get("temporal-redirect") is { } temporal)
            {
                redirect = (Code(Get("temporal-redirect-code"), 300, 307, 302), temporal);
            }
            else if (Get("permanent-redirect") is { } permanent)
            {
                redirect = (Code(Get("permanent-redirect-code"), 300, 308, 301), permanent);
            }

            return new Annotations(useRegex, Get("rewrite-target"), Get("app-root"), redirect);
        }

        private static int Code(string? text, int min, int max, int fallback) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code >= min && code <= max ? code : fallback;
    }
}
