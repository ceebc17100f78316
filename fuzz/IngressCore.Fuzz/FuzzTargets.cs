using IngressCore.Fuzz.Targets;

namespace IngressCore.Fuzz;

/// <summary>
/// Every fuzz target, each with a seed corpus in fuzz/corpus/NAME. A target treats input refused
/// with a diagnostic as a pass; only an exception, a hang or a broken invariant is a finding.
/// </summary>
/// <remarks>
/// This list names static methods and builds nothing: nothing of IngressCore may run before
/// SharpFuzz's <c>Fuzzer.Run</c> installs the coverage buffer that the instrumented assembly
/// writes to. A target that needs a fixture (a route table, a certificate store) builds it on its
/// first input, never in a static initialiser reached from here.
/// </remarks>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("annotations", "Ingress annotations: records split by 0x1E, each 'name' LF 'value' (name without the nginx.ingress.kubernetes.io/ prefix)", AnnotationsTarget.Run),
        new("rewrite-target", "a rewrite-target value (also used as x-forwarded-prefix) on a use-regex Ingress", RewriteTemplateTarget.Run),
        new("source-range", "an allowlist-source-range value (also tried as denylist-source-range)", SourceRangeTarget.Run),
        new("cors-origin", "a cors-allow-origin value on an enable-cors Ingress", CorsOriginTarget.Run),
        new("canary", "lines: canary-by-header, -value, -pattern, canary-by-cookie, canary-weight, -total, then request header and cookie values", CanaryTarget.Run),
        new("redirect", "lines: permanent-redirect, its code, temporal-redirect, its code, app-root, from-to-www-redirect, relative-redirects", RedirectTarget.Run),
        new("client-hello", "byte 0: how many split points follow (one byte each); the rest: TLS records", ClientHelloTarget.Run),
        new("request-path", "a request-target", RequestPathTarget.Run),
        new("request-host", "a Host header value", RequestHostTarget.Run),
        new("rewrite", "lines: a path regex, a rewrite-target, then request-targets", RewriteSubstitutionTarget.Run),
        new("tls-secret", "tls.crt, a NUL byte, tls.key", TlsSecretTarget.Run),
        new("manifest", "a manifest file (YAML or JSON)", ManifestTarget.Run),
        new("differential", "bytes that choose a small table and requests (see DifferentialTarget)", DifferentialTarget.Run),
        new("match", "line 1 a Host, the rest a request-target, against a fixed table", MatchTarget.Run),
        new("ingress", "lines: rule host, path, path type", IngressTarget.Run),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
