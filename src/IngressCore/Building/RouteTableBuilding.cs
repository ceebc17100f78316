using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// <c>RouteTable.Build(…)</c>: the one-call way to compile Ingresses. The runtime table in
/// <see cref="Matching"/> knows nothing of how it is built; this extension, in the builder's
/// namespace, puts the entry point where users look for it.
/// </summary>
public static class RouteTableBuilding
{
    /// <summary>Builds route tables.</summary>
    extension(RouteTable)
    {
        /// <summary>
        /// Builds a table, skipping invalid Ingresses (<see cref="RouteTableBuilder"/> is the form that never throws).
        /// </summary>
        /// <param name="ingresses">The Ingresses, in any order.</param>
        /// <param name="options">Which class to serve; the defaults when <see langword="null"/>.</param>
        /// <returns>The table; its <see cref="RouteTable.Diagnostics"/> say what was skipped and why.</returns>
        /// <exception cref="IngressValidationException">Errors were found and no Ingress could be accepted.</exception>
        public static RouteTable Build(IEnumerable<IngressDefinition> ingresses, RouteTableOptions? options = null)
        {
            var table = new RouteTableBuilder(options).AddRange(ingresses).Build();
            if (table.Ingresses.Count == 0 && table.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new IngressValidationException(table.Diagnostics);
            }

            return table;
        }
    }
}
