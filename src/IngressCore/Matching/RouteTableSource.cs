using IngressCore.Building;
using IngressCore.Model;

namespace IngressCore.Matching;

/// <summary>
/// Holds the current <see cref="RouteTable"/> and swaps in new ones atomically. A reload never
/// half-applies: an Ingress that is refused now but was served before keeps its last good
/// version (with a warning), so one bad edit does not take a working route down.
/// </summary>
public sealed class RouteTableSource
{
    private volatile RouteTable _current;

    /// <summary>Creates a source holding <paramref name="initial"/>.</summary>
    /// <param name="initial">The first table.</param>
    public RouteTableSource(RouteTable initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>Raised after a new table has been swapped in.</summary>
    public event EventHandler<RouteTable>? Changed;

    /// <summary>The table requests are matched against now.</summary>
    public RouteTable Current => _current;

    /// <summary>Replaces the table.</summary>
    /// <param name="table">The new table.</param>
    public void Swap(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _current = table;
        Changed?.Invoke(this, table);
    }

    /// <summary>
    /// Builds a table from a new set of Ingresses and swaps it in. An Ingress refused with errors
    /// that the current table serves is kept at its last good version.
    /// </summary>
    /// <param name="ingresses">The complete new set of Ingresses.</param>
    /// <returns>The new table; its diagnostics include the refusals and the versions kept.</returns>
    public RouteTable Reload(IEnumerable<IngressDefinition> ingresses)
    {
        ArgumentNullException.ThrowIfNull(ingresses);
        var previous = _current;
        var incoming = ingresses.ToList();
        var table = new RouteTableBuilder(previous.Options).AddRange(incoming).Build();

        var lastGood = previous.Ingresses.ToDictionary(i => (i.Namespace, i.Name));
        var refused = table.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Namespace is not null && d.Name is not null)
            .Select(d => (d.Namespace!, d.Name!))
            .Where(lastGood.ContainsKey)
            .ToHashSet();
        if (refused.Count > 0)
        {
            var kept = incoming
                .Where(i => !refused.Contains((i.Namespace, i.Name)))
                .Concat(refused.Select(key => lastGood[key]));
            var rebuilt = new RouteTableBuilder(previous.Options).AddRange(kept).Build();
            var notes = refused.Select(key => IngressDiagnostic.For(
                DiagnosticSeverity.Warning, lastGood[key], "-",
                $"the new version of Ingress {key.Item1}/{key.Item2} was refused; its last good version keeps serving"));
            // The rebuild reports every other refusal again; from the first build keep only the
            // errors of the Ingresses that were replaced by their last good version.
            var replacedErrors = table.Diagnostics.Where(d =>
                d.Severity == DiagnosticSeverity.Error && refused.Contains((d.Namespace!, d.Name!)));
            table = rebuilt.WithDiagnostics([.. replacedErrors, .. notes, .. rebuilt.Diagnostics]);
        }

        Swap(table);
        return table;
    }
}
