using Wpo.Modeling;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling.Lora;

/// <summary>Tiny models with adapters attached, and B moved off zero so that the adapters change the function.</summary>
internal static class TinyLora
{
    public static LoraConfig AllLinear(int rank = 4, double alpha = 8, double dropout = 0, bool rslora = false) =>
        new() { Rank = rank, Alpha = alpha, Dropout = dropout, UseRslora = rslora, TargetModules = LoraConfig.Projections };

    public static CausalLM Adapted(string modelType, ScalarType dtype, LoraConfig config, long seed = 7)
    {
        var model = TinyModels.Create(modelType, dtype, seed);
        LoraAdapters.Attach(model, config, seed: 11);
        MoveB(model, seed: 13);
        return model;
    }

    /// <summary>B ~ N(0, 0.1²): trained adapters are not zero.</summary>
    public static void MoveB(CausalLM model, long seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        foreach (var (name, parameter) in model.Adapters.Parameters(model).Where(p => p.Name.EndsWith(".lora_B.weight", StringComparison.Ordinal)))
            parameter.copy_(empty(parameter.shape, ScalarType.Float64).normal_(0, 0.1, generator).to(parameter.dtype));
    }

    public static Tensor Logits(CausalLM model, Tensor ids)
    {
        using var noGrad = no_grad();
        return model.Forward(ids);
    }
}
