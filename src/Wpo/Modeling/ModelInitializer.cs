using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// transformers' <c>_init_weights</c> for these models: linear and embedding weights ~ N(0, initializer_range²)
/// (the padding token's embedding row zero), biases zero, RMSNorm weights 1 (0 for Gemma's 1 + w).
/// Values are drawn in fp32 on the CPU from a seeded generator, so a seed gives the same model in every dtype.
/// </summary>
public static class ModelInitializer
{
    public static CausalLM Create(ModelConfig config, ScalarType dtype, Device device, long seed)
    {
        var model = new CausalLM(config, dtype, META);
        var attachment = new ParameterAttachment(model);
        using var generator = new Generator((ulong)seed);
        foreach (var (name, placeholder) in model.NamedParameters())
        {
            using var scope = NewDisposeScope();
            var value = InitialValue(config, name, placeholder.shape, generator);
            attachment.Attach(name, value.to(dtype, device));
        }
        return model;
    }

    static Tensor InitialValue(ModelConfig config, string name, long[] shape, Generator generator)
    {
        if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            return config.GemmaNorms ? zeros(shape) : ones(shape);
        if (name.EndsWith(".bias", StringComparison.Ordinal)) return zeros(shape);
        var weight = empty(shape).normal_(0, config.InitializerRange, generator);
        if (name == "model.embed_tokens.weight" && config.PadTokenId is long pad && pad >= 0 && pad < config.VocabSize)
            weight[pad].zero_();
        return weight;
    }
}
