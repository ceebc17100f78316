using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>
/// A node of a YAML document as YamlDotNet's parser reported it, with its position. Built only
/// for documents that passed <see cref="YamlDocuments.Scan"/>'s limits, so its depth is bounded.
/// </summary>
internal abstract class YamlValue
{
    /// <param name="start">Where the parser saw the node start.</param>
    /// <param name="tag">The node's explicit tag.</param>
    /// <param name="lineOffset">The lines of the file before the text the parser was given.</param>
    protected YamlValue(Mark start, TagName tag, int lineOffset)
    {
        Line = ToInt(start.Line + lineOffset);
        Column = ToInt(start.Column);
        Tag = tag;
    }

    /// <summary>The 1-based line where the node starts.</summary>
    public int Line { get; }

    /// <summary>The 1-based column where the node starts.</summary>
    public int Column { get; }

    /// <summary>The explicit tag, if any.</summary>
    public TagName Tag { get; }

    /// <summary>A word for the node's shape, for messages.</summary>
    public abstract string Describe();

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
}

/// <summary>A scalar node.</summary>
internal sealed class YamlScalarValue(Scalar scalar, int lineOffset) : YamlValue(scalar.Start, scalar.Tag, lineOffset)
{
    private const string StrTag = "tag:yaml.org,2002:str";
    private const string NullTag = "tag:yaml.org,2002:null";

    public string Value { get; } = scalar.Value;

    public ScalarStyle Style { get; } = scalar.Style;

    public bool IsPlainImplicit { get; } = scalar.IsPlainImplicit;

    public bool IsQuotedImplicit { get; } = scalar.IsQuotedImplicit;

    /// <summary>A plain scalar without a tag: its type is resolved from its text.</summary>
    public bool IsPlain => Style == ScalarStyle.Plain && Tag.IsEmpty;

    /// <summary>Quoted, block or tagged <c>!!str</c>: a string whatever its text.</summary>
    public bool IsString => !IsPlain && (Tag.IsEmpty || Tag.Value == StrTag);

    /// <summary>YAML's null: <c>~</c>, <c>null</c>, nothing at all, or <c>!!null</c>.</summary>
    public bool IsNull =>
        (IsPlain && Value is "" or "~" or "null" or "Null" or "NULL") || (!Tag.IsEmpty && Tag.Value == NullTag);

    public override string Describe() => IsNull ? "null" : "the value " + Printable.Quote(Value);
}

/// <summary>A mapping node: its entries in the order written (duplicates kept, to be reported).</summary>
internal sealed class YamlMappingValue(MappingStart start, int lineOffset) : YamlValue(start.Start, start.Tag, lineOffset)
{
    public MappingStyle Style { get; } = start.Style;

    public bool IsImplicit { get; } = start.IsImplicit;

    public List<KeyValuePair<YamlValue, YamlValue>> Entries { get; } = [];

    /// <summary>The value of the first entry whose key is the plain text <paramref name="key"/>.</summary>
    public YamlValue? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is YamlScalarValue scalar && scalar.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The text of a scalar entry, or <see langword="null"/> when absent, null or not a scalar.</summary>
    public string? GetText(string key) =>
        Get(key) is YamlScalarValue { IsNull: false } scalar ? scalar.Value : null;

    public override string Describe() => "a mapping";
}

/// <summary>A sequence node.</summary>
internal sealed class YamlSequenceValue(SequenceStart start, int lineOffset) : YamlValue(start.Start, start.Tag, lineOffset)
{
    public SequenceStyle Style { get; } = start.Style;

    public bool IsImplicit { get; } = start.IsImplicit;

    public List<YamlValue> Items { get; } = [];

    public override string Describe() => "a list";
}
