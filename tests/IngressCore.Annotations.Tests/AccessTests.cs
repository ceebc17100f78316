using System.Net;
using IngressCore.Annotations.Tests.Support;
using IngressCore.Matching;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// allowlist-source-range (whitelist-source-range), denylist-source-range and the rate limits.
/// Cases from kubernetes/ingress-nginx test/e2e/annotations/ipallowlist.go, ipdenylist.go,
/// limitconnections.go and internal/ingress/annotations/{ipallowlist,ipdenylist,ratelimit}/main_test.go.
/// </summary>
public sealed class AccessTests
{
    [Fact]
    public void Allowlist_from_the_e2e_suite()
    {
        // ipallowlist.go "should set valid ip allowlist range".
        var allow = Annotated.Parse(("allowlist-source-range", "18.0.0.0/8, 56.0.0.0/8")).Result.Allowlist!;

        Assert.Equal([IPNetwork.Parse("18.0.0.0/8"), IPNetwork.Parse("56.0.0.0/8")], allow.Networks);
        Assert.True(allow.Contains(IPAddress.Parse("18.1.2.3")));
        Assert.False(allow.Contains(IPAddress.Parse("57.0.0.1")));
    }

    [Fact]
    public void Denylist_takes_bare_addresses()
    {
        // ipdenylist.go "only deny explicitly denied IPs".
        var deny = Annotated.Parse(("denylist-source-range", "18.0.0.0/8, 56.0.0.1")).Result.Denylist!;

        Assert.Equal([IPNetwork.Parse("18.0.0.0/8"), IPNetwork.Parse("56.0.0.1/32")], deny.Networks);
    }

    [Fact]
    public void IPv6_ranges_and_mapped_clients()
    {
        var list = Annotated.Parse(("allowlist-source-range", "2001:db8::/32, ::1, 10.0.0.0/8")).Result.Allowlist!;

        Assert.True(list.Contains(IPAddress.Parse("2001:db8::5")));
        Assert.True(list.Contains(IPAddress.IPv6Loopback));
        Assert.True(list.Contains(IPAddress.Parse("::ffff:10.1.2.3")));   // an IPv4 client on a dual-stack socket
        Assert.False(list.Contains(IPAddress.Parse("2001:db9::1")));
    }

    [Fact]
    public void The_old_name_is_read_when_the_new_one_is_absent()
    {
        // ipdenylist.go "only allow explicitly allowed IPs" uses whitelist-source-range.
        var parsed = Annotated.Parse(("whitelist-source-range", "18.0.0.0/8, 55.0.0.0/8"), ("denylist-source-range", "18.1.0.0/16"));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(2, parsed.Result.Allowlist!.Networks.Count);
    }

    [Fact]
    public void The_new_name_wins_over_the_old_one_with_a_warning()
    {
        var parsed = Annotated.Parse(("whitelist-source-range", "1.0.0.0/8"), ("allowlist-source-range", "2.0.0.0/8"));

        Assert.Equal([IPNetwork.Parse("2.0.0.0/8")], parsed.Result.Allowlist!.Networks);
        Assert.True(parsed.HasWarningOn("whitelist-source-range"));
    }

    [Fact]
    public void Host_bits_are_masked_as_go_does_with_a_warning()
    {
        var parsed = Annotated.Parse(("denylist-source-range", "10.1.2.3/8"));

        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], parsed.Result.Denylist!.Networks);
        Assert.False(parsed.Result.HasErrors);
        Assert.True(parsed.HasWarningOn("denylist-source-range"));
    }

    [Theory]
    [InlineData("", "an empty address list is refused")]        // ingress-nginx denies the location
    [InlineData("   ", "an empty address list is refused")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33', which has an invalid prefix length (0-32)")]
    [InlineData("10.0.0.256", "'10.0.0.256', which is not an IPv4 or IPv6 address or CIDR range")]
    [InlineData("010.0.0.1", "'010.0.0.1', which is not an IPv4")] // Go refuses leading zeros; .NET would read octal-ish forms
    [InlineData("1", "'1', which is not an IPv4")]                 // IPAddress.TryParse alone takes this as 0.0.0.1
    [InlineData("0x7f.0.0.1", "'0x7f.0.0.1', which is not an IPv4")]
    [InlineData("fe80::1%eth0", "'fe80::1%eth0', which is not an IPv4")]
    [InlineData("10.0.0.0/8,", "'', which is empty")]                // an empty entry
    [InlineData("10.0.0.0/08", "'10.0.0.0/08', which has an invalid prefix length (0-32)")]
    [InlineData("10.0.0.0/", "'10.0.0.0/', which has an invalid prefix length (0-32)")]
    [InlineData("10.0.0.0/8/8", "'10.0.0.0/8/8', which has an invalid prefix length (0-32)")]
    [InlineData("::1/129", "'::1/129', which has an invalid prefix length (0-128)")]
    [InlineData("localhost", "'localhost', which is not an IPv4")]
    [InlineData("10.0.0.0/8; allow all", "contains ';', which this annotation does not allow (it is how configuration is injected)")]
    [InlineData("10.0.0.0 - 10.0.0.255", "'10.0.0.0 - 10.0.0.255', which is not an IPv4")]
    public void A_bad_range_refuses_the_ingress(string value, string reason)
    {
        var parsed = Annotated.Parse(("allowlist-source-range", value), ("denylist-source-range", value));

        Assert.True(parsed.HasErrorOn("allowlist-source-range"));
        Assert.True(parsed.HasErrorOn("denylist-source-range"));
        Assert.All(parsed.Errors, e => Assert.Contains(reason, e.Message, StringComparison.Ordinal));
        Assert.Null(parsed.Result.Allowlist);
        Assert.True(parsed.Result.HasErrors);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]                     // prefix 0: every IPv4 client
    [InlineData("10.0.0.1/32", "10.0.0.1/32")]                 // the longest IPv4 prefix
    [InlineData("255.255.255.255", "255.255.255.255/32")]      // a bare address is a /32; 255 is an octet
    [InlineData("::/0", "::/0")]
    [InlineData("2001:db8::/64", "2001:db8::/64")]
    [InlineData("2001:db8::/100", "2001:db8::/100")]           // a three-digit prefix
    [InlineData("::1/128", "::1/128")]                         // the longest IPv6 prefix
    [InlineData("::1", "::1/128")]
    public void Every_prefix_up_to_the_address_size_is_accepted_without_a_warning(string value, string network)
    {
        var parsed = Annotated.Parse(("allowlist-source-range", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal([IPNetwork.Parse(network)], parsed.Result.Allowlist!.Networks);
    }

    [Fact]
    public void A_bad_entry_is_named_and_the_whole_list_refused()
    {
        var parsed = Annotated.Parse(("denylist-source-range", "10.0.0.0/8, 10.0.0.1/33"));

        var error = parsed.SingleErrorOn("denylist-source-range");
        Assert.Equal(
            "'10.0.0.0/8,10.0.0.1/33' has the entry '10.0.0.1/33', which has an invalid prefix length (0-32); the list is refused so nothing it was meant to block is let through",
            error.Message);
        Assert.Null(parsed.Result.Denylist);
    }

    [Fact]
    public void An_empty_list_is_refused_saying_ingress_nginx_would_deny_everything()
    {
        var error = Assert.Single(Annotated.Parse(("allowlist-source-range", "")).Errors);

        Assert.Equal("the value is empty; an empty address list is refused, as ingress-nginx denies every request to it", error.Message);
    }

    [Fact]
    public void The_host_bits_warning_names_the_entry_and_the_network_used()
    {
        var warning = Assert.Single(Annotated.Parse(("denylist-source-range", "10.1.2.3/8")).Warnings);

        Assert.Equal("the entry '10.1.2.3/8' has host bits set; it is read as 10.0.0.0/8, as ingress-nginx does", warning.Message);
    }

    [Fact]
    public void Only_an_IPv4_mapped_client_is_compared_as_IPv4()
    {
        var list = Annotated.Parse(("allowlist-source-range", "10.0.0.0/8")).Result.Allowlist!;

        Assert.True(list.Contains(IPAddress.Parse("::ffff:10.0.0.1")));
        Assert.False(list.Contains(IPAddress.Parse("::10.0.0.1")));      // IPv4-compatible, not mapped: another address
        Assert.False(list.Contains(IPAddress.Parse("64:ff9b::10.0.0.1"))); // NAT64: the IPv6 address, not the IPv4 one
    }

    [Fact]
    public void The_old_name_beside_the_new_one_gets_one_warning_saying_why()
    {
        var parsed = Annotated.Parse(("whitelist-source-range", "1.0.0.0/8"), ("allowlist-source-range", "2.0.0.0/8"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("whitelist-source-range"), warning.Field);
        Assert.Equal("ignored: allowlist-source-range, its new name, is also set", warning.Message);
    }

    [Fact]
    public void Rate_limits_with_their_bursts()
    {
        var limits = Annotated.Parse(
            ("limit-rps", "10"), ("limit-rpm", "300"), ("limit-connections", "8"),   // limitconnections.go: limit 8
            ("limit-burst-multiplier", "3"), ("limit-allowlist", "10.0.0.0/8"))
            .Result.RateLimits!;

        Assert.Equal(10, limits.RequestsPerSecond);
        Assert.Equal(300, limits.RequestsPerMinute);
        Assert.Equal(8, limits.Connections);
        Assert.Equal(3, limits.BurstMultiplier);
        Assert.Equal(30, limits.RequestsPerSecondBurst);
        Assert.Equal(900, limits.RequestsPerMinuteBurst);
        Assert.True(limits.Allowlist!.Contains(IPAddress.Parse("10.9.9.9")));
    }

    [Fact]
    public void The_burst_multiplier_defaults_to_5_and_bursts_do_not_overflow()
    {
        var limits = Annotated.Parse(("limit-rps", "2147483647")).Result.RateLimits!;

        Assert.Equal(5, limits.BurstMultiplier);
        Assert.Equal(2147483647L * 5, limits.RequestsPerSecondBurst);
        Assert.Null(limits.RequestsPerMinuteBurst);
    }

    [Fact]
    public void Zero_is_no_limit_and_the_rest_is_ignored_with_warnings()
    {
        var parsed = Annotated.Parse(("limit-rps", "0"), ("limit-burst-multiplier", "2"), ("limit-whitelist", "10.0.0.0/8"));

        Assert.Null(parsed.Result.RateLimits);
        Assert.True(parsed.HasWarningOn("limit-burst-multiplier"));
        Assert.True(parsed.HasWarningOn("limit-whitelist"));
        Assert.False(parsed.Result.HasErrors);
    }

    [Fact]
    public void The_old_limit_whitelist_name_is_read()
    {
        var limits = Annotated.Parse(("limit-rps", "1"), ("limit-whitelist", "10.0.0.0/8")).Result.RateLimits!;

        Assert.NotNull(limits.Allowlist);
    }

    [Theory]
    [InlineData("limit-rps", "-1")]
    [InlineData("limit-rps", "1.5")]
    [InlineData("limit-rpm", "5r")]
    [InlineData("limit-connections", "1e3")]
    [InlineData("limit-burst-multiplier", "five")]      // ingress-nginx silently uses 5
    [InlineData("limit-allowlist", "10.0.0.0/40")]
    public void Invalid_limits_are_errors(string name, string value) =>
        Assert.True(Annotated.Parse((name == "limit-rps" ? "limit-rpm" : "limit-rps", "5"), (name, value)).HasErrorOn(name));

    [Fact]
    public void Both_allowlist_names_keep_the_new_one_and_warn_about_the_old_one_once()
    {
        var parsed = Annotated.Parse(("limit-rps", "1"), ("limit-allowlist", "10.0.0.0/8"), ("limit-whitelist", "192.168.0.0/16"));

        var warning = Assert.Single(parsed.Diagnostics);
        Assert.Equal(Annotated.Field("limit-whitelist"), warning.Field);
        Assert.Equal("ignored: limit-allowlist, its new name, is also set", warning.Message);
        var allowlist = parsed.Result.RateLimits!.Allowlist!;
        Assert.True(allowlist.Contains(IPAddress.Parse("10.0.0.1")));
        Assert.False(allowlist.Contains(IPAddress.Parse("192.168.0.1")));
    }

    [Theory]
    [InlineData("limit-rps")]
    [InlineData("limit-rpm")]
    [InlineData("limit-connections")]
    public void Settings_beside_an_invalid_limit_are_not_warned_about(string name)
    {
        var parsed = Annotated.Parse((name, "ten"), ("limit-burst-multiplier", "2"), ("limit-allowlist", "10.0.0.0/8"));

        Assert.Single(parsed.Diagnostics);
        Assert.True(parsed.HasErrorOn(name));
        Assert.Null(parsed.Result.RateLimits);
    }

    [Fact]
    public void Settings_without_a_limit_are_named_in_warnings()
    {
        var parsed = Annotated.Parse(("limit-connections", "0"), ("limit-burst-multiplier", "2"), ("limit-allowlist", "10.0.0.0/8"));

        Assert.Equal(2, parsed.Diagnostics.Count);
        Assert.All(parsed.Diagnostics, d => Assert.Equal("ignored: none of limit-rps, limit-rpm and limit-connections sets a limit", d.Message));
    }

    [Theory]
    [InlineData("0", "7", "0", null, 7, null)]
    [InlineData("7", "0", "0", 7, null, null)]
    [InlineData("0", "0", "7", null, null, 7)]
    public void A_zero_limit_beside_another_limit_is_no_limit(string rps, string rpm, string connections, int? expectedRps, int? expectedRpm, int? expectedConnections)
    {
        var limits = Annotated.Parse(("limit-rps", rps), ("limit-rpm", rpm), ("limit-connections", connections)).Result.RateLimits!;

        Assert.Equal((expectedRps, expectedRpm, expectedConnections), (limits.RequestsPerSecond, limits.RequestsPerMinute, limits.Connections));
    }
}
