using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling.Lora;

/// <summary>
/// Adapter directories as PEFT writes them, checked against peft's source (huggingface/peft main:
/// utils/save_and_load.py get_peft_model_state_dict, tuners/lora/config.py LoraConfig, utils/constants.py
/// SAFETENSORS_WEIGHTS_NAME).
/// </summary>
public sealed class PeftAdapterTests
{
    [Fact]
    public void Saved_names_shapes_and_config_keys_are_peft_s()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyLora.Adapted("llama", ScalarType.Float32, new LoraConfig { Rank = 4, Alpha = 16, Dropout = 0.05, TargetModules = ["q_proj", "v_proj"] });
        PeftAdapter.Save(model, folder.Path, "meta-llama/Llama-3.2-1B");
        Assert.Equal(["adapter_config.json", "adapter_model.safetensors"], folder.FileNames());

        var file = SafeTensorsFile.Open(Path.Combine(folder.Path, "adapter_model.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(3 * 2 * 2, file.Tensors.Count);
        Assert.Equal([4L, 32L], file.Tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"].Shape);
        Assert.Equal([16L, 4L], file.Tensors["base_model.model.model.layers.2.self_attn.v_proj.lora_B.weight"].Shape);
        Assert.All(file.Tensors.Values, entry => Assert.Equal(ScalarType.Float32, entry.DType));

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "adapter_config.json")))!.AsObject();
        Assert.Equal("LORA", json["peft_type"]!.GetValue<string>());
        Assert.Equal("CAUSAL_LM", json["task_type"]!.GetValue<string>());
        Assert.Equal(4, json["r"]!.GetValue<int>());
        Assert.Equal(16, json["lora_alpha"]!.GetValue<int>());
        Assert.Equal(0.05, json["lora_dropout"]!.GetValue<double>());
        Assert.Equal(["q_proj", "v_proj"], json["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("none", json["bias"]!.GetValue<string>());
        Assert.False(json["use_rslora"]!.GetValue<bool>());
        Assert.False(json["fan_in_fan_out"]!.GetValue<bool>());
        Assert.Equal("meta-llama/Llama-3.2-1B", json["base_model_name_or_path"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void A_saved_adapter_round_trips_onto_its_base(ScalarType dtype)
    {
        using var folder = new TemporaryFolder();
        var config = TinyLora.AllLinear(rank: 3, alpha: 5, rslora: true);
        using var trained = TinyLora.Adapted("gemma2", dtype, config);
        PeftAdapter.Save(trained, folder.Path, "base");
        using var loaded = TinyModels.Create("gemma2", dtype);
        PeftAdapter.Load(loaded, folder.Path);
        Assert.Equal(config, loaded.Adapters.Config! with { TargetModules = config.TargetModules });
        Assert.Equal(config.TargetModules, loaded.Adapters.Config.TargetModules);
        var ids = TinyModels.RandomIds(2, 9, trained.Config.VocabSize, seed: 2);
        Assert.True(TinyModels.Identical(TinyLora.Logits(trained, ids), TinyLora.Logits(loaded, ids)));
        Assert.All(trained.Adapters.Parameters(trained).Zip(loaded.Adapters.Parameters(loaded)), pair =>
        {
            Assert.Equal(pair.First.Name, pair.Second.Name);
            Assert.Equal(ScalarType.Float32, pair.Second.Parameter.dtype);
            Assert.True(TinyModels.Identical(pair.First.Parameter, pair.Second.Parameter));
        });
    }

    [Fact]
    public void Saving_the_model_leaves_the_adapters_out()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyLora.Adapted("llama", ScalarType.Float32, TinyLora.AllLinear());
        model.Save(folder.Path);
        using var reloaded = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);
        var ids = TinyModels.RandomIds(1, 7, model.Config.VocabSize, seed: 2);
        Assert.True(TinyModels.Identical(model.Adapters.WithoutAdapters(() => TinyLora.Logits(model, ids)), TinyLora.Logits(reloaded, ids)));
    }

    [Fact]
    public void An_adapter_for_another_shape_is_refused_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyLora.Adapted("llama", ScalarType.Float32, new LoraConfig { Rank = 2, TargetModules = ["q_proj"] });
        PeftAdapter.Save(model, folder.Path, "base");
        using var other = TinyModels.Create("gemma2");
        var error = Assert.Throws<WpoException>(() => PeftAdapter.Load(other, folder.Path));
        Assert.Contains("wrong shape: base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", error.Message);
        Assert.Contains("missing: base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight", error.Message);
    }

    [Theory]
    [InlineData("\"use_dora\": true", "use_dora: true is not supported")]
    [InlineData("\"peft_type\": \"IA3\"", "only LORA adapters")]
    [InlineData("\"target_modules\": \".*proj\"", "target_modules \".*proj\" is not supported")]
    [InlineData("\"r\": 0", "the rank must be at least 1")]
    public void Unsupported_configs_are_refused_in_one_line(string entry, string message)
    {
        using var folder = new TemporaryFolder();
        var json = JsonNode.Parse("""{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"]}""")!.AsObject();
        foreach (var (key, value) in JsonNode.Parse("{" + entry + "}")!.AsObject().ToList()) json[key] = value?.DeepClone();
        folder.File("adapter_config.json", json.ToJsonString());
        var error = Assert.Throws<WpoException>(() => PeftAdapter.ReadConfig(folder.Path));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }
}
