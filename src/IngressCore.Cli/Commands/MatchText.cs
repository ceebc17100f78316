using System.Text;
using System.Text.Json;

namespace IngressCore.Cli.Commands;

/// <summary>
/// match's answer for people: the JSON line (the contract for programs) laid out as a few aligned
/// lines. Rendered from the JSON itself, so the two forms never say different things.
/// </summary>
internal static class MatchText
{
    public static string Render(MatchRequest request, string jsonLine)
    {
        using var document = JsonDocument.Parse(jsonLine);
        var answer = document.RootElement;
        var text = new StringBuilder();
        text.Append(request.Scheme).Append("://").Append(request.Host).Append(request.Path).Append('\n');
        if (answer.TryGetProperty("error", out var error))
        {
            return text.Append("  error     ").Append(error.GetString()).Append('\n').ToString();
        }

        if (answer.GetProperty("redirect") is { ValueKind: JsonValueKind.Object } redirect)
        {
            Line(text, "redirect", $"{redirect.GetProperty("status").GetInt32()} to {redirect.GetProperty("location").GetString()}");
        }
        else if (answer.TryGetProperty("status", out var status))
        {
            Line(text, "answer", $"{status.GetInt32()} from the gateway");
        }

        if (answer.GetProperty("ingress").GetString() is { } ingress)
        {
            var defaultBackend = answer.GetProperty("defaultBackend").GetBoolean();
            var where = defaultBackend
                ? "default backend"
                : $"{answer.GetProperty("ruleHost").GetString() ?? "*"} {answer.GetProperty("pathType").GetString()} {answer.GetProperty("path").GetString()}";
            Line(text, "route", $"{ingress}  {where}");
            var port = answer.GetProperty("port") is { ValueKind: JsonValueKind.Number } number
                ? number.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)
                : answer.GetProperty("portName").GetString();
            Line(text, "service", $"{answer.GetProperty("service").GetString()}:{port}{(answer.GetProperty("canary").GetBoolean() ? "  (canary)" : "")}");
        }

        if (answer.GetProperty("upstreamPath").GetString() is { } upstream)
        {
            Line(text, "upstream", upstream);
        }

        Line(text, "reason", answer.GetProperty("reason").GetString() ?? "");
        if (answer.TryGetProperty("explain", out var explain))
        {
            Line(text, "decided", explain.GetProperty("decidedBy").GetString() ?? "");
            foreach (var rule in explain.GetProperty("rules").EnumerateArray())
            {
                var mark = rule.GetProperty("selected").GetBoolean() ? "*" : "-";
                text.Append("    ").Append(mark).Append(' ')
                    .Append(rule.GetProperty("ingress").GetString()).Append(' ')
                    .Append(rule.GetProperty("host").GetString() ?? "*").Append(' ')
                    .Append(rule.GetProperty("pathType").GetString()).Append(' ')
                    .Append(rule.GetProperty("path").GetString()).Append(": ")
                    .Append(rule.GetProperty("reason").GetString()).Append('\n');
            }

            foreach (var notServed in explain.GetProperty("notServed").EnumerateArray())
            {
                text.Append("    not served: ").Append(notServed.GetString()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append("  ").Append(label.PadRight(9)).Append(' ').Append(value).Append('\n');
}
