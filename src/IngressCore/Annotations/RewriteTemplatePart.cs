namespace IngressCore.Annotations;

/// <summary>One piece of a <see cref="RewriteTemplate"/>: literal text, or a capture group reference.</summary>
/// <param name="Kind">Literal text or a capture.</param>
/// <param name="Literal">The text of a <see cref="RewriteTemplatePartKind.Literal"/> part; empty for a capture.</param>
/// <param name="Group">The group number (1–9) of a <see cref="RewriteTemplatePartKind.Capture"/> part; 0 for a literal.</param>
internal record struct RewriteTemplatePart(RewriteTemplatePartKind Kind, string Literal, int Group);
