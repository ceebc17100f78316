using System.Buffers;

namespace IngressCore.Annotations;

/// <summary>Vectorised sets of ingress-nginx's validator character classes.</summary>
internal static class BasicChars
{
    /// <summary>ingress-nginx's <c>alphaNumericChars</c>: <c>[-._~a-zA-Z0-9/:]</c>.</summary>
    public static readonly SearchValues<char> Set =
        SearchValues.Create("-._~/:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>ingress-nginx's <c>URLIsValidRegex</c>: <see cref="Set"/> plus <c>,?&amp;=</c>.</summary>
    public static readonly SearchValues<char> Url =
        SearchValues.Create("-._~/:,?&=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>HTTP header and cookie name characters ingress-nginx's <c>BasicCharsRegex</c> also allows: letters, digits, <c>- . _ ~</c>.</summary>
    public static readonly SearchValues<char> Name =
        SearchValues.Create("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}
