using IngressCore.Diagnostics;

namespace IngressCore.Annotations;

/// <summary>
/// A Secret or ConfigMap an annotation names: <c>name</c>, or <c>namespace/name</c> with the
/// Ingress's own namespace (ingress-nginx refuses other namespaces unless its
/// <c>allow-cross-namespace-resources</c> is set; IngressCore never reads them).
/// </summary>
/// <param name="Namespace">The namespace: always the Ingress's.</param>
/// <param name="Name">The object's name.</param>
internal sealed record ObjectReference(string Namespace, string Name)
{
    /// <summary>The reference as <c>namespace/name</c>.</summary>
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>Reads the annotation as a reference; <see langword="null"/> (with an error) when it is not one of the Ingress's namespace.</summary>
    /// <param name="reader">The annotations.</param>
    /// <param name="name">The annotation.</param>
    /// <param name="kind">What is named, for messages (<c>Secret</c>, <c>ConfigMap</c>).</param>
    public static ObjectReference? Read(AnnotationReader reader, string name, string kind)
    {
        var value = reader.Read(name);
        if (value is null)
        {
            return null;
        }

        if (value.Length > 253 + 1 + 63)
        {
            reader.Invalid(name, value, $"is longer than any {kind} reference (a name has at most 253 characters)");
            return null;
        }

        var own = reader.Ingress.Namespace;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? own : value[..slash];
        var objectName = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0 && KubernetesName.ValidateLabel(ns, "the namespace") is { } nsProblem)
        {
            reader.Invalid(name, value, $"is not a {kind} reference ({nsProblem}); write NAME or NAMESPACE/NAME");
            return null;
        }

        if (KubernetesName.ValidateSubdomain(objectName, $"the {kind} name") is { } problem)
        {
            reader.Invalid(name, value, $"is not a {kind} reference ({problem}); write NAME or NAMESPACE/NAME");
            return null;
        }

        if (!string.Equals(ns, own, StringComparison.Ordinal))
        {
            reader.Error(name, $"names a {kind} in namespace {ns}: an Ingress can only use {kind}s of its own namespace ({own}), as in ingress-nginx without allow-cross-namespace-resources");
            return null;
        }

        return new ObjectReference(own, objectName);
    }
}
