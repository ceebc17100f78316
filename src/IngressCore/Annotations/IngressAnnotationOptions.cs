namespace IngressCore.Annotations;

/// <summary>How the annotations of an Ingress are read: which prefix is ingress-nginx's, and what is refused.</summary>
public sealed record IngressAnnotationOptions
{
    /// <summary>ingress-nginx's default annotation prefix, <c>nginx.ingress.kubernetes.io/</c>.</summary>
    public const string DefaultPrefix = "nginx.ingress.kubernetes.io/";

    private readonly string _prefix = DefaultPrefix;

    /// <summary>The defaults: ingress-nginx's prefix, unsupported access control refused.</summary>
    public static IngressAnnotationOptions Default { get; } = new();

    /// <summary>
    /// The annotation prefix, with its trailing <c>/</c> (ingress-nginx's <c>--annotations-prefix</c>
    /// plus <c>/</c>). Annotations outside it belong to other tools and are not read.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is empty or does not end with <c>/</c>.</exception>
    public string Prefix
    {
        get => _prefix;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _prefix = value.EndsWith('/') && value.Length > 1
                ? value
                : throw new ArgumentException("The annotation prefix must end with '/', as in 'nginx.ingress.kubernetes.io/'.", nameof(value));
        }
    }

    /// <summary>
    /// Refuse (with an error) an Ingress that asks for access control IngressCore does not
    /// enforce: today <c>auth-type: digest</c> (HTTP Digest). Default <see langword="true"/>:
    /// serving such an Ingress without its authentication would publish what ingress-nginx
    /// protected. Set to <see langword="false"/> to serve it anyway with a warning (for example
    /// behind another authenticating proxy).
    /// </summary>
    public bool RefuseUnenforcedAccessControl { get; init; } = true;
}
