namespace IngressCore.Annotations;

/// <summary>
/// Parses <c>backend-protocol</c>: one of <c>HTTP</c>, <c>HTTPS</c>, <c>AUTO_HTTP</c>, <c>GRPC</c>,
/// <c>GRPCS</c>, <c>FCGI</c>, and IngressCore's own <c>H2C</c> (HTTP/2 over cleartext), any case, surrounding spaces ignored (ingress-nginx's
/// <c>ValidateOptions(validProtocols, false, true)</c>).
/// </summary>
/// <remarks>
/// ingress-nginx silently falls back to HTTP on any other value, which can turn an intended TLS
/// backend connection into plain text; here it is an error.
/// </remarks>
internal static class BackendProtocolAnnotation
{
    internal const string Name = "backend-protocol";

    public static BackendProtocol? Parse(AnnotationReader reader)
    {
        var value = reader.Read(Name);
        if (value is null)
        {
            return null;
        }

        BackendProtocol? protocol =
            value.Equals("HTTP", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.Http
            : value.Equals("HTTPS", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.Https
            : value.Equals("AUTO_HTTP", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.AutoHttp
            : value.Equals("GRPC", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.Grpc
            : value.Equals("GRPCS", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.Grpcs
            : value.Equals("FCGI", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.Fcgi
            : value.Equals("H2C", StringComparison.OrdinalIgnoreCase) ? BackendProtocol.H2c
            : null;
        if (protocol is null)
        {
            reader.Invalid(Name, value, "is not a backend protocol; use HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS, FCGI or H2C");
        }
        else if (protocol == BackendProtocol.Fcgi)
        {
            reader.Warning(Name, "FastCGI is not spoken by IngressCore's forwarder: forwarded requests are answered 502 (an in-process branch still answers)");
        }

        return protocol;
    }
}
