using Wpo.Modeling;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling.Lora;

/// <summary>LoRA on the decoder's projections: PEFT's initialisation and scaling, the off switch, merging, gradients.</summary>
[Collection(nameof(Training.GlobalGenerator))]
public sealed class LoraAdapterTests
{
    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Fresh_adapters_with_B_zero_leave_the_model_exactly_its_base(string modelType)
    {
        using var plain = TinyModels.Create(modelType);
        using var adapted = TinyModels.Create(modelType);
        LoraAdapters.Attach(adapted, TinyLora.AllLinear(), seed: 1);
        var ids = TinyModels.RandomIds(2, 9, plain.Config.VocabSize, seed: 2);
        Assert.True(TinyModels.Identical(TinyLora.Logits(plain, ids), TinyLora.Logits(adapted, ids)));
        Assert.Equal(7 * plain.Config.NumHiddenLayers * 2, adapted.Adapters.Parameters(adapted).Count);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Switched_off_the_adapted_model_is_exactly_its_base(string modelType)
    {
        using var plain = TinyModels.Create(modelType);
        using var adapted = TinyLora.Adapted(modelType, ScalarType.Float32, TinyLora.AllLinear());
        var ids = TinyModels.RandomIds(2, 9, plain.Config.VocabSize, seed: 2);
        var on = TinyLora.Logits(adapted, ids);
        var off = adapted.Adapters.WithoutAdapters(() => TinyLora.Logits(adapted, ids));
        Assert.True(TinyModels.Identical(TinyLora.Logits(plain, ids), off));
        Assert.True(TinyModels.MaxAbsDifference(on, off) > 1e-3, "the moved adapters should change the logits");
        Assert.True(adapted.Adapters.Enabled);
    }

    [Fact]
    public void A_is_peft_kaiming_uniform_seeded_B_zero_and_only_adapters_train()
    {
        using var model = TinyModels.Create("llama");
        LoraAdapters.Attach(model, new LoraConfig { Rank = 3, Alpha = 6, TargetModules = ["q_proj", "down_proj"] }, seed: 5);
        using var again = TinyModels.Create("llama");
        LoraAdapters.Attach(again, new LoraConfig { Rank = 3, Alpha = 6, TargetModules = ["q_proj", "down_proj"] }, seed: 5);
        var adapters = model.Adapters.Parameters(model);
        Assert.Equal(
            ["model.layers.0.self_attn.q_proj.lora_A.weight", "model.layers.0.self_attn.q_proj.lora_B.weight", "model.layers.0.mlp.down_proj.lora_A.weight", "model.layers.0.mlp.down_proj.lora_B.weight"],
            adapters.Take(4).Select(p => p.Name));
        var downA = adapters[2].Parameter;
        Assert.Equal([3L, 48L], downA.shape);
        double bound = 1 / Math.Sqrt(48); // kaiming_uniform_(a=√5): gain √(2/6) · √(3/fan_in) = 1/√fan_in
        Assert.True(downA.abs().max().item<float>() <= bound);
        Assert.True(downA.abs().max().item<float>() > 0.8 * bound);
        Assert.Equal(0f, adapters[3].Parameter.abs().max().item<float>());
        Assert.True(adapters.Zip(again.Adapters.Parameters(again)).All(pair => TinyModels.Identical(pair.First.Parameter, pair.Second.Parameter)));
        Assert.All(model.NamedParameters(), p => Assert.Equal(LoraAdapters.IsAdapterName(p.Name), p.Parameter.requires_grad));
    }

    [Fact]
    public void Scaling_is_alpha_over_r_or_alpha_over_root_r_with_rslora()
    {
        Assert.Equal(2.0, new LoraConfig { Rank = 16, Alpha = 32 }.Scaling);
        Assert.Equal(8.0, new LoraConfig { Rank = 16, Alpha = 32, UseRslora = true }.Scaling);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_update_is_scaling_times_B_A_x(bool rslora)
    {
        var config = TinyLora.AllLinear(rank: 4, alpha: 6, rslora: rslora);
        using var model = TinyLora.Adapted("llama", ScalarType.Float64, config);
        using var merged = TinyLora.Adapted("llama", ScalarType.Float64, config);
        merged.Adapters.Merge();
        var named = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var weight = merged.NamedParameters().Single(p => p.Name == "model.layers.1.mlp.up_proj.weight").Parameter;
        var expected = named["model.layers.1.mlp.up_proj.weight"] + named["model.layers.1.mlp.up_proj.lora_B.weight"].matmul(named["model.layers.1.mlp.up_proj.lora_A.weight"]) * (rslora ? 6 / 2.0 : 6 / 4.0);
        Assert.True(TinyModels.MaxAbsDifference(weight, expected) < 1e-15);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Merging_reproduces_the_adapted_logits(string modelType)
    {
        using var adapted = TinyLora.Adapted(modelType, ScalarType.Float64, TinyLora.AllLinear());
        var ids = TinyModels.RandomIds(2, 9, adapted.Config.VocabSize, seed: 2);
        var expected = TinyLora.Logits(adapted, ids);
        adapted.Adapters.Merge();
        Assert.True(TinyModels.MaxAbsDifference(TinyLora.Logits(adapted, ids), expected) < 1e-10);
    }

    [Theory]
    [InlineData("llama", "model.layers.0.self_attn.q_proj.lora_A.weight", new long[] { 1, 5 })]
    [InlineData("llama", "model.layers.1.self_attn.v_proj.lora_B.weight", new long[] { 9, 2 })]
    [InlineData("llama", "model.layers.2.mlp.down_proj.lora_A.weight", new long[] { 3, 30 })]
    [InlineData("gemma2", "model.layers.1.self_attn.o_proj.lora_B.weight", new long[] { 7, 0 })]
    [InlineData("qwen2", "model.layers.0.mlp.gate_proj.lora_A.weight", new long[] { 2, 11 })]
    public void Adapter_gradients_match_central_differences(string modelType, string parameterName, long[] index)
    {
        using var model = TinyLora.Adapted(modelType, ScalarType.Float64, TinyLora.AllLinear());
        var parameter = model.NamedParameters().Single(p => p.Name == parameterName).Parameter;
        var ids = TinyModels.RandomIds(2, 9, model.Config.VocabSize, seed: 4);
        var (analytic, numeric) = GradientCheckTests.Derivatives(model, parameter, index, ids);
        Assert.True(Math.Abs(numeric) > 1e-6, $"{parameterName}: gradient {numeric:E2} too small to test");
        double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), 1e-3);
        Assert.True(error < 1e-6, $"{parameterName}: autograd {analytic:E10}, differences {numeric:E10}, relative error {error:E2}");
        Assert.All(model.NamedParameters().Where(p => !LoraAdapters.IsAdapterName(p.Name)), p => Assert.Null(p.Parameter.grad));
    }

    [Fact]
    public void Checkpointed_layers_recompute_the_same_dropout_and_give_the_same_gradients()
    {
        var config = TinyLora.AllLinear(dropout: 0.3);
        using var plain = TinyLora.Adapted("llama", ScalarType.Float64, config);
        using var checkpointed = TinyLora.Adapted("llama", ScalarType.Float64, config);
        checkpointed.GradientCheckpointing = true;
        plain.train();
        checkpointed.train();
        var ids = TinyModels.RandomIds(2, 9, plain.Config.VocabSize, seed: 4);
        foreach (var model in new[] { plain, checkpointed })
        {
            manual_seed(21);
            using var scope = NewDisposeScope();
            GradientCheckTests.Loss(model, ids).backward();
        }
        var expected = plain.Adapters.Parameters(plain);
        var actual = checkpointed.Adapters.Parameters(checkpointed);
        Assert.All(expected.Zip(actual), pair => Assert.True(TinyModels.MaxAbsDifference(pair.First.Parameter.grad!, pair.Second.Parameter.grad!) < 1e-12, pair.First.Name));
        manual_seed(21);
        using var noGrad = no_grad();
        var once = plain.Forward(ids);
        var twice = plain.Forward(ids);
        Assert.True(TinyModels.MaxAbsDifference(once, twice) > 1e-6, "dropout should change the training-mode forward pass");
    }

    [Theory]
    [InlineData("lm_head", "'lm_head' is not a linear layer of the decoder")]
    [InlineData("all-linear,q_proj", "give it alone")]
    public void Unknown_targets_are_refused_naming_the_choices(string targets, string message)
    {
        var error = Assert.Throws<WpoException>(() => LoraConfig.Targets(targets.Split(','), "recipe.yaml"));
        Assert.Contains(message, error.Message);
        Assert.StartsWith("recipe.yaml: ", error.Message);
    }
}
