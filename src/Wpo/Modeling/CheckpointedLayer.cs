using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Activation checkpointing of one decoder layer, as a custom autograd function: forward runs the layer without
/// recording its graph and keeps only its input, rotary angles and mask; backward runs the layer again with
/// gradients on and differentiates that. Training then holds one [B, T, hidden] input per layer plus one layer's
/// intermediates, instead of every layer's intermediates, for a second forward pass per layer. The only randomness is LoRA's dropout: the CPU generator's
/// state is kept with the input and restored around the recomputation (as torch.utils.checkpoint does), so it draws
/// the same masks and repeats the forward pass exactly.
/// </summary>
/// <remarks>
/// The layer's trainable parameters are inputs of the function, so that it joins the graph even when its hidden
/// input needs no gradient. Their gradients are accumulated in place into <c>.grad</c>, as AccumulateGrad would,
/// rather than returned: libtorch copies a returned gradient when .grad is unset, because the .NET wrapper still
/// references it, and the wrapper lives until the caller's dispose scope ends. Backward must not throw: an exception
/// in a callback from the native engine aborts the process.
/// </remarks>
internal sealed class CheckpointedLayer : autograd.SingleTensorFunction<CheckpointedLayer>
{
    sealed record Settings(DecoderLayer Layer, bool CausalOnly, IReadOnlyList<Parameter> Parameters)
    {
        public Tensor? RandomState { get; set; }
    }

    const string SettingsKey = "settings";
    /// <summary>Forward's arguments before the parameters: settings, hidden, cos, sin, mask.</summary>
    const int LeadingArguments = 5;

    public override string Name => nameof(CheckpointedLayer);

    /// <summary><see cref="DecoderLayer.Forward"/> without a cache, recomputed in backward.</summary>
    public static Tensor Forward(DecoderLayer layer, Tensor hidden, Tensor cos, Tensor sin, AttentionMask mask)
    {
        var parameters = layer.parameters().Where(p => p.requires_grad).ToList();
        object[] arguments = [new Settings(layer, mask.CausalOnly, parameters), hidden, cos, sin, mask.Allowed, .. parameters];
        return apply(arguments);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (settings, hidden, cos, sin, allowed) = ((Settings)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4]);
        ctx.save_for_backward([hidden, cos, sin, allowed]);
        ctx.save_data(SettingsKey, settings);
        // No zero-filled gradient when none flows: TorchSharp would build it from a template registered in the
        // caller's dispose scope, which is gone by the time backward runs.
        ctx.set_materialize_grads(false);
        settings.RandomState = random.get_rng_state().DetachFromDisposeScope();
        return settings.Layer.Forward(hidden, cos, sin, new AttentionMask(allowed, settings.CausalOnly), null);
    }

    /// <returns>One gradient per forward argument: the hidden input's, null for the rest.</returns>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradient)
    {
        var settings = (Settings)ctx.get_data(SettingsKey);
        var gradients = Enumerable.Repeat<Tensor>(null!, LeadingArguments + settings.Parameters.Count).ToList();
        if (gradient.IsInvalid) return gradients;
        // Opened before unpacking: on CUDA the engine calls backward on a worker thread without a dispose scope.
        using var callScope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var (hidden, cos, sin, allowed) = (saved[0], saved[1], saved[2], saved[3]);
        bool hiddenNeedsGradient = hidden.requires_grad;
        IList<Tensor> recomputed;
        using var current = random.get_rng_state();
        random.set_rng_state(settings.RandomState!);
        settings.RandomState!.Dispose();
        using (enable_grad())
        {
            var input = hidden.detach().requires_grad_(hiddenNeedsGradient);
            var output = settings.Layer.Forward(input, cos, sin, new AttentionMask(allowed, settings.CausalOnly), null);
            List<Tensor> differentiated = hiddenNeedsGradient ? [input, .. settings.Parameters] : [.. settings.Parameters];
            recomputed = autograd.grad([output], differentiated, [gradient]);
        }
        random.set_rng_state(current);
        var parameterGradients = hiddenNeedsGradient ? recomputed.Skip(1) : recomputed;
        foreach (var (parameter, parameterGradient) in settings.Parameters.Zip(parameterGradients))
            Accumulate(parameter, parameterGradient);
        if (hiddenNeedsGradient) gradients[1] = recomputed[0].MoveToOuterDisposeScope();
        return gradients;
    }

    static void Accumulate(Parameter parameter, Tensor gradient)
    {
        if (parameter.grad is Tensor existing) existing.add_(gradient);
        else parameter.grad = gradient;
    }
}
