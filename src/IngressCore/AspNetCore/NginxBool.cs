using IngressCore.Matching;

namespace IngressCore.AspNetCore;

/// <summary>Reads an ingress-nginx boolean annotation of a route's Ingress with Go's <c>strconv.ParseBool</c> grammar.</summary>
internal static class NginxBool
{
    /// <summary>
    /// The annotation's value, or <paramref name="fallback"/> when the route is absent, the
    /// annotation is missing or its value is not a Go boolean (ingress-nginx then uses its default).
    /// </summary>
    public static bool Read(Route? route, string annotation, bool fallback)
    {
        if (route is null || !route.Annotations.TryGetValue(annotation, out var value))
        {
            return fallback;
        }

        return value switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => fallback,
        };
    }
}
