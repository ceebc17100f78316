using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>One open watch: its filters, and the event lines waiting to be written to it (a <see langword="null"/> line ends it).</summary>
internal sealed class StandInWatch(StandInKind kind, string? ns, Func<JsonObject, bool> matches, bool bookmarks, HttpContext context, string resourceVersion)
{
    public StandInKind Kind { get; } = kind;

    public bool Bookmarks { get; } = bookmarks;

    public HttpContext Context { get; } = context;

    /// <summary>The resourceVersion the client asked to watch from.</summary>
    public string ResourceVersion { get; } = resourceVersion;

    public Channel<string?> Lines { get; } = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });

    public bool Matches(JsonObject o) =>
        (ns is null || o["metadata"]?["namespace"]?.GetValue<string>() == ns) && matches(o);

    /// <summary>
    /// Queues the event as this watch sees it: a change that makes an object match its selectors
    /// is ADDED, one that makes it stop matching is DELETED, as the API server sends them.
    /// </summary>
    public void Deliver(string type, JsonObject o, JsonObject? old)
    {
        var now = Matches(o);
        var before = old is not null && Matches(old);
        var seen = type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "MODIFIED" => (before, now) switch { (true, true) => "MODIFIED", (false, true) => "ADDED", (true, false) => "DELETED", _ => null },
            "DELETED" => now || before ? "DELETED" : null,
            _ => null,
        };
        if (seen is not null)
        {
            Lines.Writer.TryWrite(StandInApiServer.EventLine(seen, o));
        }
    }
}
