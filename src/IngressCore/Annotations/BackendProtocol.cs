namespace IngressCore.Annotations;

/// <summary>
/// <c>backend-protocol</c>: how the backend is spoken to (docs/annotations.md). The
/// value is matched case-insensitively, as in ingress-nginx.
/// </summary>
internal enum BackendProtocol
{
    /// <summary><c>HTTP</c>: plain HTTP/1.1 (ingress-nginx's default).</summary>
    Http,

    /// <summary><c>HTTPS</c>: HTTP over TLS.</summary>
    Https,

    /// <summary><c>AUTO_HTTP</c>: the scheme the client used.</summary>
    AutoHttp,

    /// <summary><c>GRPC</c>: gRPC over cleartext HTTP/2.</summary>
    Grpc,

    /// <summary><c>GRPCS</c>: gRPC over TLS.</summary>
    Grpcs,

    /// <summary><c>FCGI</c>: FastCGI.</summary>
    Fcgi,

    /// <summary><c>H2C</c> (an IngressCore extension, not in ingress-nginx): HTTP/2 over cleartext, with prior knowledge.</summary>
    H2c,
}
