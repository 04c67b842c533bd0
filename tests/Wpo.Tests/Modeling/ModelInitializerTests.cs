using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary><c>CausalLM.Create</c> initialises as transformers' <c>_init_weights</c> does, reproducibly by seed.</summary>
public sealed class ModelInitializerTests
{
    [Theory]
    [InlineData("llama", 1.0)]
    [InlineData("gemma2", 0.0)]
    public void Weights_are_normal_with_the_initializer_range_biases_zero_and_norms_neutral(string modelType, double normValue)
    {
        var json = TinyModels.Json(modelType);
        json["pad_token_id"] = 0;
        json["vocab_size"] = 4000;
        json["attention_bias"] = true;
        using var model = CausalLM.Create(ModelConfig.Parse(json, "test"), ScalarType.Float32, CPU, seed: 1);
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in model.NamedParameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) Assert.True(parameter.eq(normValue).all().item<bool>(), name);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) Assert.True(parameter.eq(0).all().item<bool>(), name);
        }
        var embedding = model.NamedParameters().Single(p => p.Name == "model.embed_tokens.weight").Parameter;
        Assert.True(embedding[0].eq(0).all().item<bool>(), "the padding token's row is zero");
        Assert.Equal(0.2, embedding[TensorIndex.Slice(1)].std().item<float>(), 2);
        Assert.Equal(0.0, embedding.mean().item<float>(), 2);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_in_every_dtype()
    {
        using var first = TinyModels.Create("qwen2", seed: 9);
        using var second = TinyModels.Create("qwen2", seed: 9);
        using var bf16 = TinyModels.Create("qwen2", ScalarType.BFloat16, seed: 9);
        using var other = TinyModels.Create("qwen2", seed: 10);
        using var scope = NewDisposeScope();
        var parameters = first.NamedParameters();
        for (int i = 0; i < parameters.Count; i++)
        {
            Assert.True(TinyModels.Identical(parameters[i].Parameter, second.NamedParameters()[i].Parameter));
            Assert.True(TinyModels.Identical(parameters[i].Parameter.to(ScalarType.BFloat16), bf16.NamedParameters()[i].Parameter));
        }
        Assert.False(TinyModels.Identical(first.LmHeadWeight, other.LmHeadWeight));
    }
}
