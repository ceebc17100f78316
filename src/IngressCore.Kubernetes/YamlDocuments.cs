using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>One YAML document: its node tree, or why it was refused.</summary>
/// <param name="Line">The 1-based line where the document starts.</param>
/// <param name="Root">The document's node tree, when it was accepted.</param>
/// <param name="Problem">Why the document is refused, or <see langword="null"/> when it can be read.</param>
/// <param name="ProblemLine">The line the problem is at.</param>
internal sealed record YamlDocumentScan(int Line, YamlValue? Root, string? Problem, int ProblemLine);

/// <summary>Where one run of the parser starts in the text: after a refused document the parser is restarted at the next <c>---</c>.</summary>
/// <param name="Start">The character index the parser starts at.</param>
/// <param name="LineOffset">The number of lines before <paramref name="Start"/>.</param>
internal sealed record YamlSegment(int Start, int LineOffset);

/// <summary>A YAML syntax error: the parser's message (escaped) and its position.</summary>
internal sealed record YamlSyntaxError(string Message, int Line, int Column);

/// <summary>A file read as YAML.</summary>
/// <param name="Documents">Every document seen, accepted or refused, in order.</param>
/// <param name="Error">The syntax error that ended the file, if any.</param>
/// <param name="Stopped">Why the rest of the file was not read (too many documents), with the line, if it was not.</param>
internal sealed record YamlScan(List<YamlDocumentScan> Documents, YamlSyntaxError? Error, YamlSyntaxError? Stopped = null);

/// <summary>
/// Reads YAML (and JSON, which YAML's flow style covers) with YamlDotNet's parser. Each
/// document's event stream is first only counted and kept: the nesting depth, the node count
/// and any alias, so a hostile document (10,000 nested <c>[</c>, a billion-laughs alias bomb) is
/// refused before any node tree is built or anything is deserialized. The parser stops at the
/// first sign (it costs more the deeper it goes) and restarts at the next line starting with
/// <c>---</c>, so the documents after a refused one are still read. An accepted document's node
/// tree, with positions, is then built from its events, without recursion.
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
        var segment = new YamlSegment(0, 0);
        var documents = new List<YamlDocumentScan>();
        var refused = 0;
        while (true)
        {
            var (refusedAt, error, stopped) = ScanSegment(text, segment, documents);
            if (error is not null || stopped is not null)
            {
                return new YamlScan(documents, error, stopped);
            }

            if (refusedAt < 0 || NextDocumentStart(text, refusedAt) is not { } next)
            {
                return new YamlScan(documents, null);
            }

            var nextSegment = new YamlSegment(next, segment.LineOffset + text.AsSpan(segment.Start, next - segment.Start).Count('\n'));
            if (++refused >= MaxRefused)
            {
                return new YamlScan(documents, null, new YamlSyntaxError(Invariant($"more than {MaxRefused:N0} documents of this file were refused; the rest of it was not read"), nextSegment.LineOffset + 1, 0));
            }

            segment = nextSegment;
        }
    }

    /// <summary>
    /// Scans from the segment's start; returns the text index where a refused document was given
    /// up (-1 when the segment ran to its end) or the syntax error that ended it.
    /// </summary>
    private static (int RefusedAt, YamlSyntaxError? Error, YamlSyntaxError? Stopped) ScanSegment(
        string text, YamlSegment segment, List<YamlDocumentScan> documents)
    {
        var parser = new Parser(new SliceReader(text, segment.Start));
        var events = new List<ParsingEvent>();
        int depth = 0, nodes = 0, line = 0;

        int Refuse(string why, Mark at)
        {
            events.Clear();
            documents.Add(new YamlDocumentScan(line, null, why, Line(at, segment)));
            return segment.Start + (int)Math.Min(at.Index, text.Length - segment.Start);
        }

        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart when documents.Count >= MaxDocuments:
                        return (-1, null, new YamlSyntaxError(Invariant($"the file has more than {MaxDocuments:N0} YAML documents; the rest of it was not read"), Line(current.Start, segment), 0));
                    case DocumentStart:
                        depth = 0;
                        nodes = 0;
                        events.Clear();
                        line = Line(current.Start, segment);
                        continue;
                    case DocumentEnd:
                        // Accepted: only now is its tree built, from the events kept.
                        documents.Add(new YamlDocumentScan(line, BuildNode(events, segment.LineOffset), null, 0));
                        events.Clear();
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
                    return (Refuse(Invariant($"the document has more than {MaxNodes:N0} YAML nodes"), current.Start), null, null);
                }

                if (current is not (StreamStart or StreamEnd or DocumentEnd))
                {
                    events.Add(current);
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

    private static YamlValue BuildNode(List<ParsingEvent> events, int lineOffset)
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

        foreach (var current in events)
        {
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
            }
        }

        return root ?? throw new YamlException("a YAML document without content");
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

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
