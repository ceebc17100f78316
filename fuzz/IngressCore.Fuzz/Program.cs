using SharpFuzz;
using IngressCore.Fuzz;

// usage:
//   IngressCore.Fuzz <target>                 run under libFuzzer (after `sharpfuzz` instrumentation)
//   IngressCore.Fuzz <target> --replay DIR    run every file of DIR through the target once
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: IngressCore.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [--replay DIR]");
    return 2;
}

if (args is [_, "--replay", var folder])
{
    var count = 0;
    foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
    {
        target(File.ReadAllBytes(file));
        count++;
    }

    Console.WriteLine($"{args[0]}: {count} input(s) replayed without a failure");
    return 0;
}

Fuzzer.LibFuzzer.Run(span => target(span.ToArray()));
return 0;
