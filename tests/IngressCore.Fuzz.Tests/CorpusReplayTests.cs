namespace IngressCore.Fuzz.Tests;

/// <summary>
/// Every committed seed through its target, uninstrumented: what afl-fuzz starts from must pass
/// (afl-fuzz refuses a corpus with a crashing seed), and a crash once found and fixed stays fixed.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Seeds()
    {
        var seeds = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All)
        {
            foreach (var file in Corpus.FilesOf(target.Name))
            {
                seeds.Add(target.Name, Path.GetFileName(file));
            }
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_seed_passes_its_target(string target, string seed)
    {
        var input = File.ReadAllBytes(Path.Combine(Corpus.Folder, target, seed));

        FuzzTargets.Find(target)!.Run(input);
    }

    [Fact]
    public void Every_target_has_a_seed_corpus_and_every_corpus_a_target()
    {
        Assert.All(FuzzTargets.All, target => Assert.NotEmpty(Corpus.FilesOf(target.Name)));
        Assert.Equal(
            FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal),
            Directory.EnumerateDirectories(Corpus.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
