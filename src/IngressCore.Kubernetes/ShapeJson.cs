using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace IngressCore.Kubernetes;

/// <summary>
/// Deserializes an object's YAML node tree, once <see cref="ShapeWalker"/> found it well-formed,
/// into KubernetesClient's model through System.Text.Json: the tree is written out as JSON, each
/// value as the type its <see cref="Shape"/> gives the field (a plain <c>80</c> under a string field
/// is the string <c>"80"</c>, as YAML reads it), and read with the client's source-generated
/// metadata (<see cref="SourceGenerationContext"/>, what <see cref="KubernetesJson"/> uses), so no
/// reflection runs per object and files can be read on several threads at once. YamlDotNet still
/// parses the text. Values are written as KubernetesClient's YAML converters read them: unknown
/// fields are left out (the walk reported them), base64 is decoded as
/// <see cref="Convert.FromBase64String(string)"/> decodes it, an empty int-or-string or byte field is
/// null; and a YAML null is null wherever it is written, as the API server reads a JSON null.
/// </summary>
internal static class ShapeJson
{
    /// <summary>Per thread, so that files can be read in parallel: the buffer and writer are reused.</summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _scratch;

    /// <summary>A buffer grown beyond this by a large object is not kept for the next one.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    // The client's options, with room for the deepest document the scan lets through (JSON nests
    // as the YAML did; System.Text.Json's default of 64 is below YamlDocuments.MaxDepth).
    private static readonly JsonSerializerOptions Options = new(SourceGenerationContext.Default.Options)
    {
        MaxDepth = YamlDocuments.MaxDepth + 1,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The JSON never leaves the process: escape only what JSON itself requires.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
        MaxDepth = YamlDocuments.MaxDepth + 1,
    };

    /// <summary>Reads <paramref name="mapping"/> as a <typeparamref name="T"/>; throws (a <see cref="JsonException"/> or <see cref="FormatException"/>) when a value cannot be read.</summary>
    public static T? Deserialize<T>(YamlMappingValue mapping)
        where T : class
    {
        var (buffer, writer) = _scratch ??= NewScratch();
        try
        {
            Write(writer, mapping, Shape.For(typeof(T)));
            writer.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, TypeInfo<T>.Value);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                _scratch = null;
            }
            else
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }
        }
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewScratch()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer, WriterOptions));
    }

    private static void Write(Utf8JsonWriter writer, YamlValue node, Shape shape)
    {
        if (node is YamlScalarValue { IsNull: true })
        {
            writer.WriteNullValue();
            return;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Object:
                var obj = (YamlMappingValue)node;
                writer.WriteStartObject();
                foreach (var (key, value) in obj.Entries)
                {
                    // Unknown fields were reported by the walk; null fields stay unset, as YAML leaves them.
                    var name = ((YamlScalarValue)key).Value;
                    if (shape.Properties.TryGetValue(name, out var field) && value is not YamlScalarValue { IsNull: true })
                    {
                        writer.WritePropertyName(name);
                        Write(writer, value, field);
                    }
                }

                writer.WriteEndObject();
                break;
            case ShapeKind.Map:
                var map = (YamlMappingValue)node;
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    writer.WritePropertyName(((YamlScalarValue)key).Value);
                    Write(writer, value, shape.Element!);
                }

                writer.WriteEndObject();
                break;
            case ShapeKind.List:
                writer.WriteStartArray();
                foreach (var item in ((YamlSequenceValue)node).Items)
                {
                    Write(writer, item, shape.Element!);
                }

                writer.WriteEndArray();
                break;
            case ShapeKind.Any:
                WriteAny(writer, node);
                break;
            default:
                WriteScalar(writer, (YamlScalarValue)node, shape);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarValue scalar, Shape shape)
    {
        var text = scalar.Value;
        switch (shape.Kind)
        {
            case ShapeKind.Integer:
                writer.WriteNumberValue(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case ShapeKind.Boolean:
                writer.WriteBooleanValue(text is "true" or "True" or "TRUE");
                break;
            case ShapeKind.Number:
                var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                {
                    throw new FormatException($"{Printable.Quote(text)} is not a finite number");
                }

                writer.WriteNumberValue(number);
                break;
            case ShapeKind.Bytes:
                if (text.Length == 0)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteBase64StringValue(Convert.FromBase64String(text));
                }

                break;
            case ShapeKind.IntOrString or ShapeKind.Scalar when text.Length == 0:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    /// <summary>A value without a schema (an <c>object</c> field such as <c>managedFields[].fieldsV1</c>): mappings, lists and strings.</summary>
    private static void WriteAny(Utf8JsonWriter writer, YamlValue node)
    {
        switch (node)
        {
            case YamlMappingValue mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(((YamlScalarValue)key).Value);
                    WriteAny(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceValue sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    WriteAny(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarValue { IsNull: true }:
                writer.WriteNullValue();
                break;
            case YamlScalarValue scalar:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }

    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
