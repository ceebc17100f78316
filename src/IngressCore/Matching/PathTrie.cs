using System.Diagnostics;

namespace IngressCore.Matching;

/// <summary>
/// The compiled paths of one virtual host: where its root node is in a <see cref="PathForest"/>.
/// A trie starts in a forest of its own (<see cref="PathTrieBuilder.Build"/>); the route table
/// then moves every host's trie into one shared forest (<see cref="PathForest.Merge"/>), so a
/// match reads one node array and one text array for all hosts instead of one pair per host.
/// </summary>
internal sealed class PathTrie
{
    internal PathTrie(PathForest forest, int root)
    {
        Forest = forest;
        Root = root;
    }

    /// <summary>The forest holding the nodes.</summary>
    public PathForest Forest { get; private set; }

    /// <summary>The index of the root node in <see cref="Forest"/>.</summary>
    public int Root { get; private set; }

    /// <summary>Finds the route for a normalised path (absolute, no query, no repeated slashes or dot segments).</summary>
    public Route? Match(ReadOnlySpan<char> path) => Forest.Match(Root, path);

    /// <summary>Points the trie at its copy in a merged forest; done once, before the table is shared.</summary>
    internal void MoveTo(PathForest forest, int root)
    {
        Debug.Assert(root >= 0 && root < forest.Nodes.Length, "The root is in the forest.");
        Forest = forest;
        Root = root;
    }
}
