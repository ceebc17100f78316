using IngressCore.Model;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace IngressCore.IntegrationTests.Support;

/// <summary>What a test gateway serves: the objects of an in-memory source (or sources of the test's own) and the options.</summary>
internal sealed class GatewaySetup
{
    /// <summary>The Ingresses of the in-memory source.</summary>
    public List<IngressDefinition> Ingresses { get; } = [];

    /// <summary>The TLS Secrets of the in-memory source.</summary>
    public List<TlsSecret> TlsSecrets { get; } = [];

    /// <summary>The Services of the in-memory source.</summary>
    public List<ServiceDefinition> Services { get; } = [];

    /// <summary>The EndpointSlices of the in-memory source.</summary>
    public List<EndpointSliceDefinition> EndpointSlices { get; } = [];

    /// <summary>The Secrets of other types (htpasswd files, CA bundles) of the in-memory source.</summary>
    public List<SecretDefinition> Secrets { get; } = [];

    /// <summary>The ConfigMaps of the in-memory source.</summary>
    public List<ConfigMapDefinition> ConfigMaps { get; } = [];

    /// <summary>The options, as <c>AddIngressRouting(o => …)</c> sets them.</summary>
    public IngressRoutingOptions Options { get; } = new();

    /// <summary>More registration on the builder, such as another source.</summary>
    public Action<IIngressRoutingBuilder>? Builder { get; set; }

    /// <summary>The clock the gateway waits and expires by; the system's when <see langword="null"/>.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>The in-memory source holding the objects above; <see cref="InMemoryIngressObjectsProvider.Update"/> changes them.</summary>
    public InMemoryIngressObjectsProvider Source { get; } = new();

    public void Register(IServiceCollection services)
    {
        Source.Update(new IngressObjects
        {
            Ingresses = [.. Ingresses],
            TlsSecrets = [.. TlsSecrets],
            Services = [.. Services],
            EndpointSlices = [.. EndpointSlices],
            Secrets = [.. Secrets],
            ConfigMaps = [.. ConfigMaps],
        });
        if (Time is not null)
        {
            services.AddSingleton(Time);
        }

        var builder = services.AddIngressRouting(Copy).LoadFromMemory(Source);
        Builder?.Invoke(builder);
    }

    /// <summary>Copies <see cref="Options"/> into the options the host builds (they are not the same instance).</summary>
    private void Copy(IngressRoutingOptions o)
    {
        var from = Options;
        o.IngressClass = from.IngressClass;
        o.IgnoreClassless = from.IgnoreClassless;
        o.Annotations = from.Annotations;
        o.CertificateStoreOptions = from.CertificateStoreOptions;
        foreach (var proxy in from.TrustedProxies)
        {
            o.TrustedProxies.Add(proxy);
        }

        foreach (var network in from.TrustedNetworks)
        {
            o.TrustedNetworks.Add(network);
        }

        o.SslRedirect = from.SslRedirect;
        o.ForceSslRedirect = from.ForceSslRedirect;
        o.PreserveTrailingSlash = from.PreserveTrailingSlash;
        o.HttpRedirectCode = from.HttpRedirectCode;
        o.NoTlsRedirectLocations.Clear();
        foreach (var location in from.NoTlsRedirectLocations)
        {
            o.NoTlsRedirectLocations.Add(location);
        }

        o.Hsts.Enabled = from.Hsts.Enabled;
        o.Hsts.MaxAge = from.Hsts.MaxAge;
        o.Hsts.IncludeSubDomains = from.Hsts.IncludeSubDomains;
        o.Hsts.Preload = from.Hsts.Preload;
        o.CanarySeed = from.CanarySeed;
        o.ProxyBodySize = from.ProxyBodySize;
        o.LimitRequestStatusCode = from.LimitRequestStatusCode;
        o.LimitConnectionStatusCode = from.LimitConnectionStatusCode;
        o.PassthroughClientHelloTimeout = from.PassthroughClientHelloTimeout;
        o.PassthroughIdleTimeout = from.PassthroughIdleTimeout;
        o.ExternalAuth.ConnectTimeout = from.ExternalAuth.ConnectTimeout;
        o.ExternalAuth.ReadTimeout = from.ExternalAuth.ReadTimeout;
        o.ExternalAuth.CacheCapacity = from.ExternalAuth.CacheCapacity;
        o.ExternalAuth.ClusterDomain = from.ExternalAuth.ClusterDomain;
        o.NoAuthLocations.Clear();
        foreach (var location in from.NoAuthLocations)
        {
            o.NoAuthLocations.Add(location);
        }
    }
}
