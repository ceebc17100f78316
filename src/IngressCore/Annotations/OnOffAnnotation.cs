namespace IngressCore.Annotations;

/// <summary>
/// The <c>on</c>/<c>off</c> switches of nginx directives (<c>proxy-buffering</c>,
/// <c>proxy-request-buffering</c>, <c>proxy-ssl-verify</c>, <c>proxy-ssl-server-name</c>): exactly
/// <c>on</c> or <c>off</c>, surrounding spaces ignored (ingress-nginx's
/// <c>ValidateOptions([on off], true, true)</c> and <c>^(on|off)$</c>). ingress-nginx silently keeps
/// the default on any other value; here it is an error.
/// </summary>
internal static class OnOffAnnotation
{
    public static bool? Parse(AnnotationReader reader, string name)
    {
        var value = reader.Read(name);
        switch (value)
        {
            case null:
                return null;
            case "on":
                return true;
            case "off":
                return false;
            default:
                reader.Invalid(name, value, "is not a switch; use on or off");
                return null;
        }
    }
}
