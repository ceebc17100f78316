using IngressCore.Kubernetes.Folders;
using IngressCore.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds manifest files and folders as a source of objects.</summary>
public static class ManifestFolderServiceCollectionExtensions
{
    /// <summary>
    /// Reads the Ingresses, IngressClasses, Services, EndpointSlices, ConfigMaps and TLS Secrets of
    /// manifest files and folders (YAML or JSON, folders recursively), and follows their changes.
    /// A path that does not exist fails the start.
    /// </summary>
    /// <param name="builder">The builder <c>AddIngressRouting</c> returned.</param>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder LoadFromManifests(this IIngressRoutingBuilder builder, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return builder.LoadFromManifests(o =>
        {
            foreach (var path in paths)
            {
                o.Paths.Add(path);
            }
        });
    }

    /// <summary>Reads manifest files and folders as the options say, and follows their changes.</summary>
    /// <param name="builder">The builder <c>AddIngressRouting</c> returned.</param>
    /// <param name="configure">Sets the paths, the debounce and the periodic check.</param>
    /// <returns>The builder.</returns>
    public static IIngressRoutingBuilder LoadFromManifests(this IIngressRoutingBuilder builder, Action<ManifestFolderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ManifestFolderOptions();
        configure(options);

        // One provider per call, shared by its two roles: a source, and a hosted service that follows the files.
        var key = new object();
        var services = builder.Services;
        services.AddKeyedSingleton(key, (sp, _) => new ManifestFolderProvider(
            options,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<ManifestFolderProvider>>()));
        services.AddSingleton<IIngressObjectsProvider>(sp => sp.GetRequiredKeyedService<ManifestFolderProvider>(key));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<ManifestFolderProvider>(key));
        return builder;
    }
}
