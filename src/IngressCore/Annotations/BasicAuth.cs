namespace IngressCore.Annotations;

/// <summary>
/// <c>auth-type: basic</c> with <c>auth-secret</c>, <c>auth-secret-type</c> and <c>auth-realm</c>:
/// HTTP Basic authentication against the users of a Secret (docs/annotations.md, basic authentication).
/// </summary>
/// <remarks>
/// Grammars: <c>auth-type</c> exactly <c>basic</c> (or <c>digest</c>, which is refused: see below);
/// <c>auth-secret</c> a Secret of the Ingress's namespace; <c>auth-secret-type</c> <c>auth-file</c>
/// or <c>auth-map</c>; <c>auth-realm</c> ingress-nginx's <c>[-._~A-Za-z0-9/: ]*</c>. ingress-nginx
/// serves an Ingress whose <c>auth-secret</c> has no <c>auth-type</c> without authentication; here
/// that is an error, as is <c>auth-type</c> without a Secret (ingress-nginx denies the location).
/// </remarks>
internal sealed record BasicAuth(ObjectReference Secret, BasicAuthSecretType SecretType, string Realm)
{
    internal const string TypeName = "auth-type";
    internal const string SecretName = "auth-secret";
    internal const string SecretTypeName = "auth-secret-type";
    internal const string RealmName = "auth-realm";

    internal static BasicAuth? Parse(AnnotationReader reader)
    {
        var type = reader.Read(TypeName);
        var hasSecret = reader.Has(SecretName);
        var secret = ObjectReference.Read(reader, SecretName, "Secret");
        var secretType = ReadSecretType(reader);
        var realm = ReadRealm(reader);
        switch (type)
        {
            case null:
                if (hasSecret)
                {
                    reader.Error(SecretName, "is set without auth-type: ingress-nginx would serve the Ingress without authentication; add auth-type: basic");
                }

                foreach (var name in (string[])[SecretTypeName, RealmName])
                {
                    if (reader.Has(name))
                    {
                        reader.Warning(name, "has no effect without auth-type; ignored");
                    }
                }

                return null;
            case "digest":
                const string Why = "asks for HTTP Digest authentication, which IngressCore does not enforce (an MD5 challenge protocol ingress-nginx serves through an extra nginx module; use basic over HTTPS or auth-url)";
                if (reader.Options.RefuseUnenforcedAccessControl)
                {
                    reader.Error(TypeName, $"{Why}; the Ingress is refused rather than served without it (IngressAnnotationOptions.RefuseUnenforcedAccessControl)");
                }
                else
                {
                    reader.Warning(TypeName, $"{Why}; the Ingress is served WITHOUT it, as configured (IngressAnnotationOptions.RefuseUnenforcedAccessControl is off)");
                }

                return null;
            case "basic":
                if (!hasSecret)
                {
                    reader.Error(TypeName, "is set without auth-secret: there are no users to check (ingress-nginx denies the location)");
                }

                return secret is null ? null : new BasicAuth(secret, secretType, realm);
            default:
                reader.Invalid(TypeName, type, "is not basic (or digest)");
                return null;
        }
    }

    private static BasicAuthSecretType ReadSecretType(AnnotationReader reader)
    {
        switch (reader.Read(SecretTypeName))
        {
            case null or "auth-file":
                return BasicAuthSecretType.AuthFile;
            case "auth-map":
                return BasicAuthSecretType.AuthMap;
            case var other:
                reader.Invalid(SecretTypeName, other, "is not auth-file or auth-map");
                return BasicAuthSecretType.AuthFile;
        }
    }

    private static string ReadRealm(AnnotationReader reader)
    {
        var realm = reader.Read(RealmName) ?? string.Empty;
        if (!realm.All(c => NginxGrammar.IsBasic(c) || c == ' '))
        {
            reader.Invalid(RealmName, realm, "has a character outside [-._~A-Za-z0-9/: ]");
            return string.Empty;
        }

        return realm;
    }
}
