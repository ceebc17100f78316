namespace IngressCore.Matching;

/// <summary>A routing decision with its reasons: the answer to "why does this request get a 404?".</summary>
public sealed class RouteExplanation
{
    internal RouteExplanation(RouteMatch result, string normalizedPath, string virtualHost, IReadOnlyList<RouteVerdict> verdicts)
    {
        Result = result;
        NormalizedPath = normalizedPath;
        VirtualHost = virtualHost;
        Verdicts = verdicts;
    }

    /// <summary>The decision, exactly as <see cref="RouteTable.Match"/> returns it.</summary>
    public RouteMatch Result { get; }

    /// <summary>The path routes were compared with (decoded, dot segments resolved, no query); empty for a bad request.</summary>
    public string NormalizedPath { get; }

    /// <summary>How the request host selected a virtual host.</summary>
    public string VirtualHost { get; }

    /// <summary>Every route of the table, with why it took or did not take the request.</summary>
    public IReadOnlyList<RouteVerdict> Verdicts { get; }

    /// <summary>One sentence for the decision.</summary>
    public string Reason => Result.Route is { } route
        ? Verdicts.FirstOrDefault(v => v.Selected)?.Reason ?? Result.ToString()
        : Result.Status == RouteMatchStatus.BadRequest
            ? "the request path is malformed (it escapes the root or decodes to a control character): 400"
            : $"no path matched and there is no default backend: 404 ({VirtualHost})";
}
