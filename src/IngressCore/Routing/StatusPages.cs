using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace IngressCore.Routing;

/// <summary>
/// The bodies of the gateway's own status answers, <c>403 Forbidden</c> and the like, made once
/// per status code: a refused request costs no string.
/// </summary>
internal static class StatusPages
{
    private const int First = 100;
    private static readonly string[] Texts = Make();

    /// <summary><c>"{status} {reason phrase}\n"</c>, such as <c>"403 Forbidden\n"</c>.</summary>
    public static string Text(int status) =>
        status is >= First and < First + 500 ? Texts[status - First] : Format(status);

    private static string[] Make()
    {
        var texts = new string[500];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Format(First + i);
        }

        return texts;
    }

    private static string Format(int status) =>
        string.Create(CultureInfo.InvariantCulture, $"{status} {ReasonPhrases.GetReasonPhrase(status)}\n");
}
