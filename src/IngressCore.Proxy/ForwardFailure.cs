using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.AspNetCore.Http;
using IngressCore.Annotations;
using Yarp.ReverseProxy.Forwarder;

namespace IngressCore.Forwarding;

/// <summary>What went wrong with one try, in nginx's terms: which <c>proxy-next-upstream</c> condition it is, whether the request had reached the endpoint, and whether the endpoint is to blame.</summary>
/// <param name="Condition">The condition it meets (<see cref="NextUpstreamConditions.None"/>: never retried, such as a client that went away).</param>
/// <param name="Sent">Whether any of the request may have reached the endpoint (a connection that was never made sent nothing).</param>
/// <param name="EndpointFault">Whether the endpoint failed (refused, reset, timed out): it is set aside for a while.</param>
/// <param name="Reason">A few words for the access log.</param>
internal readonly record struct ForwardFailure(NextUpstreamConditions Condition, bool Sent, bool EndpointFault, string Reason)
{
    /// <summary>Reads the failure YARP reported for a try.</summary>
    public static ForwardFailure Of(ForwarderError error, Exception? exception, HttpContext context)
    {
        switch (error)
        {
            case ForwarderError.RequestTimedOut:
                return IsConnectTimeout(exception)
                    ? new(NextUpstreamConditions.Timeout, Sent: false, EndpointFault: true, "connect timeout")
                    : new(NextUpstreamConditions.Timeout, Sent: true, EndpointFault: true, "timeout");
            case ForwarderError.Request or ForwarderError.RequestCreation:
                return OfRequestException(exception);
            case ForwarderError.ResponseHeaders:
                return new(NextUpstreamConditions.InvalidHeader, Sent: true, EndpointFault: false, "invalid response");
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled when context.RequestAborted.IsCancellationRequested:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: false, "client closed");
            case ForwarderError.RequestBodyClient:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: false, "request body");
            case ForwarderError.RequestBodyDestination:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: true, "reset");
            case ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeResponseDestination or ForwarderError.UpgradeRequestDestination:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: true, "reset");
            case ForwarderError.UpgradeActivityTimeout:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: false, "timeout");
            default:
                return new(NextUpstreamConditions.None, Sent: true, EndpointFault: false, context.RequestAborted.IsCancellationRequested ? "client closed" : "aborted");
        }
    }

    private static ForwardFailure OfRequestException(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } hre:
                    return new(NextUpstreamConditions.Error, Sent: false, EndpointFault: true, Refused(hre) ? "connect refused" : "connect failed");
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                case AuthenticationException:
                    return new(NextUpstreamConditions.Error, Sent: false, EndpointFault: true, "tls handshake failed");
                case HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse }:
                    return new(NextUpstreamConditions.InvalidHeader, Sent: true, EndpointFault: false, "invalid response");
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return new(NextUpstreamConditions.Error, Sent: true, EndpointFault: true, "reset");
            }
        }

        return new(NextUpstreamConditions.Error, Sent: true, EndpointFault: true, "reset");
    }

    private static bool Refused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>SocketsHttpHandler's ConnectTimeout surfaces as a cancellation whose inner exception is a <see cref="TimeoutException"/>.</summary>
    private static bool IsConnectTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException || e.Message.Contains("ConnectTimeout", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
