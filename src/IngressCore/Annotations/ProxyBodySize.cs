namespace IngressCore.Annotations;

/// <summary>
/// <c>proxy-body-size</c>: the largest request body accepted; a larger one is answered with 413
/// right after location selection (docs/annotations.md).
/// </summary>
/// <remarks>
/// Grammar: nginx's size, <c>^\d+[kKmMgG]?$</c> with binary units (k = 1024); <c>0</c> means
/// unlimited; surrounding spaces ignored. ingress-nginx's validator also passes a <c>b</c> suffix and
/// inner spaces but then silently keeps the 1m default; here both are errors, as is any invalid value
/// (ingress-nginx silently keeps the default).
/// </remarks>
internal sealed class ProxyBodySize
{
    internal const string Name = "proxy-body-size";

    private ProxyBodySize(string value, long bytes)
    {
        Value = value;
        LimitBytes = bytes == 0 ? null : bytes;
    }

    /// <summary>The size as written (<c>8m</c>).</summary>
    public string Value { get; }

    /// <summary>The limit in bytes, or <see langword="null"/> for <c>0</c>: no limit.</summary>
    public long? LimitBytes { get; }

    /// <summary>Whether the value was <c>0</c>: bodies of any size are accepted.</summary>
    public bool IsUnlimited => LimitBytes is null;

    /// <inheritdoc />
    public override string ToString() => Value;

    internal static ProxyBodySize? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        var problem = NginxGrammar.ParseSize(value, out var bytes);
        if (problem is not null)
        {
            reader.Invalid(Name, value, problem);
            return null;
        }

        return new ProxyBodySize(value, bytes);
    }
}
