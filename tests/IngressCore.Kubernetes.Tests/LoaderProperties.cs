using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>Whatever a file holds, <see cref="ManifestLoader.Load"/> returns; it never throws.</summary>
public sealed class LoaderProperties
{
    /// <summary>YAML and JSON fragments that, shuffled together, reach the parser's corners.</summary>
    private static readonly string[] Fragments =
    [
        "apiVersion: networking.k8s.io/v1\n", "kind: Ingress\n", "kind: List\n", "kind: Secret\n", "kind: Service\n",
        "kind: EndpointSlice\n", "apiVersion: v1\n", "apiVersion: discovery.k8s.io/v1\n", "type: kubernetes.io/tls\n",
        "metadata:\n", "  name: a\n", "  namespace: b\n", "metadata: {name: x}\n", "spec:\n", "  rules:\n", "  - host: a.b\n",
        "    http:\n", "      paths:\n", "      - path: /\n", "        pathType: Exact\n", "        pathType: exact\n",
        "        backend: {service: {name: a, port: {number: 80}}}\n", "port: {number: abc}\n", "items:\n", "- ",
        "---\n", "...\n", "[", "]", "{", "}", ",", ":", "- ", "? ", "&a ", "*a ", "!!str ", "!!int ", "<<: ", "|\n", ">-\n",
        "\"", "'", "\\", "#", "%YAML 1.2\n", "\t", " ", "  ", "\n", "\r\n", "\u00e9", "\ud83d\ude00", "\u0085", "\ufeff",
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"s\"}, \"spec\": {\"ports\": [{\"port\": 80}]}}",
        "data: {tls.crt: LS0t, tls.key: \"\"}\n", "ports: [{port: 70000}]\n", "endpoints: [{addresses: []}]\n", "null", "~", "true",
    ];

    private static Gen<string> YamlLike =>
        Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts));

    public static Arbitrary<string> Texts() =>
        Gen.OneOf(YamlLike, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)).ToArbitrary();

    [Property(MaxTest = 200)]
    public void Random_bytes_as_a_file_never_throw(byte[] bytes)
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("random.yaml", bytes);

        var set = ManifestLoader.Load(path);

        Assert.Equal([path], set.Files);
        set.AssertPrintable();
    }

    [Property(MaxTest = 400, Arbitrary = new[] { typeof(LoaderProperties) })]
    public void Random_text_as_a_file_never_throws(string text)
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("random.yaml", Encoding.UTF8.GetBytes(text));

        var set = ManifestLoader.Load(path);

        Assert.Equal([path], set.Files);
        set.AssertPrintable();
        Assert.DoesNotContain(set.Diagnostics, d => d.Message.Contains("please report this as a bug", StringComparison.Ordinal));
        Assert.All(set.Ingresses, i => Assert.Equal(path, i.Source!.Path));
    }
}
