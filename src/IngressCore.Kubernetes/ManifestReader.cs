using System.Globalization;
using k8s.Models;
using IngressCore.Building;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Kubernetes;

/// <summary>
/// Reads manifest text into the core model: one instance per <see cref="ManifestLoader.Load"/>
/// call, so that duplicates are found across files. Never throws for bad input.
/// </summary>
internal sealed class ManifestReader
{
    /// <summary>After this many diagnostics from one file the rest of the file is not read.</summary>
    public const int MaxDiagnosticsPerFile = 1000;

    private readonly List<IngressDefinition> _ingresses = [];
    private readonly List<IngressClassDefinition> _ingressClasses = [];
    private readonly List<TlsSecret> _certificates = [];
    private readonly List<SecretDefinition> _secrets = [];
    private readonly List<ServiceDefinition> _services = [];
    private readonly List<EndpointSliceDefinition> _slices = [];
    private readonly List<ConfigMapDefinition> _configMaps = [];
    private readonly List<IngressDiagnostic> _diagnostics = [];
    private readonly List<string> _files = [];
    private readonly List<ManifestDefinition> _definitions = [];

    private int _fileDiagnostics;
    private bool _fileStopped;

    /// <summary>Records a diagnostic that belongs to no file being read (a bad path argument, say).</summary>
    public void Report(IngressDiagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>Reads one file from disk.</summary>
    public void ReadFile(string displayPath, string fullPath)
    {
        _files.Add(displayPath);
        BeginFile();
        var text = ManifestText.Read(fullPath, out var problem, out var line);
        if (text is null)
        {
            FileError(displayPath, line, problem ?? "the file cannot be read");
            return;
        }

        ReadText(displayPath, text);
    }

    /// <summary>Reads manifest text that came from <paramref name="displayPath"/>.</summary>
    public void ReadText(string displayPath, string text)
    {
        BeginFile();
        var scan = YamlDocuments.Scan(text);
        var (scans, syntaxError) = (scan.Documents, scan.Error);
        for (var i = 0; i < scans.Count && !_fileStopped; i++)
        {
            if (scans[i].Problem is { } refused)
            {
                FileError(displayPath, scans[i].ProblemLine, refused + "; the document was not read");
                continue;
            }

            if (scans[i].Root is { } root)
            {
                ReadDocument(displayPath, root);
            }
        }

        if (scan.Stopped is { } stopped && !_fileStopped)
        {
            FileError(displayPath, stopped.Line, stopped.Message);
        }

        if (syntaxError is not null && !_fileStopped)
        {
            var where = syntaxError.Column > 0 ? $" (column {syntaxError.Column})" : string.Empty;
            var rest = scans.Count > 0 ? "; the documents before it were read, the rest of the file was not read" : "; the file was not read";
            FileError(displayPath, syntaxError.Line, $"invalid YAML{where}: {syntaxError.Message}{rest}");
        }
    }

    /// <summary>The objects and diagnostics read so far.</summary>
    public ManifestSet ToSet() =>
        new(
            _ingresses.ToArray(),
            _ingressClasses.ToArray(),
            _certificates.ToArray(),
            _services.ToArray(),
            _slices.ToArray(),
            _configMaps.ToArray(),
            _diagnostics.ToArray(),
            _files.ToArray(),
            _definitions.ToArray(),
            _secrets.ToArray());

    private void BeginFile()
    {
        _fileDiagnostics = 0;
        _fileStopped = false;
    }

    private void ReadDocument(string file, YamlValue root)
    {
        if (root is YamlScalarValue { IsNull: true })
        {
            return; // an empty document (comments only, or a stray "---")
        }

        if (root is not YamlMappingValue mapping)
        {
            FileError(file, root.Line, $"a manifest must be a mapping with apiVersion and kind, not {root.Describe()}");
            return;
        }

        if (!TryReadIdentity(mapping, IdentityContext(file, mapping, null), null, null, out var kind, out var apiVersion))
        {
            return;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && (kind == "List" || mapping.Get("items") is not null))
        {
            ReadList(file, mapping, kind, apiVersion);
            return;
        }

        ReadObject(file, mapping, kind, apiVersion);
    }

    private void ReadList(string file, YamlMappingValue list, string kind, string apiVersion)
    {
        var context = new ObjectContext(Add, file, kind, null, null, new ManifestSource(file, list.Line));
        var items = list.Get("items");
        if (items is null or YamlScalarValue { IsNull: true })
        {
            return;
        }

        if (items is not YamlSequenceValue sequence)
        {
            context.Error("items", $"must be a list of objects, not {items.Describe()}", items.Line);
            return;
        }

        // A typed list (IngressList, as the API returns it) may leave kind and apiVersion out of its items.
        var itemKind = kind == "List" ? null : kind[..^"List".Length];
        var itemApiVersion = kind == "List" ? null : apiVersion;
        for (var i = 0; i < sequence.Items.Count && !_fileStopped; i++)
        {
            var item = sequence.Items[i];
            var field = "items[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (item is not YamlMappingValue mapping)
            {
                context.Error(field, $"a List item must be an object with apiVersion and kind, not {item.Describe()}", item.Line);
                continue;
            }

            if (!TryReadIdentity(mapping, IdentityContext(file, mapping, itemKind), itemKind, itemApiVersion, out var objectKind, out var objectApiVersion))
            {
                continue;
            }

            if (objectKind.EndsWith("List", StringComparison.Ordinal) && mapping.Get("items") is not null)
            {
                context.Error(field, "a List inside a List is not supported; put its items in the outer List", item.Line);
                continue;
            }

            ReadObject(file, mapping, objectKind, objectApiVersion);
        }
    }

    /// <summary>The context for problems with kind and apiVersion: the object's kind and name when they can be read.</summary>
    private ObjectContext IdentityContext(string file, YamlMappingValue mapping, string? defaultKind)
    {
        var metadata = mapping.Get("metadata") as YamlMappingValue;
        var name = metadata?.GetText("name");
        var kind = mapping.GetText("kind") ?? defaultKind;
        var ns = kind == KnownKinds.IngressClass ? null : metadata?.GetText("namespace") is { Length: > 0 } given ? given : "default";
        return new ObjectContext(Add, file, kind, ns, name, new ManifestSource(file, mapping.Line));
    }

    private static bool TryReadIdentity(
        YamlMappingValue mapping, ObjectContext context, string? defaultKind, string? defaultApiVersion, out string kind, out string apiVersion)
    {
        kind = apiVersion = string.Empty;
        var ok = true;
        foreach (var (field, fallback) in new[] { ("apiVersion", defaultApiVersion), ("kind", defaultKind) })
        {
            var node = mapping.Get(field);
            string? value;
            if (node is null or YamlScalarValue { IsNull: true })
            {
                value = fallback;
            }
            else if (node is YamlScalarValue scalar)
            {
                value = scalar.Value;
            }
            else
            {
                context.Error(field, $"must be a string, not {node.Describe()}", node.Line);
                ok = false;
                continue;
            }

            if (string.IsNullOrEmpty(value))
            {
                context.Error(field, $"the object has no {field}; every manifest needs apiVersion and kind (for example apiVersion: networking.k8s.io/v1, kind: Ingress)", node?.Line ?? mapping.Line);
                ok = false;
                continue;
            }

            if (field == "kind")
            {
                kind = value;
            }
            else
            {
                apiVersion = value;
            }
        }

        return ok;
    }

    private void ReadObject(string file, YamlMappingValue mapping, string kind, string apiVersion)
    {
        var metadata = mapping.Get("metadata") as YamlMappingValue;
        var name = metadata?.GetText("name");
        var clusterScoped = kind == KnownKinds.IngressClass;
        var ns = clusterScoped ? null : metadata?.GetText("namespace") is { Length: > 0 } given ? given : "default";
        var context = new ObjectContext(Add, file, kind, ns, name, new ManifestSource(file, mapping.Line));

        var expected = KnownKinds.ExpectedApiVersion(apiVersion, kind, out var removedIn);
        if (expected is null)
        {
            context.Info(
                "-",
                kind == "Endpoints" && apiVersion == "v1"
                    ? "Endpoints objects are not read (IngressCore reads EndpointSlice, discovery.k8s.io/v1); skipped"
                    : $"{Printable.Of(kind)} ({Printable.Of(apiVersion)}) is not used by IngressCore; skipped");
            return;
        }

        if (expected != apiVersion)
        {
            var node = mapping.Get("apiVersion");
            var message = removedIn is not null
                ? $"{kind} {Printable.Of(apiVersion)} is no longer served (removed in Kubernetes {removedIn}); use apiVersion: {expected}"
                : $"{kind} is not served as {Printable.Quote(apiVersion)}; use apiVersion: {expected}";
            if (removedIn is not null && kind == KnownKinds.Ingress)
            {
                message += " (its backends are written service.name and service.port.number or service.port.name, and every path needs a pathType)";
            }

            context.Error("apiVersion", message, node?.Line ?? mapping.Line);
            return;
        }

        if (string.IsNullOrEmpty(name))
        {
            context.Error("metadata.name", "metadata.name is required", metadata?.Line ?? mapping.Line);
            return;
        }

        // Whether another document defines the same object is decided when the files are merged
        // (ManifestMerge), so that a folder watch can read one file alone.
        _definitions.Add(new ManifestDefinition(kind, ns ?? "", name, file, mapping.Line));

        switch (kind)
        {
            case KnownKinds.Ingress:
                if (Read<V1Ingress>(mapping, context, DiagnosticSeverity.Error) is var (ingress, source) &&
                    ObjectConverter.ToIngress(ingress, ns!, name, Timestamp(metadata), source, context with { Source = source }) is { } definition)
                {
                    _ingresses.Add(definition);
                }

                break;
            case KnownKinds.IngressClass:
                if (Read<V1IngressClass>(mapping, context, DiagnosticSeverity.Error) is var (ingressClass, classSource))
                {
                    _ingressClasses.Add(ObjectConverter.ToIngressClass(ingressClass, name, classSource));
                }

                break;
            case KnownKinds.Service:
                if (Read<V1Service>(mapping, context, DiagnosticSeverity.Warning) is var (service, serviceSource) &&
                    ObjectConverter.ToService(service, ns!, name, serviceSource, context with { Source = serviceSource }) is { } serviceDefinition)
                {
                    _services.Add(serviceDefinition);
                }

                break;
            case KnownKinds.Secret:
                var type = mapping.GetText("type");
                if (type != "kubernetes.io/tls")
                {
                    // Other types hold what the authentication annotations name (htpasswd files, CA bundles).
                    if (Read<V1Secret>(mapping, context, DiagnosticSeverity.Warning) is var (other, otherSource))
                    {
                        _secrets.Add(ObjectConverter.ToSecret(other, ns!, name, otherSource));
                    }

                    break;
                }

                if (Read<V1Secret>(mapping, context, DiagnosticSeverity.Warning) is var (secret, secretSource) &&
                    ObjectConverter.ToTlsSecret(secret, ns!, name, secretSource, context with { Source = secretSource }) is { } certificate)
                {
                    _certificates.Add(certificate);
                }

                break;
            case KnownKinds.EndpointSlice:
                if (Read<V1EndpointSlice>(mapping, context, DiagnosticSeverity.Warning) is var (slice, sliceSource) &&
                    ObjectConverter.ToEndpointSlice(slice, ns!, name, sliceSource, context with { Source = sliceSource }) is { } sliceDefinition)
                {
                    _slices.Add(sliceDefinition);
                }

                break;
            case KnownKinds.ConfigMap:
                if (Read<V1ConfigMap>(mapping, context, DiagnosticSeverity.Warning) is var (configMap, configMapSource))
                {
                    _configMaps.Add(ObjectConverter.ToConfigMap(configMap, ns!, name, configMapSource));
                }

                break;
        }
    }

    /// <summary>
    /// Checks the object's fields against its model, then deserializes it into KubernetesClient's
    /// model (<see cref="ShapeJson"/>). Returns <see langword="null"/> (with diagnostics) when any field is wrong.
    /// </summary>
    private (T Value, ManifestSource Source)? Read<T>(YamlMappingValue mapping, ObjectContext context, DiagnosticSeverity unknownFields)
        where T : class
    {
        var walker = new ShapeWalker(unknownFields);
        walker.Walk(mapping, Shape.For(typeof(T)), string.Empty);
        var source = new ManifestSource(context.File, mapping.Line, walker.Lines);
        var located = context with { Source = source };
        foreach (var finding in walker.Findings)
        {
            located.Add(finding.Severity, finding.Field, finding.Message, finding.Line);
        }

        if (walker.HasErrors)
        {
            return null;
        }

        try
        {
            var value = ShapeJson.Deserialize<T>(mapping);
            return value is null ? null : (value, source);
        }
#pragma warning disable CA1031 // Never throw for bad input: a deserializer failure refuses the object with a diagnostic.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex.InnerException is { } inner ? ex.Message + ": " + inner.Message : ex.Message;
            located.Error("-", $"the object could not be read: {Printable.Of(reason, 300)}", mapping.Line);
            return null;
        }
    }

    private static DateTimeOffset? Timestamp(YamlMappingValue? metadata) =>
        metadata?.GetText("creationTimestamp") is { } text && ShapeWalker.TryParseTime(text, out var value) ? value : null;

    private void Add(IngressDiagnostic diagnostic)
    {
        if (_fileStopped)
        {
            return;
        }

        if (diagnostic.File is not null && ++_fileDiagnostics > MaxDiagnosticsPerFile)
        {
            _fileStopped = true;
            _diagnostics.Add(new IngressDiagnostic
            {
                Severity = DiagnosticSeverity.Error,
                File = diagnostic.File,
                Line = diagnostic.Line,
                Message = $"more than {MaxDiagnosticsPerFile} problems in this file; the rest of it was not read",
            });
            return;
        }

        _diagnostics.Add(diagnostic);
    }

    private void FileError(string file, int line, string message) =>
        Add(new IngressDiagnostic { Severity = DiagnosticSeverity.Error, File = file, Line = line, Message = message });
}
