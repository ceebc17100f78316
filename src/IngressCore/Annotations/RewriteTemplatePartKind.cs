namespace IngressCore.Annotations;

/// <summary>What a <see cref="RewriteTemplatePart"/> contributes to a rewritten value.</summary>
internal enum RewriteTemplatePartKind
{
    /// <summary>Text copied as written.</summary>
    Literal,

    /// <summary>The text of a capture group of the path's regex (<c>$1</c>–<c>$9</c>); empty when the group did not take part in the match.</summary>
    Capture,
}
