using System.Reflection;
using System.Text.RegularExpressions;
using IngressCore.Forwarding;
using IngressCore.Kubernetes;
using IngressCore.Matching;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IngressCore.IntegrationTests;

/// <summary>
/// The C# in README.md and docs/ compiles as written, against the packages as built: each block is
/// a program of a <c>dotnet new web</c> project (its implicit usings), so a renamed or removed API
/// shows up here before a reader copies it. A block that configures an app without creating its
/// builder (a fragment of Program.cs) gets <c>var builder = WebApplication.CreateBuilder(args);</c>
/// in front, and nothing else.
/// </summary>
public sealed partial class DocumentationCodeTests
{
    /// <summary>The usings a Microsoft.NET.Sdk.Web project with ImplicitUsings adds.</summary>
    private const string WebProjectUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        var documents = new[] { "README.md" }.Concat(
            Directory.GetFiles(Repository("docs"), "*.md").Order(StringComparer.Ordinal).Select(p => "docs/" + Path.GetFileName(p)));
        foreach (var document in documents)
        {
            var blocks = CSharpBlock().Matches(File.ReadAllText(Repository(document)));
            for (var i = 0; i < blocks.Count; i++)
            {
                data.Add(document, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_csharp_block_compiles_as_a_program(string document, int index)
    {
        var code = CSharpBlock().Matches(File.ReadAllText(Repository(document)))[index].Groups["code"].Value;
        if (!code.Contains("var builder", StringComparison.Ordinal) && code.Contains("builder.", StringComparison.Ordinal))
        {
            // After the block's usings, where a Program.cs would create it.
            var usings = UsingLines().Match(code).Length;
            code = code[..usings] + "var builder = WebApplication.CreateBuilder(args);\n" + code[usings..];
        }

        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(WebProjectUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, $"{document} block {index} does not compile:\n{string.Join('\n', errors)}\n---\n{code}");
    }

    [Fact]
    public void The_readme_has_its_csharp_blocks()
    {
        Assert.True(CSharpBlock().Matches(File.ReadAllText(Repository("README.md"))).Count >= 2);
    }

    /// <summary>The framework (ASP.NET Core's shared framework included) and IngressCore's assemblies, as this test runs with them.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        Assembly[] ours = [typeof(RouteTable).Assembly, typeof(ManifestLoader).Assembly, typeof(ForwardingOptions).Assembly];
        // The packages a page tells its reader to add beside IngressCore's (OpenTelemetry's), as
        // this test project references them.
        var theirs = Directory.GetFiles(AppContext.BaseDirectory, "OpenTelemetry*.dll");
        return platform
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith("Microsoft.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Concat(ours.Select(a => a.Location))
            .Concat(theirs)
            .Distinct(StringComparer.Ordinal)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static string Repository(string relative)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "IngressCore.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("the repository root was not found"), relative);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\A(using [^\n]*\n|\s*\n)*")]
    private static partial Regex UsingLines();
}
