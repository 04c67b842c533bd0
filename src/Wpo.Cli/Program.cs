using Spectre.Console;
using Wpo;
using Wpo.Cli;
using Wpo.Cli.Commands;

// Large tensor blocks are reused from step to step instead of mapped and faulted in again (see CpuAllocator).
CpuAllocator.ReuseFreedMemory();
// Written to a file or a pipe, lines stay whole: Spectre would break them at 80 columns there.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 10_000;
return CommandRunner.Run(WpoCommand.Create(), args);
