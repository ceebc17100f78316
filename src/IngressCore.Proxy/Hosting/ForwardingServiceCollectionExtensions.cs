using IngressCore.Backends;
using IngressCore.Forwarding;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds forwarding to Kubernetes Services to IngressCore's routing.</summary>
public static class ForwardingServiceCollectionExtensions
{
    /// <summary>
    /// Forwards the requests <c>app.UseIngressRouting()</c> routes to a Service that has no
    /// in-process branch (<c>MapIngressBackend</c>) and no fallback branch to the Service's
    /// endpoints, taken from the current snapshot's EndpointSlices, with YARP's <c>IHttpForwarder</c>
    /// and ingress-nginx's backend annotations applied (docs/forwarding.md). The options are checked
    /// when the host starts.
    /// </summary>
    /// <param name="builder">The builder <c>AddIngressRouting</c> returned.</param>
    /// <param name="configure">Sets the defaults; several calls add up.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder AddForwarding(this IIngressRoutingBuilder builder, Action<ForwardingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<ForwardingOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ForwardingOptions>, ForwardingOptionsValidator>());
        services.AddHttpForwarder();

        // YARP's forwarder logs two Information lines per request, which at a gateway's rates costs
        // more than the forwarding; each request is described by IngressUpstreamFeature instead
        // (the access log). Its warnings (failed tries) still show. An application's own rule for
        // this category, added later, wins.
        services.AddLogging(logging => logging.AddFilter("Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Warning));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServiceForwarder>();
        services.TryAddSingleton<IIngressServiceForwarder>(static sp => sp.GetRequiredService<ServiceForwarder>());
        return builder;
    }
}
