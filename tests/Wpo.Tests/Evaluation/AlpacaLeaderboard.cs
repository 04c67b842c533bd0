using System.Globalization;

namespace Wpo.Tests.Evaluation;

/// <summary>The published AlpacaEval 2 leaderboard and stored GLM weights in ../shared/data/alpaca_eval.</summary>
static class AlpacaLeaderboard
{
    public const string Root = "alpaca_eval/src/alpaca_eval";
    public const string WeightsFile = Root + "/metrics/weights/weighted_alpaca_eval_gpt4_turbo/length_controlled_v1/baseline_gpt4_1106_preview.csv";
    public const string DifficultyFile = "alpaca_eval/derived/instruction_difficulty_approx.csv";

    public static string Annotations(string model) => SharedFolders.Data($"alpaca_eval/results/{model}/weighted_alpaca_eval_gpt4_turbo/annotations.json");

    /// <summary>Every leaderboard row by model name: column name → text.</summary>
    public static Dictionary<string, Dictionary<string, string>> Rows()
    {
        var lines = File.ReadAllLines(SharedFolders.Data(Root + "/leaderboards/data_AlpacaEval_2/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => header.Zip(fields).ToDictionary(p => p.First, p => p.Second));
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
