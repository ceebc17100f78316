using System.Text.Json;
using IngressCore.Model;
using k8s;
using k8s.Models;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// Turns an object read from the API into the model with the same converters as manifests
/// (<see cref="ObjectConverter"/>), so a hostile object is refused with the same diagnostics: the
/// object is deserialized into KubernetesClient's model on its own, and a field of the wrong type
/// refuses that object alone.
/// </summary>
internal static class ApiObjectConverter
{
    public static IngressDefinition? ToIngress(ApiObject o, ObjectContext context) =>
        Read<V1Ingress>(o, context) is { } ingress
            ? ObjectConverter.ToIngress(ingress, o.Key.Namespace, o.Key.Name, Created(o), context.Source, context)
            : null;

    public static IngressClassDefinition? ToIngressClass(ApiObject o, ObjectContext context) =>
        Read<V1IngressClass>(o, context) is { } ingressClass ? ObjectConverter.ToIngressClass(ingressClass, o.Key.Name, context.Source) : null;

    public static ServiceDefinition? ToService(ApiObject o, ObjectContext context) =>
        Read<V1Service>(o, context) is { } service ? ObjectConverter.ToService(service, o.Key.Namespace, o.Key.Name, context.Source, context) : null;

    public static EndpointSliceDefinition? ToEndpointSlice(ApiObject o, ObjectContext context) =>
        Read<V1EndpointSlice>(o, context) is { } slice ? ObjectConverter.ToEndpointSlice(slice, o.Key.Namespace, o.Key.Name, context.Source, context) : null;

    /// <summary>A <c>kubernetes.io/tls</c> Secret; any other type is skipped (the field selector asks for these only).</summary>
    public static TlsSecret? ToTlsSecret(ApiObject o, ObjectContext context) =>
        o.Json.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == ResourceKind.TlsSecretType &&
        Read<V1Secret>(o, context) is { } secret
            ? ObjectConverter.ToTlsSecret(secret, o.Key.Namespace, o.Key.Name, context.Source, context)
            : null;

    /// <summary>An <c>Opaque</c> Secret; any other type is skipped (the field selector asks for these only).</summary>
    public static SecretDefinition? ToSecret(ApiObject o, ObjectContext context) =>
        (!o.Json.TryGetProperty("type", out var type) || (type.ValueKind == JsonValueKind.String && type.GetString() == ResourceKind.OpaqueSecretType)) &&
        Read<V1Secret>(o, context) is { } secret
            ? ObjectConverter.ToSecret(secret, o.Key.Namespace, o.Key.Name, context.Source)
            : null;

    public static ConfigMapDefinition? ToConfigMap(ApiObject o, ObjectContext context) =>
        Read<V1ConfigMap>(o, context) is { } configMap ? ObjectConverter.ToConfigMap(configMap, o.Key.Namespace, o.Key.Name, context.Source) : null;

    /// <summary>The Ingress's <c>status.loadBalancer.ingress</c>, one <c>ip</c> or <c>hostname</c> per entry, in order.</summary>
    public static string LoadBalancerStatus(ApiObject o)
    {
        if (!o.Json.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object ||
            !status.TryGetProperty("loadBalancer", out var loadBalancer) || loadBalancer.ValueKind != JsonValueKind.Object ||
            !loadBalancer.TryGetProperty("ingress", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var addresses = new List<string>();
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var field in (string[])["ip", "hostname"])
            {
                if (entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    addresses.Add(text);
                }
            }
        }

        return string.Join(',', addresses);
    }

    private static T? Read<T>(ApiObject o, ObjectContext context)
        where T : class
    {
        try
        {
            return KubernetesJson.Deserialize<T>(o.Json.GetRawText());
        }
#pragma warning disable CA1031 // Never throw for bad input: a deserializer failure refuses the object with a diagnostic, as for manifests.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex.InnerException is { } inner ? ex.Message + ": " + inner.Message : ex.Message;
            context.Error("-", $"the object could not be read: {Printable.Of(reason, 300)}");
            return null;
        }
    }

    private static DateTimeOffset? Created(ApiObject o) =>
        o.Metadata("creationTimestamp") is { } text && ShapeWalker.TryParseTime(text, out var value) ? value : null;
}
