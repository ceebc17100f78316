namespace IngressCore.Annotations;

/// <summary>
/// <c>proxy-connect-timeout</c>, <c>proxy-send-timeout</c>, <c>proxy-read-timeout</c>: the backend
/// timeouts in whole seconds (docs/annotations.md). A member is <see langword="null"/>
/// when its annotation is absent: the proxy's default applies (ingress-nginx: 5 s, 60 s, 60 s).
/// </summary>
/// <remarks>
/// Grammar: digits only, 1 or more seconds (no unit: <c>10s</c> is invalid, as in ingress-nginx).
/// ingress-nginx silently keeps its default on an invalid value and accepts a sign; here an
/// invalid, signed or zero value is an error.
/// </remarks>
internal sealed class ProxyTimeouts
{
    internal const string ConnectName = "proxy-connect-timeout";
    internal const string SendName = "proxy-send-timeout";
    internal const string ReadName = "proxy-read-timeout";

    private ProxyTimeouts(TimeSpan? connect, TimeSpan? send, TimeSpan? read)
    {
        Connect = connect;
        Send = send;
        Read = read;
    }

    /// <summary><c>proxy-connect-timeout</c>: establishing the backend connection.</summary>
    public TimeSpan? Connect { get; }

    /// <summary><c>proxy-send-timeout</c>: between two writes of the request to the backend.</summary>
    public TimeSpan? Send { get; }

    /// <summary><c>proxy-read-timeout</c>: between two reads of the response from the backend.</summary>
    public TimeSpan? Read { get; }

    internal static ProxyTimeouts? Parse(AnnotationReader reader)
    {
        var connect = Seconds(reader, ConnectName);
        var send = Seconds(reader, SendName);
        var read = Seconds(reader, ReadName);
        return connect is null && send is null && read is null ? null : new ProxyTimeouts(connect, send, read);
    }

    private static TimeSpan? Seconds(AnnotationReader reader, string name) =>
        reader.ReadCount(name, min: 1) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
