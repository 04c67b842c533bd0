using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Modeling;

namespace Wpo.Generation;

/// <summary>
/// A model directory's <c>generation_config.json</c> as transformers' <c>GenerationConfig.from_pretrained</c> reads
/// it: each key present overrides GenerationConfig's default (do_sample false, temperature 1, top_k 50, top_p 1,
/// no min_p, repetition_penalty 1); <c>null</c> turns a warper off. Without the file, or without
/// <c>eos_token_id</c> in it, the end-of-sequence ids come from <c>config.json</c> (<c>from_model_config</c>).
/// </summary>
public static class GenerationConfigFile
{
    public const string FileName = "generation_config.json";

    public static SamplingSettings Read(string directory, ModelConfig model)
    {
        string path = Path.Combine(directory, FileName);
        var defaults = new SamplingSettings { EosTokenIds = model.EosTokenIds };
        if (!File.Exists(path)) return defaults;
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new WpoException($"{path}: not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path}: not valid JSON ({e.Message}).", e);
        }
        // Wrong types are ModelConfigExceptions (WpoExceptions) naming the file and the key.
        var file = new ConfigJson(json, path);
        IReadOnlyList<long> eos = file.Ids("eos_token_id");
        return defaults with
        {
            DoSample = file.Bool("do_sample", defaults.DoSample),
            Temperature = file.NullableDouble("temperature", defaults.Temperature) ?? 1.0,
            TopK = file.NullableInt("top_k", defaults.TopK) ?? 0,
            TopP = file.NullableDouble("top_p", defaults.TopP) ?? 1.0,
            MinP = file.NullableDouble("min_p", null),
            RepetitionPenalty = file.NullableDouble("repetition_penalty", defaults.RepetitionPenalty) ?? 1.0,
            MaxNewTokens = file.NullableInt("max_new_tokens", null),
            MaxLength = file.NullableInt("max_length", null),
            EosTokenIds = eos.Count > 0 ? eos : defaults.EosTokenIds,
        };
    }
}
