using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using IngressCore.Tls;

namespace IngressCore.Benchmarks.Tls;

/// <summary>
/// <see cref="SniCertificateStore.Select"/> per server name with 10, 1,000 and 10,000 certificates:
/// exact hosts (written in mixed case with a trailing dot, as clients may send them), one-label
/// wildcard hits, and names nothing covers (the default certificate). Each figure is per selection
/// over 64 different names (OperationsPerInvoke = 64); every answer is checked in GlobalSetup.
/// </summary>
[MemoryDiagnoser]
public class SniSelectBenchmarks
{
    private const int Names = 64;

    private SniCertificateStore _store = null!;
    private string[] _exact = [];
    private string[] _wildcard = [];
    private string[] _unknown = [];

    /// <summary>The number of certificates (one per exact host) in the store.</summary>
    [Params(10, 1_000, 10_000)]
    public int Certificates { get; set; } = 10;

    /// <summary>Builds the store and the names, and checks every answer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var set = SniCertificateSet.Create(Certificates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// SniCertificateStore.Build with {Certificates + 1} certificates: {set.BuildTime.TotalMilliseconds:0} ms; SniCertificateSource.Reload with them unchanged: {set.ReloadTime.TotalMilliseconds:0} ms"));
        _store = set.Store;
        var random = new Random(42);
        _exact = [.. Enumerable.Range(0, Names).Select(i => Mixed(set.Hosts[random.Next(set.Hosts.Count)], i))];
        _wildcard = [.. Enumerable.Range(0, Names).Select(i => string.Create(CultureInfo.InvariantCulture, $"tenant{random.Next(100_000)}.{SniCertificateSet.WildcardParent}"))];
        _unknown = [.. Enumerable.Range(0, Names).Select(i => string.Create(CultureInfo.InvariantCulture, $"shop{i}.nobody{i % 5}.example"))];

        foreach (var name in _exact)
        {
            Expect(name, "CN=" + name.TrimEnd('.').ToLowerInvariant());
        }

        foreach (var name in _wildcard)
        {
            Expect(name, "CN=*." + SniCertificateSet.WildcardParent);
        }

        foreach (var name in _unknown)
        {
            Expect(name, "CN=IngressCore default certificate");
        }
    }

    /// <summary>Exact hosts.</summary>
    /// <returns>The last certificate, so the calls are not optimised away.</returns>
    [Benchmark(OperationsPerInvoke = Names)]
    public X509Certificate2? Select_Exact() => SelectAll(_exact);

    /// <summary>Names one label under the wildcard.</summary>
    /// <returns>The last certificate.</returns>
    [Benchmark(OperationsPerInvoke = Names)]
    public X509Certificate2? Select_Wildcard() => SelectAll(_wildcard);

    /// <summary>Names no certificate covers: exact and wildcard lookups both miss.</summary>
    /// <returns>The last certificate.</returns>
    [Benchmark(OperationsPerInvoke = Names)]
    public X509Certificate2? Select_Default() => SelectAll(_unknown);

    private X509Certificate2? SelectAll(string[] names)
    {
        X509Certificate2? last = null;
        foreach (var name in names)
        {
            last = _store.Select(name);
        }

        return last;
    }

    private void Expect(string name, string subject)
    {
        var actual = _store.Select(name)?.Subject;
        if (actual != subject)
        {
            throw new InvalidOperationException($"Select({name}) gave {actual}, expected {subject}");
        }
    }

    /// <summary>Every other name in upper case and with a trailing dot, as some clients send them.</summary>
    private static string Mixed(string host, int i) => i % 2 == 0 ? host : host.ToUpperInvariant() + ".";
}
