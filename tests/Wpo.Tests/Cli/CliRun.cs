using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Testing;
using Wpo.Cli;
using Wpo.Cli.Commands;

namespace Wpo.Tests.Cli;

/// <summary>Runs a command line through <see cref="CommandRunner"/> on a test console (tests using it join the <see cref="ConsoleOutput"/> collection).</summary>
static class CliRun
{
    /// <summary>Exit code, standard output (an 80-column, non-interactive console) and standard error of <c>wpo ARGS</c>.</summary>
    public static (int ExitCode, string Output, string Error) Wpo(params string[] args) => Command(WpoCommand.Create(), args);

    public static (int ExitCode, string Output, string Error) Command(Command root, params string[] args)
    {
        var console = new TestConsole();
        var error = new StringWriter();
        IAnsiConsole original = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            return (CommandRunner.Run(root, args, error), console.Output, error.ToString());
        }
        finally
        {
            AnsiConsole.Console = original;
        }
    }
}
