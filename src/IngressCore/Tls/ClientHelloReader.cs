using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace IngressCore.Tls;

/// <summary>
/// Reads the TLS ClientHello at the start of a connection's bytes without consuming them (RFC 8446
/// §4.1.2, §5.1; RFC 6066 §3 server_name; RFC 7301 ALPN), so the same bytes can then go to Kestrel's
/// TLS or, untouched, to a passthrough backend. The hello may be split across pipe segments and
/// fragmented over a few handshake records; it is reassembled in a pooled buffer. Every length
/// is checked against what contains it, and the sizes are capped, so no input can make it throw,
/// read out of bounds or hold much memory.
/// </summary>
/// <remarks>
/// A reader object per connection resumes where the last read ended (<see cref="ReadMore"/>): each
/// byte is examined once however the client drips it, and the body is parsed once. What a client
/// can make the server do before a decision is bounded: at most <see cref="MaxHandshakeLength"/>
/// bytes of hello in at most <see cref="MaxRecords"/> records. The static <see cref="Read"/> reads
/// a whole buffer in one go.
/// </remarks>
internal sealed class ClientHelloReader : IDisposable
{
    /// <summary>The largest ClientHello body accepted (real ones are 0.2-2 KiB; post-quantum key shares included).</summary>
    public const int MaxHandshakeLength = 16 * 1024;

    /// <summary>
    /// The most TLS records a ClientHello may span. A real one fits in one record (a record holds
    /// 16 KiB, RFC 8446 §5.1); one at the 16 KiB cap needs two, and some clients split the hello
    /// into a few pieces on purpose (to get past middleboxes that read only the first record).
    /// Eight admits all of those; more is a client making the server parse record after record
    /// (a hello in one-byte records is 10,000 of them), and is refused as Invalid.
    /// </summary>
    public const int MaxRecords = 8;

    private const int RecordHeaderLength = 5;
    private const int HandshakeHeaderLength = 4;
    private const int MaxRecordLength = 16 * 1024; // 2^14, RFC 8446 §5.1
    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const byte HostNameType = 0;

    private Progress _progress;

    /// <summary>
    /// Reads a ClientHello from the start of <paramref name="input"/>: <see cref="ClientHelloStatus.Incomplete"/>
    /// while every byte so far is a valid prefix, <see cref="ClientHelloStatus.Parsed"/> once the whole
    /// hello is there, <see cref="ClientHelloStatus.Invalid"/> as soon as a byte rules it out.
    /// </summary>
    public static ClientHello Read(in ReadOnlySequence<byte> input)
    {
        // A state on the stack: a one-shot read allocates no reader.
        var progress = default(Progress);
        try
        {
            return progress.ReadMore(input);
        }
        finally
        {
            progress.ReturnBuffer();
        }
    }

    /// <summary>
    /// Reads on from where the last call ended. <paramref name="input"/> is every byte the
    /// connection has received so far, from its first: the bytes of earlier calls again (not
    /// consumed from the pipe), then the new ones. Only the new ones are examined. The answer is
    /// the one <see cref="Read"/> gives for the same bytes; once Parsed or Invalid it stays so.
    /// </summary>
    public ClientHello ReadMore(in ReadOnlySequence<byte> input) => _progress.ReadMore(input);

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose() => _progress.ReturnBuffer();

    /// <summary>How far a hello has been read: where in the input, which record, what is reassembled.</summary>
    private struct Progress
    {
        private byte[]? _buffer;
        private long _position;     // bytes of the input examined for good: record headers and fragments
        private int _recordLeft;    // fragment bytes of the current record not yet taken
        private int _records;
        private int _filled;
        private int _total;         // handshake header + body, once the header is in; 0 before
        private ClientHello? _decided;

        public ClientHello ReadMore(in ReadOnlySequence<byte> input)
        {
            if (_decided is { } decided)
            {
                return decided;
            }

            var result = Continue(input.Slice(Math.Min(_position, input.Length)));
            if (result.Status != ClientHelloStatus.Incomplete)
            {
                _decided = result;
                ReturnBuffer(); // decided: nothing more is read
            }

            return result;
        }

        public void ReturnBuffer()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        private ClientHello Continue(in ReadOnlySequence<byte> fresh)
        {
            var reader = new SequenceReader<byte>(fresh);
            Span<byte> header = stackalloc byte[RecordHeaderLength];
            while (true)
            {
                if (_recordLeft == 0)
                {
                    // A record header, read whole or not at all: a part of one is looked at again
                    // next time (at most four bytes).
                    if (!reader.TryCopyTo(header))
                    {
                        return CheckPartialHeader(ref reader, first: _records == 0);
                    }

                    if (CheckHeader(header, first: _records == 0) is { } refused)
                    {
                        return ClientHello.Invalid(refused);
                    }

                    int length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
                    if (length is 0 or > MaxRecordLength)
                    {
                        return ClientHello.Invalid($"a handshake record of {length} bytes (1-{MaxRecordLength} allowed)");
                    }

                    if (++_records > MaxRecords)
                    {
                        return ClientHello.Invalid($"the ClientHello spans more than {MaxRecords} records");
                    }

                    reader.Advance(RecordHeaderLength);
                    _position += RecordHeaderLength;
                    _recordLeft = length;
                }

                // The pooled buffer holds the reassembled handshake message: the fragments of each
                // record, wherever the pipe's segments and the client's writes cut them.
                var available = (int)Math.Min(_recordLeft, reader.Remaining);
                if (available == 0)
                {
                    return ClientHello.Incomplete;
                }

                _buffer ??= ArrayPool<byte>.Shared.Rent(HandshakeHeaderLength + MaxHandshakeLength);
                var take = Math.Min(available, (_total == 0 ? HandshakeHeaderLength + MaxHandshakeLength : _total) - _filled);
                reader.TryCopyTo(_buffer.AsSpan(_filled, take));
                _filled += take;
                reader.Advance(available);
                _position += available;
                _recordLeft -= available;
                if (_total == 0 && _filled >= HandshakeHeaderLength)
                {
                    if (_buffer[0] != ClientHelloType)
                    {
                        return ClientHello.Invalid($"handshake message type {_buffer[0]}, not a ClientHello");
                    }

                    var body = (_buffer[1] << 16) | (_buffer[2] << 8) | _buffer[3];
                    if (body > MaxHandshakeLength)
                    {
                        return ClientHello.Invalid($"a ClientHello of {body} bytes (at most {MaxHandshakeLength})");
                    }

                    _total = HandshakeHeaderLength + body;
                }

                if (_total > 0 && _filled >= _total)
                {
                    return ParseBody(_buffer.AsSpan(HandshakeHeaderLength, _total - HandshakeHeaderLength));
                }
            }
        }
    }

    /// <summary>The record header: a handshake record of TLS 1.0-1.2 framing (TLS 1.3 keeps 0x0301/0x0303 there).</summary>
    private static string? CheckHeader(ReadOnlySpan<byte> header, bool first) =>
        CheckType(header[0], first) ?? CheckVersion(header[1], header[2]);

    /// <summary>Fewer than five bytes of a record header: refuse now what they already rule out, else wait.</summary>
    private static ClientHello CheckPartialHeader(ref SequenceReader<byte> reader, bool first)
    {
        var has = reader.Remaining;
        string? refused = null;
        if (has >= 1 && reader.TryPeek(0, out var type))
        {
            refused = CheckType(type, first);
        }

        if (refused is null && has >= 2 && reader.TryPeek(1, out var major))
        {
            refused = CheckVersion(major, has >= 3 && reader.TryPeek(2, out var minor) ? minor : (byte)1);
        }

        return refused is null ? ClientHello.Incomplete : ClientHello.Invalid(refused);
    }

    private static string? CheckType(byte type, bool first) => type switch
    {
        HandshakeRecord => null,
        >= 0x80 when first => "an SSLv2-compatible hello (not supported)",
        _ when first => $"record type {type}: not a TLS handshake",
        _ => $"record type {type} inside a fragmented ClientHello",
    };

    private static string? CheckVersion(byte major, byte minor) =>
        major == 3 && minor is >= 1 and <= 3 ? null : $"record version {major}.{minor} (3.1-3.3 expected)";

    /// <summary>The ClientHello body (RFC 8446 §4.1.2): every vector inside the one before, nothing left over.</summary>
    private static ClientHello ParseBody(ReadOnlySpan<byte> body)
    {
        var cursor = new Cursor(body);
        if (!cursor.TryByte(out var major) || !cursor.TryByte(out _) || major != 3)
        {
            return ClientHello.Invalid("legacy_version is not 3.x");
        }

        if (!cursor.TrySkip(32))
        {
            return ClientHello.Invalid("random is cut short");
        }

        if (!cursor.TryVector8(out var sessionId) || sessionId.Length > 32)
        {
            return ClientHello.Invalid("bad legacy_session_id");
        }

        if (!cursor.TryVector16(out var suites) || suites.IsEmpty || suites.Length % 2 != 0)
        {
            return ClientHello.Invalid("bad cipher_suites");
        }

        if (!cursor.TryVector8(out var compression) || compression.IsEmpty)
        {
            return ClientHello.Invalid("bad legacy_compression_methods");
        }

        if (cursor.IsEmpty)
        {
            // TLS 1.2 and older may send no extensions at all: no SNI, no ALPN.
            return ClientHello.Parsed(null, null);
        }

        if (!cursor.TryVector16(out var extensions) || !cursor.IsEmpty)
        {
            return ClientHello.Invalid("the extensions do not fill the ClientHello");
        }

        return ParseExtensions(extensions);
    }

    private static ClientHello ParseExtensions(ReadOnlySpan<byte> extensions)
    {
        var cursor = new Cursor(extensions);
        string? serverName = null;
        byte[]? alpn = null;
        bool sawServerName = false, sawAlpn = false;
        while (!cursor.IsEmpty)
        {
            if (!cursor.TryUInt16(out var type) || !cursor.TryVector16(out var data))
            {
                return ClientHello.Invalid("an extension is cut short");
            }

            if (type == ServerNameExtension)
            {
                if (sawServerName || !TryServerName(data, out serverName))
                {
                    return ClientHello.Invalid(sawServerName ? "two server_name extensions" : "bad server_name extension");
                }

                sawServerName = true;
            }
            else if (type == AlpnExtension)
            {
                if (sawAlpn || !IsAlpnList(data, out var list))
                {
                    return ClientHello.Invalid(sawAlpn ? "two ALPN extensions" : "bad ALPN extension");
                }

                sawAlpn = true;
                alpn = list.ToArray();
            }
        }

        return ClientHello.Parsed(serverName, alpn);
    }

    /// <summary>
    /// The server_name list (RFC 6066 §3): well formed throughout; the first <c>host_name</c> is
    /// the name, kept only when it is a valid DNS name (an IP literal, non-ASCII bytes or any other
    /// text count as no name).
    /// </summary>
    private static bool TryServerName(ReadOnlySpan<byte> data, out string? serverName)
    {
        serverName = null;
        var outer = new Cursor(data);
        if (!outer.TryVector16(out var list) || !outer.IsEmpty || list.IsEmpty)
        {
            return false;
        }

        var cursor = new Cursor(list);
        var found = false;
        while (!cursor.IsEmpty)
        {
            if (!cursor.TryByte(out var nameType) || !cursor.TryVector16(out var name) || name.IsEmpty)
            {
                return false;
            }

            if (nameType == HostNameType && !found)
            {
                found = true;
                serverName = ToHostName(name);
            }
        }

        return true;
    }

    /// <summary>The name lower-cased, one trailing dot removed, when it is a valid DNS name; else <see langword="null"/>.</summary>
    private static string? ToHostName(ReadOnlySpan<byte> name)
    {
        if (name.Length > SniServerName.MaxLength + 1)
        {
            return null;
        }

        Span<char> chars = stackalloc char[SniServerName.MaxLength + 1];
        if (Ascii.ToLower(name, chars, out var written) != OperationStatus.Done)
        {
            return null; // not ASCII: clients send internationalised names as punycode
        }

        var host = SniServerName.TrimDot(chars[..written]);
        return SniServerName.IsValid(host) ? host.ToString() : null;
    }

    /// <summary>An ALPN ProtocolNameList (RFC 7301 §3.1): at least one name, each 1-255 bytes, lengths exact.</summary>
    private static bool IsAlpnList(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> list)
    {
        var outer = new Cursor(data);
        if (!outer.TryVector16(out list) || !outer.IsEmpty || list.IsEmpty)
        {
            return false;
        }

        var cursor = new Cursor(list);
        while (!cursor.IsEmpty)
        {
            if (!cursor.TryVector8(out var protocol) || protocol.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads TLS vectors front to back; every read checks the length it is given against what is left.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool IsEmpty => _rest.IsEmpty;

        public bool TryByte(out byte value)
        {
            if (_rest.IsEmpty)
            {
                value = 0;
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool TryUInt16(out ushort value)
        {
            if (!BinaryPrimitives.TryReadUInt16BigEndian(_rest, out value))
            {
                return false;
            }

            _rest = _rest[2..];
            return true;
        }

        public bool TrySkip(int count) => TryTake(count, out _);

        public bool TryVector8(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryByte(out var length) && TryTake(length, out vector);
        }

        public bool TryVector16(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryUInt16(out var length) && TryTake(length, out vector);
        }

        private bool TryTake(int count, out ReadOnlySpan<byte> taken)
        {
            if (count > _rest.Length)
            {
                taken = default;
                return false;
            }

            taken = _rest[..count];
            _rest = _rest[count..];
            return true;
        }
    }
}
