using System.Text;
using System.Text.Json;
using IngressCore.Decisions;
using IngressCore.Diagnostics;
using IngressCore.Matching;

namespace IngressCore.Cli.Commands;

/// <summary>Writes a routing decision as the JSON line docs/cli.md describes, with <c>--explain</c> details when asked.</summary>
internal sealed class MatchResultWriter(Workspace workspace, bool explain, IngressRequestDecider decider, int? authStatus = null)
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false };

    public string Write(MatchRequest request)
    {
        var explanation = workspace.Table.Explain(request.Host, request.Path);
        var result = explanation.Result;

        // The same decision the serve middleware makes, by the same code. The request JSON has no
        // trusted proxy, so its own scheme counts and X-Forwarded-* headers in it do not.
        var decision = decider.Decide(result, workspace.Certificates, request);
        var route = decision.Route ?? result.Route;
        var redirect = decision.Kind == IngressDecisionKind.Redirect ? decision.Location : null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteBoolean("matched", result.Success);
            WriteNullable(json, "ingress", route?.Origin.QualifiedName);
            WriteNullable(json, "ruleHost", route?.Host);
            WriteNullable(json, "path", result.Success ? route!.Path : null);
            WriteNullable(json, "pathType", result.Success ? route!.PathType.ToString() : null);
            WriteNullable(json, "service", route?.Backend.ServiceName);
            if (route?.Backend.PortNumber is { } port)
            {
                json.WriteNumber("port", port);
            }
            else
            {
                json.WriteNull("port");
            }

            WriteNullable(json, "portName", route?.Backend.PortName);
            json.WriteBoolean("canary", decision.IsCanary);
            WriteNullable(json, "upstreamPath", decision.Kind == IngressDecisionKind.Backend ? decision.UpstreamTarget : null);
            if (redirect is null)
            {
                json.WriteNull("redirect");
            }
            else
            {
                json.WriteStartObject("redirect");
                json.WriteNumber("status", decision.StatusCode);
                json.WriteString("location", redirect);
                json.WriteEndObject();
            }

            json.WriteBoolean("defaultBackend", result.IsDefaultBackend);
            json.WriteString("reason", Reason(decision, explanation));

            // The status the gateway itself answers with, when no backend does.
            if (decision.Kind != IngressDecisionKind.Backend)
            {
                json.WriteNumber("status", decision.StatusCode);
            }

            // The access control the gateway would run before the backend (source ranges, basic and external auth, client certificates).
            if (decision.Kind == IngressDecisionKind.Backend || decision.Match.Status == RouteMatchStatus.NotFound)
            {
                WriteAuth(json, decision, request);
            }

            if (explain)
            {
                WriteExplain(json, explanation, decision);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// <c>"auth"</c>: which checks run, and what they decide for this request: basic auth from its
    /// <c>Authorization</c> header, external auth from <c>--auth-status</c>. Source ranges need the
    /// client's address, which a request line does not carry: they are named, not evaluated.
    /// </summary>
    private void WriteAuth(Utf8JsonWriter json, IngressDecision decision, MatchRequest request)
    {
        if (workspace.Snapshot.AccessPolicy(decision.Match) is not { } policy)
        {
            return;
        }

        json.WriteStartObject("auth");
        json.WriteString("satisfy", policy.Satisfy);
        json.WriteBoolean("sourceRanges", policy.HasSourceRanges);
        WriteNullable(json, "basic", policy.BasicAuthSecret);
        WriteNullable(json, "realm", policy.BasicAuthRealm);
        WriteNullable(json, "external", policy.ExternalAuthUrl);
        WriteNullable(json, "signin", policy.ExternalAuthSignin);
        WriteNullable(json, "clientCertificates", policy.ClientCertificateSecret);
        WriteNullable(json, "verifyClient", policy.ClientCertificateVerification);
        json.WriteBoolean("usable", policy.IsUsable);
        if (policy.BasicAuthSecret is not null || policy.ExternalAuthUrl is not null)
        {
            var result = policy.Evaluate(request, authStatus, clientAddress: null);
            if (policy.HasSourceRanges)
            {
                json.WriteString("note", "the source ranges were not evaluated: a request line has no client address");
            }

            json.WriteBoolean("allowed", result.Allowed);
            if (!result.Allowed && result.StatusCode >= 0)
            {
                json.WriteNumber("status", result.StatusCode);
            }

            WriteNullable(json, "location", result.Location);
            json.WriteString("reason", result.Reason);
        }

        json.WriteEndObject();
    }

    public static string WriteError(int line, string error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("error", $"line {line}: {error}");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The match's reason, or the annotation's when one decided instead of the path rules.</summary>
    private static string Reason(IngressDecision decision, RouteExplanation explanation) => decision.Kind switch
    {
        IngressDecisionKind.Redirect => $"{decision.DecidedBy}: {decision.StatusCode} to {decision.Location}",
        IngressDecisionKind.Backend when decision.IsCanary => $"{explanation.Reason}; {decision.CanaryRule} sent it to canary {decision.Route!.Origin.QualifiedName}",
        IngressDecisionKind.Backend when decision.IsRewritten => $"{explanation.Reason}; rewrite-target rewrote it to {decision.UpstreamTarget}",
        IngressDecisionKind.Status when decision.DecidedBy == IngressRequestDecider.RewriteTargetRule =>
            $"{explanation.Reason}; rewrite-target gave no path (a leading capture without its '/'): {decision.StatusCode}",
        _ => explanation.Reason,
    };

    private void WriteExplain(Utf8JsonWriter json, RouteExplanation explanation, IngressDecision decision)
    {
        json.WriteStartObject("explain");
        json.WriteString("decidedBy", decision.DecidedBy);
        WriteNullable(json, "canaryRule", decision.CanaryRule);
        json.WriteBoolean("rewritten", decision.IsRewritten);
        json.WriteString("normalizedPath", explanation.NormalizedPath);
        json.WriteString("virtualHost", explanation.VirtualHost);
        json.WriteStartArray("rules");
        foreach (var verdict in explanation.Verdicts)
        {
            var route = verdict.Route;
            json.WriteStartObject();
            json.WriteString("ingress", route.Origin.QualifiedName);
            json.WriteString("kind", route.Kind switch
            {
                RouteKind.Path => "path",
                RouteKind.HostDefaultBackend => "hostDefaultBackend",
                _ => "catchAll",
            });
            WriteNullable(json, "host", route.Host);
            json.WriteString("path", route.Path);
            json.WriteString("pathType", route.PathType.ToString());
            json.WriteString("backend", route.Backend.ToString());
            json.WriteBoolean("selected", verdict.Selected);
            json.WriteString("reason", verdict.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // Objects that never became routes: refused, skipped for their class, or lost a conflict.
        json.WriteStartArray("notServed");
        foreach (var diagnostic in workspace.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info || d.Kind == "Ingress"))
        {
            json.WriteStringValue(diagnostic.ToString());
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
