using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// One object as the API sent it (a list item or a watch event's object), with the identity read
/// from its metadata. Valid only while the JSON document it comes from is.
/// </summary>
/// <param name="Json">The object.</param>
/// <param name="Key">Its namespace (empty for a cluster-scoped kind) and name.</param>
/// <param name="ResourceVersion">Its <c>metadata.resourceVersion</c>, when it has one.</param>
internal readonly record struct ApiObject(JsonElement Json, ObjectKey Key, string? ResourceVersion)
{
    /// <summary>Reads the identity of <paramref name="json"/>, or says why it has none.</summary>
    public static ApiObject? Read(JsonElement json, ResourceKind kind, out string? problem)
    {
        problem = null;
        if (json.ValueKind != JsonValueKind.Object ||
            !json.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            problem = $"a {kind.Kind} without metadata was skipped";
            return null;
        }

        var name = Text(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            problem = $"a {kind.Kind} without metadata.name was skipped";
            return null;
        }

        var ns = kind.Namespaced ? Text(metadata, "namespace") : string.Empty;
        if (string.IsNullOrEmpty(ns) && kind.Namespaced)
        {
            problem = $"{kind.Kind} {Printable.Of(name)} has no metadata.namespace; skipped";
            return null;
        }

        return new ApiObject(json, new ObjectKey(ns!, name), Text(metadata, "resourceVersion"));
    }

    /// <summary>The object's <c>metadata</c> field <paramref name="name"/>, when it is a string.</summary>
    public string? Metadata(string name) =>
        Json.TryGetProperty("metadata", out var metadata) ? Text(metadata, name) : null;

    /// <summary>
    /// A digest of everything the converters could read: the object without <c>status</c>, its
    /// kind and apiVersion (list items leave them out, watch events carry them), and the metadata
    /// the server changes on every write. Two versions with the same digest make the same model,
    /// so the first one's instance is handed on (a status write, or a relist, then costs nothing).
    /// </summary>
    public byte[] ContentDigest()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in Json.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "status" or "kind" or "apiVersion":
                        continue;
                    case "metadata" when property.Value.ValueKind == JsonValueKind.Object:
                        writer.WriteStartObject(property.Name);
                        foreach (var field in property.Value.EnumerateObject())
                        {
                            if (field.Name is not ("resourceVersion" or "managedFields" or "generation" or "selfLink"))
                            {
                                field.WriteTo(writer);
                            }
                        }

                        writer.WriteEndObject();
                        break;
                    default:
                        property.WriteTo(writer);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
