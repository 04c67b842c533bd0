using Wpo.Data;
using Wpo.Text;

namespace Wpo.Tests.Data;

public class DataConfigTests
{
    static string Config(string name) => Path.Combine(SharedFolders.RepositoryRoot, "configs", name);

    [Fact]
    public void LlamaRecipeReadsTheSeedsDataKeys()
    {
        DataConfig config = DataConfigReader.Read(Config("llama3-8b-instruct-wpo.yaml"));
        Assert.Equal([new KeyValuePair<string, double>("data/ultrafeedback_binarized", 1.0)], config.DatasetMixer);
        Assert.Equal(["train_prefs", "test_prefs"], config.DatasetSplits);
        Assert.Equal(12, config.PreprocessingNumWorkers);
        Assert.Equal(2048, config.MaxLength);
        Assert.Equal(1800, config.MaxPromptLength);
        Assert.Equal("models/Meta-Llama-3-8B-Instruct", config.TokenizerPath);
        Assert.True(config.AutoInsertEmptySystemMsg);
        Assert.Equal(TruncationMode.KeepEnd, config.TruncationMode);
        Assert.Equal(PromptLayout.Seed, config.PromptLayout);
        Assert.Equal(BadRowPolicy.Skip, config.BadRows);
    }

    [Fact]
    public void ZephyrRecipeHasItsLengths()
    {
        DataConfig config = DataConfigReader.Read(Config("zephyr-mistral-wpo.yaml"));
        Assert.Equal((1024, 512), (config.MaxLength, config.MaxPromptLength));
        Assert.Equal("models/mistral-7b-sft-beta", config.TokenizerPath);
    }

    [Fact]
    public void SmallConfigMixesThreeFiles()
    {
        DataConfig config = DataConfigReader.Read(Config("small-shared-data.yaml"));
        Assert.Equal([1.0, 1.0, 0.25], config.DatasetMixer.Select(entry => entry.Value));
        Assert.EndsWith(".jinja", config.ChatTemplate);
        Assert.Equal(["train"], config.DatasetSplits);
    }

    [Fact]
    public void ProjectKeysAndUnknownKeys()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("c.yaml", """
            tokenizer_name_or_path: tok
            model_name_or_path: model
            dataset_schema: hh
            truncation_mode: keep_start
            prompt_layout: generation_prompt
            special_tokens_in_content: parse
            bad_rows: fail
            keep_over_budget_prompts: true
            group_by_length: yes
            packing: true
            data_cache_dir: /tmp/cache
            some_trainer_key: {nested: [1, 2]}
            """);
        DataConfig config = DataConfigReader.Read(path);
        Assert.Equal("tok", config.TokenizerPath);
        Assert.Equal(DataSchema.HhTranscripts, config.Schema);
        Assert.Equal(TruncationMode.KeepStart, config.TruncationMode);
        Assert.Equal(PromptLayout.GenerationPrompt, config.PromptLayout);
        Assert.Equal(SpecialTokensInContent.Parse, config.SpecialTokensInContent);
        Assert.Equal(BadRowPolicy.Fail, config.BadRows);
        Assert.True(config.KeepOverBudgetPrompts && config.GroupByLength && config.Packing);
        Assert.Equal("/tmp/cache", config.CacheDirectory);
    }

    [Theory]
    [InlineData("max_length: long", "max_length")]
    [InlineData("auto_insert_empty_system_msg: maybe", "auto_insert_empty_system_msg")]
    [InlineData("dataset_mixer: [a, b]", "dataset_mixer")]
    [InlineData("dataset_mixer: {a: lots}", "dataset_mixer.a")]
    [InlineData("truncation_mode: middle", "truncation_mode")]
    [InlineData("max_prompt_length: [1]", "max_prompt_length")]
    [InlineData("dataset_schema: csv", "dataset_schema")]
    [InlineData("max_length: 0", "max_length")]
    [InlineData("max_prompt_length: -5", "max_prompt_length")]
    [InlineData("preprocessing_num_workers: 0", "preprocessing_num_workers")]
    public void WrongTypesNameTheKeyAndFile(string yaml, string key)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("bad.yaml", yaml);
        var error = Assert.Throws<WpoException>(() => DataConfigReader.Read(path));
        Assert.Contains(key, error.Message);
        Assert.Contains("bad.yaml", error.Message);
    }

    [Theory]
    [InlineData("max_length: 512\ndataset_splits: [train\nseed: 42\n", 3)]
    [InlineData("dataset_mixer: {a: 1.0\nmax_length: 512\n", 2)]
    [InlineData("model_name_or_path: \"unterminated\n", 1)]
    [InlineData("a: 1\na: 2\n", 2)]
    public void InvalidYamlIsAnErrorNamingTheFileAndLine(string yaml, int line)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("bad.yaml", yaml);
        var error = Assert.Throws<WpoException>(() => DataConfigReader.Read(path));
        Assert.StartsWith($"{path} line {line}: not valid YAML", error.Message);
    }
}
