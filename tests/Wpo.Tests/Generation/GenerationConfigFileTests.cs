using System.Text.Json.Nodes;
using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Tests.Modeling;

namespace Wpo.Tests.Generation;

/// <summary>generation_config.json read as transformers' GenerationConfig reads it, with config.json's EOS ids as the fallback.</summary>
public sealed class GenerationConfigFileTests
{
    static ModelConfig Config()
    {
        JsonObject json = TinyModels.Json("llama");
        json["eos_token_id"] = 2;
        return ModelConfig.Parse(json, "test config");
    }

    [Fact]
    public void Llama_3_instructs_file_gives_its_values_and_transformers_defaults_for_the_rest()
    {
        using var folder = new TemporaryFolder();
        folder.File(GenerationConfigFile.FileName, """{"bos_token_id": 128000, "do_sample": true, "eos_token_id": [128001, 128009], "max_length": 4096, "temperature": 0.6, "top_p": 0.9}""");
        var settings = GenerationConfigFile.Read(folder.Path, Config());
        Assert.True(settings.DoSample);
        Assert.Equal(0.6, settings.Temperature);
        Assert.Equal(0.9, settings.TopP);
        Assert.Equal(50, settings.TopK);
        Assert.Null(settings.MinP);
        Assert.Equal(1.0, settings.RepetitionPenalty);
        Assert.Equal([128001L, 128009L], settings.EosTokenIds);
        Assert.Equal(4096, settings.MaxLength);
        Assert.Null(settings.MaxNewTokens);
        Assert.Equal(4096 - 100, settings.Budget(100));
    }

    [Fact]
    public void Without_the_file_decoding_is_greedy_and_ends_at_config_jsons_eos()
    {
        using var folder = new TemporaryFolder();
        var settings = GenerationConfigFile.Read(folder.Path, Config());
        Assert.True(settings.IsGreedy);
        Assert.Equal([2L], settings.EosTokenIds);
    }

    [Fact]
    public void Null_turns_a_warper_off_and_a_file_without_eos_falls_back_to_config_json()
    {
        using var folder = new TemporaryFolder();
        folder.File(GenerationConfigFile.FileName, """{"do_sample": true, "top_k": null, "min_p": 0.1, "repetition_penalty": 1.1, "max_new_tokens": 64}""");
        var settings = GenerationConfigFile.Read(folder.Path, Config());
        Assert.Equal(0, settings.TopK);
        Assert.Equal(0.1, settings.MinP);
        Assert.Equal(1.1, settings.RepetitionPenalty);
        Assert.Equal(64, settings.Budget(1000));
        Assert.Equal([2L], settings.EosTokenIds);
    }

    [Fact]
    public void Real_gemma_2_file_is_read()
    {
        string directory = SharedFolders.Data("model_configs/gemma-2-9b-it");
        var settings = GenerationConfigFile.Read(directory, Config());
        Assert.False(settings.DoSample);
        Assert.Equal([1L], settings.EosTokenIds);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_file_and_the_key()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File(GenerationConfigFile.FileName, """{"temperature": "hot"}""");
        var error = Assert.ThrowsAny<WpoException>(() => GenerationConfigFile.Read(folder.Path, Config()));
        Assert.Contains(path, error.Message);
        Assert.Contains("'temperature'", error.Message);
    }

    [Theory]
    [InlineData(-1.0, 1.0, "temperature")]
    [InlineData(1.0, 0.0, "top_p")]
    public void Validation_refuses_meaningless_values_naming_the_setting(double temperature, double topP, string name)
    {
        var settings = new SamplingSettings { Temperature = temperature, TopP = topP, MaxNewTokens = 4 };
        Assert.StartsWith(name, Assert.Throws<WpoException>(() => settings.Validate()).Message);
    }
}
