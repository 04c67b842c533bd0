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
            return Error(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error(e.Message);
        }
    }

    /// <summary>
    /// Prints the message as one line, however narrow the console: Spectre would otherwise break it at the console's
    /// width (80 columns when the output is redirected), which splits the line that logs and scripts read.
    /// </summary>
    static int Error(string message)
    {
        Profile profile = AnsiConsole.Console.Profile;
        int width = profile.Width;
        profile.Width = Math.Max(width, "error: ".Length + message.Length + 1);
        try
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        }
        finally
        {
            profile.Width = width;
        }
        return 1;
    }
}
