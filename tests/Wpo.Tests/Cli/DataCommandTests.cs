using System.Text.RegularExpressions;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo data inspect</c> and <c>wpo bench data</c> report bad input as an error line, not a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class DataCommandTests
{
    /// <summary>A property, not a static field: without the goldens each test skips instead of failing the type's initialisation.</summary>
    static string Llama3 => Path.Combine(SharedFolders.Golden("tokenizers"), "llama3");

    /// <summary>Exit code and standard error of the command.</summary>
    static (int ExitCode, string Error) Run(params string[] args)
    {
        var (exitCode, _, error) = CliRun.Wpo(args);
        return (exitCode, error);
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

    [Theory]
    [InlineData("--examples", "-1", "error: --examples must be at least 0 (got -1).")]
    [InlineData("--workers", "0", "error: preprocessing_num_workers must be at least 1 (got 0).")]
    public void Data_inspect_rejects_negative_examples_and_no_workers(string option, string value, string expected)
    {
        string data = SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json");
        var (exitCode, error) = Run("data", "inspect", data, "--model", Llama3, "--no-cache", option, value);
        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void Data_inspect_names_settings_as_the_config_does_and_shows_examples_unbroken()
    {
        string data = SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json");
        var (exitCode, output, _) = CliRun.Wpo("data", "inspect", data, "--model", Llama3, "--no-cache", "--examples", "1");
        Assert.Equal(0, exitCode);
        Assert.Contains("truncation_mode keep_end, prompt_layout seed, special_tokens_in_content escape", Regex.Replace(output, @"\s+", " "));
        // Row 0's prompt holds this 84-character line: an 80-column console must not break it.
        Assert.Contains("\n                JOptionPane.showMessageDialog(f.getComponent(0), \"Latte selected\");\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Data_inspect_notes_a_split_without_rows()
    {
        using var temp = new TemporaryFolder();
        string data = temp.File("train.jsonl", "");
        var (exitCode, output, _) = CliRun.Wpo("data", "inspect", data, "--model", Llama3, "--no-cache");
        Assert.Equal(0, exitCode);
        Assert.Contains("note: the train split has no rows (are its files empty?)", output);
    }
}
