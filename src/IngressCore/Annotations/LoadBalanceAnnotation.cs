namespace IngressCore.Annotations;

/// <summary>
/// Parses <c>load-balance</c>: <c>round_robin</c> or <c>ewma</c>, exact case, surrounding spaces
/// ignored (ingress-nginx's <c>ValidateOptions(loadBalanceAlgorithms, true, true)</c>,
/// internal/ingress/annotations/loadbalancing).
/// </summary>
/// <remarks>
/// ingress-nginx's list also has <c>chash</c>, <c>chashsubset</c>, <c>sticky_balanced</c> and
/// <c>sticky_persistent</c>, which its balancer chooses by itself from <c>upstream-hash-by</c> and
/// <c>affinity</c>; named here they are an error that says which annotation selects them. An
/// unknown value silently falls back to round-robin in ingress-nginx; here it is an error.
/// </remarks>
internal static class LoadBalanceAnnotation
{
    internal const string Name = "load-balance";

    public static LoadBalanceAlgorithm? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        switch (value)
        {
            case null:
                return null;
            case "round_robin":
                return LoadBalanceAlgorithm.RoundRobin;
            case "ewma":
                return LoadBalanceAlgorithm.Ewma;
            case "chash" or "chashsubset":
                reader.Invalid(Name, value, "is chosen by upstream-hash-by, not by load-balance; use round_robin or ewma here");
                return null;
            case "sticky_balanced" or "sticky_persistent":
                reader.Invalid(Name, value, "is chosen by affinity: cookie and affinity-mode, not by load-balance; use round_robin or ewma here");
                return null;
            default:
                reader.Invalid(Name, value, "is not a load-balancing algorithm; use round_robin or ewma");
                return null;
        }
    }
}
