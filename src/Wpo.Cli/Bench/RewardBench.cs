using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Wpo.Rewards;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench reward</c>: rows per second of reward-model scoring (<see cref="RewardBatches"/>, as <c>wpo score</c>
/// runs it) on seeded random token rows of lengths between half the given length and the length.
/// </summary>
public static class RewardBench
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Reward model directory.", DefaultValueFactory = _ => "../shared/goldens/reward_models/llama" };
        var rows = new Option<int>("--rows") { Description = "Rows scored per pass.", DefaultValueFactory = _ => 64 };
        var tokens = new Option<int>("--tokens") { Description = "Longest row, in tokens.", DefaultValueFactory = _ => 256 };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => 8 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var repeat = new Option<int>("--repeat") { Description = "Timed passes (the best is reported).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the numbers as JSON." };
        var command = new Command("reward", "Rows/s of reward-model scoring.") { model, rows, tokens, batchSize, dtype, repeat, json };
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(model)!;
            if (!Directory.Exists(directory)) throw new WpoException($"--model {directory}: no such directory.");
            int count = parse.GetValue(rows), longest = parse.GetValue(tokens), batch = parse.GetValue(batchSize);
            if (count < 1 || longest < 2 || batch < 1) throw new WpoException("--rows and --batch-size must be at least 1, --tokens at least 2.");
            using var reward = RewardModel.Load(directory, parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32, CPU);
            var random = new Random(0);
            long pad = reward.PadTokenId ?? -1;
            int vocabulary = reward.Config.VocabSize;
            int[][] sequences = [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, random.Next(longest / 2, longest + 1))
                .Select(_ => NonPad(random, vocabulary, pad)).ToArray())];
            double seconds = DataBench.Best(Math.Max(1, parse.GetValue(repeat)), () => RewardBatches.Score(reward, sequences, batch));
            long totalTokens = sequences.Sum(s => (long)s.Length);
            var result = new
            {
                model = directory,
                dtype = parse.GetValue(dtype),
                rows = count,
                batch_size = batch,
                tokens = totalTokens,
                threads = get_num_threads(),
                rows_per_second = count / seconds,
                tokens_per_second = totalTokens / seconds,
            };
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            else
                AnsiConsole.WriteLine(
                    $"{directory} {result.dtype}: {count} rows ({totalTokens} tokens, ≤ {longest} each) in batches of {batch}: {result.rows_per_second:F1} rows/s, {result.tokens_per_second:F0} tokens/s ({result.threads} threads)");
            return 0;
        });
        return command;
    }

    static int NonPad(Random random, int vocabulary, long pad)
    {
        int id;
        do id = random.Next(vocabulary);
        while (id == pad);
        return id;
    }
}
