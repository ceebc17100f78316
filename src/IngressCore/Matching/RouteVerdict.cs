namespace IngressCore.Matching;

/// <summary>Why one route did or did not take a request, as <see cref="RouteTable.Explain"/> tells it.</summary>
/// <param name="Route">The route considered.</param>
/// <param name="Selected">Whether this route took the request.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record RouteVerdict(Route Route, bool Selected, string Reason);
