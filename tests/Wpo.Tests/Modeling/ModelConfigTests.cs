using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Tests.Checkpoints;

namespace Wpo.Tests.Modeling;

public sealed class ModelConfigTests
{
    public static TheoryData<string> GoldenModels() => SharedFolders.GoldenCases("models");

    [Theory]
    [MemberData(nameof(GoldenModels))]
    [Trait("Category", "Golden")]
    public void The_parameters_a_config_implies_are_exactly_the_checkpoint_tensors(string name)
    {
        string directory = Path.Combine(SharedFolders.Golden("models"), name);
        var config = ModelConfig.Load(directory);
        var checkpoint = SafeTensorsCheckpoint.Open(directory);

        var expected = CausalLM.ParameterShapes(config).ToDictionary(p => p.Name, p => p.Shape);
        Assert.Equal(checkpoint.Names.Order(), expected.Keys.Order());
        foreach (var (tensorName, shape) in expected) Assert.Equal(checkpoint.Entry(tensorName).Shape, shape);
        Assert.Equal(checkpoint.Names.Sum(n => checkpoint.Entry(n).ElementCount), CausalLM.ParameterCount(config));
    }

    [Fact]
    public void Llama_3_8B_has_8_03_billion_parameters()
    {
        // shared/data has no config.json for Meta-Llama-3-8B-Instruct; these are the hub file's architecture keys.
        var config = ModelConfig.Parse(new JsonObject
        {
            ["model_type"] = "llama", ["vocab_size"] = 128256, ["hidden_size"] = 4096, ["intermediate_size"] = 14336,
            ["num_hidden_layers"] = 32, ["num_attention_heads"] = 32, ["num_key_value_heads"] = 8,
            ["rope_theta"] = 500000.0, ["rms_norm_eps"] = 1e-5, ["tie_word_embeddings"] = false,
        }, "Meta-Llama-3-8B-Instruct");
        Assert.Equal(8_030_261_248, CausalLM.ParameterCount(config));
    }

    [Theory]
    [InlineData("Mistral-7B-v0.1", 7_241_732_096)]
    [InlineData("Qwen2.5-0.5B-Instruct", 494_032_768)]
    public void Real_configs_give_the_published_parameter_counts(string model, long parameters)
    {
        var config = ModelConfig.Load(SharedFolders.Data(Path.Combine("model_configs", model)));
        Assert.Equal(parameters, CausalLM.ParameterCount(config));
    }

    [Fact]
    public void Gemma_2_9B_parameter_count_matches_its_checkpoint_index_total_size()
    {
        string directory = SharedFolders.Data("model_configs/gemma-2-9b-it");
        var config = ModelConfig.Load(directory);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "model.safetensors.index.json")))!;
        long totalBytes = index["metadata"]!["total_size"]!.GetValue<long>();
        Assert.Equal(totalBytes / 2, CausalLM.ParameterCount(config)); // bf16: 2 bytes per parameter

        Assert.True(config.TieWordEmbeddings);
        Assert.True(config.SandwichNorms && config.GemmaNorms);
        Assert.Equal(1 / Math.Sqrt(224), config.AttentionScale, 12);
        Assert.Equal((50.0, 30.0), (config.AttnLogitSoftcapping, config.FinalLogitSoftcapping));
        Assert.Equal(4096, config.SlidingWindow);
        Assert.Equal(Enumerable.Range(0, 42).Select(layer => layer % 2 == 0), Enumerable.Range(0, 42).Select(config.IsSlidingLayer));
        Assert.Equal(HiddenActivation.GeluTanh, config.Activation);
    }

    [Fact]
    public void Switches_follow_each_architecture()
    {
        var mistral = TinyModels.Config("mistral");
        Assert.True(Enumerable.Range(0, 3).All(mistral.IsSlidingLayer));
        Assert.False(mistral.QkvBias || mistral.OutputBias || mistral.TieWordEmbeddings);

        var qwen2 = TinyModels.Config("qwen2");
        Assert.True(qwen2.QkvBias && !qwen2.OutputBias && qwen2.TieWordEmbeddings);
        Assert.Null(qwen2.SlidingWindow);

        var gemma = TinyModels.Config("gemma");
        Assert.True(gemma.GemmaNorms && !gemma.SandwichNorms && gemma.TieWordEmbeddings);
        Assert.Equal((12, 1 / Math.Sqrt(12)), (gemma.HeadDim, gemma.AttentionScale));

        var llama = TinyModels.Config("llama");
        Assert.Equal(new RopeScaling(RopeScalingType.Llama3, 8, 1, 4, 16), llama.RopeScaling);
        Assert.Equal(HiddenActivation.Silu, llama.Activation);
    }

    [Fact]
    public void Layer_types_when_present_decide_which_layers_slide()
    {
        var json = TinyModels.Json("gemma2");
        json["layer_types"] = new JsonArray("full_attention", "sliding_attention", "sliding_attention", "full_attention");
        var config = ModelConfig.Parse(json, "test");
        Assert.Equal([false, true, true, false], Enumerable.Range(0, 4).Select(config.IsSlidingLayer));
    }

    [Fact]
    public void Linear_rope_scaling_divides_every_frequency_by_the_factor()
    {
        var json = TinyModels.Json("mistral");
        var plain = Rotary.InverseFrequencies(ModelConfig.Parse(json, "test"));
        json["rope_scaling"] = new JsonObject { ["type"] = "linear", ["factor"] = 4.0 };
        var scaled = Rotary.InverseFrequencies(ModelConfig.Parse(json, "test"));
        Assert.Equal(plain.Select(f => f / 4), scaled);
    }

    [Fact]
    public void Llama3_rope_scaling_keeps_short_wavelengths_slows_long_ones_and_blends_between()
    {
        // Original context 32 with low/high factors 1 and 4: wavelengths under 8 stay, over 32 slow down 8×.
        var json = TinyModels.Json("llama");
        json["head_dim"] = 16;
        json["rope_theta"] = 20.0;
        json["rope_scaling"]!["original_max_position_embeddings"] = 32;
        var scaled = Rotary.InverseFrequencies(ModelConfig.Parse(json, "test"));
        json.Remove("rope_scaling");
        var plain = Rotary.InverseFrequencies(ModelConfig.Parse(json, "test"));
        for (int i = 0; i < plain.Length; i++)
        {
            double wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 8) Assert.Equal(plain[i], scaled[i]);
            else if (wavelength > 32) Assert.Equal(plain[i] / 8, scaled[i], 1e-6);
            else Assert.InRange(scaled[i], plain[i] / 8, plain[i]);
        }
        var wavelengths = plain.Select(f => 2 * Math.PI / f).ToArray();
        Assert.Contains(wavelengths, w => w < 8);
        Assert.Contains(wavelengths, w => w is >= 8 and <= 32);
        Assert.Contains(wavelengths, w => w > 32);
    }

    [Fact]
    public void A_key_given_twice_is_refused_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        string json = TinyModels.Json("llama").ToJsonString();
        File.WriteAllText(folder.File(ModelConfig.FileName), json.Insert(1, "\"hidden_size\": 64, "));

        var error = Assert.Throws<ModelConfigException>(() => ModelConfig.Load(folder.Path));
        Assert.Contains(folder.File(ModelConfig.FileName), error.Message);
        Assert.Contains("hidden_size", error.Message);
    }

    [Theory]
    [InlineData("model_type", "\"phi3\"", "model_type 'phi3' is not supported; supported: llama, mistral, qwen2, gemma, gemma2")]
    [InlineData("hidden_size", null, "required key 'hidden_size' is missing")]
    [InlineData("hidden_size", "\"big\"", "'hidden_size' must be an integer; found \"big\"")]
    [InlineData("num_key_value_heads", "3", "num_attention_heads 4 is not a multiple of num_key_value_heads 3")]
    [InlineData("rope_scaling", "{\"rope_type\": \"yarn\", \"factor\": 2}", "rope_scaling type 'yarn' is not supported; supported: default, linear, llama3")]
    [InlineData("rope_scaling", "{\"rope_type\": \"llama3\", \"factor\": 2}", "required key 'low_freq_factor' is missing")]
    [InlineData("rope_scaling", "{\"rope_type\": \"linear\", \"factor\": 0}", "rope_scaling: 'factor' must be a positive number; found 0")]
    [InlineData("rope_theta", "-10000", "'rope_theta' must be a positive number; found -10000")]
    [InlineData("hidden_act", "\"relu\"", "activation 'relu' is not supported")]
    public void Bad_configs_fail_with_the_file_and_key(string key, string? value, string message)
    {
        using var folder = new TemporaryFolder();
        var json = TinyModels.Json("llama");
        if (value is null) json.Remove(key);
        else json[key] = JsonNode.Parse(value);
        File.WriteAllText(folder.File(ModelConfig.FileName), json.ToJsonString());

        var error = Assert.Throws<ModelConfigException>(() => ModelConfig.Load(folder.Path));
        Assert.Contains(folder.File(ModelConfig.FileName), error.Message);
        Assert.Contains(message, error.Message);
    }
}
