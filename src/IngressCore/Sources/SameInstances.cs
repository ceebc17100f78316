namespace IngressCore.Sources;

/// <summary>
/// Compares lists of objects by instance. A source hands out an object that did not change as the
/// same instance, so two lists holding the very same objects in the same order hold the same
/// objects, and whatever was built from the first still holds for the second.
/// </summary>
internal static class SameInstances
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> hold the very same objects in the same order.</summary>
    public static bool Equal<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        where T : class
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
