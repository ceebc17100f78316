namespace IngressCore.Forwarding.Upstreams;

/// <summary>The endpoints one request has tried (by index into its upstream), so a retry goes elsewhere. No allocation below 64 endpoints.</summary>
internal struct TriedEndpoints
{
    private ulong _low;
    private HashSet<int>? _high;

    /// <summary>How many endpoints were tried.</summary>
    public int Count { get; private set; }

    public readonly bool Contains(int index) =>
        index < 64 ? (_low & (1UL << index)) != 0 : _high?.Contains(index) == true;

    public void Add(int index)
    {
        if (Contains(index))
        {
            return;
        }

        if (index < 64)
        {
            _low |= 1UL << index;
        }
        else
        {
            (_high ??= []).Add(index);
        }

        Count++;
    }
}
