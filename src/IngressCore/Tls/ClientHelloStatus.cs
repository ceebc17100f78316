namespace IngressCore.Tls;

/// <summary>What <c>ClientHelloReader.Read</c> made of the bytes a client sent first.</summary>
internal enum ClientHelloStatus
{
    /// <summary>A valid prefix of a ClientHello: wait for more bytes.</summary>
    Incomplete,

    /// <summary>A whole, well-formed ClientHello.</summary>
    Parsed,

    /// <summary>Not a TLS ClientHello, malformed, or over the size limits: close the connection.</summary>
    Invalid,
}
