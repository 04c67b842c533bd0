using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Testing;
using Wpo.Cli;

namespace Wpo.Tests.Cli;

/// <summary>Input errors reach the user as one line and exit code 1, never as a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class CommandRunnerTests
{
    static (int ExitCode, string Output) Run(Action action)
    {
        var command = new Command("fail");
        command.SetAction(_ => action());
        var console = new TestConsole();
        IAnsiConsole original = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            return (CommandRunner.Run(new RootCommand { command }, ["fail"]), console.Output);
        }
        finally
        {
            AnsiConsole.Console = original;
        }
    }

    [Fact]
    public void A_WpoException_is_one_line_and_exit_code_1()
    {
        var (exitCode, output) = Run(() => throw new WpoException("data.jsonl row 3: 'chosen' is missing."));
        Assert.Equal(1, exitCode);
        Assert.Equal("error: data.jsonl row 3: 'chosen' is missing.", output.Trim());
    }

    [Fact]
    public void A_message_longer_than_the_console_is_not_wrapped()
    {
        string message = "/some/long/path/to/a/model/directory/tokenizer.json: unsupported pre_tokenizer 'BertPreTokenizer' (supported: Sequence, Split, ByteLevel, Metaspace).";
        var (exitCode, output) = Run(() => throw new WpoException(message));
        Assert.Equal(1, exitCode);
        Assert.Equal($"error: {message}", output.Trim());
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_code_1()
    {
        var (exitCode, output) = Run(() => File.ReadAllText("/nonexistent/wpo/file"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: Could not find", output.Trim());
        Assert.DoesNotContain(" at ", output);
    }
}
