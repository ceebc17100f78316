using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using k8s.Models;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes;

/// <summary>
/// Turns KubernetesClient models into the core model, field for field, and reports what the
/// model types cannot hold (an unknown pathType, a Service port out of range, a TLS Secret
/// without its key).
/// </summary>
internal static class ObjectConverter
{
    /// <summary>The IngressClass annotation that marks the cluster's default class.</summary>
    public const string DefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    /// <summary>The EndpointSlice label that names the Service a slice belongs to.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public static IngressDefinition? ToIngress(
        V1Ingress ingress, string ns, string name, DateTimeOffset? created, ManifestSource source, ObjectContext context)
    {
        var ok = true;
        var spec = ingress.Spec;
        var rules = new List<IngressRule>();
        for (var r = 0; r < (spec?.Rules?.Count ?? 0); r++)
        {
            var rule = spec!.Rules![r];
            List<IngressPath>? paths = null;
            if (rule?.Http is { } http)
            {
                paths = [];
                for (var p = 0; p < (http.Paths?.Count ?? 0); p++)
                {
                    var path = http.Paths![p];
                    var field = Field($"spec.rules[{r}].http.paths[{p}]");
                    if (!TryParsePathType(path?.PathType, out var pathType))
                    {
                        context.Error(
                            field + ".pathType",
                            $"pathType {Printable.Quote(path!.PathType)} is not supported: use Exact, Prefix or ImplementationSpecific (the names are case-sensitive)");
                        ok = false;
                    }

                    paths.Add(new IngressPath
                    {
                        Path = path?.Path,
                        PathType = pathType,
                        Backend = ToBackend(path?.Backend),
                    });
                }
            }

            rules.Add(new IngressRule { Host = rule?.Host, Paths = paths });
        }

        if (!ok)
        {
            return null;
        }

        return new IngressDefinition
        {
            Namespace = ns,
            Name = name,
            CreationTimestamp = created,
            IngressClassName = spec?.IngressClassName,
            Annotations = ToDictionary(ingress.Metadata?.Annotations),
            DefaultBackend = ToBackend(spec?.DefaultBackend),
            Rules = rules,
            Tls = spec?.Tls?.Select(t => new IngressTls
            {
                Hosts = t?.Hosts?.Select(h => h ?? string.Empty).ToArray() ?? [],
                SecretName = t?.SecretName,
            }).ToArray() ?? [],
            Source = source,
        };
    }

    public static IngressClassDefinition ToIngressClass(V1IngressClass ingressClass, string name, ManifestSource source) =>
        new()
        {
            Name = name,
            Controller = ingressClass.Spec?.Controller,
            IsDefault = ingressClass.Metadata?.Annotations is { } annotations &&
                        annotations.TryGetValue(DefaultClassAnnotation, out var isDefault) &&
                        isDefault == "true",
            Source = source,
        };

    public static ServiceDefinition? ToService(V1Service service, string ns, string name, ManifestSource source, ObjectContext context)
    {
        var ok = true;
        var ports = new List<ServicePortDefinition>();
        for (var i = 0; i < (service.Spec?.Ports?.Count ?? 0); i++)
        {
            var port = service.Spec!.Ports![i];
            var field = Field($"spec.ports[{i}].port");
            if (port is null || port.Port is < 1 or > 65535)
            {
                context.Error(field, port is null || port.Port == 0 ? "port is required (1-65535)" : $"port {port.Port.ToString(CultureInfo.InvariantCulture)} is outside 1-65535");
                ok = false;
                continue;
            }

            ports.Add(new ServicePortDefinition
            {
                Name = port.Name,
                Port = port.Port,
                TargetPort = port.TargetPort?.Value,
                Protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol,
            });
        }

        return ok
            ? new ServiceDefinition
            {
                Namespace = ns,
                Name = name,
                Type = string.IsNullOrEmpty(service.Spec?.Type) ? "ClusterIP" : service.Spec.Type,
                ClusterIP = string.IsNullOrEmpty(service.Spec?.ClusterIP) ? null : service.Spec.ClusterIP,
                ExternalName = string.IsNullOrEmpty(service.Spec?.ExternalName) ? null : service.Spec.ExternalName,
                Ports = ports,
                Source = source,
            }
            : null;
    }

    public static TlsSecret? ToTlsSecret(V1Secret secret, string ns, string name, ManifestSource source, ObjectContext context)
    {
        var certificate = PemEntry(secret, "tls.crt", "certificate", context);
        var key = PemEntry(secret, "tls.key", "private key", context);

        // cert-manager writes the issuing CA to ca.crt (empty when it does not know it): the CAs
        // proxy-ssl-secret verifies a backend with, and a bundle auth-tls-secret may name. A bad one
        // costs the CA bundle (both then fail closed), not the certificate.
        var ca = OptionalText(secret, "ca.crt") is { Length: > 0 } caText
            ? caText.Contains("-----BEGIN ", StringComparison.Ordinal) ? caText : Warn(context, "data[ca.crt]", "ca.crt is not PEM text; it is not used as a CA bundle")
            : null;
        return certificate is null || key is null
            ? null
            : new TlsSecret { Namespace = ns, Name = name, CertificatePem = certificate, PrivateKeyPem = key, CaCertificatePem = ca, Source = source };
    }

    /// <summary>
    /// A Secret of any other type (usually <c>Opaque</c>), its <c>data</c> decoded and its
    /// <c>stringData</c> (which wins, as the API server merges it) as UTF-8: what basic auth
    /// (<c>auth</c>, or one key per user) and client-certificate auth (<c>ca.crt</c>) read.
    /// </summary>
    public static SecretDefinition ToSecret(V1Secret secret, string ns, string name, ManifestSource source)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            data[key] = value ?? [];
        }

        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value ?? "");
        }

        return new SecretDefinition
        {
            Namespace = ns,
            Name = name,
            Type = string.IsNullOrEmpty(secret.Type) ? SecretDefinition.OpaqueType : secret.Type,
            Data = data.ToFrozenDictionary(StringComparer.Ordinal),
            Source = source,
        };
    }

    private static string? OptionalText(V1Secret secret, string key)
    {
        if (secret.StringData is { } stringData && stringData.TryGetValue(key, out var plain))
        {
            return plain;
        }

        try
        {
            return secret.Data is { } data && data.TryGetValue(key, out var bytes) && bytes is not null ? new UTF8Encoding(false, true).GetString(bytes) : null;
        }
        catch (DecoderFallbackException)
        {
            return "\0";
        }
    }

    private static string? Warn(ObjectContext context, string field, string message)
    {
        context.Warning(field, message);
        return null;
    }

    /// <summary>An EndpointSlice of one Service (its <c>kubernetes.io/service-name</c> label), or <see langword="null"/> when it names none.</summary>
    public static EndpointSliceDefinition? ToEndpointSlice(V1EndpointSlice slice, string ns, string name, ManifestSource source, ObjectContext context)
    {
        var service = slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var label) ? label : null;
        if (string.IsNullOrEmpty(service))
        {
            context.Warning("metadata.labels", $"the EndpointSlice has no {ServiceNameLabel} label naming its Service; skipped");
            return null;
        }

        var ports = new List<EndpointPortDefinition>();
        for (var i = 0; i < (slice.Ports?.Count ?? 0); i++)
        {
            var port = slice.Ports![i];
            if (port?.Port is not { } number)
            {
                continue;
            }

            if (number is < 1 or > 65535)
            {
                context.Warning(Field($"ports[{i}].port"), $"port {number.ToString(CultureInfo.InvariantCulture)} is outside 1-65535; skipped");
                continue;
            }

            ports.Add(new EndpointPortDefinition
            {
                Name = string.IsNullOrEmpty(port.Name) ? null : port.Name,
                Port = number,
                Protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol,
            });
        }

        var endpoints = new List<EndpointDefinition>();
        foreach (var endpoint in slice.Endpoints ?? [])
        {
            // The API: addresses are fungible and consumers may use only the first.
            if (endpoint?.Addresses is not [{ Length: > 0 } address, ..])
            {
                continue;
            }

            var conditions = endpoint.Conditions;
            var ready = conditions?.Ready ?? true;
            endpoints.Add(new EndpointDefinition
            {
                Address = address,
                Ready = ready,
                Serving = conditions?.Serving ?? ready,
                Terminating = conditions?.Terminating ?? false,
            });
        }

        return new EndpointSliceDefinition
        {
            Namespace = ns,
            Name = name,
            ServiceName = service,
            AddressType = string.IsNullOrEmpty(slice.AddressType) ? "IPv4" : slice.AddressType,
            Ports = ports,
            Endpoints = endpoints,
            Source = source,
        };
    }

    /// <summary>A ConfigMap's <c>data</c>; binary data is not read.</summary>
    public static ConfigMapDefinition ToConfigMap(V1ConfigMap configMap, string ns, string name, ManifestSource source) =>
        new() { Namespace = ns, Name = name, Data = ToDictionary(configMap.Data), Source = source };

    private static string? PemEntry(V1Secret secret, string key, string what, ObjectContext context)
    {
        string? text = null;
        var field = "data[" + key + "]";
        if (secret.StringData is { } stringData && stringData.TryGetValue(key, out var plain))
        {
            text = plain;
            field = "stringData[" + key + "]";
        }
        else if (secret.Data is { } data && data.TryGetValue(key, out var bytes) && bytes is not null)
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                context.Error(field, $"the {what} is not PEM text (it decodes to binary data, perhaps DER): a kubernetes.io/tls Secret holds PEM");
                return null;
            }
        }

        if (string.IsNullOrEmpty(text))
        {
            context.Error(field, $"a kubernetes.io/tls Secret needs {key} (the {what} in PEM form, base64-encoded under data)");
            return null;
        }

        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            context.Error(field, $"the {what} is not PEM text: it has no -----BEGIN line");
            return null;
        }

        return text;
    }

    private static bool TryParsePathType(string? text, out PathType? pathType)
    {
        pathType = text switch
        {
            null => null,
            "Exact" => PathType.Exact,
            "Prefix" => PathType.Prefix,
            "ImplementationSpecific" => PathType.ImplementationSpecific,
            _ => null,
        };
        return text is null || pathType is not null;
    }

    private static IngressBackend? ToBackend(V1IngressBackend? backend)
    {
        if (backend is null)
        {
            return null;
        }

        var resource = backend.Resource is { } r ? new IngressResourceReference(r.ApiGroup, r.Kind ?? string.Empty, r.Name ?? string.Empty) : null;
        if (backend.Service is not { } service)
        {
            return new IngressBackend { Resource = resource };
        }

        return new IngressBackend
        {
            ServiceName = service.Name ?? string.Empty,
            PortNumber = service.Port?.Number,
            PortName = service.Port?.Name,
            Resource = resource,
        };
    }

    private static IReadOnlyDictionary<string, string> ToDictionary(IDictionary<string, string>? source) =>
        source is null || source.Count == 0
            ? FrozenDictionary<string, string>.Empty
            : source.ToFrozenDictionary(kv => kv.Key, kv => kv.Value ?? string.Empty, StringComparer.Ordinal);

    private static string Field(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
