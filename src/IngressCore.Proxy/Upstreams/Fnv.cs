namespace IngressCore.Forwarding.Upstreams;

/// <summary>FNV-1a, 64 bits: a fast stable hash of text (UTF-16 code units) and bytes.</summary>
internal static class Fnv
{
    public const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Hash(ReadOnlySpan<char> text) => Add(Offset, text);

    public static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    /// <summary>
    /// Mixes every bit of <paramref name="hash"/> into the high ones (murmur3's fmix64): FNV alone
    /// leaves keys that differ in their last characters close together in the high bits, so they
    /// would land on one arc of a hash ring.
    /// </summary>
    public static ulong Finish(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }

    public static ulong Add(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
