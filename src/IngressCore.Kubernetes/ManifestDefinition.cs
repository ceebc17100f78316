namespace IngressCore.Kubernetes;

/// <summary>
/// Where a document defined an object: its kind, namespace (empty for cluster-scoped kinds) and
/// name, file and line. Recorded for every object whose identity could be read, even one refused
/// later, so that a second definition is refused whether or not the first one could be used.
/// </summary>
internal sealed record ManifestDefinition(string Kind, string Namespace, string Name, string File, int Line);
