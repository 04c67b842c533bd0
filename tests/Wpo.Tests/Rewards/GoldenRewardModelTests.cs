using System.Text.Json;
using Wpo.Rewards;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>
/// Every case of goldens/reward_models/cases.json: each sequence's score from transformers' sequence-classification
/// semantics (float64), unpadded and inside batches padded on the right and on the left with an attention mask.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenRewardModelTests
{
    public static TheoryData<string, string> Cases()
    {
        string file = Path.Combine(SharedFolders.GoldensRoot, "reward_models", "cases.json");
        var data = new TheoryData<string, string>();
        if (!File.Exists(file))
        {
            data.Add(SharedFolders.AbsentCase, "float32");
            return data;
        }
        using var cases = JsonDocument.Parse(File.ReadAllText(file));
        foreach (JsonElement entry in cases.RootElement.GetProperty("cases").EnumerateArray())
            foreach (string dtype in new[] { "float32", "float64" })
                data.Add(entry.GetProperty("dir").GetString()!, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_sequence_alone(string dir, string dtype)
    {
        var (model, sequences, expected, tolerance) = Open(dir, dtype);
        for (int i = 0; i < sequences.Length; i++)
        {
            using var ids = tensor(sequences[i].Select(id => (long)id).ToArray(), [1, sequences[i].Length]);
            using var score = model.Score(ids);
            Close(dir, i, expected[i], score.to(ScalarType.Float64).item<double>(), tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Inside_a_batch_padded_on_the_right(string dir, string dtype) => Batched(dir, dtype, left: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Inside_a_batch_padded_on_the_left(string dir, string dtype) => Batched(dir, dtype, left: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Through_the_length_sorted_batches(string dir, string dtype)
    {
        var (model, sequences, expected, tolerance) = Open(dir, dtype);
        double[] scores = RewardBatches.Score(model, sequences, batchSize: 4);
        for (int i = 0; i < sequences.Length; i++) Close(dir, i, expected[i], scores[i], tolerance);
    }

    static void Batched(string dir, string dtype, bool left)
    {
        var (model, sequences, expected, tolerance) = Open(dir, dtype);
        long pad = model.PadTokenId!.Value;
        int length = sequences.Max(s => s.Length);
        var ids = new long[sequences.Length, length];
        var mask = new long[sequences.Length, length];
        for (int r = 0; r < sequences.Length; r++)
        {
            int offset = left ? length - sequences[r].Length : 0;
            for (int t = 0; t < length; t++) ids[r, t] = pad;
            for (int t = 0; t < sequences[r].Length; t++)
            {
                ids[r, offset + t] = sequences[r][t];
                mask[r, offset + t] = 1;
            }
        }
        using var idTensor = tensor(ids);
        using var maskTensor = tensor(mask);
        using var scores = model.Score(idTensor, maskTensor);
        double[] values = scores.select(1, 0).to(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < sequences.Length; i++) Close(dir, i, expected[i], values[i], tolerance);
    }

    static void Close(string dir, int index, double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{dir} sequence {index}: score {actual:R}, expected {expected:R} (|Δ| {Math.Abs(expected - actual):E2} > {tolerance:E0})");

    static (RewardModel Model, int[][] Sequences, double[] Scores, double Tolerance) Open(string dir, string dtype)
    {
        string folder = Path.Combine(SharedFolders.Golden("reward_models"), dir);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        int[][] sequences = [.. expected.RootElement.GetProperty("sequences").EnumerateArray().Select(s => s.EnumerateArray().Select(id => id.GetInt32()).ToArray())];
        double[] scores = [.. expected.RootElement.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble())];
        bool wide = dtype == "float64";
        var model = RewardModel.Load(folder, wide ? ScalarType.Float64 : ScalarType.Float32, CPU);
        Assert.Equal(1, model.Labels);
        return (model, sequences, scores, wide ? 1e-9 : 1e-4);
    }
}
