using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
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

    /// <summary>Valid manifests with random fragments inserted, deleted or replaced: near misses reach the deepest code.</summary>
    public static Arbitrary<Mutated> Mutations()
    {
        var seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testassets"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        var edit =
            from kind in Gen.Choose(0, 2)
            from at in Gen.Choose(0, 10_000)
            from length in Gen.Choose(0, 8)
            from fragment in Gen.Elements(Fragments)
            select (kind, at, length, fragment);
        return (from seed in Gen.Elements(seeds)
                from edits in edit.ListOf()
                select new Mutated(edits.Aggregate(seed, Apply))).ToArbitrary();

        static string Apply(string text, (int Kind, int At, int Length, string Fragment) e)
        {
            var at = text.Length == 0 ? 0 : e.At % (text.Length + 1);
            var length = Math.Min(e.Length, text.Length - at);
            return e.Kind switch
            {
                0 => text.Insert(at, e.Fragment),
                1 => text.Remove(at, length),
                _ => text.Remove(at, length).Insert(at, e.Fragment),
            };
        }
    }

    [Property(MaxTest = 500, Arbitrary = new[] { typeof(LoaderProperties) })]
    public void Mutated_manifests_never_throw_and_load_the_same_way_twice(Mutated mutated)
    {
        using var folder = new TempFolder();
        var path = folder.Write("mutated.yaml", mutated.Text);

        var first = ManifestLoader.Load(path);
        var second = ManifestLoader.Load(path);

        first.AssertPrintable();
        // Neither an unexpected exception nor a deserializer failure: the field walk must catch every
        // problem first, with its field and line ("could not be read" is the imprecise fallback).
        Assert.DoesNotContain(first.Diagnostics, d => d.Message.Contains("please report this as a bug", StringComparison.Ordinal) || d.Message.Contains("could not be read", StringComparison.Ordinal));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(first.Ingresses.Count, second.Ingresses.Count);
        _ = new IngressCore.Building.RouteTableBuilder().AddRange(first.Ingresses).Build();
    }

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

/// <summary>A manifest text after random edits.</summary>
/// <param name="Text">The text.</param>
public sealed record Mutated(string Text)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
