namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// A consistent-hash ring over a port's endpoints: 160 points per endpoint (as resty.chash gives a
/// weight-1 node), so adding or removing one endpoint moves only about 1/n of the keys. Hashes are
/// FNV-1a 64 of the text, finished by murmur3's mixer: stable across processes and replicas.
/// </summary>
internal sealed class HashRing
{
    private const int PointsPerEndpoint = 160;
    private readonly ulong[] _points;
    private readonly int[] _owners;

    private HashRing(ulong[] points, int[] owners)
    {
        _points = points;
        _owners = owners;
    }

    public static HashRing Build(EndpointState[] endpoints)
    {
        var points = new ulong[endpoints.Length * PointsPerEndpoint];
        var owners = new int[points.Length];
        Span<char> buffer = stackalloc char[96];
        for (var e = 0; e < endpoints.Length; e++)
        {
            var authority = endpoints[e].Authority;
            for (var i = 0; i < PointsPerEndpoint; i++)
            {
                var written = 0;
                var ok = authority.AsSpan().TryCopyTo(buffer) &&
                    i.TryFormat(buffer[(authority.Length + 1)..], out written, provider: System.Globalization.CultureInfo.InvariantCulture);
                ulong hash;
                if (ok)
                {
                    buffer[authority.Length] = '#';
                    hash = Fnv.Hash(buffer[..(authority.Length + 1 + written)]);
                }
                else
                {
                    hash = Fnv.Hash(authority + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                points[(e * PointsPerEndpoint) + i] = Fnv.Finish(hash);
                owners[(e * PointsPerEndpoint) + i] = e;
            }
        }

        Array.Sort(points, owners);
        return new HashRing(points, owners);
    }

    /// <summary>
    /// The endpoint for <paramref name="hash"/>: the owner of the first point at or after it
    /// (wrapping), skipping owners <paramref name="eligible"/> refuses; -1 when none is eligible.
    /// </summary>
    public int Find<TState>(ulong hash, Func<int, TState, bool> eligible, TState state)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        var at = Array.BinarySearch(_points, Fnv.Finish(hash));
        if (at < 0)
        {
            at = ~at;
        }

        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(at + step) % _points.Length];
            if (eligible(owner, state))
            {
                return owner;
            }
        }

        return -1;
    }
}
