using System.CommandLine;
using Wpo.Data;
using Wpo.Text;

namespace Wpo.Cli.Commands;

/// <summary>The data options shared by <c>wpo data inspect</c> and <c>wpo bench data</c>; each overrides the config's key.</summary>
sealed class DataOptions
{
    public readonly Option<string?> Model = new("--model") { Description = "Tokenizer (model) directory; default: the config's model_name_or_path." };
    public readonly Option<string?> Template = new("--template") { Description = "Chat template file (Jinja) instead of the tokenizer's." };
    public readonly Option<string?> Schema = new("--schema") { Description = $"Force the row schema: {string.Join(", ", DataSchemaNames.All)}." };
    public readonly Option<bool> Strict = new("--strict") { Description = "Stop at the first bad row instead of skipping and counting it." };
    public readonly Option<int?> MaxLength = new("--max-length") { Description = "max_length (default: the config's, else 512)." };
    public readonly Option<int?> MaxPromptLength = new("--max-prompt-length") { Description = "max_prompt_length (default: the config's, else 128)." };
    public readonly Option<string?> Layout = new("--layout") { Description = "Prompt layout: seed (default) or generation_prompt." };
    public readonly Option<bool> ParseSpecialTokens = new("--parse-special-tokens") { Description = "Encode control-token text found in content as control tokens (the seed's behaviour)." };
    public readonly Option<bool> KeepLongPrompts = new("--keep-long-prompts") { Description = "Keep rows whose prompt alone exceeds max_length, cut as the seed does." };
    public readonly Option<int?> Workers = new("--workers") { Description = "Preprocessing threads (default: preprocessing_num_workers, else all cores)." };

    public IEnumerable<Option> All => [Model, Template, Schema, Strict, MaxLength, MaxPromptLength, Layout, ParseSpecialTokens, KeepLongPrompts, Workers];

    public DataConfig Apply(DataConfig config, ParseResult parse) => config with
    {
        ChatTemplate = parse.GetValue(Template) switch
        {
            null => config.ChatTemplate,
            string file when File.Exists(file) => file,
            string file => throw new WpoException($"--template {file}: file not found."),
        },
        Schema = parse.GetValue(Schema) is { } schema ? DataSchemaNames.Parse(schema, "--schema") : config.Schema,
        BadRows = parse.GetValue(Strict) ? BadRowPolicy.Fail : config.BadRows,
        MaxLength = parse.GetValue(MaxLength) ?? config.MaxLength,
        MaxPromptLength = parse.GetValue(MaxPromptLength) ?? config.MaxPromptLength,
        PromptLayout = parse.GetValue(Layout) switch
        {
            null => config.PromptLayout,
            "seed" => PromptLayout.Seed,
            "generation_prompt" => PromptLayout.GenerationPrompt,
            string other => throw new WpoException($"--layout {other}: use seed or generation_prompt."),
        },
        SpecialTokensInContent = parse.GetValue(ParseSpecialTokens) ? SpecialTokensInContent.Parse : config.SpecialTokensInContent,
        KeepOverBudgetPrompts = parse.GetValue(KeepLongPrompts) || config.KeepOverBudgetPrompts,
        PreprocessingNumWorkers = parse.GetValue(Workers) ?? config.PreprocessingNumWorkers,
    };
}
