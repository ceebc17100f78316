using IngressCore.Model;

namespace IngressCore.Tests.Support;

/// <summary>Short builders for Ingresses in test tables, so a case reads like the manifest it comes from.</summary>
internal static class Manifest
{
    public static IngressDefinition Ingress(string name, params IngressRule[] rules) =>
        new() { Namespace = "default", Name = name, Rules = rules };

    public static IngressDefinition DefaultBackendOnly(string name, string service, int port) =>
        new() { Namespace = "default", Name = name, DefaultBackend = IngressBackend.ForService(service, port) };

    public static IngressRule Rule(string? host, params IngressPath[] paths) => new() { Host = host, Paths = paths };

    public static IngressPath Exact(string path, string service, int port) => Path(path, PathType.Exact, IngressBackend.ForService(service, port));

    public static IngressPath Prefix(string path, string service, int port) => Path(path, PathType.Prefix, IngressBackend.ForService(service, port));

    public static IngressPath Prefix(string path, string service, string portName) => Path(path, PathType.Prefix, IngressBackend.ForService(service, portName));

    public static IngressPath Specific(string path, string service, int port) => Path(path, PathType.ImplementationSpecific, IngressBackend.ForService(service, port));

    public static IngressPath Path(string? path, PathType? type, IngressBackend? backend) => new() { Path = path, PathType = type, Backend = backend };

    public static DateTimeOffset At(int minute) => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute);
}
