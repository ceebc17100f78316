namespace IngressCore.Annotations;

/// <summary><c>auth-secret-type</c>: how the Secret holds its users.</summary>
internal enum BasicAuthSecretType
{
    /// <summary><c>auth-file</c> (the default): an htpasswd file under the key <c>auth</c>.</summary>
    AuthFile,

    /// <summary><c>auth-map</c>: one key per user, its value the password hash.</summary>
    AuthMap,
}
