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

/// <summary><c>wpo eval mt-bench-scores</c> and <c>wpo eval compare</c> on files the commands wrote.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class EvalMtBenchAndCompareCommandTests
{
    [Fact]
    public void Mt_bench_scores_print_means_and_parse_failures_and_compare_reads_the_files()
    {
        using var temp = new TemporaryFolder();
        string scores = Path.Combine(temp.Path, "scores.json");
        var (exitCode, text, error) = CliRun.Wpo("eval", "mt-bench-scores", SharedFolders.Data("mt_bench/instructlab_granite/gpt-4_single.jsonl"),
            "--questions", SharedFolders.Data("mt_bench/mt_bench/question.jsonl"), "--output", scores);
        Assert.True(exitCode == 0, error);
        Assert.Contains("40 rated, 120 parse failures", text);
        Assert.Equal(7.4, JsonNode.Parse(File.ReadAllText(scores))!["mt_bench_score"]!.GetValue<double>(), 1e-12);

        (exitCode, text, error) = CliRun.Wpo("eval", "compare", scores, scores);
        Assert.True(exitCode == 0, error);
        Assert.Contains("7.400", text); // the overall mean, in both columns
    }

    [Fact]
    public void Compare_flags_a_win_rate_difference_beyond_the_combined_standard_error()
    {
        using var temp = new TemporaryFolder();
        string a = temp.File("a.json", """{"win_rate": 10, "standard_error": 1, "length_controlled_winrate": 20, "lc_standard_error": 3, "avg_length": 500, "generator": "a"}""");
        string b = temp.File("b.json", """{"win_rate": 12, "standard_error": 1, "length_controlled_winrate": 22, "lc_standard_error": 4, "avg_length": 900}""");
        var rows = Wpo.Evaluation.MetricComparison.Of(Wpo.Evaluation.EvaluationJson.ReadNumbers(a), Wpo.Evaluation.EvaluationJson.ReadNumbers(b));
        Assert.Equal(["win_rate", "length_controlled_winrate", "avg_length"], rows.Select(r => r.Key));
        Assert.True(rows[0].ExceedsError);           // 2 > √2
        Assert.False(rows[1].ExceedsError);          // 2 < 5
        Assert.Null(rows[2].ExceedsError);
        Assert.Equal(400, rows[2].Difference);
        var (exitCode, _, error) = CliRun.Wpo("eval", "compare", a, temp.File("c.json", "[1]"));
        Assert.Equal(1, exitCode);
        Assert.Contains("c.json: expected a JSON object of metrics", error);
    }

    [Fact]
    public void Compare_reads_run_folders_with_alpaca_and_mt_bench_metrics_in_subfolders()
    {
        using var temp = new TemporaryFolder();
        temp.File("a/alpaca/metrics.json", """{"win_rate": 10, "standard_error": 1, "avg_length": 500}""");
        temp.File("a/mt_bench/mt_bench_scores.json", """{"model": "a", "mt_bench_score": 6.5, "mt_bench_math": 4.0}""");
        temp.File("b/metrics.json", """{"win_rate": 14, "standard_error": 1}""");
        temp.File("b/mt_bench/mt_bench_scores.json", """{"model": "b", "mt_bench_score": 7.0, "mt_bench_math": 5.5}""");
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        Assert.Equal(["win_rate", "standard_error", "avg_length", "mt_bench_score", "mt_bench_math"], Wpo.Evaluation.EvaluatedRun.Read(a).Select(m => m.Key));
        var rows = Wpo.Evaluation.MetricComparison.Of(Wpo.Evaluation.EvaluatedRun.Read(a), Wpo.Evaluation.EvaluatedRun.Read(b));
        Assert.Equal(["win_rate", "mt_bench_score", "mt_bench_math"], rows.Select(r => r.Key));
        Assert.True(rows[0].ExceedsError);  // 4 > √2
        Assert.Equal(1.5, rows[2].Difference, 1e-12);
        var (exitCode, text, error) = CliRun.Wpo("eval", "compare", a, b);
        Assert.True(exitCode == 0, error);
        Assert.Contains("mt_bench_math", text);

        temp.File("a/again/metrics.json", """{"win_rate": 11}""");
        (exitCode, _, error) = CliRun.Wpo("eval", "compare", a, b);
        Assert.Equal(1, exitCode);
        Assert.Contains("the metric 'win_rate' is in both", error);
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));
        (exitCode, _, error) = CliRun.Wpo("eval", "compare", Path.Combine(temp.Path, "empty"), b);
        Assert.Equal(1, exitCode);
        Assert.Contains("no metrics.json or mt_bench_scores.json in the folder or its subfolders", error);
    }
}

/// <summary><c>wpo eval metrics</c> refits AlpacaEval's GLM and finds the approximate difficulty table from anywhere.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class EvalMetricsRefitCommandTests
{
    [Fact]
    public void The_refit_lc_is_the_crosschecked_one_and_the_default_table_is_found_with_a_note()
    {
        using var temp = new TemporaryFolder();
        string output = Path.Combine(temp.Path, "metrics.json");
        var (exitCode, text, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations("gpt-3.5-turbo-1106"), "--output", output);
        Assert.True(exitCode == 0, error);
        Assert.Contains("approximate table", text);
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        var expected = GlmCrosscheck.Case("gpt-3.5-turbo-1106")["converged"]!;
        Assert.Equal(expected["lc"]!.GetValue<double>(), json["length_controlled_winrate"]!.GetValue<double>(), 0.05);
        Assert.Equal(expected["lc"]!.GetValue<double>(), json["lc_fit"]!["length_controlled_winrate"]!.GetValue<double>(), 0.05);
        Assert.Equal(expected["C"]!.GetValue<double>(), json["lc_fit"]!["C"]!.GetValue<double>());
    }

    [Fact]
    public void The_approximate_table_is_found_above_any_start_and_its_absence_is_one_line()
    {
        string found = Wpo.Evaluation.ApproximateDifficulty.Locate(Path.Combine(SharedFolders.RepositoryRoot, "src", "Wpo"));
        Assert.Equal(SharedFolders.Data(AlpacaLeaderboard.DifficultyFile), found);
        using var temp = new TemporaryFolder();
        var error = Assert.Throws<WpoException>(() => Wpo.Evaluation.ApproximateDifficulty.Locate(temp.Path));
        Assert.Contains("no shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv under", error.Message);
    }
}
