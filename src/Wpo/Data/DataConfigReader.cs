using Wpo.Configuration;
using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Reads the data keys of a recipe YAML into a <see cref="DataConfig"/>. Keys it does not know are left for the
/// trainer; a known key with a value of the wrong type is an error naming the key and the file.
/// </summary>
public static class DataConfigReader
{
    public static DataConfig Read(string path) => From(RecipeValues.Load(path));

    public static DataConfig From(RecipeValues values)
    {
        var config = new DataConfig();
        return config with
        {
            DatasetMixer = values.Mixer("dataset_mixer") ?? config.DatasetMixer,
            DatasetSplits = values.StringList("dataset_splits") ?? config.DatasetSplits,
            PreprocessingNumWorkers = values.PositiveInt("preprocessing_num_workers"),
            TruncationSide = values.Choice("truncation_side", ["left", "right"]),
            TruncationMode = values.Choice("truncation_mode", ["keep_end", "keep_start"], "keep_end") == "keep_start" ? TruncationMode.KeepStart : TruncationMode.KeepEnd,
            AutoInsertEmptySystemMsg = values.Bool("auto_insert_empty_system_msg", config.AutoInsertEmptySystemMsg),
            MaxLength = values.PositiveInt("max_length", config.MaxLength),
            MaxPromptLength = values.PositiveInt("max_prompt_length", config.MaxPromptLength),
            TokenizerPath = values.String("tokenizer_name_or_path") ?? values.String("model_name_or_path"),
            ChatTemplate = values.String("chat_template"),
            Schema = values.String("dataset_schema") is { } schema ? DataSchemaNames.Parse(schema, $"{values.Origin("dataset_schema")}: dataset_schema") : null,
            DataSeed = values.Int("data_seed", config.DataSeed),
            PromptLayout = values.Choice("prompt_layout", ["seed", "generation_prompt"], "seed") == "generation_prompt" ? PromptLayout.GenerationPrompt : PromptLayout.Seed,
            SpecialTokensInContent = values.Choice("special_tokens_in_content", ["escape", "parse"], "escape") == "parse"
                ? SpecialTokensInContent.Parse
                : SpecialTokensInContent.Escape,
            KeepOverBudgetPrompts = values.Bool("keep_over_budget_prompts", config.KeepOverBudgetPrompts),
            BadRows = values.Choice("bad_rows", ["skip", "fail"], "skip") == "fail" ? BadRowPolicy.Fail : BadRowPolicy.Skip,
            CacheDirectory = values.String("data_cache_dir"),
            GroupByLength = values.Bool("group_by_length", config.GroupByLength),
            Packing = values.Bool("packing", config.Packing),
        };
    }
}
