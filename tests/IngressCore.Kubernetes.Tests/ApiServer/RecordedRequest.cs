namespace IngressCore.Kubernetes.Tests.ApiServer;

/// <summary>One request the stand-in received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query)
{
    public bool IsWatch => Query.TryGetValue("watch", out var w) && w is "true" or "1";

    public string? ResourceVersion => Query.GetValueOrDefault("resourceVersion");

    public override string ToString() => $"{Method} {Path}?{string.Join('&', Query.Select(q => q.Key + "=" + q.Value))}";
}
