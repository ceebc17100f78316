using IngressCore.Kubernetes.Cluster;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Kubernetes API server as a source of objects.</summary>
public static class KubernetesClusterServiceCollectionExtensions
{
    /// <summary>
    /// Lists and watches the Ingresses, IngressClasses, Services, EndpointSlices,
    /// <c>kubernetes.io/tls</c> Secrets and ConfigMaps of a cluster (docs/kubernetes.md). The host's
    /// start waits for the first lists, and fails when the API server cannot be reached. With
    /// <see cref="KubernetesClusterOptions.PublishAddress"/> set, the served Ingresses' status is
    /// written too.
    /// </summary>
    /// <param name="builder">The builder <c>AddIngressRouting</c> returned.</param>
    /// <param name="configure">Sets the kubeconfig, context, namespace and the rest; in-cluster configuration and every namespace when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder LoadFromKubernetes(this IIngressRoutingBuilder builder, Action<KubernetesClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new KubernetesClusterOptions();
        configure?.Invoke(options);

        // One provider per call, shared by its two roles: a source, and a hosted service that watches.
        var key = new object();
        var services = builder.Services;
        services.AddKeyedSingleton(key, (sp, _) => new KubernetesClusterProvider(
            options,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<KubernetesClusterProvider>>()));
        services.AddSingleton<IIngressObjectsProvider>(sp => sp.GetRequiredKeyedService<KubernetesClusterProvider>(key));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<KubernetesClusterProvider>(key));
        if (options.PublishAddress is not null)
        {
            // Registered after the source, so it starts once the first lists are in.
            services.AddSingleton<IHostedService>(sp => new IngressStatusPublisher(
                sp.GetRequiredKeyedService<KubernetesClusterProvider>(key),
                sp.GetRequiredService<IngressRuntime>(),
                options,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                (ILogger?)sp.GetService<ILogger<KubernetesClusterProvider>>() ?? NullLogger.Instance));
        }

        return builder;
    }
}
