namespace IngressCore.Annotations;

/// <summary>
/// The nginx variables the authentication annotations may name (ingress-nginx's documented uses in
/// <c>auth-url</c>, <c>auth-signin</c> and <c>auth-cache-key</c>). Each is expanded from a typed
/// value of the request (<see cref="AuthRequestValues"/>), never by an nginx script.
/// </summary>
internal enum AuthVariable
{
    /// <summary>Literal text.</summary>
    None,

    /// <summary><c>$host</c>: the request's host name, lower case, without its port.</summary>
    Host,

    /// <summary><c>$http_host</c>: the <c>Host</c> header as sent.</summary>
    HttpHost,

    /// <summary><c>$best_http_host</c>: a trusted proxy's <c>X-Forwarded-Host</c>, else the <c>Host</c> header.</summary>
    BestHttpHost,

    /// <summary><c>$scheme</c>: the scheme of the connection to the gateway.</summary>
    Scheme,

    /// <summary><c>$pass_access_scheme</c>: the scheme the client used (a trusted proxy's <c>X-Forwarded-Proto</c>).</summary>
    PassAccessScheme,

    /// <summary><c>$request_uri</c>: the request-target as received.</summary>
    RequestUri,

    /// <summary><c>$escaped_request_uri</c>: the request-target, percent-encoded as a URI component.</summary>
    EscapedRequestUri,

    /// <summary><c>$request_method</c>.</summary>
    RequestMethod,

    /// <summary><c>$remote_addr</c>: the client's address.</summary>
    RemoteAddr,

    /// <summary><c>$remote_user</c>: the user name of a Basic <c>Authorization</c> header.</summary>
    RemoteUser,

    /// <summary><c>$http_NAME</c>: a request header (<c>_</c> in the name stands for <c>-</c>).</summary>
    Header,

    /// <summary><c>$cookie_NAME</c>: a request cookie.</summary>
    Cookie,
}
