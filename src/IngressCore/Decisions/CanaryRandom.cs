namespace IngressCore.Decisions;

/// <summary>The draw sources for <c>canary-weight</c>.</summary>
internal static class CanaryRandom
{
    /// <summary>Independent draws for every request from <see cref="Random.Shared"/> (thread-safe, allocation-free), as ingress-nginx's <c>math.random</c>.</summary>
    public static ICanaryRandom Shared { get; } = new SharedRandom();

    /// <summary>A repeatable sequence of draws for tests; thread-safe.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The source.</returns>
    public static ICanaryRandom Seeded(int seed) => new SeededRandom(seed);

    private sealed class SharedRandom : ICanaryRandom
    {
        public int Draw(int total) => Random.Shared.Next(1, total + 1);
    }

    private sealed class SeededRandom(int seed) : ICanaryRandom
    {
#pragma warning disable CA5394 // Not for security: a repeatable canary split in tests.
        private readonly Random _random = new(seed);
#pragma warning restore CA5394

        public int Draw(int total)
        {
            lock (_random)
            {
#pragma warning disable CA5394
                return _random.Next(1, total + 1);
#pragma warning restore CA5394
            }
        }
    }
}
