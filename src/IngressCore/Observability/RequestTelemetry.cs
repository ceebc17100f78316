using System.Diagnostics;
using IngressCore.Backends;
using IngressCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IngressCore.Observability;

/// <summary>
/// Observes each request the routing answers: the request metrics, an activity that is the parent
/// of whatever the backend does (the forwarder's HTTP client call and the W3C <c>traceparent</c> it
/// sends upstream), and the access-log line when the response completes. When nobody listens
/// (no meter listener, no activity listener, the access log's category disabled) a request costs
/// three flag reads and no allocation: the routing runs as if this were not there.
/// </summary>
internal sealed class RequestTelemetry(RequestDelegate next, IngressMetrics metrics, ILoggerFactory loggerFactory, TimeProvider time)
{
    private static readonly EventId AccessLogEvent = new(1, "AccessLog");

    private static readonly Func<object, Task> LogWhenCompleted = static state =>
    {
        var (telemetry, entry) = ((RequestTelemetry, AccessLogEntry))state;
        entry.Complete(telemetry._time);
        telemetry._accessLog.Log(LogLevel.Information, AccessLogEvent, entry, null, static (e, _) => e.ToString());
        return Task.CompletedTask;
    };

    private readonly ILogger _accessLog = loggerFactory.CreateLogger(IngressTelemetry.AccessLogCategory);
    private readonly TimeProvider _time = time;

    public Task InvokeAsync(HttpContext context)
    {
        var accessLog = _accessLog.IsEnabled(LogLevel.Information);
        return accessLog || metrics.RequestsObserved || IngressTelemetry.Source.HasListeners()
            ? ObserveAsync(context, accessLog)
            : next(context);
    }

    private async Task ObserveAsync(HttpContext context, bool accessLog)
    {
        var started = _time.GetTimestamp();
        using var activity = IngressTelemetry.Source.StartActivity(IngressTelemetry.RequestActivityName, ActivityKind.Internal);
        AccessLogEntry? entry = null;
        if (accessLog)
        {
            entry = AccessLogEntry.Begin(context, started);
            context.Response.OnCompleted(LogWhenCompleted, (this, entry));
        }

        Exception? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            entry?.EndBody();

            // An exception before the response started becomes the server's 500.
            var status = failure is not null && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var routed = context.Features.Get<IIngressRouteFeature>();
            var upstream = context.Features.Get<IngressUpstreamFeature>();
            metrics.RequestCompleted(routed?.Route, status, upstream);
            if (activity is { IsAllDataRequested: true })
            {
                Describe(activity, routed, upstream, status, failure);
            }
        }
    }

    /// <summary>Tags the request's activity with what the routing decided and how it ended.</summary>
    private static void Describe(Activity activity, IIngressRouteFeature? routed, IngressUpstreamFeature? upstream, int status, Exception? failure)
    {
        if (routed is not null)
        {
            activity.SetTag("ingresscore.decision", routed.Decision.DecidedBy);
            if (routed.Route is { } route)
            {
                var names = route.Names;
                activity.DisplayName = names.Location;
                activity.SetTag("ingresscore.route", names.Location);
                activity.SetTag(IngressMetrics.IngressTag, names.Ingress);
                activity.SetTag(IngressMetrics.ServiceTag, names.Service);
                if (routed.Decision.IsCanary)
                {
                    activity.SetTag("ingresscore.canary", true);
                }
            }
        }

        activity.SetTag("http.response.status_code", status);
        if (upstream is not null)
        {
            activity.SetTag("ingresscore.upstream.endpoint", upstream.Endpoint);
            activity.SetTag("ingresscore.upstream.attempts", upstream.Attempts);
            activity.SetTag("ingresscore.upstream.error", upstream.Error);
        }

        if (failure is not null)
        {
            activity.SetTag(IngressMetrics.ErrorTypeTag, failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        }
        else if (status >= 500)
        {
            activity.SetTag(IngressMetrics.ErrorTypeTag, upstream?.Error ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
