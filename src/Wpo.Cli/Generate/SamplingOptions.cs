using System.CommandLine;
using Wpo.Generation;

namespace Wpo.Cli.Generate;

/// <summary>The sampling flags of <c>wpo generate</c>; each given one overrides generation_config.json's value.</summary>
sealed class SamplingOptions
{
    public const int DefaultMaxNewTokens = 512;

    readonly Option<int> samples = new("--n") { Description = "Samples per prompt.", DefaultValueFactory = _ => 1 };
    readonly Option<double?> temperature = new("--temperature") { Description = "Softmax temperature; 0 decodes greedily, any other value samples." };
    readonly Option<bool> greedy = new("--greedy") { Description = "Greedy decoding whatever generation_config.json says." };
    readonly Option<double?> topP = new("--top-p") { Description = "Nucleus sampling: keep the most likely tokens up to this probability (1 = off)." };
    readonly Option<int?> topK = new("--top-k") { Description = "Keep the k most likely tokens (0 = off; transformers' default is 50)." };
    readonly Option<double?> minP = new("--min-p") { Description = "Drop tokens below min_p × the top token's probability." };
    readonly Option<double?> repetitionPenalty = new("--repetition-penalty") { Description = "transformers' repetition penalty over prompt and answer tokens (1 = off)." };
    readonly Option<double?> presencePenalty = new("--presence-penalty") { Description = "Subtracted from the logit of each token already generated (OpenAI/vLLM)." };
    readonly Option<double?> frequencyPenalty = new("--frequency-penalty") { Description = "Subtracted per earlier occurrence of a token in the answer (OpenAI/vLLM)." };
    readonly Option<int?> maxNewTokens = new("--max-new-tokens") { Description = $"New tokens per answer (default: generation_config.json's max_new_tokens or max_length, else {DefaultMaxNewTokens})." };
    readonly Option<string[]> stop = new("--stop") { Description = "Stop strings (repeatable): an answer ends where the first begins.", AllowMultipleArgumentsPerToken = true };
    readonly Option<long> seed = new("--seed") { Description = "Seed of the draws (each answer's depends on it and its prompt and sample index only).", DefaultValueFactory = _ => 42 };

    public IEnumerable<Option> All => [samples, temperature, greedy, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty, maxNewTokens, stop, seed];

    /// <summary>The flags as a function of the model's defaults.</summary>
    public Func<SamplingSettings, SamplingSettings> Read(ParseResult parse)
    {
        int n = parse.GetValue(samples);
        double? t = parse.GetValue(temperature);
        bool forceGreedy = parse.GetValue(greedy);
        double? p = parse.GetValue(topP), m = parse.GetValue(minP);
        int? k = parse.GetValue(topK), maxNew = parse.GetValue(maxNewTokens);
        double? repetition = parse.GetValue(repetitionPenalty), presence = parse.GetValue(presencePenalty), frequency = parse.GetValue(frequencyPenalty);
        string[] stops = parse.GetValue(stop) ?? [];
        long s = parse.GetValue(seed);
        return defaults => defaults with
        {
            DoSample = !forceGreedy && (t is double given ? given > 0 : defaults.DoSample),
            Temperature = t ?? defaults.Temperature,
            TopP = p ?? defaults.TopP,
            TopK = k ?? defaults.TopK,
            MinP = m ?? defaults.MinP,
            RepetitionPenalty = repetition ?? defaults.RepetitionPenalty,
            PresencePenalty = presence ?? defaults.PresencePenalty,
            FrequencyPenalty = frequency ?? defaults.FrequencyPenalty,
            MaxNewTokens = maxNew ?? defaults.MaxNewTokens ?? (defaults.MaxLength is null ? DefaultMaxNewTokens : null),
            StopStrings = stops,
            SamplesPerPrompt = n,
            Seed = s,
        };
    }
}
