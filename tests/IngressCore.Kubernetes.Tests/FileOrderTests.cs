using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;
using IngressCore.Kubernetes.Tests.Support;

namespace IngressCore.Kubernetes.Tests;

/// <summary>Which files are read, and in which order: the same on every run and every machine.</summary>
public sealed class FileOrderTests
{
    private static string Ingress(string name) => $$"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: {{name}}}
        spec:
          defaultBackend:
            service:
              name: a
              port: {number: 80}
        """;

    [Fact]
    public void A_folder_is_read_recursively_in_ordinal_order_skipping_hidden_entries_and_other_extensions()
    {
        using var folder = new TempFolder();
        folder.Write("z.json", """{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "z-json"}, "spec": {"defaultBackend": {"service": {"name": "a", "port": {"number": 80}}}}}""");
        folder.Write("a.yaml", Ingress("a-yaml"));
        folder.Write("B.YML", Ingress("b-yml"));
        folder.Write("a/x.yaml", Ingress("a-x"));
        folder.Write("a/sub/y.yml", Ingress("a-sub-y"));
        folder.Write("_.yaml", Ingress("underscore"));
        folder.Write(".hidden/h.yaml", Ingress("hidden-folder"));
        folder.Write(".git/config.yaml", Ingress("git"));
        folder.Write(".h.yaml", Ingress("hidden-file"));
        folder.Write("notes.txt", Ingress("text"));
        folder.Write("a.yaml.bak", Ingress("backup"));

        var set = ManifestLoader.Load(folder.Path).Clean();

        string[] expected = ["B.YML", "_.yaml", "a/sub/y.yml", "a/x.yaml", "a.yaml", "z.json"];
        Assert.Equal(expected.Select(e => Path.Join(folder.Path, e)), set.Files);
        Assert.Equal(["b-yml", "underscore", "a-sub-y", "a-x", "a-yaml", "z-json"], set.Ingresses.Select(i => i.Name));
    }

    [Fact]
    public void Loading_twice_gives_the_same_result()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 20; i++)
        {
            folder.Write($"f{(i * 7) % 20:D2}/m{i}.yaml", Ingress($"n{i}") + "\n---\n" + Ingress("dup"));
        }

        var first = ManifestLoader.Load(folder.Path);
        var second = ManifestLoader.Load(folder.Path);

        Assert.Equal(first.Files, second.Files);
        Assert.Equal(first.Ingresses.Select(i => i.QualifiedName + "@" + i.Source), second.Ingresses.Select(i => i.QualifiedName + "@" + i.Source));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(19, first.Diagnostics.Count); // "dup" is defined 20 times: the first (in f00/m0.yaml) wins
        Assert.Equal(Path.Join(folder.Path, "f00", "m0.yaml"), first.Ingresses.Single(i => i.Name == "dup").Source!.Path);
    }

    [Fact]
    public void Paths_are_read_in_argument_order_each_file_once_and_a_named_file_whatever_its_extension()
    {
        using var folder = new TempFolder();
        var text = folder.Write("one.txt", Ingress("from-txt"));
        var inside = folder.Write("dir/two.yaml", Ingress("two"));
        var dir = Path.Join(folder.Path, "dir");

        var set = ManifestLoader.Load(text, dir, inside, text).Clean();

        Assert.Equal([text, inside], set.Files);
        Assert.Equal(["from-txt", "two"], set.Ingresses.Select(i => i.Name));
    }

    [Fact]
    public void A_file_is_named_as_the_callers_path_led_to_it()
    {
        using var folder = new TempFolder();
        folder.Write("m/ingress.yaml", "\n\n" + Ingress("web"));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Join(folder.Path, "m"));

        var set = ManifestLoader.Load(relative).Clean();

        var expected = Path.Join(relative, "ingress.yaml");
        Assert.Equal([expected], set.Files);
        Assert.Equal(expected, set.Ingresses[0].Source!.Path);
        Assert.Equal(3, set.Ingresses[0].Source!.Line);
    }

    [Fact]
    public void Linked_folders_are_followed_once_and_a_link_cycle_ends()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating links needs privileges there
        }

        using var folder = new TempFolder();
        folder.Write("real/ingress.yaml", Ingress("web"));
        Directory.CreateSymbolicLink(Path.Join(folder.Path, "link"), Path.Join(folder.Path, "real"));
        Directory.CreateSymbolicLink(Path.Join(folder.Path, "real", "loop"), folder.Path);

        var set = ManifestLoader.Load(folder.Path).Clean();

        Assert.Equal([Path.Join(folder.Path, "link", "ingress.yaml")], set.Files);
        Assert.Equal("web", Assert.Single(set.Ingresses).Name);
    }

    [Fact]
    public void A_mounted_ConfigMap_layout_is_read_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Kubernetes mounts a ConfigMap as links into a hidden, timestamped folder.
        using var folder = new TempFolder();
        folder.Write("..2024_01_01_00_00_00.123/ingress.yaml", Ingress("web"));
        Directory.CreateSymbolicLink(Path.Join(folder.Path, "..data"), Path.Join(folder.Path, "..2024_01_01_00_00_00.123"));
        File.CreateSymbolicLink(Path.Join(folder.Path, "ingress.yaml"), Path.Join("..data", "ingress.yaml"));

        var set = ManifestLoader.Load(folder.Path).Clean();

        Assert.Equal([Path.Join(folder.Path, "ingress.yaml")], set.Files);
        Assert.Single(set.Ingresses);
    }

    [Fact]
    public void An_empty_folder_gives_nothing_and_a_warning_that_nothing_is_read_from_it()
    {
        using var folder = new TempFolder();
        folder.Write(".hidden.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");

        var set = ManifestLoader.Load(folder.Path);

        Assert.Empty(set.Files);
        Assert.False(set.HasErrors);
        var warning = set.Only();
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(folder.Path, warning.File);
        Assert.Contains("holds no manifest file", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HasErrors_is_true_only_for_errors()
    {
        Assert.False(Loaded.From("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n").HasErrors);
        Assert.True(Loaded.From("kind: Service\n").HasErrors);
        Assert.Equal(DiagnosticSeverity.Info, Loaded.From("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n").Only().Severity);
    }
}
