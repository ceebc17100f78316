using System.Security.Cryptography.X509Certificates;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Tls;

/// <summary>
/// The DNS names a certificate is valid for, and whether they cover a host the way a TLS client
/// checks (RFC 6125 §6.4.3): an exact name, or a <c>*.</c> name whose wildcard stands for exactly
/// one whole label. The common name counts only when the certificate has no DNS name at all, as
/// ingress-nginx's legacy check does.
/// </summary>
internal sealed class CertificateNames
{
    private readonly string[] _names;

    private CertificateNames(string[] names)
    {
        _names = names;
    }

    /// <summary>The names, lower case, without a trailing dot, in certificate order.</summary>
    public IReadOnlyList<string> Names => _names;

    public static CertificateNames Of(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames().Select(Clean));
            }
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(Clean(commonName));
        }

        return new CertificateNames([.. names.Distinct(StringComparer.Ordinal)]);

        static string Clean(string name) => name.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// Whether the certificate is valid for <paramref name="host"/>, a lower-case exact name or a
    /// <c>*.</c> wildcard host (which only a certificate name for the same wildcard covers).
    /// </summary>
    public bool Covers(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        var parent = dot > 0 ? host.AsSpan(dot + 1) : default;
        foreach (var name in _names)
        {
            if (name == host)
            {
                return true;
            }

            if (!host.StartsWith("*.", StringComparison.Ordinal) && !parent.IsEmpty &&
                name.StartsWith("*.", StringComparison.Ordinal) && name.AsSpan(2).SequenceEqual(parent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The names for a message, such as <c>a.example.com, *.example.com</c>.</summary>
    public override string ToString() =>
        _names.Length == 0 ? "none" : Printable.Of(string.Join(", ", _names.Take(8)) + (_names.Length > 8 ? ", ..." : ""));
}
