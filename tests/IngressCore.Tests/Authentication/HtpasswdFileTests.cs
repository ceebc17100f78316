using System.Text;
using IngressCore.Annotations;
using IngressCore.Authentication;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tests.Authentication;

/// <summary>htpasswd files read as nginx's auth_basic_user_file reads them, and Basic credentials as nginx decodes them.</summary>
public sealed class HtpasswdFileTests
{
    private static SecretDefinition Secret(string auth) => new()
    {
        Namespace = "shop",
        Name = "users",
        Data = new Dictionary<string, byte[]> { ["auth"] = Encoding.UTF8.GetBytes(auth) },
    };

    [Fact]
    public void Comments_blank_lines_and_CRLF_are_skipped_and_the_first_line_of_a_user_counts()
    {
        var alice = Tools.Htpasswd("-m", "one");
        var alice2 = Tools.Htpasswd("-m", "two");
        var diagnostics = new List<IngressDiagnostic>();

        var file = HtpasswdFile.Read(Secret($"# users\r\n\r\nalice:{alice}\r\nalice:{alice2}\nbob:{Tools.Htpasswd("-s", "three")}:extra field\n"), BasicAuthSecretType.AuthFile, diagnostics)!;

        Assert.Empty(diagnostics);
        Assert.Equal(["alice", "bob"], file.Users.Order(StringComparer.Ordinal));
        Assert.True(file.Verify("alice", "one"u8));
        Assert.False(file.Verify("alice", "two"u8));
        Assert.True(file.Verify("bob", "three"u8));
        Assert.False(file.Verify("carol", "three"u8));
    }

    [Fact]
    public void Refused_lines_name_the_Secret_line_and_user_and_the_rest_is_kept()
    {
        var diagnostics = new List<IngressDiagnostic>();

        var file = HtpasswdFile.Read(Secret($"plain:secret\nnocolon\nok:{Tools.Htpasswd("-s", "pw")}\n"), BasicAuthSecretType.AuthFile, diagnostics)!;

        Assert.Equal(["ok"], file.Users);
        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal("shop/users", d.ObjectName);
            Assert.Equal("data[auth]", d.Field);
        });
        Assert.StartsWith("line 1: user 'plain': the password is not a password hash", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("line 2: no ':'", diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Secret_without_the_auth_key_or_with_bytes_that_are_not_text_is_unusable()
    {
        var diagnostics = new List<IngressDiagnostic>();
        var keyless = new SecretDefinition { Namespace = "shop", Name = "users", Data = new Dictionary<string, byte[]> { ["htpasswd"] = [1] } };
        var binary = new SecretDefinition { Namespace = "shop", Name = "users", Data = new Dictionary<string, byte[]> { ["auth"] = [0xFF, 0xFE] } };

        Assert.Null(HtpasswdFile.Read(keyless, BasicAuthSecretType.AuthFile, diagnostics));
        Assert.Null(HtpasswdFile.Read(binary, BasicAuthSecretType.AuthFile, diagnostics));
        Assert.Equal(2, diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_auth_map_has_one_key_per_user()
    {
        var diagnostics = new List<IngressDiagnostic>();
        var map = new SecretDefinition
        {
            Namespace = "shop",
            Name = "users",
            Data = new Dictionary<string, byte[]>
            {
                ["foo"] = Encoding.UTF8.GetBytes(Tools.Htpasswd("-B", "bar", "-C", "4") + "\n"),
                ["plain"] = "secret"u8.ToArray(),
            },
        };

        var file = HtpasswdFile.Read(map, BasicAuthSecretType.AuthMap, diagnostics)!;

        Assert.True(file.Verify("foo", "bar"u8));
        Assert.Equal(["foo"], file.Users);
        Assert.Equal("data[plain]", Assert.Single(diagnostics).Field);
    }

    [Theory]
    [InlineData("Basic Zm9vOmJhcg==", "foo", "bar")]
    [InlineData("basic Zm9vOmJhcg==", "foo", "bar")]
    [InlineData("BASIC   Zm9vOmJhcg==  ", "foo", "bar")]
    [InlineData("Basic Zm9vOmJhcjpiYXo=", "foo", "bar:baz")]   // the password may hold ':'
    [InlineData("Basic OmJhcg==", "", "bar")]
    public void Basic_credentials_are_decoded_as_nginx_decodes_them(string header, string user, string password)
    {
        Assert.True(BasicCredentials.TryRead(header, out var readUser, out var readPassword));
        Assert.Equal(user, readUser);
        Assert.Equal(password, Encoding.UTF8.GetString(readPassword));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!")]
    [InlineData("Basic Zm9v")]          // no ':'
    [InlineData("Basicfoo")]
    [InlineData("Basic /w==")]          // a user name that is not UTF-8
    public void Other_authorization_headers_are_no_credentials(string? header) =>
        Assert.False(BasicCredentials.TryRead(header, out _, out _));
}
