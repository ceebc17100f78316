namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <see cref="IIngressRoutingBuilder"/> of one service collection.</summary>
internal sealed class IngressRoutingBuilder(IServiceCollection services) : IIngressRoutingBuilder
{
    public IServiceCollection Services { get; } = services;
}
