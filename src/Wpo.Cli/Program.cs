using Spectre.Console;
using Wpo.Cli;
using Wpo.Cli.Commands;

// Written to a file or a pipe, lines stay whole: Spectre would break them at 80 columns there.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 10_000;
return CommandRunner.Run(WpoCommand.Create(), args);
