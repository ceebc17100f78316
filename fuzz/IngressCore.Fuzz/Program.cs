using SharpFuzz;
using IngressCore.Fuzz;

// usage:
//   IngressCore.Fuzz list                       the targets, one per line: name, then what its input is
//   IngressCore.Fuzz TARGET                     one input from standard input; under afl-fuzz, SharpFuzz's fork server
//   IngressCore.Fuzz TARGET --replay PATH...    every file (of every folder) once, as the test suite does
//
// Nothing of IngressCore may run before Fuzzer.Run: once `sharpfuzz` has instrumented IngressCore.dll,
// each of its branches writes to SharpFuzz.Common.Trace.SharedMem, which stays null until Run (or
// Replay below) installs a buffer. FuzzTargets only names methods, so looking a target up runs none.
if (args is ["list"])
{
    foreach (var listed in FuzzTargets.All)
    {
        Console.WriteLine($"{listed.Name,-16} {listed.Input}");
    }

    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: IngressCore.Fuzz list | <{string.Join('|', FuzzTargets.All.Select(t => t.Name))}> [--replay PATH...]");
    return 2;
}

if (args is [_, "--replay", .. var paths] && paths.Length > 0)
{
    return Replay.Run(target, paths);
}

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: IngressCore.Fuzz TARGET [--replay PATH...]");
    return 2;
}

var buffer = new MemoryStream();
Fuzzer.Run(stream =>
{
    buffer.SetLength(0);
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
