using System.CommandLine;

namespace Wpo.Tests.Cli;

/// <summary>Input errors reach the user as one line on standard error and exit code 1, never as a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class CommandRunnerTests
{
    static (int ExitCode, string Output, string Error) Run(Action action)
    {
        var command = new Command("fail");
        command.SetAction(_ => action());
        return CliRun.Command(new RootCommand { command }, "fail");
    }

    [Fact]
    public void A_WpoException_is_one_line_and_exit_code_1()
    {
        var (exitCode, output, error) = Run(() => throw new WpoException("data.jsonl row 3: 'chosen' is missing."));
        Assert.Equal(1, exitCode);
        Assert.Equal("error: data.jsonl row 3: 'chosen' is missing.\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(output);
    }

    [Fact]
    public void A_message_longer_than_the_console_is_not_wrapped()
    {
        string message = "/some/long/path/to/a/model/directory/tokenizer.json: unsupported pre_tokenizer 'BertPreTokenizer' (supported: Sequence, Split, ByteLevel, Metaspace).";
        var (exitCode, _, error) = Run(() => throw new WpoException(message));
        Assert.Equal(1, exitCode);
        Assert.Equal($"error: {message}\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_code_1()
    {
        var (exitCode, _, error) = Run(() => File.ReadAllText("/nonexistent/wpo/file"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: Could not find", error);
        Assert.DoesNotContain(" at ", error);
    }
}
