namespace IngressCore.Benchmarks.RouteSets;

/// <summary>What a benchmark request is meant to exercise.</summary>
public enum RequestKind
{
    /// <summary>A listed host and a path under one of its prefixes (mostly deep paths).</summary>
    Hit,

    /// <summary>An unlisted <c>tenantN.platform.com</c> host served by the <c>*.platform.com</c> rule.</summary>
    Wild,

    /// <summary>An unknown host, or a listed host with a path none of its rules (nor the wildcard's) route.</summary>
    Miss,
}
