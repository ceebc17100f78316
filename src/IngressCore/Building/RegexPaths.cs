using System.Globalization;
using IngressCore.Diagnostics;
using IngressCore.Matching;
using IngressCore.Model;

namespace IngressCore.Building;

/// <summary>
/// Refuses an Ingress whose ImplementationSpecific path is not a valid regular expression. Checked
/// whether or not its host ends up in regex mode, so that another Ingress switching the mode on
/// can never make an accepted Ingress fail later; nginx would refuse the whole configuration.
/// </summary>
internal static class RegexPaths
{
    /// <summary>Reports an error for each path that does not compile; returns whether all do.</summary>
    public static bool Validate(IngressDefinition ingress, ICollection<IngressDiagnostic> diagnostics)
    {
        var valid = true;
        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            var paths = ingress.Rules[r].Paths;
            for (var p = 0; p < (paths?.Count ?? 0); p++)
            {
                var path = paths![p];
                if (path.PathType != PathType.ImplementationSpecific || string.IsNullOrEmpty(path.Path) || !PathText.LooksLikeRegex(path.Path))
                {
                    continue;
                }

                if (PathRegex.Problem(path.Path) is { } problem)
                {
                    valid = false;
                    var field = string.Create(CultureInfo.InvariantCulture, $"spec.rules[{r}].http.paths[{p}].path");
                    diagnostics.Add(IngressDiagnostic.For(
                        DiagnosticSeverity.Error, ingress, field, $"'{Printable.Of(path.Path)}' is not a valid regular expression: {problem}"));
                }
            }
        }

        return valid;
    }
}
