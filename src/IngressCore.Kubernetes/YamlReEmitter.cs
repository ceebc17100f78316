using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using IngressCore.Matching;

namespace IngressCore.Kubernetes;

/// <summary>
/// Writes one object's node tree back out as a standalone YAML document with YamlDotNet's
/// emitter (styles kept; the only tags the walk lets through, <c>!!str</c>, <c>!!null</c>, <c>!!map</c>
/// and <c>!!seq</c>, are written as what they mean), so that <see cref="k8s.KubernetesYaml"/> can deserialize an
/// object that sat inside a multi-document file or a <c>kind: List</c>.
/// </summary>
internal static class YamlReEmitter
{
    public static string Emit(YamlValue root)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());

        // Depth is bounded by the scan (YamlDocuments.MaxDepth), so an explicit stack is not needed
        // for safety; it just keeps the emitter loop flat.
        var stack = new Stack<(YamlValue Node, int Next)>();
        EmitOpen(emitter, root, stack);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var children = Children(node);
            if (next < children.Count)
            {
                stack.Push((node, next + 1));
                EmitOpen(emitter, children[next], stack);
                continue;
            }

            emitter.Emit(node is YamlMappingValue ? new MappingEnd() : new SequenceEnd());
        }

        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void EmitOpen(Emitter emitter, YamlValue node, Stack<(YamlValue Node, int Next)> stack)
    {
        switch (node)
        {
            case YamlScalarValue { IsNull: true }:
                // Written as a plain null, whatever its form: an empty plain scalar in a flow mapping
                // would otherwise come back quoted, as the empty string.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case YamlScalarValue { IsString: true, Style: ScalarStyle.Plain } scalar:
                // "!!str 80": the tag only says "a string", which double quotes say as well.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
                break;
            case YamlScalarValue scalar:
                // The emitter may quote a scalar whose text cannot be written plain (a key such as
                // ": " that was plain in a flow mapping); its value is the same.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value, scalar.Style, scalar.IsPlainImplicit || scalar.IsPlain, isQuotedImplicit: true));
                break;
            case YamlMappingValue mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, mapping.Style));
                stack.Push((mapping, 0));
                break;
            case YamlSequenceValue sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, sequence.Style));
                stack.Push((sequence, 0));
                break;
        }
    }

    private static IReadOnlyList<YamlValue> Children(YamlValue node) => node switch
    {
        YamlMappingValue mapping => new MappingChildren(mapping.Entries),
        YamlSequenceValue sequence => sequence.Items,
        _ => [],
    };

    /// <summary>A mapping's keys and values, interleaved, as the emitter expects them.</summary>
    private sealed class MappingChildren(List<KeyValuePair<YamlValue, YamlValue>> entries) : IReadOnlyList<YamlValue>
    {
        public int Count => entries.Count * 2;

        public YamlValue this[int index] => index % 2 == 0 ? entries[index / 2].Key : entries[index / 2].Value;

        public IEnumerator<YamlValue> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
