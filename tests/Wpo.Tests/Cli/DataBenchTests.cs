using Spectre.Console;
using Spectre.Console.Testing;
using Wpo.Cli;
using Wpo.Cli.Commands;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo bench data</c> reports a row the encoder cannot take as an error line, not a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class DataBenchTests
{
    [Fact]
    public void A_template_error_is_one_line_naming_the_row()
    {
        using var temp = new TemporaryFolder();
        string data = temp.File("pairs.jsonl", """{"prompt": "q", "chosen": "yes", "rejected": "no"}""" + "\n");
        string template = temp.File("strict.jinja", """{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('no system role') }}{% endif %}{{ m.content }}{% endfor %}""");
        var console = new TestConsole();
        IAnsiConsole original = AnsiConsole.Console;
        AnsiConsole.Console = console;
        int exitCode;
        try
        {
            exitCode = CommandRunner.Run(WpoCommand.Create(),
                ["bench", "data", "--dataset", data, "--model", Path.Combine(SharedFolders.Golden("tokenizers"), "llama3"), "--template", template, "--repeat", "1"]);
        }
        finally
        {
            AnsiConsole.Console = original;
        }
        Assert.Equal(1, exitCode);
        Assert.Contains("pairs.jsonl row 0", console.Output);
        Assert.Contains("no system role", console.Output);
    }
}
