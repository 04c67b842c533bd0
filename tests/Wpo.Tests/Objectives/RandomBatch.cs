using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

/// <summary>
/// A small random batch shaped like real preference rows: row r has a prompt of 1 + r % 3 positions (label −100),
/// then a response, then padding (−100), so rows differ in length and the labelled positions are ragged.
/// </summary>
internal sealed record RandomBatch(Tensor Hidden, Tensor LmHeadWeight, Tensor Labels)
{
    public static RandomBatch Create(int rows, int sequence, int hidden, int vocabulary, ScalarType dtype = ScalarType.Float64,
        double logitScale = 1, int seed = 0)
    {
        var generator = new Generator((ulong)seed);
        var hiddenStates = randn([rows, sequence, hidden], ScalarType.Float64, generator: generator);
        var weight = randn([vocabulary, hidden], ScalarType.Float64, generator: generator) * (logitScale / Math.Sqrt(hidden));
        var labels = full(rows, sequence, -100L, ScalarType.Int64);
        var tokens = randint(vocabulary, [rows, sequence], ScalarType.Int64, generator: generator);
        for (int row = 0; row < rows; row++)
        {
            int prompt = 1 + row % 3, response = Math.Max(1, sequence - prompt - row % 4);
            labels[row, TensorIndex.Slice(prompt, prompt + response)] = tokens[row, TensorIndex.Slice(prompt, prompt + response)];
        }
        return new RandomBatch(hiddenStates.to(dtype), weight.to(dtype), labels);
    }

    /// <summary>Leaf copies that require gradients, so each test accumulates its own.</summary>
    public (Tensor Hidden, Tensor LmHeadWeight) Leaves() =>
        (Hidden.detach().clone().requires_grad_(), LmHeadWeight.detach().clone().requires_grad_());
}
