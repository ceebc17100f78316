using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IngressCore.Kubernetes;

/// <summary>What the first pass learned about one YAML document.</summary>
/// <param name="Segment">The index of the <see cref="YamlSegment"/> the document was parsed in.</param>
/// <param name="Line">The 1-based line where the document starts.</param>
/// <param name="Problem">Why the document is refused, or <see langword="null"/> when it can be read.</param>
/// <param name="ProblemLine">The line the problem is at.</param>
internal sealed record YamlDocumentScan(int Segment, int Line, string? Problem, int ProblemLine);

/// <summary>Where one run of the parser starts in the text: after a refused document the parser is restarted at the next <c>---</c>.</summary>
/// <param name="Start">The character index the parser starts at.</param>
/// <param name="LineOffset">The number of lines before <paramref name="Start"/>.</param>
internal sealed record YamlSegment(int Start, int LineOffset);

/// <summary>A YAML syntax error: the parser's message (escaped) and its position.</summary>
internal sealed record YamlSyntaxError(string Message, int Line, int Column);

/// <summary>The first pass over a file.</summary>
/// <param name="Segments">Where the parser was started.</param>
/// <param name="Documents">Every document seen, accepted or refused, in order.</param>
/// <param name="Error">The syntax error that ended the file, if any.</param>
/// <param name="Stopped">Why the rest of the file was not scanned (too many documents), with the line, if it was not.</param>
internal sealed record YamlScan(List<YamlSegment> Segments, List<YamlDocumentScan> Documents, YamlSyntaxError? Error, YamlSyntaxError? Stopped = null);

/// <summary>
/// Reads YAML (and JSON, which YAML's flow style covers) with YamlDotNet's parser in two passes.
/// The first pass only counts, over the event stream: the nesting depth, the node count and any
/// alias, so a hostile document (10,000 nested <c>[</c>, a billion-laughs alias bomb) is refused
/// before any node tree is built or anything is deserialized. The parser stops at the first sign
/// (it costs more the deeper it goes) and restarts at the next line starting with <c>---</c>, so
/// the documents after a refused one are still read. The second pass builds a node tree, with
/// positions, for the documents the first pass accepted, without recursion.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>The deepest nesting of mappings and sequences a document may have.</summary>
    public const int MaxDepth = 100;

    /// <summary>The most nodes (scalars, mappings and sequences) one document may have.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>The most documents read from one file.</summary>
    public const int MaxDocuments = 10_000;

    /// <summary>After this many refused documents the rest of a file is not scanned.</summary>
    public const int MaxRefused = 1_000;

    /// <summary>Counts depth, nodes and aliases per document and stops at the first syntax error.</summary>
    public static YamlScan Scan(string text)
    {
        var segments = new List<YamlSegment> { new(0, 0) };
        var documents = new List<YamlDocumentScan>();
        var refused = 0;
        while (true)
        {
            var segment = segments[^1];
            var (refusedAt, error, stopped) = ScanSegment(text, segments.Count - 1, segment, documents);
            if (error is not null || stopped is not null)
            {
                return new YamlScan(segments, documents, error, stopped);
            }

            if (refusedAt < 0 || NextDocumentStart(text, refusedAt) is not { } next)
            {
                return new YamlScan(segments, documents, null);
            }

            if (++refused >= MaxRefused)
            {
                var stoppedAt = segment.LineOffset + text.AsSpan(segment.Start, next - segment.Start).Count('\n') + 1;
                return new YamlScan(segments, documents, null, new YamlSyntaxError($"more than {MaxRefused:N0} documents of this file were refused; the rest of it was not read", stoppedAt, 0));
            }

            segments.Add(new YamlSegment(next, segment.LineOffset + text.AsSpan(segment.Start, next - segment.Start).Count('\n')));
        }
    }

    /// <summary>
    /// Builds the node tree of every document the scan accepted; refused documents yield
    /// <see langword="null"/> in their place.
    /// </summary>
    public static List<YamlValue?> Build(string text, YamlScan scan)
    {
        var roots = new List<YamlValue?>(scan.Documents.Count);
        var index = 0;
        for (var s = 0; s < scan.Segments.Count && index < scan.Documents.Count; s++)
        {
            var segment = scan.Segments[s];
            var parser = new Parser(new SliceReader(text, segment.Start));
            try
            {
                parser.Consume<StreamStart>();
                for (; index < scan.Documents.Count && scan.Documents[index].Segment == s; index++)
                {
                    if (scan.Documents[index].Problem is not null)
                    {
                        // A refused document ends its segment: the next one starts after it.
                        roots.Add(null);
                        index++;
                        break;
                    }

                    parser.Consume<DocumentStart>();
                    roots.Add(BuildNode(parser, segment.LineOffset));
                    parser.Consume<DocumentEnd>();
                }
            }
#pragma warning disable CA1031 // The scan accepted these documents; a late parser failure leaves them out (the scan reported it).
            catch (Exception)
#pragma warning restore CA1031
            {
                while (index < scan.Documents.Count && scan.Documents[index].Segment == s)
                {
                    if (roots.Count <= index)
                    {
                        roots.Add(null);
                    }

                    index++;
                }
            }
        }

        while (roots.Count < scan.Documents.Count)
        {
            roots.Add(null);
        }

        return roots;
    }

    /// <summary>
    /// Scans from the segment's start; returns the text index where a refused document was given
    /// up (-1 when the segment ran to its end) or the syntax error that ended it.
    /// </summary>
    private static (int RefusedAt, YamlSyntaxError? Error, YamlSyntaxError? Stopped) ScanSegment(
        string text, int segmentIndex, YamlSegment segment, List<YamlDocumentScan> documents)
    {
        var parser = new Parser(new SliceReader(text, segment.Start));
        int depth = 0, nodes = 0, line = 0;

        int Refuse(string why, Mark at)
        {
            documents.Add(new YamlDocumentScan(segmentIndex, line, why, Line(at, segment)));
            return segment.Start + (int)Math.Min(at.Index, text.Length - segment.Start);
        }

        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart:
                        depth = 0;
                        nodes = 0;
                        line = Line(current.Start, segment);
                        break;
                    case DocumentEnd:
                        documents.Add(new YamlDocumentScan(segmentIndex, line, null, 0));
                        if (documents.Count >= MaxDocuments)
                        {
                            return (-1, null, new YamlSyntaxError($"the file has more than {MaxDocuments:N0} YAML documents; the rest of it was not read", Line(current.End, segment), 0));
                        }

                        break;
                    case MappingStart or SequenceStart:
                        depth++;
                        nodes++;
                        if (depth > MaxDepth)
                        {
                            return (Refuse($"the document nests mappings and lists more than {MaxDepth} levels deep", current.Start), null, null);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case Scalar:
                        nodes++;
                        break;
                    case AnchorAlias alias:
                        return (Refuse(
                            $"the document uses the YAML alias *{Printable.Of(alias.Value.Value)}; aliases are not accepted in manifests (they can expand without bound), write the value out instead",
                            alias.Start), null, null);
                }

                if (nodes > MaxNodes)
                {
                    return (Refuse($"the document has more than {MaxNodes:N0} YAML nodes", current.Start), null, null);
                }
            }
        }
        catch (YamlException ex)
        {
            return (-1, ToError(ex, text, segment), null);
        }
#pragma warning disable CA1031 // Never throw for bad input: any parser failure becomes a diagnostic.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (-1, new YamlSyntaxError(Printable.Of(ex.Message, 300), segment.LineOffset + 1, 0), null);
        }

        return (-1, null, null);
    }

    /// <summary>The index of the next line after <paramref name="from"/> that starts a document (<c>---</c>).</summary>
    private static int? NextDocumentStart(string text, int from)
    {
        var at = from;
        while (true)
        {
            var newline = text.IndexOf('\n', at);
            if (newline < 0)
            {
                return null;
            }

            at = newline + 1;
            if (string.CompareOrdinal(text, at, "---", 0, 3) == 0 &&
                (at + 3 == text.Length || text[at + 3] is ' ' or '\t' or '\r' or '\n'))
            {
                return at;
            }
        }
    }

    private static YamlValue BuildNode(IParser parser, int lineOffset)
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
                case YamlMappingValue when frame.PendingKey is null:
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
                    Attach(new YamlScalarValue(scalar, lineOffset));
                    break;
                case MappingStart start:
                    frames.Add(new Frame(new YamlMappingValue(start, lineOffset)));
                    break;
                case SequenceStart start:
                    frames.Add(new Frame(new YamlSequenceValue(start, lineOffset)));
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

    private static YamlSyntaxError ToError(YamlException ex, string text, YamlSegment segment)
    {
        var message = ex.Message;
        var line = Line(ex.Start, segment);
        var column = ToInt(ex.Start.Column);
        var index = segment.Start + ex.Start.Index;
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

    private static int Line(Mark mark, YamlSegment segment) => ToInt(mark.Line + segment.LineOffset);

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private sealed class Frame(YamlValue container)
    {
        public YamlValue Container { get; } = container;

        public YamlValue? PendingKey { get; set; }
    }

    /// <summary>Reads a string from an index on, without copying it.</summary>
    private sealed class SliceReader(string text, int start) : TextReader
    {
        private int _position = start;

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(buffer.Length, text.Length - _position);
            text.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
