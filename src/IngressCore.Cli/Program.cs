using IngressCore.Cli;

return await CliApplication.RunAsync(args, Console.In, Console.Out, Console.Error, stdoutIsTerminal: !Console.IsOutputRedirected).ConfigureAwait(false);
