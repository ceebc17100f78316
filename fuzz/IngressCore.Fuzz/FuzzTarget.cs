namespace IngressCore.Fuzz;

/// <summary>Runs one fuzz input. Returning is a pass; any exception (or a hang) is a finding.</summary>
/// <param name="input">The input bytes.</param>
internal delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>A fuzz target: its name on the command line and in fuzz/corpus, what its input is, and its code.</summary>
/// <param name="Name">The name: <c>IngressCore.Fuzz NAME</c>, <c>fuzz/corpus/NAME</c>.</param>
/// <param name="Input">How the target reads its input, for <c>IngressCore.Fuzz list</c>.</param>
/// <param name="Run">The target.</param>
internal sealed record FuzzTarget(string Name, string Input, FuzzAction Run);
