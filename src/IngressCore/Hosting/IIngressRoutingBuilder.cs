namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddIngressRouting</c> returns: where the sources of objects (<c>LoadFromMemory</c>,
/// <c>LoadFromManifests</c>, <c>LoadFromKubernetes</c>) and forwarding (<c>AddForwarding</c>) are added.
/// </summary>
public interface IIngressRoutingBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
