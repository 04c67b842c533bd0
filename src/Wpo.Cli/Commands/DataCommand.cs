using System.CommandLine;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo data …</c>: preference datasets.</summary>
public static class DataCommand
{
    public static Command Create() => new("data", "Read, check and tokenize preference datasets.")
    {
        DataInspectCommand.Create(),
    };
}
