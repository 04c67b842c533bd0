using Spectre.Console;
using Spectre.Console.Testing;
using Wpo.Cli;
using Wpo.Cli.Commands;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo data inspect</c> and <c>wpo bench data</c> report bad input as an error line, not a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class DataCommandTests
{
    static readonly string Llama3 = Path.Combine(SharedFolders.Golden("tokenizers"), "llama3");

    /// <summary>Exit code and standard error of the command.</summary>
    static (int ExitCode, string Error) Run(params string[] args)
    {
        var console = new TestConsole();
        var error = new StringWriter();
        IAnsiConsole original = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            return (CommandRunner.Run(WpoCommand.Create(), args, error), error.ToString());
        }
        finally
        {
            AnsiConsole.Console = original;
        }
    }

    [Fact]
    public void Bench_data_reports_a_template_error_as_one_line_naming_the_row()
    {
        using var temp = new TemporaryFolder();
        string data = temp.File("pairs.jsonl", """{"prompt": "q", "chosen": "yes", "rejected": "no"}""" + "\n");
        string template = temp.File("strict.jinja", """{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('no system role') }}{% endif %}{{ m.content }}{% endfor %}""");
        var (exitCode, error) = Run("bench", "data", "--dataset", data, "--model", Llama3, "--template", template, "--repeat", "1");
        Assert.Equal(1, exitCode);
        Assert.Contains("pairs.jsonl row 0", error);
        Assert.Contains("no system role", error);
    }

    [Fact]
    public void Data_inspect_rejects_a_batch_size_below_one()
    {
        string data = SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json");
        var (exitCode, error) = Run("data", "inspect", data, "--model", Llama3, "--no-cache", "--batch-size", "0");
        Assert.Equal(1, exitCode);
        Assert.Equal("error: --batch-size must be at least 1 (got 0).", error.Trim());
    }
}
