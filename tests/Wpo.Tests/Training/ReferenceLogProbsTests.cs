using TorchSharp;
using Wpo.Data;
using Wpo.Objectives;
using Wpo.Tests.Modeling;
using Wpo.Training;

namespace Wpo.Tests.Training;

public sealed class ReferenceLogProbsTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("gemma2")]
    public void Right_padding_and_batch_size_do_not_change_a_pairs_log_probs(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        var pairs = RandomPairs.Create(7, vocabulary: 61, seed: 1);
        var alone = ReferenceLogProbs.Compute(model, pairs, batchSize: 1, padId: 0);
        var batched = ReferenceLogProbs.Compute(model, pairs, batchSize: 3, padId: 0);
        int[] all = Enumerable.Range(0, pairs.Count).ToArray();
        using var a = alone.For(all, torch.CPU);
        using var b = batched.For(all, torch.CPU);
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-4), "log-probs depend on the batch they were scored in");
    }

    [Fact]
    public void For_returns_chosen_then_rejected_of_the_requested_pairs()
    {
        using var model = TinyModels.Create("llama");
        var pairs = RandomPairs.Create(4, vocabulary: 61, seed: 2);
        var reference = ReferenceLogProbs.Compute(model, pairs, batchSize: 4, padId: 0);
        using var scope = torch.NewDisposeScope();
        var batch = PreferenceBatch.Collate([pairs[2], pairs[0]], padId: 0);
        using var noGrad = torch.no_grad();
        var expected = BatchScoring.Score(model, batch, new ScoreOptions { Alignment = Alignment.None }).SummedLogps;
        Assert.True(reference.For([2, 0], torch.CPU).allclose(expected, rtol: 1e-5, atol: 1e-4));
        Assert.Equal(4, reference.PairCount);
    }

    [Fact]
    public void A_batch_size_below_one_is_named()
    {
        using var model = TinyModels.Create("llama");
        var error = Assert.Throws<WpoException>(() => ReferenceLogProbs.Compute(model, RandomPairs.Create(2, vocabulary: 61, seed: 2), batchSize: 0, padId: 0));
        Assert.Contains("batch size must be positive, got 0", error.Message);
    }
}
