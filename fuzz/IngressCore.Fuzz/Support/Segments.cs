using System.Buffers;

namespace IngressCore.Fuzz.Support;

/// <summary>Bytes as a pipe delivers them: a <see cref="ReadOnlySequence{T}"/> of several segments.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>
    /// <paramref name="data"/> cut after each of <paramref name="cuts"/> (lengths of the segments
    /// before the last; 0 makes an empty segment, as a pipe can deliver).
    /// </summary>
    public static ReadOnlySequence<byte> Split(byte[] data, ReadOnlySpan<byte> cuts)
    {
        var first = new Segments(ReadOnlyMemory<byte>.Empty, 0);
        var last = first;
        var at = 0;
        foreach (var cut in cuts)
        {
            var length = Math.Min(cut, data.Length - at);
            last = last.Append(data.AsMemory(at, length));
            at += length;
        }

        last = last.Append(data.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private Segments Append(ReadOnlyMemory<byte> memory)
    {
        var next = new Segments(memory, RunningIndex + Memory.Length);
        Next = next;
        return next;
    }
}
