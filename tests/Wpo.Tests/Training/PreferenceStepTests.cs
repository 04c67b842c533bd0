using TorchSharp;
using Wpo.Data;
using Wpo.Objectives;
using Wpo.Tests.Modeling;
using Wpo.Training;

namespace Wpo.Tests.Training;

public sealed class PreferenceStepTests
{
    [Fact]
    public void Steps_on_one_batch_widen_the_reward_margin_and_report_the_weights()
    {
        using var model = TinyModels.Create("qwen2");
        var pairs = RandomPairs.Create(6, vocabulary: 61, seed: 3);
        var reference = ReferenceLogProbs.Compute(model, pairs, batchSize: 6, padId: 0);
        int[] all = Enumerable.Range(0, pairs.Count).ToArray();
        var batch = PreferenceBatch.Collate(pairs, padId: 0);
        using var optimizer = torch.optim.AdamW(model.parameters(), 1e-2);
        var step = new PreferenceStep(model, optimizer, new LossOptions { Beta = 0.5 }, new ScoreOptions { Alignment = Alignment.Sampled });

        var results = Enumerable.Range(0, 15).Select(_ =>
        {
            using var referenceLogps = reference.For(all, torch.CPU);
            return step.Run(batch, referenceLogps, 1e-2);
        }).ToList();

        Assert.Equal(0, results[0].Metrics["rewards/margins"], 6); // the policy starts as the reference
        Assert.True(results[^1].Metrics["rewards/margins"] > 0.5, $"margin {results[^1].Metrics["rewards/margins"]}");
        Assert.True(results[^1].Metrics["loss"] < results[0].Metrics["loss"]);
        Assert.InRange(results[0].Metrics["wpo/weight_mean"], 1e-9, 1);
        Assert.All(results, r => Assert.True(r.GradNorm > 0 && double.IsFinite(r.GradNorm)));
    }

    [Fact]
    public void Steps_leave_no_tensors_behind()
    {
        using var model = TinyModels.Create("qwen2");
        var pairs = RandomPairs.Create(4, vocabulary: 61, seed: 6);
        var reference = ReferenceLogProbs.Compute(model, pairs, batchSize: 4, padId: 0);
        using var referenceLogps = reference.For(Enumerable.Range(0, pairs.Count).ToArray(), torch.CPU);
        var batch = PreferenceBatch.Collate(pairs, padId: 0);
        using var optimizer = torch.optim.AdamW(model.parameters(), 1e-3);
        var step = new PreferenceStep(model, optimizer, new LossOptions(), new ScoreOptions { ChunkSize = 5 });
        step.Run(batch, referenceLogps, 1e-3); // the first step creates the gradients and the optimizer state
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        const int steps = 3;
        for (int i = 0; i < steps; i++) step.Run(batch, referenceLogps, 1e-3);

        // TorchSharp counts the two undefined incoming gradients of the chunked head's backward (empty handles,
        // no memory) as live for ever; anything beyond them would be a tensor leaked per step.
        Assert.InRange(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, 0, 2 * steps);
    }

    [Fact]
    public void The_learning_rate_is_set_on_every_parameter_group_for_the_step()
    {
        using var model = TinyModels.Create("llama");
        var pairs = RandomPairs.Create(2, vocabulary: 61, seed: 4);
        using var optimizer = torch.optim.AdamW(model.parameters(), 1.0);
        var step = new PreferenceStep(model, optimizer, new LossOptions { LossType = LossType.Sft, Wpo = false }, new ScoreOptions { Alignment = Alignment.None });
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        var result = step.Run(PreferenceBatch.Collate(pairs, padId: 0), null, 3e-4);

        Assert.Equal(3e-4, result.LearningRate);
        Assert.All(optimizer.ParamGroups, group => Assert.Equal(3e-4, group.LearningRate));
        // AdamW's first update is lr·g/|g| per element (plus a decay of lr·0.01·θ): the step used 3e-4, not 1.
        double largestChange = model.parameters().Zip(before, (after, start) => (after - start).abs().max().item<float>()).Max();
        Assert.InRange(largestChange, 2.9e-4, 3.1e-4);
        before.ForEach(p => p.Dispose());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_max_grad_norm_that_would_zero_the_gradients_is_refused(double maxGradNorm)
    {
        using var model = TinyModels.Create("llama");
        using var optimizer = torch.optim.AdamW(model.parameters(), 1e-3);
        var error = Assert.Throws<WpoException>(() => new PreferenceStep(model, optimizer, new LossOptions(), new ScoreOptions(), maxGradNorm));
        Assert.Contains("max_grad_norm must be a positive number", error.Message);
    }
}
