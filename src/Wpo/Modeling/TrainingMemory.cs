namespace Wpo.Modeling;

/// <summary>
/// Bytes of model state that full fine-tuning with AdamW holds, by precision regime: the weights the forward pass
/// uses, fp32 master weights (mixed precision only), gradients in the compute dtype, and AdamW's two fp32 moments.
/// <see cref="Lora"/> gives the same for LoRA training. Activations are not included: they depend on batch size and sequence length.
/// </summary>
public sealed record TrainingMemory(string Regime, long Weights, long MasterWeights, long Gradients, long OptimizerStates)
{
    public long Total => Weights + MasterWeights + Gradients + OptimizerStates;

    /// <summary>bf16 weights and gradients, fp32 master weights and moments: 2 + 4 + 2 + 8 = 16 bytes per parameter.</summary>
    public static TrainingMemory MixedBf16(long parameters) =>
        new("bf16 mixed", 2 * parameters, 4 * parameters, 2 * parameters, 8 * parameters);

    /// <summary>
    /// LoRA: the frozen base in its dtype (<paramref name="baseBytes"/> per parameter, no master copy, no gradient)
    /// and the adapters in fp32 with fp32 gradients and moments: 4 + 4 + 8 = 16 bytes per adapter parameter.
    /// </summary>
    public static TrainingMemory Lora(string regime, int baseBytes, long baseParameters, long adapterParameters) =>
        new(regime, baseBytes * baseParameters + 4 * adapterParameters, 0, 4 * adapterParameters, 8 * adapterParameters);

    /// <summary>Everything in fp32: 4 + 4 + 8 = 16 bytes per parameter.</summary>
    public static TrainingMemory Fp32(long parameters) => Uniform("fp32", 4, parameters);

    /// <summary>Weights, gradients and both moments in one dtype of <paramref name="bytes"/> bytes (float64: 32 bytes per parameter).</summary>
    public static TrainingMemory Uniform(string regime, int bytes, long parameters) =>
        new(regime, bytes * parameters, 0, bytes * parameters, 2 * bytes * parameters);
}
