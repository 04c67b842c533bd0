using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Tests.Checkpoints;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>Save → load gives identical tensors and logits, in one file or in shards, in the layout transformers reads.</summary>
public sealed class ModelSaverTests
{
    public static TheoryData<string, bool> TypesAndSharding() =>
        new(TinyModels.Types.SelectMany(type => new[] { (type, false), (type, true) }));

    [Theory]
    [MemberData(nameof(TypesAndSharding))]
    public void Saved_models_reload_with_identical_tensors_and_logits(string modelType, bool sharded)
    {
        using var folder = new TemporaryFolder();
        using var model = TinyModels.Create(modelType);
        model.Save(folder.Path, maxShardBytes: sharded ? 10_000 : ModelSaver.DefaultMaxShardBytes);
        using var reloaded = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);

        Assert.Equal(sharded, File.Exists(folder.File(SafeTensorsCheckpoint.IndexFileName)));
        Assert.Equal(!sharded, File.Exists(folder.File(SafeTensorsCheckpoint.SingleFileName)));
        AssertIdenticalParameters(model, reloaded);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(2, 11, model.Config.VocabSize, seed: 40);
        Assert.True(TinyModels.Identical(model.Forward(ids), reloaded.Forward(ids)), $"{modelType}: logits changed after save and load");
    }

    [Fact]
    public void A_bf16_model_round_trips_bit_for_bit_and_says_so_in_its_config()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyModels.Create("gemma2", ScalarType.BFloat16);
        model.Save(folder.Path, maxShardBytes: 5_000);
        using var reloaded = CausalLM.Load(folder.Path, ScalarType.BFloat16, CPU);

        AssertIdenticalParameters(model, reloaded);
        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.All(checkpoint.Names, name => Assert.Equal(ScalarType.BFloat16, checkpoint.Entry(name).DType));
        Assert.Equal("bfloat16", ReadConfig(folder)["torch_dtype"]!.GetValue<string>());
    }

    [Fact]
    public void A_config_with_the_newer_dtype_key_gets_it_updated_too()
    {
        // Newer transformers write "dtype", the new name of torch_dtype; a stale one would mislabel the weights.
        using var folder = new TemporaryFolder();
        var json = TinyModels.Json("llama");
        json["dtype"] = "bfloat16";
        using var model = CausalLM.Create(ModelConfig.Parse(json, "test"), ScalarType.Float32, CPU, seed: 2);
        model.Save(folder.Path);
        var config = ReadConfig(folder);
        Assert.Equal(("float32", "float32"), (config["dtype"]!.GetValue<string>(), config["torch_dtype"]!.GetValue<string>()));
    }

    [Fact]
    public void A_model_can_be_stored_in_another_dtype()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyModels.Create("llama");
        model.Save(folder.Path, dtype: ScalarType.BFloat16);
        using var reloaded = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);
        using var scope = NewDisposeScope();
        foreach (var ((name, original), (_, loaded)) in model.NamedParameters().Zip(reloaded.NamedParameters()))
            Assert.True(TinyModels.Identical(original.to(ScalarType.BFloat16).to(ScalarType.Float32), loaded), name);
    }

    [Fact]
    public void A_dtype_config_json_cannot_name_is_refused_before_the_previous_save_is_touched()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyModels.Create("llama");
        model.Save(folder.Path);
        var before = folder.FileNames().ToDictionary(name => name, name => File.ReadAllBytes(folder.File(name)));

        Assert.Contains("Int32", Assert.Throws<ArgumentException>(() => model.Save(folder.Path, dtype: ScalarType.Int32)).Message);

        Assert.Equal(before.Keys, folder.FileNames());
        foreach (var (name, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(folder.File(name)));
    }

    [Fact]
    public void The_saved_directory_has_what_transformers_from_pretrained_reads()
    {
        using var folder = new TemporaryFolder();
        using var model = TinyModels.Create("qwen2");
        model.Save(folder.Path, maxShardBytes: 10_000);

        var config = ReadConfig(folder);
        Assert.Equal("qwen2", config["model_type"]!.GetValue<string>());
        Assert.Equal("Qwen2ForCausalLM", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("float32", config["torch_dtype"]!.GetValue<string>());
        Assert.True(config["tie_word_embeddings"]!.GetValue<bool>());

        var index = JsonNode.Parse(File.ReadAllText(folder.File(SafeTensorsCheckpoint.IndexFileName)))!;
        var weightMap = index["weight_map"]!.AsObject();
        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.Equal(model.NamedParameters().Select(p => p.Name).Order(), weightMap.Select(e => e.Key).Order());
        Assert.DoesNotContain("lm_head.weight", weightMap.Select(e => e.Key));
        Assert.Equal(checkpoint.Names.Sum(n => checkpoint.Entry(n).ByteCount), index["metadata"]!["total_size"]!.GetValue<long>());
        Assert.All(checkpoint.Files, file => Assert.Equal("pt", file.Metadata["format"]));
        Assert.True(checkpoint.Files.Count > 1);
    }

    [Fact]
    public void A_config_changed_in_code_saves_and_reloads_as_the_model_it_built()
    {
        using var folder = new TemporaryFolder();
        var config = TinyModels.Config("llama") with { VocabSize = 301, NumHiddenLayers = 1 };
        using var model = CausalLM.Create(config, ScalarType.Float32, CPU, seed: 3);
        model.Save(folder.Path);
        var reloaded = ModelConfig.Load(folder.Path);
        Assert.Equal((301, 1), (reloaded.VocabSize, reloaded.NumHiddenLayers));
        using var again = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);
        AssertIdenticalParameters(model, again);
    }

    [Fact]
    public void A_config_changed_in_code_beyond_its_shape_saves_those_keys_and_reloads_as_the_same_model()
    {
        using var folder = new TemporaryFolder();
        var config = TinyModels.Config("gemma2") with
        {
            RmsNormEps = 1e-3, RopeTheta = 50.0, SlidingWindow = 3, QueryPreAttnScalar = 20, AttnLogitSoftcapping = 7.0, FinalLogitSoftcapping = null,
        };
        using var model = CausalLM.Create(config, ScalarType.Float32, CPU, seed: 5);
        model.Save(folder.Path);
        using var reloaded = CausalLM.Load(folder.Path, ScalarType.Float32, CPU);

        var saved = reloaded.Config;
        Assert.Equal((1e-3, 50.0, 3, 20.0, 7.0, (double?)null),
            (saved.RmsNormEps, saved.RopeTheta, saved.SlidingWindow, saved.QueryPreAttnScalar, saved.AttnLogitSoftcapping, saved.FinalLogitSoftcapping));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(1, 9, config.VocabSize, seed: 41);
        Assert.True(TinyModels.Identical(model.Forward(ids), reloaded.Forward(ids)), "logits changed after save and load");
    }

    [Fact]
    public void A_change_config_json_would_not_carry_is_refused_before_anything_is_written()
    {
        using var folder = new TemporaryFolder();
        var config = TinyModels.Config("llama") with { Activation = HiddenActivation.Gelu, MlpBias = true };
        using var model = CausalLM.Create(config, ScalarType.Float32, CPU, seed: 6);

        var error = Assert.Throws<ArgumentException>(() => model.Save(folder.Path));

        Assert.Contains("hidden_act is Gelu in the model but Silu in the saved file", error.Message);
        Assert.Contains("mlp_bias is True in the model but False", error.Message);
        Assert.Empty(folder.FileNames());
    }

    [Theory]
    [MemberData(nameof(GoldenModelTests.Models), MemberType = typeof(GoldenModelTests))]
    [Trait("Category", "Golden")]
    public void A_golden_model_saved_again_holds_the_reference_tensors_bit_for_bit(string name)
    {
        using var folder = new TemporaryFolder();
        var original = SafeTensorsCheckpoint.Open(GoldenModelTests.Directory(name));
        using var model = CausalLM.Load(GoldenModelTests.Directory(name), ScalarType.Float32, CPU);
        model.Save(folder.Path);

        var saved = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.Equal(original.Names.Order(), saved.Names.Order());
        using var scope = NewDisposeScope();
        foreach (string tensor in original.Names)
            Assert.True(TinyModels.Identical(original.Read(tensor), saved.Read(tensor)), $"{name}: {tensor} changed");
    }

    static void AssertIdenticalParameters(CausalLM expected, CausalLM actual)
    {
        Assert.Equal(expected.NamedParameters().Select(p => p.Name), actual.NamedParameters().Select(p => p.Name));
        foreach (var ((name, a), (_, b)) in expected.NamedParameters().Zip(actual.NamedParameters()))
        {
            Assert.True(TinyModels.Identical(a, b), $"{name} changed");
        }
    }

    static JsonNode ReadConfig(TemporaryFolder folder) => JsonNode.Parse(File.ReadAllText(folder.File(ModelConfig.FileName)))!;
}
