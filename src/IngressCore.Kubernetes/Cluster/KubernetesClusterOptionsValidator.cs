using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>Refuses options that could only fail later, against the API server, or never work at all.</summary>
internal sealed partial class KubernetesClusterOptionsValidator : IValidateOptions<KubernetesClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesClusterOptions options)
    {
        var failures = new List<string>();
        if (options.KubeconfigPath is { } path && !File.Exists(path))
        {
            failures.Add($"LoadFromKubernetes: the kubeconfig file '{Printable.Of(path, 300)}' does not exist");
        }

        if (options.Context is { Length: 0 })
        {
            failures.Add("LoadFromKubernetes: Context is empty; leave it unset to use the kubeconfig's current context");
        }

        if (options.Namespace is { } ns && (ns.Length > 63 || !Label().IsMatch(ns)))
        {
            failures.Add($"LoadFromKubernetes: the namespace '{Printable.Of(ns)}' is not a namespace name (lower-case letters, digits and '-', at most 63)");
        }

        if (options.SecretLabelSelector is { Length: 0 })
        {
            failures.Add("LoadFromKubernetes: SecretLabelSelector is empty; leave it unset to read every TLS Secret");
        }

        if (options.PublishAddress is not null && PublishAddresses.Parse(options.PublishAddress) is { Error: { } error })
        {
            failures.Add("LoadFromKubernetes: PublishAddress: " + error);
        }

        Positive(options.StartTimeout, nameof(options.StartTimeout));
        Positive(options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(options.InitialBackoff, nameof(options.InitialBackoff));
        if (options.WatchTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"LoadFromKubernetes: WatchTimeout is {options.WatchTimeout}; it must be at least one second (the API takes whole seconds)");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"LoadFromKubernetes: MaxBackoff ({options.MaxBackoff}) is shorter than InitialBackoff ({options.InitialBackoff})");
        }

        if (options.Debounce < TimeSpan.Zero || options.MaxDebounce < options.Debounce)
        {
            failures.Add($"LoadFromKubernetes: Debounce ({options.Debounce}) must not be negative, nor longer than MaxDebounce ({options.MaxDebounce})");
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"LoadFromKubernetes: PageSize is {options.PageSize}; it must be 1-100000");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string what)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"LoadFromKubernetes: {what} is {value}; it must be positive");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
