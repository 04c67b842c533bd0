using System.CommandLine;
using Spectre.Console;

namespace Wpo.Cli;

/// <summary>Runs the parsed command; input errors become one red line and exit code 1, never a stack trace.</summary>
public static class CommandRunner
{
    public static int Run(Command root, string[] args)
    {
        try
        {
            // The default handler would print a stack trace before our catch blocks see the exception.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (WpoException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
    }
}
