using IngressCore.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace IngressCore.Tests.Authentication;

/// <summary>auth-cache-key's answers: kept for their time by the clock given, and bounded.</summary>
public sealed class ExternalAuthCacheTests
{
    private static readonly ExternalAuthAnswer Allowed = new(200, ExternalAuthOutcome.Allow, []);

    [Fact]
    public void An_answer_is_found_until_its_time_has_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var cache = new ExternalAuthCache(time, 10);

        cache.Add("k", Allowed, TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Same(Allowed, cache.Find("k"));

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(cache.Find("k"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_drops_expired_answers_and_otherwise_keeps_no_new_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var cache = new ExternalAuthCache(time, 2);
        cache.Add("a", Allowed, TimeSpan.FromSeconds(1));
        cache.Add("b", Allowed, TimeSpan.FromMinutes(1));

        cache.Add("c", Allowed, TimeSpan.FromMinutes(1));
        Assert.Null(cache.Find("c"));

        time.Advance(TimeSpan.FromSeconds(2));
        cache.Add("c", Allowed, TimeSpan.FromMinutes(1));
        Assert.NotNull(cache.Find("c"));
        Assert.NotNull(cache.Find("b"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_capacity_of_zero_keeps_nothing()
    {
        var cache = new ExternalAuthCache(new FakeTimeProvider(), 0);

        cache.Add("k", Allowed, TimeSpan.FromMinutes(1));

        Assert.Null(cache.Find("k"));
    }
}
