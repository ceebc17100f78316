namespace IngressCore.Annotations;

/// <summary><c>auth-tls-verify-client</c>: nginx's <c>ssl_verify_client</c>.</summary>
internal enum ClientCertificateVerification
{
    /// <summary><c>on</c> (the default): a certificate signed by the CA bundle is required; otherwise 400.</summary>
    On,

    /// <summary><c>off</c>: no certificate is asked for.</summary>
    Off,

    /// <summary><c>optional</c>: a certificate is asked for; one that is sent must verify, none may be sent.</summary>
    Optional,

    /// <summary><c>optional_no_ca</c>: a certificate is asked for and passed on, verified or not.</summary>
    OptionalNoCa,
}
