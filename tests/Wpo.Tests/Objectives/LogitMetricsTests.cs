using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

public sealed class LogitMetricsTests
{
    public static TheoryData<bool, double?, ScalarType, double> Cases() => new()
    {
        { true, null, ScalarType.Float64, 1e-12 },
        { true, 2.5, ScalarType.Float64, 1e-12 },
        { false, null, ScalarType.Float64, 1e-12 },
        { false, 2.5, ScalarType.Float64, 1e-12 },
        { true, null, ScalarType.Float32, 1e-5 },
        { true, 2.5, ScalarType.Float32, 1e-5 },
        // bf16 logits are rounded to 8 bits each before the reference sums them; the chunked sums are not.
        { true, null, ScalarType.BFloat16, 1e-2 },
        { true, 2.5, ScalarType.BFloat16, 1e-2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logit_means_average_every_position_of_the_rows_as_the_reference_trainer_does(bool chunked, double? softcap, ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 4, sequence: 9, hidden: 6, vocabulary: 13, dtype, logitScale: 4, seed: 3);
        var scores = SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels,
            new ScoreOptions { Chunked = chunked, ChunkSize = 5, LogitSoftcap = softcap });
        var metrics = PreferenceLoss.Compute(scores, zeros(4, ScalarType.Float64), new LossOptions()).Metrics;

        // The reference: logits/chosen = all_logits[:B].mean(), over prompt, response and padding positions alike.
        var logits = matmul(batch.Hidden.to(ScalarType.Float64), batch.LmHeadWeight.to(ScalarType.Float64).t());
        if (softcap is double cap) logits = logits.div(cap).tanh().mul(cap);
        double scale = logits.abs().mean().item<double>();
        Close.Tensors("row sums", logits.sum([1, 2]), scores.LogitSums, tolerance, floor: scale * 9 * 13);
        Close.Value("logits/chosen", logits.narrow(0, 0, 2).mean().item<double>(), metrics["logits/chosen"], tolerance, floor: scale);
        Close.Value("logits/rejected", logits.narrow(0, 2, 2).mean().item<double>(), metrics["logits/rejected"], tolerance, floor: scale);
        Assert.False(scores.LogitSums.requires_grad);
    }
}
