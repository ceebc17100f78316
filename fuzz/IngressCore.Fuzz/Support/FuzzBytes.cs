namespace IngressCore.Fuzz.Support;

/// <summary>Reads choices from fuzz bytes front to back; once they run out every choice is 0.</summary>
internal ref struct FuzzBytes(ReadOnlySpan<byte> input)
{
    private ReadOnlySpan<byte> _rest = input;

    /// <summary>What is left, once the choices are made.</summary>
    public readonly ReadOnlySpan<byte> Rest => _rest;

    /// <summary>A choice in 0..<paramref name="count"/>-1.</summary>
    public int Next(int count)
    {
        if (_rest.IsEmpty)
        {
            return 0;
        }

        var value = _rest[0] % count;
        _rest = _rest[1..];
        return value;
    }

    /// <summary>One of <paramref name="items"/>.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
