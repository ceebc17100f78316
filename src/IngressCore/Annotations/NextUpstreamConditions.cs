namespace IngressCore.Annotations;

/// <summary>
/// <c>proxy-next-upstream</c>'s conditions (nginx's <c>proxy_next_upstream</c>): when a request is
/// passed to another endpoint. None set is <c>off</c>.
/// </summary>
[Flags]
internal enum NextUpstreamConditions
{
    /// <summary><c>off</c>: never.</summary>
    None = 0,

    /// <summary><c>error</c>: the connection failed, or the endpoint reset or closed it before answering.</summary>
    Error = 1,

    /// <summary><c>timeout</c>: connecting or reading the answer timed out.</summary>
    Timeout = 2,

    /// <summary><c>invalid_header</c>: the answer was not a valid HTTP response.</summary>
    InvalidHeader = 4,

    /// <summary><c>http_500</c>.</summary>
    Http500 = 8,

    /// <summary><c>http_502</c>.</summary>
    Http502 = 16,

    /// <summary><c>http_503</c>.</summary>
    Http503 = 32,

    /// <summary><c>http_504</c>.</summary>
    Http504 = 64,

    /// <summary><c>http_403</c>.</summary>
    Http403 = 128,

    /// <summary><c>http_404</c>.</summary>
    Http404 = 256,

    /// <summary><c>http_429</c>.</summary>
    Http429 = 512,

    /// <summary><c>non_idempotent</c>: POST, LOCK and PATCH are passed on too after the request was sent.</summary>
    NonIdempotent = 1024,
}
