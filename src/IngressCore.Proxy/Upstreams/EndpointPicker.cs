namespace IngressCore.Forwarding.Upstreams;

/// <summary>
/// Picks an endpoint of an <see cref="Upstream"/> for one try: round-robin, EWMA's power of two
/// choices, or a consistent hash. Each skips the endpoints this request already tried and prefers
/// those not set aside; when every untried endpoint is set aside, one of them is used anyway (a
/// Service whose every endpoint failed once still gets its requests tried). Returns -1 when every
/// endpoint was tried.
/// </summary>
internal static class EndpointPicker
{
    public static int RoundRobin(Upstream upstream, long now, in TriedEndpoints tried)
    {
        var endpoints = upstream.Endpoints;
        var n = endpoints.Length;
        if (n == 0)
        {
            return -1;
        }

        var start = (int)(upstream.Port.NextRoundRobin() % (uint)n);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var k = 0; k < n; k++)
            {
                var i = start + k;
                if (i >= n)
                {
                    i -= n;
                }

                if (Eligible(endpoints, i, now, tried, pass))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// Peak EWMA with two random choices (ingress-nginx's ewma.lua, after Finagle): of two endpoints
    /// drawn at random, the one whose decayed latency times requests in flight is lower.
    /// </summary>
    public static int Ewma(Upstream upstream, long now, in TriedEndpoints tried, double decaySeconds, long frequency, Random random)
    {
        var endpoints = upstream.Endpoints;
        for (var pass = 0; pass < 2; pass++)
        {
            var count = CountEligible(endpoints, now, tried, pass);
            if (count == 0)
            {
                continue;
            }

            if (count == 1)
            {
                return Nth(endpoints, 0, now, tried, pass);
            }

            var first = random.Next(count);
            var second = random.Next(count - 1);
            if (second >= first)
            {
                second++;
            }

            var a = Nth(endpoints, first, now, tried, pass);
            var b = Nth(endpoints, second, now, tried, pass);
            return endpoints[a].Cost(now, decaySeconds, frequency) <= endpoints[b].Cost(now, decaySeconds, frequency) ? a : b;
        }

        return -1;
    }

    /// <summary>An endpoint drawn at random (persistent affinity's new pick, ingress-nginx's <c>random_except</c>).</summary>
    public static int Random(Upstream upstream, long now, in TriedEndpoints tried, Random random)
    {
        var endpoints = upstream.Endpoints;
        for (var pass = 0; pass < 2; pass++)
        {
            var count = CountEligible(endpoints, now, tried, pass);
            if (count > 0)
            {
                return Nth(endpoints, random.Next(count), now, tried, pass);
            }
        }

        return -1;
    }

    /// <summary>The consistent-hash choice for <paramref name="hash"/> (<c>upstream-hash-by</c>, balanced affinity).</summary>
    public static int Hash(Upstream upstream, ulong hash, long now, in TriedEndpoints tried)
    {
        var ring = upstream.Ring;
        for (var pass = 0; pass < 2; pass++)
        {
            var found = ring.Find(hash, static (i, s) => Eligible(s.Endpoints, i, s.Now, s.Tried, s.Pass), (upstream.Endpoints, Now: now, Tried: tried, Pass: pass));
            if (found >= 0)
            {
                return found;
            }
        }

        return -1;
    }

    /// <summary>Whether endpoint <paramref name="i"/> may take this try: untried, and (on the first pass) not set aside.</summary>
    public static bool Eligible(EndpointState[] endpoints, int i, long now, in TriedEndpoints tried, int pass) =>
        !tried.Contains(i) && (pass > 0 || endpoints[i].IsAvailable(now));

    private static int CountEligible(EndpointState[] endpoints, long now, in TriedEndpoints tried, int pass)
    {
        var count = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (Eligible(endpoints, i, now, tried, pass))
            {
                count++;
            }
        }

        return count;
    }

    private static int Nth(EndpointState[] endpoints, int n, long now, in TriedEndpoints tried, int pass)
    {
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (Eligible(endpoints, i, now, tried, pass) && n-- == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
