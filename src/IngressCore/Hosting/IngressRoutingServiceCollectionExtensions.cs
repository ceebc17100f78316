using System.Diagnostics.CodeAnalysis;
using IngressCore.Observability;
using IngressCore.Routing;
using IngressCore.Runtime;
using IngressCore.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers IngressCore's routing and its sources of objects.</summary>
public static class IngressRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds Ingress routing: the runtime that builds a snapshot (route table, certificates, Service
    /// endpoints) from the sources added on the returned builder and swaps in a new one when they
    /// change, what <c>app.UseIngressRouting()</c> and <c>listenOptions.UseIngressTls()</c> serve
    /// with, a <see cref="TimeProvider"/>, and the <see cref="IngressTelemetry.MeterName"/> meter
    /// (with <c>AddMetrics()</c>). The options are checked when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; several <c>AddIngressRouting</c> calls add up.</param>
    /// <returns>The builder, to add sources and forwarding to.</returns>
    public static IIngressRoutingBuilder AddIngressRouting(this IServiceCollection services, Action<IngressRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IngressRoutingOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngressRoutingOptions>, IngressRoutingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<IngressMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotObserver, IngressMetrics>(static sp => sp.GetRequiredService<IngressMetrics>()));
        services.TryAddSingleton<IngressSnapshotManager>();
        services.TryAddSingleton(static sp => sp.GetRequiredService<IngressSnapshotManager>().Runtime);
        services.TryAddSingleton<RoutingSettings>();
        return new IngressRoutingBuilder(services);
    }

    /// <summary>
    /// Adds a source holding the objects given; resolve <see cref="InMemoryIngressObjectsProvider"/>
    /// to change them later (<see cref="InMemoryIngressObjectsProvider.Update"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="objects">The objects.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder LoadFromMemory(this IIngressRoutingBuilder builder, IngressObjects objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return builder.LoadFromMemory(new InMemoryIngressObjectsProvider(objects));
    }

    /// <summary>Adds an in-memory source that the caller keeps and updates.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The source.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder LoadFromMemory(this IIngressRoutingBuilder builder, InMemoryIngressObjectsProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        builder.Services.TryAddSingleton(provider);
        return builder.AddSource(provider);
    }

    /// <summary>Adds a source of objects of the caller's own; its objects merge with the other sources'.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The source.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder AddSource(this IIngressRoutingBuilder builder, IIngressObjectsProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        builder.Services.AddSingleton(provider);
        return builder;
    }

    /// <summary>Adds a source created by the service provider (it may depend on other services, and is created once).</summary>
    /// <typeparam name="TProvider">The source's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder AddSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IIngressRoutingBuilder builder)
        where TProvider : class, IIngressObjectsProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TProvider>();
        builder.Services.AddSingleton<IIngressObjectsProvider>(static sp => sp.GetRequiredService<TProvider>());
        return builder;
    }
}
