using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>
/// A stand-in for the Kubernetes API server, because a real one (kube-apiserver with etcd) cannot
/// be installed on the machines these tests run on. It is a real HTTPS server on 127.0.0.1 (a CA
/// and a serving certificate made here, a bearer token required) that serves the list and watch
/// endpoints of Ingress, IngressClass, Service, EndpointSlice, Secret and ConfigMap as the API
/// does (https://kubernetes.io/docs/reference/using-api/api-concepts/): the same paths for one
/// namespace or all, List objects with <c>metadata.resourceVersion</c> and <c>limit</c>/<c>continue</c>
/// paging, label and field selectors (400 for an unsupported field), and watches
/// (<c>?watch=true&amp;resourceVersion=…&amp;allowWatchBookmarks=true&amp;timeoutSeconds=…</c>) that
/// replay the events after the version asked for and stream newline-delimited ADDED, MODIFIED,
/// DELETED, BOOKMARK and ERROR events, with an ERROR carrying a 410 Status for a version older than
/// the last compaction. It reads one Ingress and writes Ingress status (PUT with a resourceVersion
/// check, 409 on conflict; merge PATCH). Tests drive it: change objects, send bookmarks, compact,
/// forbid a kind (403), and end or drop the open watches.
/// </summary>
public sealed class StandInApiServer : IAsyncDisposable
{
    /// <summary>The bearer token every request must carry.</summary>
    public const string Token = "stand-in-token";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Resource> _resources = StandInKind.All.ToDictionary(k => k.Plural, k => new Resource(k));
    private readonly List<RecordedRequest> _requests = [];
    private readonly WebApplication _app;
    private readonly X509Certificate2 _ca;
    private long _resourceVersion = 1000;
    private long _compactedThrough;
    private TaskCompletionSource _requestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandInApiServer(WebApplication app, X509Certificate2 ca)
    {
        _app = app;
        _ca = ca;
    }

    /// <summary>The server's URL, <c>https://127.0.0.1:PORT</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Called after an event line was written and flushed to a watch: the kind, the event type, the object's name, and when (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public Action<string, string, string, long>? EventWritten { get; set; }

    /// <summary>Starts a stand-in on a free loopback port.</summary>
    public static async Task<StandInApiServer> StartAsync()
    {
        var (ca, serving) = Certificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serving)));
        var app = builder.Build();
        var server = new StandInApiServer(app, ca);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = "https://127.0.0.1:" + new Uri(address).Port.ToString(CultureInfo.InvariantCulture);
        return server;
    }

    /// <summary>The CA certificate (PEM) that issued the serving certificate, for a kubeconfig's <c>certificate-authority-data</c>.</summary>
    public string CaPem => _ca.ExportCertificatePem();

    /// <summary>The current resourceVersion (what the next list would carry).</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Writes a kubeconfig that points at this server, with its CA and token; more contexts can point elsewhere.</summary>
    public string WriteKubeconfig(string path, string? currentContext = null, IReadOnlyDictionary<string, string>? otherContexts = null)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));
        var contexts = new Dictionary<string, string> { ["stand-in"] = Url };
        foreach (var (name, server) in otherContexts ?? new Dictionary<string, string>())
        {
            contexts[name] = server;
        }

        var text = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var (name, server) in contexts)
        {
            text.Append(CultureInfo.InvariantCulture, $"- name: {name}\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"users:\n- name: stand-in\n  user:\n    token: {Token}\ncontexts:\n");
        foreach (var name in contexts.Keys)
        {
            text.Append(CultureInfo.InvariantCulture, $"- name: {name}\n  context:\n    cluster: {name}\n    user: stand-in\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"current-context: {currentContext ?? "stand-in"}\n");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Creates or replaces an object (its kind names the resource); returns its new resourceVersion.</summary>
    public long Apply(JsonObject o)
    {
        var kind = StandInKind.ByKind(o["kind"]!.GetValue<string>());
        var copy = (JsonObject)o.DeepClone();
        var metadata = (JsonObject)copy["metadata"]!;
        if (kind.Namespaced && metadata["namespace"] is null)
        {
            metadata["namespace"] = "default";
        }

        lock (_gate)
        {
            var resource = _resources[kind.Plural];
            var key = Key(copy);
            var old = resource.Objects.GetValueOrDefault(key);
            var version = ++_resourceVersion;
            metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            metadata["uid"] ??= old?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= old?["metadata"]?["creationTimestamp"]?.DeepClone() ?? "2026-01-01T00:00:00Z";
            if (old?["status"] is { } status && copy["status"] is null)
            {
                copy["status"] = status.DeepClone();
            }

            resource.Objects[key] = copy;
            Emit(resource, old is null ? "ADDED" : "MODIFIED", version, copy, old);
            return version;
        }
    }

    /// <summary>Creates or replaces an object given as JSON text.</summary>
    public long Apply(string json) => Apply(JsonNode.Parse(json)!.AsObject());

    /// <summary>Deletes an object; returns the deletion's resourceVersion.</summary>
    public long Delete(string kind, string? ns, string name)
    {
        var resource = _resources[StandInKind.ByKind(kind).Plural];
        lock (_gate)
        {
            var key = (resource.Kind.Namespaced ? ns ?? "default" : "", name);
            if (!resource.Objects.Remove(key, out var old))
            {
                throw new InvalidOperationException($"no {kind} {ns}/{name}");
            }

            var version = ++_resourceVersion;
            var gone = (JsonObject)old.DeepClone();
            gone["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Emit(resource, "DELETED", version, gone, old);
            return version;
        }
    }

    /// <summary>The object as stored now, or <see langword="null"/>.</summary>
    public JsonObject? Get(string kind, string? ns, string name)
    {
        var resource = _resources[StandInKind.ByKind(kind).Plural];
        lock (_gate)
        {
            return resource.Objects.GetValueOrDefault((resource.Kind.Namespaced ? ns ?? "default" : "", name))?.DeepClone().AsObject();
        }
    }

    /// <summary>Moves the resourceVersion on without a change to any kind watched (as writes to other kinds do on a real cluster).</summary>
    public long Advance(int by = 1)
    {
        lock (_gate)
        {
            return _resourceVersion += by;
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to the open watches of a kind that asked for bookmarks.</summary>
    public long Bookmark(string kind)
    {
        var resource = _resources[StandInKind.ByKind(kind).Plural];
        lock (_gate)
        {
            foreach (var watch in resource.Watches.Where(w => w.Bookmarks))
            {
                watch.Lines.Writer.TryWrite(BookmarkLine(resource.Kind, _resourceVersion));
            }

            return _resourceVersion;
        }
    }

    /// <summary>Forgets every event so far, as etcd's compaction does: a watch from an older resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedThrough = _resourceVersion;
            foreach (var resource in _resources.Values)
            {
                resource.Log.Clear();
            }
        }
    }

    /// <summary>Makes every list and watch of a kind answer 403 Forbidden (or serves it again).</summary>
    public void Forbid(string kind, bool forbidden = true)
    {
        lock (_gate)
        {
            _resources[StandInKind.ByKind(kind).Plural].Forbidden = forbidden;
        }
    }

    /// <summary>Ends the open watches of a kind normally, as the server's timeout does.</summary>
    public int EndWatches(string kind) => CloseWatches(kind, w => w.Lines.Writer.TryWrite(null));

    /// <summary>Drops the open watches of a kind: their connections are aborted mid-stream.</summary>
    public int DropWatches(string kind) => CloseWatches(kind, w => w.Context.Abort());

    /// <summary>How many watches of a kind are open.</summary>
    public int OpenWatches(string kind)
    {
        lock (_gate)
        {
            return _resources[StandInKind.ByKind(kind).Plural].Watches.Count;
        }
    }

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Waits until a request satisfies <paramref name="condition"/> (including those already made); returns it.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_requests.FirstOrDefault(condition) is { } found)
                {
                    return found;
                }

                arrived = _requestArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no such request within {timeout}; requests:\n{string.Join('\n', Requests)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var watch in _resources.Values.SelectMany(r => r.Watches))
            {
                watch.Lines.Writer.TryWrite(null);
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _ca.Dispose();
    }

    internal static string EventLine(string type, JsonObject o) =>
        new JsonObject { ["type"] = type, ["object"] = o.DeepClone() }.ToJsonString();

    private static string BookmarkLine(StandInKind kind, long version) =>
        new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject
            {
                ["kind"] = kind.Kind,
                ["apiVersion"] = kind.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
            },
        }.ToJsonString();

    private static (string, string) Key(JsonObject o) =>
        (o["metadata"]?["namespace"]?.GetValue<string>() ?? "", o["metadata"]!["name"]!.GetValue<string>());

    private int CloseWatches(string kind, Action<StandInWatch> close)
    {
        lock (_gate)
        {
            var resource = _resources[StandInKind.ByKind(kind).Plural];
            var watches = resource.Watches.ToList();
            resource.Watches.Clear();
            foreach (var watch in watches)
            {
                close(watch);
            }

            return watches.Count;
        }
    }

    private void Emit(Resource resource, string type, long version, JsonObject o, JsonObject? old)
    {
        var withKind = WithKind(resource.Kind, o);
        var oldWithKind = old is null ? null : WithKind(resource.Kind, old);
        resource.Log.Add((version, type, withKind, oldWithKind));
        foreach (var watch in resource.Watches)
        {
            watch.Deliver(type, withKind, oldWithKind);
        }
    }

    private static JsonObject WithKind(StandInKind kind, JsonObject o)
    {
        var copy = new JsonObject { ["kind"] = kind.Kind, ["apiVersion"] = kind.ApiVersion };
        foreach (var (name, value) in o)
        {
            if (name is not ("kind" or "apiVersion"))
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(request.Method, request.Path.Value ?? "", request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));
            _requestArrived.TrySetResult();
            _requestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (request.Headers.Authorization != "Bearer " + Token)
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (!TryRoute(request.Path.Value ?? "", out var resource, out var ns, out var name, out var status))
        {
            await StatusAsync(context, 404, "NotFound", $"the server could not find the requested resource ({request.Path})");
            return;
        }

        bool forbidden;
        lock (_gate)
        {
            forbidden = resource.Forbidden;
        }

        var verb = name is not null ? request.Method == "GET" ? "get" : "update" : request.Query["watch"] is ["true" or "1"] ? "watch" : "list";
        if (forbidden)
        {
            var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
            await StatusAsync(
                context, 403, "Forbidden",
                $"{resource.Kind.Plural}{(resource.Kind.Group.Length == 0 ? "" : "." + resource.Kind.Group)} is forbidden: User \"system:serviceaccount:ingress:ingresscore\" cannot {verb} resource \"{resource.Kind.Plural}\" in API group \"{resource.Kind.Group}\" {scope}");
            return;
        }

        switch (verb)
        {
            case "list":
                await ListAsync(context, resource, ns);
                break;
            case "watch":
                await WatchAsync(context, resource, ns);
                break;
            case "get" when !status:
                await GetAsync(context, resource, ns, name!);
                break;
            case "update" when status && request.Method is "PUT" or "PATCH":
                await WriteStatusAsync(context, resource, ns, name!);
                break;
            default:
                await StatusAsync(context, 405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path} by the stand-in");
                break;
        }
    }

    /// <summary>Reads <c>/api/v1/[namespaces/NS/]PLURAL[/NAME[/status]]</c> or <c>/apis/GROUP/VERSION/…</c>.</summary>
    private bool TryRoute(string path, out Resource resource, out string? ns, out string? name, out bool status)
    {
        resource = null!;
        ns = name = null;
        status = false;
        var parts = path.Trim('/').Split('/');
        int at;
        string group;
        if (parts is ["api", "v1", ..])
        {
            (group, at) = ("", 2);
        }
        else if (parts is ["apis", _, "v1", ..])
        {
            (group, at) = (parts[1], 3);
        }
        else
        {
            return false;
        }

        if (parts.Length > at + 2 && parts[at] == "namespaces")
        {
            ns = Uri.UnescapeDataString(parts[at + 1]);
            at += 2;
        }

        if (parts.Length <= at || !_resources.TryGetValue(parts[at], out var found) || found.Kind.Group != group || (ns is not null && !found.Kind.Namespaced))
        {
            return false;
        }

        resource = found;
        name = parts.Length > at + 1 ? Uri.UnescapeDataString(parts[at + 1]) : null;
        status = parts.Length == at + 3 && parts[at + 2] == "status";
        return parts.Length <= at + 2 || status;
    }

    private async Task ListAsync(HttpContext context, Resource resource, string? ns)
    {
        var (fields, error) = Selectors.Fields(context.Request.Query["fieldSelector"], resource.Kind);
        if (error is not null)
        {
            await StatusAsync(context, 400, "BadRequest", error);
            return;
        }

        var labels = Selectors.Labels(context.Request.Query["labelSelector"]);
        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        long version;
        var offset = 0;
        List<JsonObject> matching;
        lock (_gate)
        {
            version = _resourceVersion;
            if (context.Request.Query["continue"] is [{ Length: > 0 } token])
            {
                var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
                var from = long.Parse(parts[0], CultureInfo.InvariantCulture);
                if (from < _compactedThrough)
                {
                    // As the API: a continue token older than the compaction has expired.
                    matching = [];
                    version = -1;
                }
                else
                {
                    offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    version = from;
                }
            }

            matching = version < 0
                ? []
                : [.. resource.Objects
                    .Where(kv => ns is null || kv.Key.Item1 == ns)
                    .OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
                    .Select(kv => kv.Value)
                    .Where(o => fields!(o) && labels(o))
                    .Select(o => (JsonObject)o.DeepClone())];
        }

        if (version < 0)
        {
            await StatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            return;
        }

        var page = matching.Skip(offset).Take(limit).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (offset + page.Count < matching.Count)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{version}:{offset + page.Count}")));
        }

        var list = new JsonObject
        {
            ["kind"] = resource.Kind.Kind + "List",
            ["apiVersion"] = resource.Kind.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page]),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(list.ToJsonString());
    }

    private async Task WatchAsync(HttpContext context, Resource resource, string? ns)
    {
        var query = context.Request.Query;
        var (fields, error) = Selectors.Fields(query["fieldSelector"], resource.Kind);
        if (error is not null)
        {
            await StatusAsync(context, 400, "BadRequest", error);
            return;
        }

        var labels = Selectors.Labels(query["labelSelector"]);
        var requested = query["resourceVersion"].ToString();
        var bookmarks = query["allowWatchBookmarks"] is ["true" or "1"];
        var watch = new StandInWatch(resource.Kind, ns, o => fields!(o) && labels(o), bookmarks, context, requested);
        lock (_gate)
        {
            if (requested is "" or "0")
            {
                // Start at the most recent version: every object that exists now, as ADDED.
                foreach (var o in resource.Objects.Values)
                {
                    watch.Deliver("ADDED", WithKind(resource.Kind, o), null);
                }
            }
            else if (!long.TryParse(requested, CultureInfo.InvariantCulture, out var from) || from < _compactedThrough)
            {
                watch.Lines.Writer.TryWrite(new JsonObject
                {
                    ["type"] = "ERROR",
                    ["object"] = Status(410, "Expired", $"too old resource version: {requested} ({_compactedThrough})"),
                }.ToJsonString());
                watch.Lines.Writer.TryWrite(null);
            }
            else
            {
                foreach (var (version, type, o, old) in resource.Log.Where(e => e.Version > from))
                {
                    watch.Deliver(type, o, old);
                }
            }

            resource.Watches.Add(watch);
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        var seconds = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1800;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(timeout.Token))
            {
                if (line is null)
                {
                    break;
                }

                await context.Response.WriteAsync(line + "\n", timeout.Token);
                await context.Response.Body.FlushAsync(timeout.Token);
                if (EventWritten is { } written)
                {
                    var parsed = JsonNode.Parse(line)!;
                    written(resource.Kind.Kind, parsed["type"]!.GetValue<string>(), parsed["object"]?["metadata"]?["name"]?.GetValue<string>() ?? "", Stopwatch.GetTimestamp());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The timeout, or the client went away.
        }
        finally
        {
            lock (_gate)
            {
                resource.Watches.Remove(watch);
            }
        }
    }

    private async Task GetAsync(HttpContext context, Resource resource, string? ns, string name)
    {
        JsonObject? o;
        lock (_gate)
        {
            o = resource.Objects.GetValueOrDefault((ns ?? "", name)) is { } found ? WithKind(resource.Kind, found) : null;
        }

        if (o is null)
        {
            await StatusAsync(context, 404, "NotFound", $"{resource.Kind.Plural} \"{name}\" not found");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(o.ToJsonString());
    }

    /// <summary>PUT (the whole object, its resourceVersion checked) or merge PATCH of <c>status</c>.</summary>
    private async Task WriteStatusAsync(HttpContext context, Resource resource, string? ns, string name)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        JsonObject? written = null;
        var conflict = false;
        lock (_gate)
        {
            var key = (ns ?? "", name);
            if (resource.Objects.GetValueOrDefault(key) is { } old && body is not null)
            {
                var current = old["metadata"]!["resourceVersion"]!.GetValue<string>();
                if (context.Request.Method == "PUT" && body["metadata"]?["resourceVersion"]?.GetValue<string>() is { } given && given != current)
                {
                    conflict = true;
                }
                else
                {
                    var next = (JsonObject)old.DeepClone();
                    next["status"] = context.Request.Method == "PUT"
                        ? body["status"]?.DeepClone()
                        : Merge(next["status"] as JsonObject, body["status"]);
                    var version = ++_resourceVersion;
                    next["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
                    resource.Objects[key] = next;
                    Emit(resource, "MODIFIED", version, next, old);
                    written = WithKind(resource.Kind, next);
                }
            }
        }

        if (conflict)
        {
            await StatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on {resource.Kind.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
            return;
        }

        if (written is null)
        {
            await StatusAsync(context, 404, "NotFound", $"{resource.Kind.Plural} \"{name}\" not found");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(written.ToJsonString());
    }

    /// <summary>A JSON merge patch (RFC 7386) of <paramref name="patch"/> onto <paramref name="target"/>.</summary>
    private static JsonNode? Merge(JsonObject? target, JsonNode? patch)
    {
        if (patch is not JsonObject fields)
        {
            return patch?.DeepClone();
        }

        var result = (JsonObject?)target?.DeepClone() ?? [];
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Merge(result[name] as JsonObject, value);
            }
        }

        return result;
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static async Task StatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Status(code, reason, message).ToJsonString());
    }

    private static (X509Certificate2 Ca, X509Certificate2 Serving) Certificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=stand-in-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12, so that the key is usable by the TLS stack on every platform.
        var serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, serving);
    }

    private sealed class Resource(StandInKind kind)
    {
        public StandInKind Kind { get; } = kind;

        public Dictionary<(string, string), JsonObject> Objects { get; } = [];

        public List<(long Version, string Type, JsonObject Object, JsonObject? Old)> Log { get; } = [];

        public List<StandInWatch> Watches { get; } = [];

        public bool Forbidden { get; set; }
    }
}
