using System.Text;
using IngressCore.Authentication;

namespace IngressCore.Tests.Authentication;

/// <summary>
/// The password hashes of htpasswd files, checked against the tools that make them: Debian's
/// apache2-utils <c>htpasswd</c> (bcrypt, apr1, SHA-1) and <c>openssl passwd</c> (apr1 and $1$,
/// whose output the MD5-crypt implementation must reproduce byte for byte).
/// </summary>
public sealed class PasswordHashTests
{
    private static readonly string[] Passwords = ["hunter2", "", "pässwörd ∆", "a:b:c", new string('x', 80), "with space", "\"quote'"];

    public static TheoryData<string, string> FlagsAndPasswords()
    {
        var data = new TheoryData<string, string>();
        foreach (var flag in (string[])["-B", "-m", "-s"])
        {
            foreach (var password in Passwords)
            {
                data.Add(flag, password);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FlagsAndPasswords))]
    public void Hashes_made_by_htpasswd_verify_their_password_and_no_other(string flag, string password)
    {
        var text = flag == "-B" ? Tools.Htpasswd(flag, password, "-C", "4") : Tools.Htpasswd(flag, password);

        Assert.Null(PasswordHash.TryParse(text, out var hash));
        Assert.True(hash!.Verify(Encoding.UTF8.GetBytes(password)), $"{flag} {text}");
        Assert.False(hash.Verify(Encoding.UTF8.GetBytes("y" + password)));
        Assert.False(hash.Verify(Encoding.UTF8.GetBytes(password.ToUpperInvariant() + "!")));
    }

    [Theory]
    [InlineData("-apr1", "$apr1$", "abcdefgh", "hunter2")]
    [InlineData("-apr1", "$apr1$", "a", "")]
    [InlineData("-apr1", "$apr1$", "./09AZaz", "x")]
    [InlineData("-1", "$1$", "xyz", "pässwörd")]
    [InlineData("-1", "$1$", "12345678", "a much longer password than sixteen bytes")]
    public void Md5_crypt_reproduces_openssl_passwd(string option, string magic, string salt, string password)
    {
        var expected = Tools.Run("openssl", "passwd", option, "-salt", salt, password);

        Assert.Equal(expected, Md5Crypt.Hash(Encoding.UTF8.GetBytes(password), magic, salt));
        Assert.Null(PasswordHash.TryParse(expected, out var hash));
        Assert.True(hash!.Verify(Encoding.UTF8.GetBytes(password)));
    }

    [Fact]
    public void Bcrypt_keeps_the_first_72_bytes_as_every_bcrypt_does()
    {
        var password = new string('y', 72);
        Assert.Null(PasswordHash.TryParse(Tools.Htpasswd("-B", password, "-C", "4"), out var hash));

        Assert.True(hash!.Verify(Encoding.UTF8.GetBytes(password + "anything")));
    }

    [Fact]
    public void A_password_that_is_not_UTF_8_matches_no_bcrypt_hash()
    {
        Assert.Null(PasswordHash.TryParse(Tools.Htpasswd("-B", "\uFFFD", "-C", "4"), out var hash));

        Assert.False(hash!.Verify([0xFF]));
    }

    [Theory]
    [InlineData("-p", "plain text")]
    [InlineData("-d", "DES crypt")]
    [InlineData("-5", "SHA-crypt")]
    [InlineData("-2", "SHA-crypt")]
    public void Hashes_ingresscore_does_not_accept_are_refused_with_why(string flag, string why)
    {
        var text = Tools.Htpasswd(flag, "secret");

        var problem = PasswordHash.TryParse(text, out var hash);

        Assert.Null(hash);
        Assert.Contains(why, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{PLAIN}secret")]
    [InlineData("{SSHA}abcd")]
    [InlineData("$2y$05$short")]
    [InlineData("$2y$99$" + "abcdefghijklmnopqrstuvabcdefghijklmnopqrstuvwxyz01234")]
    [InlineData("$apr1$toolongsalt$abcdefghijklmnopqrstuv")]
    [InlineData("$apr1$salt$tooshort")]
    [InlineData("{SHA}not-base64!")]
    [InlineData("{SHA}YWJj")]
    [InlineData("")]
    public void Malformed_or_plain_hashes_are_refused(string text) =>
        Assert.NotNull(PasswordHash.TryParse(text, out _));
}
