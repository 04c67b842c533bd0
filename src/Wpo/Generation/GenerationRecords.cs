using System.Text.Json.Nodes;
using Wpo.Data;

namespace Wpo.Generation;

/// <summary>
/// The lines <c>wpo generate</c> writes (read back as <see cref="OutputLine"/>), one JSON object per prompt: <c>index</c>, <c>prompt</c>,
/// <c>messages</c>, <c>outputs</c> (<c>text</c>, <c>token_count</c>, <c>finish_reason</c>), <c>settings</c> and,
/// for prompts read from preference rows, <c>original</c> (<c>chosen</c>, <c>rejected</c>, <c>score_chosen</c>,
/// <c>score_rejected</c>).
/// </summary>
public static class GenerationRecords
{
    /// <summary>Every effective setting that decides the outputs, with transformers' names, the model directory (and adapter, null without one) and the dtype.</summary>
    public static JsonObject Settings(SamplingSettings settings, string model, string? adapter, string dtype) => new()
    {
        ["model"] = model,
        ["adapter"] = adapter,
        ["dtype"] = dtype,
        ["do_sample"] = !settings.IsGreedy,
        ["temperature"] = settings.Temperature,
        ["top_k"] = settings.TopK,
        ["top_p"] = settings.TopP,
        ["min_p"] = settings.MinP,
        ["repetition_penalty"] = settings.RepetitionPenalty,
        ["presence_penalty"] = settings.PresencePenalty,
        ["frequency_penalty"] = settings.FrequencyPenalty,
        ["max_new_tokens"] = settings.MaxNewTokens,
        ["max_length"] = settings.MaxNewTokens is null ? settings.MaxLength : null,
        ["eos_token_id"] = new JsonArray([.. settings.EosTokenIds.Select(id => (JsonNode)id)]),
        ["stop"] = new JsonArray([.. settings.StopStrings.Select(stop => (JsonNode)stop)]),
        ["n"] = settings.SamplesPerPrompt,
        ["seed"] = settings.Seed,
    };

    public static JsonObject Line(long index, PromptRecord prompt, IReadOnlyList<GeneratedSequence> outputs, JsonObject settings)
    {
        var line = new JsonObject
        {
            ["index"] = index,
            ["prompt"] = prompt.Prompt,
            ["messages"] = OutputLine.ToJson(prompt.Messages),
            ["outputs"] = new JsonArray([.. outputs.Select(output => (JsonNode)new JsonObject
            {
                ["text"] = output.Text,
                ["token_count"] = output.Tokens.Count,
                ["finish_reason"] = FinishReasonNames.NameOf(output.Reason),
            })]),
            ["settings"] = settings.DeepClone(),
        };
        if (prompt.Original is { } original)
            line["original"] = new JsonObject
            {
                ["chosen"] = OutputLine.ToJson(original.Chosen),
                ["rejected"] = OutputLine.ToJson(original.Rejected),
                ["score_chosen"] = original.ScoreChosen,
                ["score_rejected"] = original.ScoreRejected,
            };
        return line;
    }
}
