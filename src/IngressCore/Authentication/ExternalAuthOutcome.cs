namespace IngressCore.Authentication;

/// <summary>What an auth subrequest decided, as nginx's <c>auth_request</c> reads its status.</summary>
internal enum ExternalAuthOutcome
{
    /// <summary>A 2xx answer: the request goes on.</summary>
    Allow,

    /// <summary>401: the request is answered 401 (or redirected to <c>auth-signin</c>).</summary>
    Unauthorized,

    /// <summary>403: the request is answered 403.</summary>
    Forbidden,

    /// <summary>Any other status, a redirect, no answer or no answer in time: 500, never a pass.</summary>
    Error,
}
