using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>
/// Synthetic inputs of the objective benchmark: one pair (chosen and rejected rows of tokens/2 positions, every
/// next token labelled), a head initialised like a trained one (std 0.02), and gradient buffers already allocated,
/// as in a training step after the first.
/// </summary>
internal sealed record ObjectiveInputs(Tensor Hidden, Tensor LmHeadWeight, Tensor Labels, Tensor ReferenceLogps)
{
    const long IgnoredLabel = -100;

    public static ObjectiveInputs Create(ObjectiveBenchmarkSettings settings)
    {
        long sequence = settings.Tokens / 2;
        var hidden = randn(2, sequence, settings.Hidden, settings.DType).requires_grad_();
        var weight = randn(settings.Vocab, settings.Hidden, settings.DType).mul_(0.02).requires_grad_();
        hidden.grad = zeros_like(hidden);
        weight.grad = zeros_like(weight);
        var labels = randint(settings.Vocab, [2, sequence], ScalarType.Int64);
        labels[.., 0] = IgnoredLabel;
        // A reference a little below a uniform policy, so the pair weights and losses are ordinary numbers.
        var reference = full(2, -(sequence - 1) * Math.Log(settings.Vocab), ScalarType.Float64) - tensor(new[] { 1.0, 2.0 });
        return new ObjectiveInputs(hidden, weight, labels, reference.to(ScalarType.Float32));
    }

    /// <summary>The same head on 2 × 8 positions, to load and JIT the kernels before measuring.</summary>
    public ObjectiveInputs Warmup() => this with
    {
        Hidden = Hidden.detach().narrow(1, 0, 8).contiguous().requires_grad_(),
        Labels = Labels.narrow(1, 0, 8).contiguous(),
    };

    public void ZeroGradients()
    {
        Hidden.grad!.zero_();
        LmHeadWeight.grad!.zero_();
    }

    /// <summary>Bytes of the hidden states, head, labels, reference log-probs and the two gradient buffers.</summary>
    public long HeldBytes => 2 * (Bytes(Hidden) + Bytes(LmHeadWeight)) + Bytes(Labels) + Bytes(ReferenceLogps);

    static long Bytes(Tensor tensor) => tensor.numel() * tensor.element_size();
}
