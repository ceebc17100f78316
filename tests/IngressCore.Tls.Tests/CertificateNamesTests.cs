using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IngressCore.Tls.Tests.Support;

namespace IngressCore.Tls.Tests;

/// <summary>
/// Which hosts a certificate's names cover (RFC 6125 §6.4.3: a <c>*.</c> name stands for exactly
/// one whole label), where the common name counts, and how the names read in a message.
/// </summary>
public sealed class CertificateNamesTests
{
    private static CertificateNames Names(string subject, params string[] dnsNames)
    {
        var request = new CertificateRequest(subject, TestPki.Shared.Value.LeafKey, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return CertificateNames.Of(certificate);
    }

    [Fact]
    public void The_common_name_counts_only_when_there_is_no_DNS_name()
    {
        var both = Names("CN=cn.example.com", "san.example.com");
        Assert.Equal(["san.example.com"], both.Names);
        Assert.False(both.Covers("cn.example.com"));

        var cnOnly = Names("CN=CN.Example.COM.");
        Assert.Equal(["cn.example.com"], cnOnly.Names);
        Assert.True(cnOnly.Covers("cn.example.com"));
    }

    [Fact]
    public void A_wildcard_covers_one_label_under_its_parent_only()
    {
        var names = Names("CN=w", "*.example.com");

        Assert.True(names.Covers("a.example.com"));
        Assert.False(names.Covers("example.com"));
        Assert.False(names.Covers("a.b.example.com"));
        Assert.False(names.Covers(".example.com"));
        Assert.False(names.Covers("a.example.org"));
    }

    [Fact]
    public void A_host_of_one_label_is_covered_only_by_its_exact_name()
    {
        var names = Names("CN=w", "*.localhost", "*.com");

        Assert.False(names.Covers("localhost"));
        Assert.False(names.Covers("com"));
        Assert.True(Names("CN=w", "localhost").Covers("localhost"));
    }

    [Fact]
    public void A_wildcard_host_is_covered_only_by_the_same_wildcard()
    {
        Assert.True(Names("CN=w", "*.example.com").Covers("*.example.com"));
        Assert.False(Names("CN=w", "*.com").Covers("*.example.com"));
        Assert.False(Names("CN=w", "a.example.com").Covers("*.example.com"));
    }

    [Fact]
    public void Names_of_another_domain_cover_nothing()
    {
        var names = Names("CN=w", "other.example.org", "*.example.org");

        Assert.False(names.Covers("a.example.com"));
        Assert.False(names.Covers("example.com"));
        Assert.False(names.Covers("localhost"));
    }

    [Fact]
    public void The_description_is_none_the_names_or_the_first_eight_then_an_ellipsis()
    {
        Assert.Equal("none", Names("").ToString());
        Assert.Equal("a.example.com", Names("CN=w", "a.example.com").ToString());
        Assert.Equal("a.example.com, *.example.com", Names("CN=w", "a.example.com", "*.example.com").ToString());

        var eight = Enumerable.Range(1, 8).Select(i => $"h{i}.io").ToArray();
        Assert.Equal(string.Join(", ", eight), Names("CN=w", eight).ToString());

        var nine = Enumerable.Range(1, 9).Select(i => $"h{i}.io").ToArray();
        Assert.Equal(string.Join(", ", eight) + ", ...", Names("CN=w", nine).ToString());
    }
}
