using System.Diagnostics;

namespace IngressCore.Observability;

/// <summary>
/// The names IngressCore reports under, to subscribe to (docs/observability.md lists every
/// instrument, tag and field): the <c>System.Diagnostics.Metrics</c> meter, the
/// <see cref="ActivitySource"/>, and the logging category of the access log. With OpenTelemetry:
/// <c>metrics.AddMeter(IngressTelemetry.MeterName)</c>, <c>tracing.AddSource(IngressTelemetry.ActivitySourceName)</c>.
/// Nothing is measured, traced or formatted while nobody listens.
/// </summary>
public static class IngressTelemetry
{
    /// <summary>The meter's name: requests, upstream latency, reloads, configuration errors, ready endpoints.</summary>
    public const string MeterName = "IngressCore";

    /// <summary>The activity source's name: one activity per routed request, the parent of the call to the backend.</summary>
    public const string ActivitySourceName = "IngressCore";

    /// <summary>The logging category of the access log: one <c>Information</c> event per request, when its response completes.</summary>
    public const string AccessLogCategory = "IngressCore.AccessLog";

    /// <summary>The activity per routed request's name.</summary>
    public const string RequestActivityName = "ingresscore.request";

    /// <summary>The source of the request activities (a static, as an activity source has no factory).</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(IngressTelemetry).Assembly.GetName().Version?.ToString());
}
