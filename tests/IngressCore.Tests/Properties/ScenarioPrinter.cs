using System.Text;
using IngressCore.Model;

namespace IngressCore.Tests.Properties;

/// <summary>Prints Ingresses one path a line, so a failing property shows the table it failed on.</summary>
internal static class ScenarioPrinter
{
    public static string Describe(IEnumerable<IngressDefinition> ingresses)
    {
        var text = new StringBuilder();
        foreach (var ingress in ingresses)
        {
            text.Append("  ").Append(ingress.QualifiedName)
                .Append(" created=").Append(ingress.CreationTimestamp?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "none")
                .Append(" class=").Append(ingress.IngressClassName ?? "-")
                .Append(" annotation=").Append(ingress.Annotations.TryGetValue("kubernetes.io/ingress.class", out var a) ? a : "-")
                .Append(" defaultBackend=").Append(ingress.DefaultBackend?.ToString() ?? "-")
                .AppendLine();
            for (var r = 0; r < ingress.Rules.Count; r++)
            {
                var rule = ingress.Rules[r];
                if (rule.Paths is null)
                {
                    text.Append("    [").Append(r).Append("] ").Append(rule.Host ?? "(any host)").AppendLine(" (no http)");
                    continue;
                }

                for (var p = 0; p < rule.Paths.Count; p++)
                {
                    var path = rule.Paths[p];
                    text.Append("    [").Append(r).Append("][").Append(p).Append("] ")
                        .Append(rule.Host ?? "(any host)").Append(' ')
                        .Append(path.PathType?.ToString() ?? "(no type)").Append(' ')
                        .Append(path.Path ?? "(null)").Append(" -> ").Append(path.Backend).AppendLine();
                }
            }
        }

        return text.ToString();
    }
}
