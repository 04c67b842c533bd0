using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Tests.Checkpoints;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>A checkpoint that does not fit its config fails with one message listing every problem.</summary>
public sealed class ModelLoaderTests
{
    [Fact]
    public void Missing_misshaped_non_float_and_unexpected_tensors_are_all_listed()
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        var tensors = Parameters("llama")
            .Where(p => p.Name != "model.layers.1.mlp.up_proj.weight")
            .Select(p => p.Name switch
            {
                "model.norm.weight" => (p.Name, zeros(33)),
                "model.layers.0.input_layernorm.weight" => (p.Name, zeros([32], ScalarType.Int64)),
                _ => p,
            })
            .Append(("model.layers.3.mlp.up_proj.weight", zeros(48, 32)));
        Write(folder, "llama", tensors);

        var error = Assert.Throws<CheckpointMismatchException>(() => CausalLM.Load(folder.Path, ScalarType.Float32, CPU));
        Assert.Contains($"{folder.Path}: the checkpoint does not match the llama model its config.json describes (3 layers, hidden 32, vocab 61", error.Message);
        Assert.Contains("missing: model.layers.1.mlp.up_proj.weight [48, 32] (loaded as F32)", error.Message);
        Assert.Contains("wrong shape: model.norm.weight expected [32], found [33]", error.Message);
        Assert.Contains("wrong dtype: model.layers.0.input_layernorm.weight expected a floating-point type (loaded as F32), found I64", error.Message);
        Assert.Contains("unexpected: model.layers.3.mlp.up_proj.weight [48, 32] F32", error.Message);
    }

    [Fact]
    public void A_tied_model_ignores_a_saved_lm_head_and_old_rotary_buffers()
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        var parameters = Parameters("qwen2");
        var embedding = parameters.Single(p => p.Name == "model.embed_tokens.weight").Tensor;
        Write(folder, "qwen2", parameters
            .Append(("lm_head.weight", embedding.clone()))
            .Append(("model.layers.0.self_attn.rotary_emb.inv_freq", ones(4))));

        using var model = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name == "lm_head.weight");
        Assert.Equal(parameters.Count, model.NamedParameters().Count);
        Assert.Same(model.NamedParameters().Single(p => p.Name == "model.embed_tokens.weight").Parameter, model.LmHeadWeight);
    }

    [Fact]
    public void An_untied_model_needs_its_lm_head()
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        Write(folder, "mistral", Parameters("mistral").Where(p => p.Name != "lm_head.weight"));
        var error = Assert.Throws<CheckpointMismatchException>(() => CausalLM.Load(folder.Path, ScalarType.Float32, CPU));
        Assert.Contains("missing: lm_head.weight [61, 32]", error.Message);
    }

    [Fact]
    public void An_unsupported_model_type_names_the_supported_ones()
    {
        using var folder = new TemporaryFolder();
        var json = TinyModels.Json("llama");
        json["model_type"] = "falcon";
        File.WriteAllText(folder.File(ModelConfig.FileName), json.ToJsonString());
        var error = Assert.Throws<ModelConfigException>(() => CausalLM.Load(folder.Path, ScalarType.Float32, CPU));
        Assert.Equal($"{folder.File(ModelConfig.FileName)}: model_type 'falcon' is not supported; supported: llama, mistral, qwen2, gemma, gemma2.", error.Message);
    }

    [Fact]
    public void Loaded_parameters_are_trainable_in_the_requested_dtype()
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        Write(folder, "gemma2", Parameters("gemma2"));
        using var model = CausalLM.Load(folder.Path, ScalarType.BFloat16, CPU);
        Assert.All(model.NamedParameters(), p =>
        {
            Assert.True(p.Parameter.requires_grad, p.Name);
            Assert.Equal(ScalarType.BFloat16, p.Parameter.dtype);
            Assert.Equal(TorchSharp.DeviceType.CPU, p.Parameter.device_type);
        });
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.ComplexFloat32)]
    public void A_non_floating_dtype_is_refused_before_any_weight_is_read(ScalarType dtype)
    {
        using var folder = new TemporaryFolder();
        using var scope = NewDisposeScope();
        Write(folder, "llama", Parameters("llama"));
        Assert.Contains(dtype.ToString(), Assert.Throws<ArgumentException>(() => CausalLM.Load(folder.Path, dtype, CPU)).Message);
        Assert.Contains(dtype.ToString(), Assert.Throws<ArgumentException>(() => CausalLM.Create(TinyModels.Config("llama"), dtype, CPU, seed: 1)).Message);
    }

    [Fact]
    public void Parameters_carry_hugging_face_names_and_are_registered_once()
    {
        using var model = TinyModels.Create("gemma2");
        var names = model.NamedParameters().Select(p => p.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal(model.parameters().Count(), names.Count);
        Assert.Contains("model.layers.2.post_feedforward_layernorm.weight", names);
        Assert.Contains("model.layers.0.self_attn.q_proj.weight", names);
        Assert.Equal(CausalLM.ParameterShapes(model.Config).Select(p => p.Name), names);
    }

    static List<(string Name, Tensor Tensor)> Parameters(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        return model.NamedParameters().Select(p => (p.Name, p.Parameter.detach().clone())).ToList();
    }

    static void Write(TemporaryFolder folder, string modelType, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        File.WriteAllText(folder.File(ModelConfig.FileName), TinyModels.Json(modelType).ToJsonString());
        SafeTensorsCheckpointWriter.Write(folder.Path, tensors, ModelSaver.DefaultMaxShardBytes);
    }
}
