using IngressCore.Cli.Commands;
using IngressCore.Diagnostics;
using IngressCore.Forwarding;
using IngressCore.Model;
using IngressCore.Runtime;

namespace IngressCore.Cli.Tests;

/// <summary><c>serve --controller-config</c>: the ConfigMap's proxy-*-timeout become the forwarder's defaults.</summary>
public sealed class ServeForwardingDefaultsTests
{
    private static IngressControllerConfig Parse(params (string Key, string Value)[] data)
    {
        var diagnostics = new List<IngressDiagnostic>();
        var config = IngressControllerConfig.Parse(
            new ConfigMapDefinition { Namespace = "ingress-nginx", Name = "ingress-nginx-controller", Data = data.ToDictionary(d => d.Key, d => d.Value) },
            diagnostics);
        Assert.False(config.HasErrors, string.Join("\n", diagnostics));
        return config;
    }

    [Fact]
    public void The_controller_timeouts_become_the_forwarders_and_absent_ones_keep_its_defaults()
    {
        var forwarding = new ForwardingOptions();
        ServeCommand.ApplyTimeouts(Parse(("proxy-connect-timeout", "2"), ("proxy-read-timeout", "120"), ("proxy-send-timeout", "90")), forwarding);

        Assert.Equal(TimeSpan.FromSeconds(2), forwarding.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), forwarding.ReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), forwarding.SendTimeout);

        var defaults = new ForwardingOptions();
        var partly = new ForwardingOptions();
        ServeCommand.ApplyTimeouts(Parse(("proxy-read-timeout", "7")), partly);
        ServeCommand.ApplyTimeouts(null, defaults);

        Assert.Equal(TimeSpan.FromSeconds(7), partly.ReadTimeout);
        Assert.Equal(new ForwardingOptions().ConnectTimeout, partly.ConnectTimeout);
        Assert.Equal(new ForwardingOptions().SendTimeout, partly.SendTimeout);
        Assert.Equal(new ForwardingOptions().ReadTimeout, defaults.ReadTimeout);
    }
}
