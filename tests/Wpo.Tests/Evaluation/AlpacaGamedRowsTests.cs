using Wpo.Evaluation;
using Wpo.Tests.Cli;

namespace Wpo.Tests.Evaluation;

/// <summary>The <c>--gamed</c> CSV reader: a good table with extra columns and missing preferences, and bad rows as one error naming the file and line.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class AlpacaGamedRowsTests
{
    const string Header = ",model,index,preference,std_delta_len,instruction_difficulty";

    [Fact]
    public void A_good_table_is_read_by_column_name_with_missing_preferences()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("gamed.csv", $"{Header}\r\n0,gpt4_verbose,0,0.75,1.5,-0.25\n1,gpt4_concise,0,,-2,0.5\n\n2,gpt4_concise,1,nan,0,1e-1\n");
        var rows = GamedRow.Read(path);
        Assert.Equal([new GamedRow(0.75, 1.5, -0.25), new GamedRow(null, -2, 0.5), new GamedRow(null, 0, 0.1)], rows);
    }

    [Theory]
    [InlineData("0,m,0,0.5,abc,0.1\n", "line 3: 'abc' is not a number")]
    [InlineData("0,m,0,1.5,0,0.1\n", "line 3: preference 1.5 is not in [0, 1]")]
    [InlineData("0,m,0,0.5,0\n", "line 3: 5 fields, the header has 6")]
    public void A_bad_row_is_one_error_naming_the_file_and_line(string badRow, string expected)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("gamed.csv", $"{Header}\n0,m,0,0.5,0,0.1\n{badRow}");
        var error = Assert.Throws<WpoException>(() => GamedRow.Read(path));
        Assert.StartsWith($"{path}: {expected}", error.Message);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("gamed.csv", ",preference,instruction_difficulty\n0,0.5,0.1\n");
        Assert.Contains("no column 'std_delta_len'", Assert.Throws<WpoException>(() => GamedRow.Read(path)).Message);
    }

    [Fact]
    public void Eval_metrics_with_a_bad_gamed_table_exits_with_one_line()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("gamed.csv", $"{Header}\n0,m,0,0.5,x,0.1\n");
        var (exitCode, _, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations("alpaca-7b"), "--gamed", path, "--output", Path.Combine(temp.Path, "m.json"));
        Assert.Equal(1, exitCode);
        Assert.Contains("gamed.csv: line 2: 'x' is not a number", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
