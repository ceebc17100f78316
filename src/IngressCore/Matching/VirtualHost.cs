namespace IngressCore.Matching;

/// <summary>One compiled virtual host (an nginx server): its paths and its default backend.</summary>
/// <param name="Host">The rule host (exact or <c>*.</c> wildcard), or <see langword="null"/> for the host-less rules.</param>
/// <param name="Paths">The compiled paths.</param>
/// <param name="DefaultBackend">The default backend of the oldest Ingress of this host that has one.</param>
internal sealed record VirtualHost(string? Host, PathTrie Paths, Route? DefaultBackend);
