namespace IngressCore.Annotations;

/// <summary><c>satisfy</c>: how the access checks of a location combine (nginx's <c>satisfy</c> directive).</summary>
internal enum SatisfyMode
{
    /// <summary><c>all</c> (the default): the source ranges, basic auth and external auth must all let the request through.</summary>
    All,

    /// <summary><c>any</c>: one check letting the request through is enough.</summary>
    Any,
}
