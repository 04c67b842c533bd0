using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

public sealed class SequenceScoresTests
{
    /// <summary>
    /// a(x, y) per row computed position by position: the logits at position t score label t + 1, and the
    /// alignment denominator is taken at <c>t + denominatorOffset</c> (0 is right; 1 is the next-position pairing
    /// some TRL releases, v0.14–v0.28, used).
    /// </summary>
    static double[] AlignedMeansByHand(RandomBatch batch, int denominatorOffset)
    {
        var logSoftmax = matmul(batch.Hidden, batch.LmHeadWeight.t()).log_softmax(-1);
        var logSumSquares = (2 * logSoftmax).logsumexp(-1);
        long rows = batch.Labels.shape[0], sequence = batch.Labels.shape[1];
        var means = new double[rows];
        for (long row = 0; row < rows; row++)
        {
            double sum = 0;
            int count = 0;
            for (long t = 0; t + 1 < sequence; t++)
            {
                long label = batch.Labels[row, t + 1].item<long>();
                if (label == -100) continue;
                long denominatorAt = Math.Min(t + denominatorOffset, sequence - 1);
                sum += logSoftmax[row, t, label].item<double>() - logSumSquares[row, denominatorAt].item<double>();
                count++;
            }
            means[row] = sum / count;
        }
        return means;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_alignment_term_comes_from_the_position_that_predicts_the_token(bool chunked)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 3, sequence: 8, hidden: 5, vocabulary: 11, logitScale: 4, seed: 2);
        var scores = SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels,
            new ScoreOptions { Alignment = Alignment.Sampled, Chunked = chunked, ChunkSize = 3 });

        var actual = Close.Doubles(scores.AlignedMeanLogps);
        Close.Values("aligned mean", AlignedMeansByHand(batch, denominatorOffset: 0), actual, 1e-12);
        var nextPosition = AlignedMeansByHand(batch, denominatorOffset: 1);
        Assert.All(Enumerable.Range(0, actual.Length), row => Assert.True(Math.Abs(nextPosition[row] - actual[row]) > 1e-3,
            $"row {row}: this batch cannot tell the positions apart ({nextPosition[row]} vs {actual[row]})."));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Alignment_changes_only_the_aligned_means(bool chunked)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 4, sequence: 7, hidden: 5, vocabulary: 11, logitScale: 3);
        SequenceScores Score(Alignment alignment) =>
            SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels, new ScoreOptions { Alignment = alignment, Chunked = chunked });
        var (sampled, greedy, none) = (Score(Alignment.Sampled), Score(Alignment.Greedy), Score(Alignment.None));

        foreach (var other in new[] { greedy, none })
        {
            Assert.Equal(Close.Doubles(sampled.SummedLogps), Close.Doubles(other.SummedLogps));
            Assert.Equal(Close.Doubles(sampled.MeanLogps), Close.Doubles(other.MeanLogps));
            Assert.Equal(Close.Doubles(sampled.LogitSums), Close.Doubles(other.LogitSums));
        }
        Assert.Equal(Close.Doubles(none.MeanLogps), Close.Doubles(none.AlignedMeanLogps));
        // p(y)/Σp² and p(y)/max p exceed p(y), since Σp² ≤ max p < 1.
        Assert.All(Close.Doubles(greedy.AlignedMeanLogps - none.AlignedMeanLogps), d => Assert.True(d > 0));
        Assert.All(Close.Doubles(sampled.AlignedMeanLogps - greedy.AlignedMeanLogps), d => Assert.True(d > 0));
    }

    [Theory]
    [InlineData(true, Alignment.Sampled)]
    [InlineData(true, Alignment.Greedy)]
    [InlineData(false, Alignment.Sampled)]
    [InlineData(false, Alignment.Greedy)]
    public void Peaked_logits_stay_finite_and_accurate_in_float32(bool chunked, Alignment alignment)
    {
        using var scope = NewDisposeScope();
        // Logits of magnitude up to ~100: exp(z) overflows float32 without the max shift.
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9, logitScale: 60, seed: 3);
        var reference = SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels, new ScoreOptions { Alignment = alignment });
        var options = new ScoreOptions { Alignment = alignment, Chunked = chunked, ChunkSize = 4 };
        var scores = SequenceScores.Compute(batch.Hidden.to(ScalarType.Float32), batch.LmHeadWeight.to(ScalarType.Float32), batch.Labels, options);

        Assert.True(matmul(batch.Hidden, batch.LmHeadWeight.t()).abs().max().item<double>() > 50);
        Close.Tensors("summed", reference.SummedLogps, scores.SummedLogps, 1e-5, floor: 1);
        Close.Tensors("aligned", reference.AlignedMeanLogps, scores.AlignedMeanLogps, 1e-5, floor: 1);
    }

    [Fact]
    public void A_confident_tokens_tiny_log_prob_is_as_precise_chunked_as_plain_in_float32()
    {
        using var scope = NewDisposeScope();
        // Logits 150, 140, 139 at the one scored position: log p(token 0) = −log(1 + e^−10 + e^−11) ≈ −6.2e-5, a few
        // float32 spacings at 150 (1.5e-5). Taken as z_y − logsumexp(z) it would be rounded at that scale (1e-6 off);
        // as (z_y − max z) − log Σ exp(z − max z), as log_softmax takes it, it keeps float32's precision near 1.
        var hidden = tensor(new float[] { 1, 0, 0, 0 }).reshape(1, 2, 2);
        var weight = tensor(new float[] { 150, 0, 140, 0, 139, 0 }).reshape(3, 2);
        var labels = tensor(new long[] { -100, 0 }).reshape(1, 2);
        double Logp(bool chunked) => SequenceScores.Compute(hidden, weight, labels, new ScoreOptions { Chunked = chunked }).SummedLogps.item<double>();

        double expected = -Math.Log(1 + Math.Exp(-10) + Math.Exp(-11));
        Close.Value("plain", expected, Logp(chunked: false), 1e-3);
        Assert.True(Math.Abs(Logp(chunked: true) - Logp(chunked: false)) <= 1e-9,
            $"chunked {Logp(chunked: true):R} vs plain {Logp(chunked: false):R}");
    }

    [Theory]
    [InlineData(true, ScalarType.BFloat16)]
    [InlineData(false, ScalarType.BFloat16)]
    [InlineData(true, ScalarType.Float16)]
    public void Half_precision_inputs_are_scored_in_float32_close_to_float64(bool chunked, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var half = RandomBatch.Create(rows: 2, sequence: 6, hidden: 16, vocabulary: 40, dtype, logitScale: 5, seed: 4);
        var (hidden, weight) = half.Leaves();
        var options = new ScoreOptions { Chunked = chunked, ChunkSize = 3 };
        var scores = SequenceScores.Compute(hidden, weight, half.Labels, options);
        scores.SummedLogps.sum().backward();
        var reference = SequenceScores.Compute(half.Hidden.to(ScalarType.Float64), half.LmHeadWeight.to(ScalarType.Float64), half.Labels);

        Assert.Equal(ScalarType.Float64, scores.SummedLogps.dtype);
        Close.Tensors("summed", reference.SummedLogps, scores.SummedLogps, 1e-2);
        Close.Tensors("aligned", reference.AlignedMeanLogps, scores.AlignedMeanLogps, 1e-2);
        Assert.Equal(dtype, weight.grad!.dtype);
        Assert.True(weight.grad!.isfinite().all().item<bool>() && hidden.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void A_one_token_response_is_its_own_mean()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 1, sequence: 4, hidden: 3, vocabulary: 5);
        var labels = tensor(new long[] { -100, -100, 3, -100 }).reshape(1, 4);
        var scores = SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, labels, new ScoreOptions { ChunkSize = 2 });

        double expected = matmul(batch.Hidden[0, 1], batch.LmHeadWeight.t()).log_softmax(-1)[3].item<double>();
        Assert.Equal(1, scores.TokenCounts[0].item<long>());
        Close.Value("summed", expected, scores.SummedLogps[0].item<double>(), 1e-12);
        Close.Value("mean", expected, scores.MeanLogps[0].item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(new long[] { -100, -100, -100, -100 })]
    [InlineData(new long[] { 2, -100, -100, -100 })]
    public void A_row_without_labelled_tokens_is_a_clear_error(long[] secondRow)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 4, hidden: 3, vocabulary: 5);
        var labels = stack([tensor(new long[] { -100, 1, 2, 3 }), tensor(secondRow)]);

        var error = Assert.Throws<WpoException>(() => SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, labels));
        Assert.Contains("row 1 has no labelled token", error.Message);
    }

    [Fact]
    public void Labels_outside_the_vocabulary_are_named()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 1, sequence: 4, hidden: 3, vocabulary: 5);
        var labels = tensor(new long[] { -100, 1, 5, 2 }).reshape(1, 4);

        var error = Assert.Throws<WpoException>(() => SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, labels));
        Assert.Contains("row 0, position 2 holds 5", error.Message);
    }

    [Fact]
    public void Mismatched_shapes_and_dtypes_are_named()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 4, hidden: 3, vocabulary: 5);

        Assert.Contains("lm_head weight", Assert.Throws<WpoException>(() =>
            SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight.narrow(1, 0, 2), batch.Labels)).Message);
        Assert.Contains("labels: expected [2, 4]", Assert.Throws<WpoException>(() =>
            SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels.narrow(1, 0, 3))).Message);
        Assert.Contains("share one floating dtype", Assert.Throws<WpoException>(() =>
            SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight.to(ScalarType.Float32), batch.Labels)).Message);
        Assert.Contains("chunk size", Assert.Throws<WpoException>(() =>
            SequenceScores.Compute(batch.Hidden, batch.LmHeadWeight, batch.Labels, new ScoreOptions { ChunkSize = 0 })).Message);
    }
}
