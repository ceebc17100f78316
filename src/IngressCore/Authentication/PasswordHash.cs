using System.Security.Cryptography;
using System.Text;

namespace IngressCore.Authentication;

/// <summary>
/// One user's password hash from an htpasswd file, in a scheme nginx's <c>auth_basic</c> verifies
/// and IngressCore accepts: bcrypt (<c>$2y$</c>, <c>$2b$</c>, <c>$2a$</c>; <c>htpasswd -B</c>),
/// MD5-crypt (<c>$apr1$</c>, <c>htpasswd -m</c>, and <c>$1$</c>) and SHA-1 (<c>{SHA}</c>,
/// <c>htpasswd -s</c>). Plain text (<c>htpasswd -p</c>, <c>{PLAIN}</c>) and the schemes nginx
/// leaves to the system's <c>crypt()</c> (DES, SHA-crypt, yescrypt) are refused by <see cref="TryParse"/>.
/// </summary>
internal abstract class PasswordHash
{
    /// <summary>Whether <paramref name="password"/> (its UTF-8 bytes) has this hash; compared in constant time.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> password);

    /// <summary>The scheme, for messages (<c>bcrypt</c>, <c>apr1</c>, …).</summary>
    public abstract string Scheme { get; }

    /// <summary>Reads a hash; returns why it is refused, or <see langword="null"/>.</summary>
    public static string? TryParse(string text, out PasswordHash? hash)
    {
        hash = null;
        if (text.StartsWith("$2y$", StringComparison.Ordinal) || text.StartsWith("$2b$", StringComparison.Ordinal) || text.StartsWith("$2a$", StringComparison.Ordinal))
        {
            // $2y$NN$ + 53 characters of salt and hash.
            if (text.Length != 60 || !char.IsAsciiDigit(text[4]) || !char.IsAsciiDigit(text[5]) || text[6] != '$' ||
                int.Parse(text.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture) is < 4 or > 31 ||
                text.AsSpan(7).ContainsAnyExcept(CryptAlphabet))
            {
                return "is not a well-formed bcrypt hash";
            }

            hash = new Bcrypt(text);
            return null;
        }

        if (text.StartsWith(Md5Crypt.AprMagic, StringComparison.Ordinal) || text.StartsWith(Md5Crypt.BsdMagic, StringComparison.Ordinal))
        {
            var magic = text.StartsWith(Md5Crypt.AprMagic, StringComparison.Ordinal) ? Md5Crypt.AprMagic : Md5Crypt.BsdMagic;
            var rest = text[magic.Length..];
            var dollar = rest.IndexOf('$', StringComparison.Ordinal);
            if (dollar is < 0 or > 8 || rest.Length - dollar - 1 != 22 || rest.AsSpan(0, dollar).ContainsAnyExcept(CryptAlphabet) ||
                rest.AsSpan(dollar + 1).ContainsAnyExcept(CryptAlphabet))
            {
                return "is not a well-formed MD5-crypt hash";
            }

            hash = new Md5(text, magic, rest[..dollar]);
            return null;
        }

        if (text.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            Span<byte> digest = stackalloc byte[20];
            if (!Convert.TryFromBase64String(text[5..], digest, out var written) || written != 20)
            {
                return "is not a well-formed {SHA} hash (base64 of 20 bytes)";
            }

            hash = new Sha1(digest.ToArray());
            return null;
        }

        if (text.StartsWith("{PLAIN}", StringComparison.Ordinal))
        {
            return "is a plain-text password ({PLAIN}); store a hash (htpasswd -B)";
        }

        if (text.StartsWith("$5$", StringComparison.Ordinal) || text.StartsWith("$6$", StringComparison.Ordinal) || text.StartsWith("$y$", StringComparison.Ordinal) || text.StartsWith("{SSHA}", StringComparison.Ordinal))
        {
            return "uses a scheme IngressCore does not verify (SHA-crypt, yescrypt or {SSHA}); use bcrypt (htpasswd -B)";
        }

        return text.Length == 13 && !text.AsSpan().ContainsAnyExcept(CryptAlphabet)
            ? "is a DES crypt hash (htpasswd -d), which keeps only 8 characters of the password; use bcrypt (htpasswd -B)"
            : "is not a password hash IngressCore accepts (plain text is refused); use bcrypt (htpasswd -B), apr1 (htpasswd -m) or SHA-1 (htpasswd -s)";
    }

    private const string CryptAlphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private sealed class Bcrypt(string hash) : PasswordHash
    {
        public override string Scheme => "bcrypt";

        public override bool Verify(ReadOnlySpan<byte> password)
        {
            try
            {
                // BCrypt.Net takes text and hashes its UTF-8 bytes, which are the password's bytes;
                // bytes that are not UTF-8 could not round-trip, so they match nothing.
                return BCrypt.Net.BCrypt.Verify(StrictUtf8.GetString(password), hash);
            }
            catch (Exception e) when (e is BCrypt.Net.SaltParseException or DecoderFallbackException)
            {
                return false;
            }
        }
    }

    private sealed class Md5(string hash, string magic, string salt) : PasswordHash
    {
        public override string Scheme => magic == Md5Crypt.AprMagic ? "apr1" : "md5-crypt";

        public override bool Verify(ReadOnlySpan<byte> password) =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Md5Crypt.Hash(password, magic, salt)), Encoding.ASCII.GetBytes(hash));
    }

    private sealed class Sha1(byte[] digest) : PasswordHash
    {
        public override string Scheme => "sha1";

        public override bool Verify(ReadOnlySpan<byte> password)
        {
            Span<byte> computed = stackalloc byte[20];
#pragma warning disable CA5350 // {SHA} is what htpasswd -s writes and nginx verifies; the file's format, not a choice made here.
            SHA1.HashData(password, computed);
#pragma warning restore CA5350
            return CryptographicOperations.FixedTimeEquals(computed, digest);
        }
    }
}
