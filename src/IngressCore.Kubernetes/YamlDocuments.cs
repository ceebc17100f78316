using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IngressCore.Kubernetes;

/// <summary>What the first pass learned about one YAML document.</summary>
/// <param name="Line">The 1-based line where the document starts.</param>
/// <param name="Problem">Why the document is refused, or <see langword="null"/> when it can be read.</param>
/// <param name="ProblemLine">The line the problem is at.</param>
internal sealed record YamlDocumentScan(int Line, string? Problem, int ProblemLine);

/// <summary>A YAML syntax error: the parser's message (escaped) and its position.</summary>
internal sealed record YamlSyntaxError(string Message, int Line, int Column);

/// <summary>
/// Reads YAML (and JSON, which YAML's flow style covers) with YamlDotNet's parser in two passes.
/// The first pass only counts, over the event stream: the nesting depth, the node count and any
/// alias, so a hostile document (10,000 nested <c>[</c>, a billion-laughs alias bomb) is refused
/// before any node tree is built or anything is deserialized. The second pass builds a node tree,
/// with positions, for the documents the first pass accepted, without recursion.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>The deepest nesting of mappings and sequences a document may have.</summary>
    public const int MaxDepth = 100;

    /// <summary>The most nodes (scalars, mappings and sequences) one document may have.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>Counts depth, nodes and aliases per document and stops at the first syntax error.</summary>
    public static (List<YamlDocumentScan> Documents, YamlSyntaxError? Error) Scan(string text)
    {
        var documents = new List<YamlDocumentScan>();
        var parser = new Parser(new StringReader(text));
        int depth = 0, nodes = 0, line = 0, problemLine = 0;
        string? problem = null;

        void Refuse(string why, Mark at)
        {
            if (problem is null)
            {
                problem = why;
                problemLine = ToInt(at.Line);
            }
        }

        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart start:
                        depth = 0;
                        nodes = 0;
                        problem = null;
                        line = ToInt(start.Start.Line);
                        break;
                    case DocumentEnd:
                        documents.Add(new YamlDocumentScan(line, problem, problemLine));
                        problem = null;
                        break;
                    case MappingStart or SequenceStart:
                        depth++;
                        nodes++;
                        if (depth > MaxDepth)
                        {
                            Refuse($"the document nests mappings and lists more than {MaxDepth} levels deep", parser.Current.Start);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case Scalar:
                        nodes++;
                        break;
                    case AnchorAlias alias:
                        Refuse(
                            $"the document uses the YAML alias *{Printable.Of(alias.Value.Value)}; aliases are not accepted in manifests (they can expand without bound), write the value out instead",
                            alias.Start);
                        break;
                }

                if (nodes > MaxNodes)
                {
                    Refuse($"the document has more than {MaxNodes:N0} YAML nodes", parser.Current!.Start);
                }
            }
        }
        catch (YamlException ex)
        {
            if (problem is not null)
            {
                // The document in progress was already refused (too deep, an alias): say so as well.
                documents.Add(new YamlDocumentScan(line, problem, problemLine));
            }

            return (documents, ToError(ex, text));
        }
#pragma warning disable CA1031 // Never throw for bad input: any parser failure becomes a diagnostic.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (documents, new YamlSyntaxError(Printable.Of(ex.Message, 300), 0, 0));
        }

        return (documents, null);
    }

    /// <summary>
    /// Builds the node tree of every document the scan accepted; refused documents yield
    /// <see langword="null"/> in their place. Only documents the scan completed are read.
    /// </summary>
    public static List<YamlValue?> Build(string text, List<YamlDocumentScan> scans)
    {
        var roots = new List<YamlValue?>(scans.Count);
        if (scans.Count == 0)
        {
            return roots;
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            foreach (var scan in scans)
            {
                parser.Consume<DocumentStart>();
                if (scan.Problem is not null)
                {
                    while (parser.Current is not DocumentEnd && parser.MoveNext())
                    {
                    }

                    parser.Consume<DocumentEnd>();
                    roots.Add(null);
                    continue;
                }

                roots.Add(BuildNode(parser));
                parser.Consume<DocumentEnd>();
            }
        }
#pragma warning disable CA1031 // The scan accepted these documents; a late parser failure ends the file quietly (the scan reported it).
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        while (roots.Count < scans.Count)
        {
            roots.Add(null);
        }

        return roots;
    }

    private static YamlValue BuildNode(IParser parser)
    {
        YamlValue? root = null;
        var frames = new List<Frame>();

        void Attach(YamlValue node)
        {
            if (frames.Count == 0)
            {
                root = node;
                return;
            }

            var frame = frames[^1];
            switch (frame.Container)
            {
                case YamlSequenceValue sequence:
                    sequence.Items.Add(node);
                    break;
                case YamlMappingValue mapping when frame.PendingKey is null:
                    frame.PendingKey = node;
                    break;
                case YamlMappingValue mapping:
                    mapping.Entries.Add(new(frame.PendingKey!, node));
                    frame.PendingKey = null;
                    break;
            }
        }

        do
        {
            var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
            parser.MoveNext();
            switch (current)
            {
                case Scalar scalar:
                    Attach(new YamlScalarValue(scalar));
                    break;
                case MappingStart start:
                    frames.Add(new Frame(new YamlMappingValue(start)));
                    break;
                case SequenceStart start:
                    frames.Add(new Frame(new YamlSequenceValue(start)));
                    break;
                case MappingEnd or SequenceEnd:
                    var done = frames[^1].Container;
                    frames.RemoveAt(frames.Count - 1);
                    Attach(done);
                    break;
                default:
                    throw new YamlException(current.Start, current.End, "unexpected YAML event " + current.GetType().Name);
            }
        }
        while (frames.Count > 0);

        return root!;
    }

    private static YamlSyntaxError ToError(YamlException ex, string text)
    {
        var message = ex.Message;
        var line = ToInt(ex.Start.Line);
        var column = ToInt(ex.Start.Column);
        var index = ex.Start.Index;
        if (index >= 0 && index < text.Length && text[(int)index] == '\t')
        {
            message += " (a tab was found: YAML indentation must use spaces)";
        }
        else if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabIndentedLine(text, line) is { } tabLine)
        {
            // YamlDotNet reports a tab in indentation at the start of the enclosing mapping: point at the tab.
            line = tabLine;
            column = 1;
            message += " (YAML indentation must use spaces)";
        }

        return new YamlSyntaxError(Printable.Of(message, 300), line, column);
    }

    /// <summary>The first line at or after <paramref name="fromLine"/> whose indentation holds a tab.</summary>
    private static int? TabIndentedLine(string text, int fromLine)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (atLineStart && c == '\t' && line >= fromLine)
            {
                return line;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }

        return null;
    }

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private sealed class Frame(YamlValue container)
    {
        public YamlValue Container { get; } = container;

        public YamlValue? PendingKey { get; set; }
    }
}
