namespace IngressCore.Forwarding;

/// <summary>
/// Configures <c>AddForwarding(o => …)</c>: the defaults of locations whose Ingress sets no backend
/// annotation (ingress-nginx's configmap defaults) and how failed endpoints are set aside
/// (docs/forwarding.md). Checked when the host starts: a bad value fails the start with a message
/// naming the option.
/// </summary>
public sealed class ForwardingOptions
{
    /// <summary>How long connecting to an endpoint may take, TLS handshake included (ingress-nginx <c>proxy-connect-timeout</c>, default 5 s); then 504 or the next endpoint.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the exchange with an endpoint may stay idle, waiting for the response or between
    /// two reads or writes of either body (ingress-nginx <c>proxy-read-timeout</c>, default 60 s);
    /// then 504 when nothing was answered yet.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// ingress-nginx <c>proxy-send-timeout</c> (default 60 s): while the request body is being sent
    /// the idle limit is the larger of this and <see cref="ReadTimeout"/> (YARP keeps one idle timer
    /// per exchange; docs/forwarding.md).
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When a failed request goes to another endpoint (ingress-nginx <c>proxy-next-upstream</c>,
    /// default <c>error timeout</c>): the annotation's grammar, such as <c>error timeout http_502</c>, or <c>off</c>.
    /// </summary>
    public string ProxyNextUpstream { get; set; } = "error timeout";

    /// <summary>How many endpoints a request tries in all, the first included (ingress-nginx <c>proxy-next-upstream-tries</c>, default 3; 0 = every endpoint).</summary>
    public int ProxyNextUpstreamTries { get; set; } = 3;

    /// <summary>How long after the first try another may start (ingress-nginx <c>proxy-next-upstream-timeout</c>, default <see cref="TimeSpan.Zero"/>: no limit).</summary>
    public TimeSpan ProxyNextUpstreamTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The balancing of locations without <c>load-balance</c>: <c>round_robin</c> (default) or <c>ewma</c> (ingress-nginx's configmap <c>load-balance</c>).</summary>
    public string LoadBalance { get; set; } = "round_robin";

    /// <summary>
    /// How long an endpoint that refused a connection, reset it or timed out is set aside: requests
    /// prefer the Service's other endpoints meanwhile (nginx's <c>fail_timeout</c>, default 10 s;
    /// <see cref="TimeSpan.Zero"/> turns passive health off).
    /// </summary>
    public TimeSpan FailTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a small request body is read whole before the first try (ingress-nginx's
    /// <c>proxy-request-buffering</c>, default <see langword="true"/>, as its <c>on</c>): such a body
    /// can be sent again, so a failed try of an idempotent request goes to the next endpoint even
    /// after the body was sent. Only bodies with a <c>Content-Length</c> up to
    /// <see cref="RequestBufferLimit"/> are read first, in memory; others always stream.
    /// </summary>
    public bool ProxyRequestBuffering { get; set; } = true;

    /// <summary>The largest body <see cref="ProxyRequestBuffering"/> reads first (default 64 KiB; nginx would spill larger ones to disk).</summary>
    public int RequestBufferLimit { get; set; } = 64 * 1024;

    /// <summary>How fast EWMA forgets a latency (ingress-nginx's ewma.lua <c>DECAY_TIME</c>, 10 s).</summary>
    public TimeSpan EwmaDecayTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The response headers a <c>custom-headers</c> ConfigMap may set (ingress-nginx's
    /// <c>global-allowed-response-headers</c>, empty by default: a ConfigMap naming any other header
    /// denies its location with 503). Compared case-insensitively.
    /// </summary>
    public IList<string> AllowedResponseHeaders { get; } = [];
}
