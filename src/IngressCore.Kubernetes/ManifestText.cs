using System.Globalization;
using System.Text;
using IngressCore.Diagnostics;

namespace IngressCore.Kubernetes;

/// <summary>
/// Reads a manifest file as text, refusing before parsing what is not a manifest: a file over
/// <see cref="MaxBytes"/> (refused from its size, without reading it), binary content (NUL bytes),
/// invalid UTF-8 or UTF-16, and characters YAML does not allow in a stream.
/// </summary>
internal static class ManifestText
{
    /// <summary>The largest manifest file read: 16 MiB.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>Reads and decodes a file; on failure returns <see langword="null"/> and says why (and at which line, when known).</summary>
    public static string? Read(string fullPath, out string? problem, out int line)
    {
        problem = null;
        line = 0;
        byte[] bytes;
        try
        {
            bytes = ReadBounded(fullPath, out var tooLarge);
            if (tooLarge is { } size)
            {
                problem = size < 0
                    ? $"the file is larger than the {MaxBytes / (1024 * 1024)} MiB limit for a manifest file; it was not read"
                    : $"the file is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the {MaxBytes / (1024 * 1024)} MiB limit for a manifest file; it was not read";
                return null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            problem = $"the file cannot be read: {Printable.Of(ex.Message, 200)}";
            return null;
        }

        return Decode(bytes, out problem, out line);
    }

    /// <summary>Decodes manifest bytes: UTF-8 (with or without a byte order mark) or UTF-16 with one.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out string? problem, out int line)
    {
        problem = null;
        line = 0;
        string text;
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var encoding = bytes[0] == 0xFF
                ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
                : new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            try
            {
                text = encoding.GetString(bytes[2..]);
            }
            catch (DecoderFallbackException)
            {
                problem = "the file starts with a UTF-16 byte order mark but is not valid UTF-16 text; save it as UTF-8";
                return null;
            }
        }
        else
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                bytes = bytes[3..];
            }

            var nul = bytes.IndexOf((byte)0);
            if (nul >= 0)
            {
                line = LineAt(bytes, nul);
                problem = "the file contains NUL bytes: it is binary, not YAML or JSON text";
                return null;
            }

            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                var at = Math.Clamp(ex.Index, 0, Math.Max(bytes.Length - 1, 0));
                line = LineAt(bytes, at);
                problem = "the file is not valid UTF-8 text (it may be binary, or saved in another encoding); save it as UTF-8";
                return null;
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsAllowed(c))
            {
                line = 1 + text.AsSpan(0, i).Count('\n');
                problem = c == '\0'
                    ? "the file contains NUL characters: it is binary, not YAML or JSON text"
                    : $"the file contains the control character {Printable.CodePoint(c)}, which YAML and JSON do not allow in text (inside double quotes write it as an escape such as \\u{((int)c).ToString("x4", CultureInfo.InvariantCulture)})";
                return null;
            }
        }

        return text;
    }

    /// <summary>YAML 1.2's printable characters (c-printable); surrogates are valid pairs here (strict decoding).</summary>
    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uFFFD');

    private static int LineAt(ReadOnlySpan<byte> bytes, int index) =>
        1 + bytes[..Math.Min(index, bytes.Length)].Count((byte)'\n');

    private static byte[] ReadBounded(string path, out long? tooLarge)
    {
        tooLarge = null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        long length = -1;
        if (stream.CanSeek)
        {
            length = stream.Length;
            if (length > MaxBytes)
            {
                tooLarge = length;
                return [];
            }
        }

        // Read at most MaxBytes + 1: a file that grows, or a device without a length, is still bounded.
        var buffer = new byte[length >= 0 ? (int)Math.Min(length + 1, MaxBytes + 1) : 64 * 1024];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > MaxBytes)
                {
                    tooLarge = -1;
                    return [];
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, MaxBytes + 1));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > MaxBytes)
        {
            tooLarge = -1;
            return [];
        }

        Array.Resize(ref buffer, total);
        return buffer;
    }
}
