using IngressCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace IngressCore.Runtime;

/// <summary>Checks <see cref="IngressRoutingOptions"/> when the host starts, naming the option that is wrong.</summary>
internal sealed class IngressRoutingOptionsValidator : IValidateOptions<IngressRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressRoutingOptions options)
    {
        var failures = new List<string>();
        if (KubernetesName.ValidateSubdomain(options.IngressClass, "IngressClass") is { } className)
        {
            failures.Add($"{className} (an IngressClass name, such as 'nginx')");
        }

        if (options.HttpRedirectCode is not (301 or 302 or 307 or 308))
        {
            failures.Add($"HttpRedirectCode is {options.HttpRedirectCode}; it must be 301, 302, 307 or 308");
        }

        if (options.LimitRequestStatusCode is < 400 or > 599)
        {
            failures.Add($"LimitRequestStatusCode is {options.LimitRequestStatusCode}; it must be 400-599");
        }

        if (options.LimitConnectionStatusCode is < 400 or > 599)
        {
            failures.Add($"LimitConnectionStatusCode is {options.LimitConnectionStatusCode}; it must be 400-599");
        }

        if (options.ProxyBodySize is < 0)
        {
            failures.Add($"ProxyBodySize is {options.ProxyBodySize}; it must not be negative");
        }

        if (options.PassthroughClientHelloTimeout <= TimeSpan.Zero)
        {
            failures.Add($"PassthroughClientHelloTimeout is {options.PassthroughClientHelloTimeout}; it must be positive");
        }

        if (options.PassthroughIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"PassthroughIdleTimeout is {options.PassthroughIdleTimeout}; it must be positive");
        }

        if (options.DefaultBackendService is { } service && DefaultBackendProblem(service) is { } serviceProblem)
        {
            failures.Add($"DefaultBackendService '{Printable.Of(service)}' {serviceProblem}");
        }

        if (options.ExternalAuth.ConnectTimeout <= TimeSpan.Zero || options.ExternalAuth.ReadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ExternalAuth.ConnectTimeout and ExternalAuth.ReadTimeout are {options.ExternalAuth.ConnectTimeout} and {options.ExternalAuth.ReadTimeout}; both must be positive");
        }

        if (options.ExternalAuth.CacheCapacity < 0)
        {
            failures.Add($"ExternalAuth.CacheCapacity is {options.ExternalAuth.CacheCapacity}; it must not be negative");
        }

        if (KubernetesName.ValidateSubdomain(options.ExternalAuth.ClusterDomain, "ExternalAuth.ClusterDomain") is { } domain)
        {
            failures.Add(domain);
        }

        if (options.CustomHttpErrors.FirstOrDefault(c => c is < 400 or > 599) is var code and not 0)
        {
            failures.Add($"CustomHttpErrors has {code}; each status must be 400-599");
        }

        if (options.Hsts.MaxAge < TimeSpan.Zero)
        {
            failures.Add($"Hsts.MaxAge is {options.Hsts.MaxAge}; it must not be negative");
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => "IngressRoutingOptions: " + f));
    }

    /// <summary>Why <c>namespace/name</c> is not a Service reference, or <see langword="null"/>.</summary>
    internal static string? DefaultBackendProblem(string service)
    {
        var slash = service.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "is not namespace/name (such as ingress-nginx/default-http-backend)";
        }

        return KubernetesName.ValidateLabel(service[..slash], "its namespace") ??
            KubernetesName.ValidateServiceName(service[(slash + 1)..], "its Service name");
    }
}
