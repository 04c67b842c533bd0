using Wpo.Text;

namespace Wpo.Data;

/// <summary>How the prompt/answer boundary is drawn (see README "Preference data").</summary>
public enum PromptLayout
{
    /// <summary>The seed's: prompt = template(prompt turns), answer = template(answer turns) with a leading BOS string removed.</summary>
    Seed,
    /// <summary>The prompt ends with the generation prompt (assistant header); the answer is the rest of the rendered conversation.</summary>
    GenerationPrompt,
}

/// <summary>Which end of an over-long prompt survives (TRL <c>truncation_mode</c>).</summary>
public enum TruncationMode
{
    KeepEnd,
    KeepStart,
}

/// <summary>What happens to a bad row (see <see cref="BadRowReason"/>).</summary>
public enum BadRowPolicy
{
    /// <summary>Skip it and count it by reason (the default).</summary>
    Skip,
    /// <summary>Stop with the row's file, number and problem (<c>--strict</c>).</summary>
    Fail,
}

/// <summary>
/// The data settings of a recipe (the seed's YAML keys, FIDELITY §3, plus this project's additions). Paths are as
/// written in the file; relative ones are taken from the current directory, as the seed's scripts do.
/// </summary>
public sealed record DataConfig
{
    /// <summary><c>dataset_mixer</c>: dataset path → fraction of its train split to use, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> DatasetMixer { get; init; } = [];

    /// <summary><c>dataset_splits</c>: names containing "train" feed the train split, those containing "test" the test split.</summary>
    public IReadOnlyList<string> DatasetSplits { get; init; } = ["train", "test"];

    /// <summary><c>preprocessing_num_workers</c>: threads for formatting and tokenizing; null = all cores.</summary>
    public int? PreprocessingNumWorkers { get; init; }

    /// <summary><c>truncation_side</c>: accepted for the seed's files; TRL's pair tokenization ignores it (see <see cref="TruncationMode"/>).</summary>
    public string? TruncationSide { get; init; }

    public TruncationMode TruncationMode { get; init; } = TruncationMode.KeepEnd;

    public bool AutoInsertEmptySystemMsg { get; init; } = true;

    /// <summary><c>max_length</c> (TRL 0.9's default 512).</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary><c>max_prompt_length</c> (TRL 0.9's default 128).</summary>
    public int MaxPromptLength { get; init; } = 128;

    /// <summary><c>tokenizer_name_or_path</c>, else <c>model_name_or_path</c>: the directory with tokenizer.json.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary><c>chat_template</c>: a template overriding the tokenizer's, inline (text with a Jinja tag) or a file path.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary><c>dataset_schema</c>: forces an adapter instead of detecting one from the first row.</summary>
    public DataSchema? Schema { get; init; }

    /// <summary><c>data_seed</c>: the mixer's shuffle seed; the alignment-handbook uses 42 whatever the training seed.</summary>
    public int DataSeed { get; init; } = 42;

    public PromptLayout PromptLayout { get; init; } = PromptLayout.Seed;

    /// <summary><c>special_tokens_in_content</c>: <c>escape</c> (default) or <c>parse</c> (the seed: control-token text in content becomes control tokens).</summary>
    public SpecialTokensInContent SpecialTokensInContent { get; init; } = SpecialTokensInContent.Escape;

    /// <summary><c>keep_over_budget_prompts</c>: keep rows whose prompt alone exceeds max_length, cut as the seed does, instead of skipping them.</summary>
    public bool KeepOverBudgetPrompts { get; init; }

    /// <summary><c>bad_rows</c>: <c>skip</c> or <c>fail</c>.</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.Skip;

    /// <summary><c>data_cache_dir</c>: where tokenized datasets are cached; null = <c>TokenizedCache.DefaultDirectory</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary><c>group_by_length</c>: batches of similar lengths (less padding).</summary>
    public bool GroupByLength { get; init; }

    /// <summary><c>packing</c>: several sequences per row with per-sequence positions and segment ids.</summary>
    public bool Packing { get; init; }
}
