namespace IngressCore.Model;

/// <summary>
/// Where an object was read from: the file, the line its document starts on, and (when the
/// reader can tell) the line of each field, keyed by a path such as <c>spec.rules[0].host</c>.
/// </summary>
public sealed class ManifestSource
{
    private readonly IReadOnlyDictionary<string, int>? _fieldLines;

    /// <summary>Creates a source location.</summary>
    /// <param name="path">The file path as the user gave it.</param>
    /// <param name="line">The 1-based line of the object, or 0 when unknown.</param>
    /// <param name="fieldLines">The 1-based line of each field path, when known.</param>
    public ManifestSource(string path, int line, IReadOnlyDictionary<string, int>? fieldLines = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Line = line;
        _fieldLines = fieldLines;
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>The 1-based line where the object starts, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>
    /// The line of a field, or of its nearest enclosing field that is known, or of the object.
    /// </summary>
    /// <param name="fieldPath">A field path such as <c>spec.rules[0].http.paths[1].path</c>.</param>
    /// <returns>A 1-based line, or 0 when unknown.</returns>
    public int LineOf(string? fieldPath)
    {
        if (_fieldLines is null || string.IsNullOrEmpty(fieldPath))
        {
            return Line;
        }

        var path = fieldPath;
        while (true)
        {
            if (_fieldLines.TryGetValue(path, out var line))
            {
                return line;
            }

            var cut = path.LastIndexOfAny(['.', '[']);
            if (cut <= 0)
            {
                return Line;
            }

            path = path[..cut];
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Path}:{Line}";
}
