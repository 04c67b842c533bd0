using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Everything between a recipe and tokenized splits: the tokenizer (with the configured special-token mode), the
/// chat template, the pair encoder, and the cached build. This is what the trainer and <c>wpo data</c> call:
/// <code>
/// var pipeline = PreferencePipeline.Create(DataConfigReader.Read(path));
/// PreferenceDataset data = pipeline.Build(DatasetMixer.Plan(pipeline.Config, path));
/// </code>
/// </summary>
public sealed class PreferencePipeline
{
    PreferencePipeline(DataConfig config, Tokenizer tokenizer, ChatTemplate template)
    {
        Config = config;
        Tokenizer = tokenizer;
        Template = template;
        Encoder = new PreferencePairEncoder(
            PreferenceFormatter.For(template, tokenizer, config.AutoInsertEmptySystemMsg, config.PromptLayout), tokenizer, config);
    }

    public DataConfig Config { get; }

    public Tokenizer Tokenizer { get; }

    public ChatTemplate Template { get; }

    public PreferencePairEncoder Encoder { get; }

    /// <summary>Threads for formatting and tokenizing: <c>preprocessing_num_workers</c>, else every core.</summary>
    public int Workers => Config.PreprocessingNumWorkers ?? Environment.ProcessorCount;

    /// <summary>The pad id of batches: the tokenizer's pad token, else EOS (as the alignment-handbook sets it), else 0.</summary>
    public long PadId => Tokenizer.PadId ?? Tokenizer.EosId ?? 0;

    /// <summary>Loads the tokenizer from <paramref name="tokenizerDirectory"/> (else the config's) and resolves the template.</summary>
    public static PreferencePipeline Create(DataConfig config, string? tokenizerDirectory = null)
    {
        if (config.MaxPromptLength <= 0 || config.MaxPromptLength >= config.MaxLength)
            throw new WpoException($"max_prompt_length ({config.MaxPromptLength}) must be positive and below max_length ({config.MaxLength}).");
        if (config.PreprocessingNumWorkers < 1)
            throw new WpoException($"preprocessing_num_workers must be at least 1 (got {config.PreprocessingNumWorkers}).");
        string directory = tokenizerDirectory ?? config.TokenizerPath
            ?? throw new WpoException("no tokenizer: set model_name_or_path (or tokenizer_name_or_path) in the config, or pass --model.");
        if (!Directory.Exists(directory)) throw new WpoException($"{directory}: tokenizer directory not found.");
        Tokenizer tokenizer = Tokenizer.Load(directory, config.SpecialTokensInContent);
        return new PreferencePipeline(config, tokenizer, ResolveTemplate(config.ChatTemplate, tokenizer, directory));
    }

    static ChatTemplate ResolveTemplate(string? configured, Tokenizer tokenizer, string directory)
    {
        if (configured is null)
            return tokenizer.ChatTemplate
                ?? throw new WpoException($"{directory}: the tokenizer has no chat template; set chat_template in the config (inline or a .jinja file).");
        // Text with a Jinja tag is the template itself (as the alignment-handbook takes it); anything else names a
        // file. Rendering a mistyped path as a template would give every row the same text, silently.
        if (configured.Contains("{{", StringComparison.Ordinal) || configured.Contains("{%", StringComparison.Ordinal))
            return new ChatTemplate(configured, "chat_template in the config");
        return File.Exists(configured)
            ? new ChatTemplate(File.ReadAllText(configured), configured)
            : throw new WpoException($"{configured}: chat_template file not found (an inline template needs a {{{{ }}}} or {{% %}} tag).");
    }

    /// <summary>The cache key of building <paramref name="plans"/> with this pipeline's tokenizer, template and settings.</summary>
    public CacheKey KeyFor(IReadOnlyList<SplitPlan> plans) => new CacheKey()
        .AddPlans(plans)
        .Add("schema", Config.Schema)
        .Add("data_seed", Config.DataSeed)
        .Add("bad_rows", Config.BadRows)
        .Add("tokenizer", Tokenizer.Fingerprint)
        .Add("template", Template.Source)
        .Add("max_length", Config.MaxLength)
        .Add("max_prompt_length", Config.MaxPromptLength)
        .Add("truncation_mode", Config.TruncationMode)
        .Add("auto_insert_empty_system_msg", Config.AutoInsertEmptySystemMsg)
        .Add("prompt_layout", Config.PromptLayout)
        .Add("special_tokens_in_content", Config.SpecialTokensInContent)
        .Add("keep_over_budget_prompts", Config.KeepOverBudgetPrompts);

    /// <summary>Builds (or reads from the cache) the tokenized splits of <paramref name="plans"/>.</summary>
    public PreferenceDataset Build(IReadOnlyList<SplitPlan> plans, bool useCache = true, Action<string>? notice = null, Action<long>? progress = null)
    {
        var builder = new PreferenceDatasetBuilder(Encoder.Encode, Config.Schema, Config.BadRows, Workers, Config.DataSeed) { Progress = progress };
        if (!useCache) return builder.Build(plans);
        var cache = new TokenizedCache(Config.CacheDirectory ?? TokenizedCache.DefaultDirectory);
        return cache.GetOrBuild(KeyFor(plans), () => builder.Build(plans), notice);
    }

    /// <summary>A batcher over a split with the config's length grouping.</summary>
    public PreferenceBatcher Batcher(PreferenceSplit split, int batchSize, int seed, bool shuffle = true) =>
        new(split.Pairs, batchSize, seed, shuffle, Config.GroupByLength);
}
