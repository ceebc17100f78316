using IngressCore.Annotations;
using Microsoft.Extensions.Options;

namespace IngressCore.Forwarding;

/// <summary>Checks <see cref="ForwardingOptions"/> when the host starts, naming the option that is wrong.</summary>
internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        var failures = new List<string>();
        Positive(failures, options.ConnectTimeout, nameof(options.ConnectTimeout));
        Positive(failures, options.ReadTimeout, nameof(options.ReadTimeout));
        Positive(failures, options.SendTimeout, nameof(options.SendTimeout));
        Positive(failures, options.EwmaDecayTime, nameof(options.EwmaDecayTime));
        if (options.FailTimeout < TimeSpan.Zero)
        {
            failures.Add($"FailTimeout is {options.FailTimeout}; it must not be negative");
        }

        if (options.ProxyNextUpstreamTimeout < TimeSpan.Zero)
        {
            failures.Add($"ProxyNextUpstreamTimeout is {options.ProxyNextUpstreamTimeout}; it must not be negative");
        }

        if (options.RequestBufferLimit < 0)
        {
            failures.Add($"RequestBufferLimit is {options.RequestBufferLimit}; it must not be negative");
        }

        if (options.ProxyNextUpstreamTries < 0)
        {
            failures.Add($"ProxyNextUpstreamTries is {options.ProxyNextUpstreamTries}; it must not be negative (0 = every endpoint)");
        }

        if (ProxyNextUpstream.ParseConditions(options.ProxyNextUpstream ?? "", out _) is { } problem)
        {
            failures.Add($"ProxyNextUpstream {AnnotationText.Quote(options.ProxyNextUpstream ?? "")} {problem}");
        }

        if (options.LoadBalance is not ("round_robin" or "ewma"))
        {
            failures.Add($"LoadBalance is {AnnotationText.Quote(options.LoadBalance ?? "")}; use round_robin or ewma");
        }

        foreach (var header in options.AllowedResponseHeaders)
        {
            if (!CustomHeaders.IsHeaderName(header))
            {
                failures.Add($"AllowedResponseHeaders has {AnnotationText.Quote(header ?? "")}, which is not a header name (letters, digits, '-' and '_')");
            }
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => "ForwardingOptions: " + f));
    }

    private static void Positive(List<string> failures, TimeSpan value, string option)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{option} is {value}; it must be positive");
        }
    }
}
