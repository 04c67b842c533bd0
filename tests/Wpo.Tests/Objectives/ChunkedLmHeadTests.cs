using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

/// <summary>The chunked LM head against the plain one, and its gradients against finite differences.</summary>
public sealed class ChunkedLmHeadTests
{
    /// <summary>A linear functional of every differentiable output, so each one's gradient is exercised.</summary>
    static Tensor Functional(SequenceScores scores, Tensor summedCoefficients, Tensor meanCoefficients) =>
        (scores.SummedLogps * summedCoefficients).sum() + (scores.MeanLogps * meanCoefficients).sum();

    static (SequenceScores Scores, Tensor GradHidden, Tensor GradWeight) Run(RandomBatch batch, ScoreOptions options,
        Tensor summedCoefficients, Tensor meanCoefficients)
    {
        var (hidden, weight) = batch.Leaves();
        var scores = SequenceScores.Compute(hidden, weight, batch.Labels, options);
        Functional(scores, summedCoefficients, meanCoefficients).backward();
        return (scores, hidden.grad!, weight.grad!);
    }

    public static TheoryData<int, Alignment, double?> ChunkingCases()
    {
        // 27 labelled positions in the batch below: chunks of 4 and 5 leave a partial last chunk, 1 and 27 divide it, 64 exceeds it.
        var data = new TheoryData<int, Alignment, double?>();
        foreach (int chunk in new[] { 1, 4, 5, 27, 64 })
            foreach (var alignment in Enum.GetValues<Alignment>())
                data.Add(chunk, alignment, chunk == 4 ? 2.5 : null);
        return data;
    }

    [Theory]
    [MemberData(nameof(ChunkingCases))]
    public void Chunked_equals_plain_for_any_chunk_size(int chunkSize, Alignment alignment, double? softcap)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 4, sequence: 10, hidden: 6, vocabulary: 13, logitScale: 4);
        Assert.Equal(27, batch.Labels.narrow(1, 1, 9).ne(-100).sum().item<long>());
        var (summedCoefficients, meanCoefficients) = (arange(1.0, 5.0, 1.0, ScalarType.Float64), linspace(-1, 1, 4, ScalarType.Float64));
        var plain = Run(batch, new ScoreOptions { Chunked = false, Alignment = alignment, LogitSoftcap = softcap }, summedCoefficients, meanCoefficients);
        var chunked = Run(batch, new ScoreOptions { ChunkSize = chunkSize, Alignment = alignment, LogitSoftcap = softcap }, summedCoefficients, meanCoefficients);

        const double tolerance = 1e-12;
        Close.Tensors("summed", plain.Scores.SummedLogps, chunked.Scores.SummedLogps, tolerance);
        Close.Tensors("mean", plain.Scores.MeanLogps, chunked.Scores.MeanLogps, tolerance);
        Close.Tensors("aligned", plain.Scores.AlignedMeanLogps, chunked.Scores.AlignedMeanLogps, tolerance);
        Close.Tensors("logit sums", plain.Scores.LogitSums, chunked.Scores.LogitSums, tolerance, floor: 1);
        Assert.Equal(Close.Doubles(plain.Scores.TokenCounts), Close.Doubles(chunked.Scores.TokenCounts));
        Close.ByScale("grad hidden", plain.GradHidden, chunked.GradHidden, tolerance);
        Close.ByScale("grad weight", plain.GradWeight, chunked.GradWeight, tolerance);
    }

    [Theory]
    [InlineData(ScalarType.Float64, null)]
    [InlineData(ScalarType.Float64, 2.5)]
    [InlineData(ScalarType.Float32, null)]
    public void Chunks_larger_than_a_work_block_are_walked_block_by_block(ScalarType dtype, double? softcap)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 4, sequence: 90, hidden: 4, vocabulary: 7, dtype, logitScale: 3, seed: 5);
        long labelled = batch.Labels.narrow(1, 1, 89).ne(-100).sum().item<long>();
        int chunk = ChunkBuffers.BlockRows + 70;
        Assert.True(labelled > chunk && labelled % chunk > ChunkBuffers.BlockRows, $"{labelled} positions: every chunk must span two blocks");
        var coefficients = tensor(new[] { 1.0, -2.0, 0.5, 3.0 });
        var plain = Run(batch, new ScoreOptions { Chunked = false, LogitSoftcap = softcap }, coefficients, coefficients);
        var chunked = Run(batch, new ScoreOptions { ChunkSize = chunk, LogitSoftcap = softcap }, coefficients, coefficients);

        double tolerance = dtype == ScalarType.Float64 ? 1e-12 : 1e-5;
        Close.Tensors("summed", plain.Scores.SummedLogps, chunked.Scores.SummedLogps, tolerance);
        Close.Tensors("aligned", plain.Scores.AlignedMeanLogps, chunked.Scores.AlignedMeanLogps, tolerance);
        Close.ByScale("grad hidden", plain.GradHidden, chunked.GradHidden, tolerance);
        Close.ByScale("grad weight", plain.GradWeight, chunked.GradWeight, tolerance);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_soft_cap_derivative_of_bfloat16_logits_is_taken_in_float32(bool chunked)
    {
        using var scope = NewDisposeScope();
        // Logits ±2.5 and 0 (exact in bfloat16) under a cap of 1: 1 − tanh²(2.5) = 0.0266, which bfloat16
        // arithmetic (tanh rounded to 8 bits, then squared and subtracted from 1) gets 12% wrong.
        var hidden = ones(1, 2, 1, ScalarType.BFloat16).requires_grad_();
        var weight = tensor(new[] { 2.5f, -2.5f, 0f }).reshape(3, 1).to(ScalarType.BFloat16).requires_grad_();
        var labels = tensor(new long[] { -100, 0 }).reshape(1, 2);
        var options = new ScoreOptions { Chunked = chunked, ChunkSize = 1, LogitSoftcap = 1 };
        SequenceScores.Compute(hidden, weight, labels, options).SummedLogps.sum().backward();
        var (exactHidden, exactWeight) = (hidden.detach().to(ScalarType.Float64).requires_grad_(), weight.detach().to(ScalarType.Float64).requires_grad_());
        SequenceScores.Compute(exactHidden, exactWeight, labels, options).SummedLogps.sum().backward();

        // Two bfloat16 roundings (the derivative and the logit gradient) of 2⁻⁹ each.
        Close.Tensors("grad weight", exactWeight.grad!, weight.grad!, 1e-2);
        Close.Tensors("grad hidden", exactHidden.grad!, hidden.grad!, 1e-2);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(true, 1.5)]
    [InlineData(false, 1.5)]
    public void Gradients_match_central_differences_in_float64(bool chunked, double? softcap)
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 3, sequence: 5, hidden: 3, vocabulary: 7, logitScale: 3, seed: 1);
        var options = new ScoreOptions { Chunked = chunked, ChunkSize = 2, LogitSoftcap = softcap };
        var summedCoefficients = tensor(new[] { 0.7, -1.3, 0.4 });
        var meanCoefficients = tensor(new[] { -0.2, 0.9, 1.1 });
        var (_, gradHidden, gradWeight) = Run(batch, options, summedCoefficients, meanCoefficients);

        double Value(Tensor hidden, Tensor weight)
        {
            using var noGrad = no_grad();
            return Functional(SequenceScores.Compute(hidden, weight, batch.Labels, options), summedCoefficients, meanCoefficients).item<double>();
        }
        Close.ByScale("grad hidden", CentralDifferences(batch.Hidden, x => Value(x, batch.LmHeadWeight)), gradHidden, 1e-7);
        Close.ByScale("grad weight", CentralDifferences(batch.LmHeadWeight, w => Value(batch.Hidden, w)), gradWeight, 1e-7);
    }

    static Tensor CentralDifferences(Tensor at, Func<Tensor, double> function)
    {
        const double step = 1e-6;
        var flat = at.detach().clone().reshape(-1);
        var gradient = zeros_like(flat);
        for (long i = 0; i < flat.shape[0]; i++)
        {
            double original = flat[i].item<double>();
            flat[i] = original + step;
            double above = function(flat.reshape(at.shape));
            flat[i] = original - step;
            double below = function(flat.reshape(at.shape));
            flat[i] = original;
            gradient[i] = (above - below) / (2 * step);
        }
        return gradient.reshape(at.shape);
    }

    [Fact]
    public void A_non_leaf_head_gets_the_same_gradient_through_autograd()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9);
        var (hidden, leaf) = batch.Leaves();
        var master = batch.LmHeadWeight.detach().clone().requires_grad_();
        var nonLeaf = master * 1.0;
        var options = new ScoreOptions { ChunkSize = 3 };
        SequenceScores.Compute(hidden, leaf, batch.Labels, options).SummedLogps.sum().backward();
        SequenceScores.Compute(batch.Hidden, nonLeaf, batch.Labels, options).SummedLogps.sum().backward();

        Assert.False(nonLeaf.is_leaf);
        Close.ByScale("head gradient", leaf.grad!, master.grad!, 1e-12);
    }

    [Fact]
    public void The_head_gradient_accumulates_onto_an_existing_one()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9);
        var (hidden, weight) = batch.Leaves();
        var options = new ScoreOptions { ChunkSize = 4 };
        SequenceScores.Compute(hidden, weight, batch.Labels, options).SummedLogps.sum().backward();
        var once = weight.grad!.clone();
        SequenceScores.Compute(hidden, weight, batch.Labels, options).SummedLogps.sum().backward();

        Close.ByScale("twice", once * 2, weight.grad!, 1e-12);
    }

    [Fact]
    public void A_second_backward_through_a_retained_graph_adds_the_same_gradients()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9);
        var (hidden, weight) = batch.Leaves();
        var loss = SequenceScores.Compute(hidden, weight, batch.Labels, new ScoreOptions { ChunkSize = 4 }).SummedLogps.sum();
        loss.backward(retain_graph: true);
        var (hiddenOnce, weightOnce) = (hidden.grad!.clone(), weight.grad!.clone());
        loss.backward();

        Close.ByScale("hidden, twice", hiddenOnce * 2, hidden.grad!, 1e-12);
        Close.ByScale("head, twice", weightOnce * 2, weight.grad!, 1e-12);
    }

    [Fact]
    public void Backward_disposes_the_saved_tensors_it_unpacks()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9);
        var (hidden, weight) = batch.Leaves();
        var loss = SequenceScores.Compute(hidden, weight, batch.Labels, new ScoreOptions { ChunkSize = 4 }).SummedLogps.sum();
        using var backwardScope = NewDisposeScope();
        loss.backward();

        // Only the two output gradients TorchSharp wraps before calling backward and the returned hidden-state
        // gradient (which must outlive the call) may land in the caller's scope. On CUDA that is a worker thread
        // without a scope, where a saved tensor's handle would keep the chunk logits in device memory until the GC ran.
        Assert.Equal(3, backwardScope.DisposablesCount);
    }

    [Fact]
    public void Aligned_means_are_detached_and_need_no_gradient_path()
    {
        using var scope = NewDisposeScope();
        var batch = RandomBatch.Create(rows: 2, sequence: 6, hidden: 4, vocabulary: 9);
        var (hidden, weight) = batch.Leaves();
        var scores = SequenceScores.Compute(hidden, weight, batch.Labels);

        Assert.True(scores.SummedLogps.requires_grad);
        Assert.True(scores.MeanLogps.requires_grad);
        Assert.False(scores.AlignedMeanLogps.requires_grad);
        Assert.False(scores.LogitSums.requires_grad);
    }
}
