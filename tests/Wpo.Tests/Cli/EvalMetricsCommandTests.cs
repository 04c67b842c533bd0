using System.Text.Json.Nodes;
using Wpo.Tests.Evaluation;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo eval metrics</c>: the table, the JSON file, LC from stored weights, and bad input as one line.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class EvalMetricsCommandTests
{
    [Fact]
    public void Metrics_of_real_annotations_with_stored_weights_print_and_write_the_leaderboard_figures()
    {
        using var temp = new TemporaryFolder();
        string output = Path.Combine(temp.Path, "metrics.json");
        var (exitCode, text, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations("alpaca-7b"),
            "--weights", SharedFolders.Data(AlpacaLeaderboard.WeightsFile), "--difficulty", SharedFolders.Data(AlpacaLeaderboard.DifficultyFile),
            "--output", output);
        Assert.True(exitCode == 0, error);
        Assert.Contains("2.59 ± 0.49", text);
        Assert.Contains("instruction difficulty", text);
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        var row = AlpacaLeaderboard.Rows()["alpaca-7b"];
        Assert.Equal(AlpacaLeaderboard.Number(row["win_rate"]), json["win_rate"]!.GetValue<double>(), 1e-4);
        Assert.Equal(805, json["n_total"]!.GetValue<int>());
        Assert.Equal(AlpacaLeaderboard.Number(row["length_controlled_winrate"]), json["length_controlled_winrate"]!.GetValue<double>(), 0.5);
        Assert.Equal("alpaca-7b", json["generator"]!.GetValue<string>());
    }

    [Fact]
    public void Against_another_model_is_the_complement_of_the_reverse()
    {
        using var temp = new TemporaryFolder();
        string weights = SharedFolders.Data(AlpacaLeaderboard.WeightsFile), difficulty = SharedFolders.Data(AlpacaLeaderboard.DifficultyFile);
        double Lc(string annotationsModel, string against)
        {
            string output = Path.Combine(temp.Path, $"{annotationsModel}.json");
            var (exitCode, _, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations(annotationsModel), "--weights", weights,
                "--difficulty", difficulty, "--against", against, "--output", output);
            Assert.True(exitCode == 0, error);
            return JsonNode.Parse(File.ReadAllText(output))!["length_controlled_winrate"]!.GetValue<double>();
        }
        Assert.Equal(100, Lc("alpaca-7b", "gpt-3.5-turbo-1106") + Lc("gpt-3.5-turbo-1106", "alpaca-7b"), 1e-9);
    }

    [Fact]
    public void A_model_without_weights_is_one_error_line_naming_the_file()
    {
        using var temp = new TemporaryFolder();
        string weights = temp.File("weights.csv", ",np.tanh(std_delta_len),instruction_difficulty,not_gamed_baseline.astype(float)\nother,0,0,0\n");
        var (exitCode, _, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations("alpaca-7b"), "--weights", weights,
            "--difficulty", SharedFolders.Data(AlpacaLeaderboard.DifficultyFile), "--output", Path.Combine(temp.Path, "m.json"));
        Assert.Equal(1, exitCode);
        Assert.Contains("weights.csv: no weights for model 'alpaca-7b'", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
