using IngressCore.Proxy.Tests.Support;
using Microsoft.Extensions.Options;
using static IngressCore.Proxy.Tests.Support.Cluster;

namespace IngressCore.Proxy.Tests;

/// <summary>Bad forwarding options, and a bad DefaultBackendService, stop the host at start with a message naming the option.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("LoadBalance", "ForwardingOptions: LoadBalance is 'least_conn'")]
    [InlineData("ProxyNextUpstream", "ForwardingOptions: ProxyNextUpstream 'error off'")]
    [InlineData("ConnectTimeout", "ForwardingOptions: ConnectTimeout is 00:00:00; it must be positive")]
    [InlineData("AllowedResponseHeaders", "ForwardingOptions: AllowedResponseHeaders has 'X Bad'")]
    [InlineData("DefaultBackendService", "IngressRoutingOptions: DefaultBackendService 'default-http-backend' is not namespace/name")]
    public async Task A_bad_option_fails_the_start_naming_it(string option, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => ProxyGateway.StartAsync(
            Objects([], [], []),
            routing: o =>
            {
                if (option == "DefaultBackendService")
                {
                    o.DefaultBackendService = "default-http-backend";
                }
            },
            forwarding: o =>
            {
                switch (option)
                {
                    case "LoadBalance":
                        o.LoadBalance = "least_conn";
                        break;
                    case "ProxyNextUpstream":
                        o.ProxyNextUpstream = "error off";
                        break;
                    case "ConnectTimeout":
                        o.ConnectTimeout = TimeSpan.Zero;
                        break;
                    case "AllowedResponseHeaders":
                        o.AllowedResponseHeaders.Add("X Bad");
                        break;
                }
            }));

        Assert.Contains(failure.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
