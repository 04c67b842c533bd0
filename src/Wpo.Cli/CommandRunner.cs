using System.CommandLine;

namespace Wpo.Cli;

/// <summary>
/// Runs the parsed command; input errors become one line on standard error and exit code 1, never a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <param name="root">The command tree.</param>
    /// <param name="args">The command line.</param>
    /// <param name="error">Where errors go (System.CommandLine's parse errors too); standard error by default.</param>
    public static int Run(Command root, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        try
        {
            // The default handler would print a stack trace before our catch blocks see the exception.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Error = error });
        }
        catch (Exception e) when (e is WpoException or IOException or UnauthorizedAccessException)
        {
            return Error(error, e.Message);
        }
    }

    /// <summary>
    /// The message as one plain line, however long: logs and scripts read it whole (a console library would break it
    /// at the console's width, 80 columns when redirected). Red only on a terminal that has not asked for no colour.
    /// </summary>
    static int Error(TextWriter error, string message)
    {
        bool colour = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        error.WriteLine(colour ? $"\e[31merror:\e[0m {message}" : $"error: {message}");
        return 1;
    }
}
