using System.Security.Cryptography;
using System.Text;

namespace IngressCore.Authentication;

/// <summary>
/// The MD5-based crypt of FreeBSD (<c>$1$</c>) and its Apache variant (<c>$apr1$</c>, what
/// <c>htpasswd -m</c> writes): 1,000 rounds of MD5 over the password and a salt of up to eight
/// characters, written in crypt's base-64 alphabet. The algorithm as Poul-Henning Kamp published it
/// (FreeBSD <c>crypt-md5.c</c>, Apache <c>apr_md5_encode</c>); the hashing is the BCL's MD5.
/// </summary>
internal static class Md5Crypt
{
    /// <summary>Apache's magic, <c>$apr1$</c>.</summary>
    public const string AprMagic = "$apr1$";

    /// <summary>FreeBSD's magic, <c>$1$</c>.</summary>
    public const string BsdMagic = "$1$";

    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The full hash (<c>magic salt $ 22 characters</c>) of <paramref name="password"/>.</summary>
    /// <param name="password">The password's bytes.</param>
    /// <param name="magic"><see cref="AprMagic"/> or <see cref="BsdMagic"/>.</param>
    /// <param name="salt">The salt; only its first eight characters count, and it ends at a <c>$</c>.</param>
    public static string Hash(ReadOnlySpan<byte> password, string magic, string salt)
    {
        var dollar = salt.IndexOf('$', StringComparison.Ordinal);
        if (dollar >= 0)
        {
            salt = salt[..dollar];
        }

        if (salt.Length > 8)
        {
            salt = salt[..8];
        }

        var saltBytes = Encoding.ASCII.GetBytes(salt);
        var magicBytes = Encoding.ASCII.GetBytes(magic);

        // The "alternate" sum: password, salt, password.
        Span<byte> alternate = stackalloc byte[16];
        using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
        {
            md5.AppendData(password);
            md5.AppendData(saltBytes);
            md5.AppendData(password);
            md5.GetHashAndReset(alternate);
        }

        Span<byte> final = stackalloc byte[16];
        using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
        {
            md5.AppendData(password);
            md5.AppendData(magicBytes);
            md5.AppendData(saltBytes);
            for (var left = password.Length; left > 0; left -= 16)
            {
                md5.AppendData(alternate[..Math.Min(16, left)]);
            }

            // One byte per bit of the length: a zero byte for a set bit, the password's first byte otherwise.
            ReadOnlySpan<byte> zero = [0];
            var first = password.IsEmpty ? zero : password[..1];
            for (var bits = password.Length; bits != 0; bits >>= 1)
            {
                md5.AppendData((bits & 1) != 0 ? zero : first);
            }

            md5.GetHashAndReset(final);
        }

        // 1,000 rounds to slow the guessing down.
        using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
        {
            for (var i = 0; i < 1000; i++)
            {
                if ((i & 1) != 0)
                {
                    md5.AppendData(password);
                }
                else
                {
                    md5.AppendData(final);
                }

                if (i % 3 != 0)
                {
                    md5.AppendData(saltBytes);
                }

                if (i % 7 != 0)
                {
                    md5.AppendData(password);
                }

                if ((i & 1) != 0)
                {
                    md5.AppendData(final);
                }
                else
                {
                    md5.AppendData(password);
                }

                md5.GetHashAndReset(final);
            }
        }

        var text = new StringBuilder(magic.Length + salt.Length + 23);
        text.Append(magic).Append(salt).Append('$');
        Encode(text, final[0], final[6], final[12], 4);
        Encode(text, final[1], final[7], final[13], 4);
        Encode(text, final[2], final[8], final[14], 4);
        Encode(text, final[3], final[9], final[15], 4);
        Encode(text, final[4], final[10], final[5], 4);
        Encode(text, 0, 0, final[11], 2);
        return text.ToString();
    }

    /// <summary>Appends <paramref name="count"/> characters of the 24-bit value <c>a b c</c>, lowest six bits first.</summary>
    private static void Encode(StringBuilder text, byte a, byte b, byte c, int count)
    {
        var value = (a << 16) | (b << 8) | c;
        for (var i = 0; i < count; i++)
        {
            text.Append(Alphabet[value & 0x3F]);
            value >>= 6;
        }
    }
}
