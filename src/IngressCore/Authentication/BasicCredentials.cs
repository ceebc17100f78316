using System.Text;

namespace IngressCore.Authentication;

/// <summary>The user and password of a <c>Basic</c> <c>Authorization</c> header (RFC 7617), as nginx reads them.</summary>
internal static class BasicCredentials
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// Decodes <c>Basic base64(user:password)</c>: the scheme in any case, the user up to the first
    /// <c>:</c>. Returns <see langword="false"/> for any other header, which is then no credentials.
    /// </summary>
    public static bool TryRead(string? authorization, out string user, out byte[] password)
    {
        user = "";
        password = [];
        if (authorization is null || authorization.Length < 6 || !authorization.AsSpan(0, 6).Equals("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = authorization.AsSpan(6).Trim(' ');
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        var decoded = bytes.AsSpan(0, length);
        var colon = decoded.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        try
        {
            user = StrictUtf8.GetString(decoded[..colon]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        password = decoded[(colon + 1)..].ToArray();
        return true;
    }
}
