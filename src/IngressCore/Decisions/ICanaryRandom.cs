namespace IngressCore.Decisions;

/// <summary>The per-request draw behind <c>canary-weight</c>; inject a seeded one to make tests repeatable.</summary>
internal interface ICanaryRandom
{
    /// <summary>Draws a whole number uniformly from 1 to <paramref name="total"/>, both included.</summary>
    /// <param name="total">The weight total, at least 1.</param>
    /// <returns>The draw.</returns>
    int Draw(int total);
}
