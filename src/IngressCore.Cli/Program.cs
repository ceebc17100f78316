using IngressCore.Cli;

return await CliApplication.RunAsync(args, Console.In, Console.Out, Console.Error).ConfigureAwait(false);
