using Wpo.Data;
using Wpo.Text;

namespace Wpo.Tests.Data;

/// <summary>The whole pipeline on real data with the Llama 3 tokenizer and template from the goldens.</summary>
public class PreferencePipelineTests
{
    static DataConfig Config(TemporaryFolder temp) => new()
    {
        TokenizerPath = Path.Combine(SharedFolders.Golden("tokenizers"), "llama3"),
        ChatTemplate = Path.Combine(SharedFolders.Golden("preference_pairs"), "templates", "llama3-8b-instruct.jinja"),
        MaxLength = 1024,
        MaxPromptLength = 512,
        CacheDirectory = Path.Combine(temp.Path, "cache"),
        PreprocessingNumWorkers = 2,
    };

    [Fact]
    public void DpoEnDemoBuildsAccountsForEveryRowAndCaches()
    {
        using var temp = new TemporaryFolder();
        string data = SharedFolders.Data("llama_factory/dpo_en_demo.json");
        var pipeline = PreferencePipeline.Create(Config(temp));
        var plans = DatasetMixer.PlanWhole(data);
        PreferenceDataset dataset = pipeline.Build(plans);
        PreferenceSplit split = dataset["dpo_en_demo"];
        Assert.Equal(300, split.RowsRead);
        Assert.Equal(300, split.Pairs.Count + dataset.BadRows.Count);
        Assert.All(dataset.BadRows.Rows, row => Assert.Equal(BadRowReason.PromptOverBudget, row.Reason));
        Assert.NotEmpty(dataset.BadRows.Rows);
        Assert.All(split.Pairs, pair =>
        {
            Assert.True(pair.ChosenIds.Length <= 1024 && pair.RejectedIds.Length <= 1024);
            Assert.Equal(!pair.PromptTruncated, pair.ChosenIds[0] == 128000); // keep_end cuts BOS off with the prompt's start, as TRL does
            Assert.Equal(pair.ChosenIds[..pair.ChosenPromptLength], pair.RejectedIds[..pair.RejectedPromptLength]);
        });
        Assert.Contains(split.Pairs, pair => pair.PromptTruncated);

        PreferenceDataset again = PreferencePipeline.Create(Config(temp)).Build(plans);
        Assert.True(again.FromCache);
        Assert.Equal(split.Pairs.Select(pair => pair.ChosenIds.Length), again["dpo_en_demo"].Pairs.Select(pair => pair.ChosenIds.Length));

        PreferenceBatch batch = pipeline.Batcher(split, batchSize: 4, seed: 0).Batches(0, pipeline.PadId).First();
        Assert.Equal(8, batch.Shape[0]);
        Assert.Equal(128001, pipeline.PadId); // no pad token: EOS, as the alignment-handbook sets it
    }

    [Fact]
    public void ParallelWorkersGiveTheSameDatasetAsOne()
    {
        using var temp = new TemporaryFolder();
        var plans = DatasetMixer.PlanWhole(SharedFolders.Data("llama_factory/dpo_zh_demo.json"));
        TokenizedPair[] Build(int workers) =>
            [.. PreferencePipeline.Create(Config(temp) with { PreprocessingNumWorkers = workers }).Build(plans, useCache: false).Splits[0].Pairs];
        TokenizedPair[] one = Build(1), two = Build(2);
        Assert.Equal(one.Length, two.Length);
        Assert.All(one.Zip(two), pair =>
        {
            Assert.Equal(pair.First.Origin, pair.Second.Origin);
            Assert.Equal(pair.First.ChosenIds, pair.Second.ChosenIds);
            Assert.Equal(pair.First.RejectedIds, pair.Second.RejectedIds);
        });
    }

    [Fact]
    public void EveryKeyPartChangesTheCacheKey()
    {
        using var temp = new TemporaryFolder();
        string data = SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json");
        var plans = DatasetMixer.PlanWhole(data);
        DataConfig config = Config(temp);
        string Key(DataConfig c) => PreferencePipeline.Create(c).KeyFor(plans).Hash;
        string baseline = Key(config);
        Assert.Equal(baseline, Key(config));
        var changed = new[]
        {
            config with { MaxLength = 2048 },
            config with { MaxPromptLength = 256 },
            config with { TruncationMode = TruncationMode.KeepStart },
            config with { AutoInsertEmptySystemMsg = false },
            config with { PromptLayout = PromptLayout.GenerationPrompt },
            config with { SpecialTokensInContent = SpecialTokensInContent.Parse },
            config with { KeepOverBudgetPrompts = true },
            config with { ChatTemplate = Path.Combine(SharedFolders.Golden("preference_pairs"), "templates", "zephyr.jinja") },
            config with { TokenizerPath = Path.Combine(SharedFolders.Golden("tokenizers"), "mistral") },
            config with { Schema = DataSchema.StackExchangePaired },
            config with { BadRows = BadRowPolicy.Fail },
        };
        Assert.Equal(changed.Length, changed.Select(Key).Append(baseline).Distinct().Count() - 1);
    }

    [Fact]
    public void TheMixerPlanTheSeedAndEditsInPlaceChangeTheCacheKey()
    {
        using var temp = new TemporaryFolder();
        string data = SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json");
        // A tokenizer and a template of our own, to edit where they are (the key must follow contents, not paths).
        string tokenizer = Path.Combine(temp.Path, "tokenizer");
        Directory.CreateDirectory(tokenizer);
        foreach (string file in Directory.GetFiles(Path.Combine(SharedFolders.Golden("tokenizers"), "mistral")))
            File.Copy(file, Path.Combine(tokenizer, Path.GetFileName(file)));
        string template = temp.File("zephyr.jinja", File.ReadAllText(Path.Combine(SharedFolders.Golden("preference_pairs"), "templates", "zephyr.jinja")));
        DataConfig config = Config(temp) with { TokenizerPath = tokenizer, ChatTemplate = template, DatasetMixer = [new(data, 1.0)], DatasetSplits = ["train"] };
        string Key(DataConfig c) => PreferencePipeline.Create(c).KeyFor(DatasetMixer.Plan(c, "c.yaml")).Hash;

        var keys = new List<string> { Key(config), Key(config with { DataSeed = 7 }), Key(config with { DatasetMixer = [new(data, 0.5)] }) };
        File.AppendAllText(template, "{{ '' }}");
        keys.Add(Key(config));
        File.AppendAllText(Path.Combine(tokenizer, "tokenizer_config.json"), "\n");
        keys.Add(Key(config));
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys[^1], Key(config));
    }

    [Theory]
    [InlineData(SpecialTokensInContent.Escape, 1)]
    [InlineData(SpecialTokensInContent.Parse, 2)]
    public void ControlTokenTextInContentIsEscapedPerSetting(SpecialTokensInContent mode, int eotInPrompt)
    {
        using var temp = new TemporaryFolder();
        var record = new PreferenceRecord([new("user", "Say <|eot_id|> literally.")], [new("assistant", "ok")], [new("assistant", "no")], new RowOrigin("f", 0));
        // The tokenizer's own template, and a template named in the config: content is protected the same way.
        foreach (var config in new[] { Config(temp) with { ChatTemplate = null, SpecialTokensInContent = mode }, Config(temp) with { SpecialTokensInContent = mode } })
        {
            TokenizedPair pair = PreferencePipeline.Create(config).Encoder.Encode(record);
            Assert.Equal(eotInPrompt, pair.PromptIds.Count(id => id == 128009));
        }
    }

    [Fact]
    public void ConfigErrorsNameWhatIsWrong()
    {
        using var temp = new TemporaryFolder();
        DataConfig config = Config(temp);
        Assert.Contains("max_prompt_length", Assert.Throws<WpoException>(() => PreferencePipeline.Create(config with { MaxPromptLength = 1024 })).Message);
        Assert.Contains("nowhere", Assert.Throws<WpoException>(() => PreferencePipeline.Create(config with { TokenizerPath = "nowhere" })).Message);
        Assert.Contains("missing.jinja", Assert.Throws<WpoException>(() => PreferencePipeline.Create(config with { ChatTemplate = "missing.jinja" })).Message);
        Assert.Contains("model_name_or_path", Assert.Throws<WpoException>(() => PreferencePipeline.Create(config with { TokenizerPath = null })).Message);
        Assert.Contains("templates/chatml.j2", Assert.Throws<WpoException>(() => PreferencePipeline.Create(config with { ChatTemplate = "templates/chatml.j2" })).Message);
    }

    [Fact]
    public void AChatTemplateIsInlineJinjaOrAFileOfAnyName()
    {
        using var temp = new TemporaryFolder();
        const string Template = "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}{% endfor %}";
        string file = temp.File("chatml.j2", Template);
        foreach (string configured in new[] { Template, file })
        {
            var pipeline = PreferencePipeline.Create(Config(temp) with { ChatTemplate = configured });
            Assert.Equal(Template, pipeline.Template.Source);
        }
    }
}
