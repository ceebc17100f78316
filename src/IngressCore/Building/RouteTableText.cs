namespace IngressCore.Building;

/// <summary>Words the builder's diagnostics share.</summary>
internal static class RouteTableText
{
    /// <summary>"host h", or "host-less rule" for the rules without a host.</summary>
    public static string Host(string? host) => host is null ? "host-less rule" : $"host {host}";
}
