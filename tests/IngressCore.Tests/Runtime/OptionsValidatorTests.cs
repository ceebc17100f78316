using IngressCore.Runtime;

namespace IngressCore.Tests.Runtime;

/// <summary>Every bad <see cref="IngressRoutingOptions"/> value is refused at start with a message naming the option and the rule.</summary>
public sealed class OptionsValidatorTests
{
    [Theory]
    [InlineData("LimitRequestStatusCode", "LimitRequestStatusCode is 200; it must be 400-599")]
    [InlineData("LimitConnectionStatusCode", "LimitConnectionStatusCode is 600; it must be 400-599")]
    [InlineData("ProxyBodySize", "ProxyBodySize is -1; it must not be negative")]
    [InlineData("PassthroughClientHelloTimeout", "PassthroughClientHelloTimeout is 00:00:00; it must be positive")]
    [InlineData("PassthroughIdleTimeout", "PassthroughIdleTimeout is -00:00:01; it must be positive")]
    public void A_bad_value_is_refused_naming_the_option(string option, string message)
    {
        var options = new IngressRoutingOptions();
        switch (option)
        {
            case "LimitRequestStatusCode":
                options.LimitRequestStatusCode = 200;
                break;
            case "LimitConnectionStatusCode":
                options.LimitConnectionStatusCode = 600;
                break;
            case "ProxyBodySize":
                options.ProxyBodySize = -1;
                break;
            case "PassthroughClientHelloTimeout":
                options.PassthroughClientHelloTimeout = TimeSpan.Zero;
                break;
            case "PassthroughIdleTimeout":
                options.PassthroughIdleTimeout = TimeSpan.FromSeconds(-1);
                break;
        }

        var result = new IngressRoutingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new IngressRoutingOptions();

        Assert.True(new IngressRoutingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(600), options.PassthroughIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PassthroughClientHelloTimeout);
    }
}
