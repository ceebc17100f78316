namespace IngressCore.Annotations;

/// <summary>One part of an <see cref="AuthTemplate"/>: literal text, or a variable (with its header or cookie name).</summary>
/// <param name="Variable">The variable, or <see cref="AuthVariable.None"/> for literal text.</param>
/// <param name="Text">The literal text, or the header or cookie name of <c>$http_NAME</c> and <c>$cookie_NAME</c>.</param>
internal readonly record struct AuthTemplatePart(AuthVariable Variable, string Text);
