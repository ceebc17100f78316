using System.Collections.Concurrent;

namespace IngressCore.Authentication;

/// <summary>
/// <c>auth-cache-key</c>: answers of the auth service kept under a key made of the host, the
/// location and the expanded template, each for the time <c>auth-cache-duration</c> gives its
/// status, by the gateway's <see cref="TimeProvider"/>. Bounded: when full, expired entries are
/// dropped and, if it is still full, a new answer is simply not kept.
/// </summary>
internal sealed class ExternalAuthCache(TimeProvider time, int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many answers are kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The answer kept under <paramref name="key"/>, unless it has expired.</summary>
    public ExternalAuthAnswer? Find(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() < entry.Expires)
        {
            return entry.Answer;
        }

        _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        return null;
    }

    /// <summary>Keeps <paramref name="answer"/> for <paramref name="duration"/>.</summary>
    public void Add(string key, ExternalAuthAnswer answer, TimeSpan duration)
    {
        if (capacity <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            foreach (var (oldKey, old) in _entries)
            {
                if (now >= old.Expires)
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(oldKey, old));
                }
            }

            if (_entries.Count >= capacity)
            {
                return;
            }
        }

        _entries[key] = new Entry(answer, now + duration);
    }

    private sealed record Entry(ExternalAuthAnswer Answer, DateTimeOffset Expires);
}
