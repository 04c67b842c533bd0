namespace Wpo.Generation;

/// <summary>
/// The effective decoding settings, with transformers' <c>GenerationConfig</c> names and defaults (temperature 1,
/// top_k 50, top_p 1, no min_p, repetition_penalty 1) plus the OpenAI/vLLM presence and frequency penalties.
/// Decoding is greedy when <see cref="DoSample"/> is false or <see cref="Temperature"/> is 0; the penalties apply
/// either way, the warpers (temperature, top-k, top-p, min-p) only when sampling, as in transformers.
/// </summary>
public sealed record SamplingSettings
{
    public bool DoSample { get; init; }
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep the k most likely tokens (ties at the k-th logit kept too); 0 turns it off.</summary>
    public int TopK { get; init; } = 50;

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p; 1 turns it off.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Drop tokens whose probability is below min_p × the top token's; null turns it off.</summary>
    public double? MinP { get; init; }

    /// <summary>transformers' (CTRL's) penalty on every token already in the row, prompt included: logit ÷ p if positive, × p if not.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>Subtracted once from the logit of every token already generated (not the prompt's).</summary>
    public double PresencePenalty { get; init; }

    /// <summary>Subtracted from each token's logit once per time it was generated (not counting the prompt).</summary>
    public double FrequencyPenalty { get; init; }

    /// <summary>New tokens per sequence; when null, <see cref="MaxLength"/> minus the prompt's length.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Prompt plus new tokens (transformers' <c>max_length</c>), used only without <see cref="MaxNewTokens"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Any of these ids ends a sequence (Llama 3 has two).</summary>
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>Any of these strings in the decoded text ends a sequence; the text is cut where it begins.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Sequences per prompt.</summary>
    public int SamplesPerPrompt { get; init; } = 1;

    /// <summary>With the prompt's index and the sample's, the only input to a sequence's random draws.</summary>
    public long Seed { get; init; }

    public bool IsGreedy => !DoSample || Temperature == 0;

    /// <summary>Greedy decoding of up to <paramref name="maxNewTokens"/> tokens, ending at <paramref name="eosIds"/>.</summary>
    public static SamplingSettings Greedy(int maxNewTokens, params long[] eosIds) => new() { MaxNewTokens = maxNewTokens, EosTokenIds = eosIds };

    /// <summary>The new-token budget of a prompt of <paramref name="promptLength"/> tokens.</summary>
    public int Budget(int promptLength) => MaxNewTokens ?? Math.Max(0, (MaxLength ?? 0) - promptLength);

    /// <summary>Refuses values transformers refuses (or that mean nothing), naming the setting.</summary>
    public SamplingSettings Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new WpoException(message);
        }
        Require(double.IsFinite(Temperature) && Temperature >= 0, $"temperature must be 0 (greedy) or positive (got {Temperature}).");
        Require(TopK >= 0, $"top_k must be 0 (off) or positive (got {TopK}).");
        Require(TopP is > 0 and <= 1, $"top_p must be in (0, 1] (got {TopP}).");
        Require(MinP is null or (>= 0 and <= 1), $"min_p must be in [0, 1] (got {MinP}).");
        Require(double.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0, $"repetition_penalty must be positive (got {RepetitionPenalty}).");
        Require(double.IsFinite(PresencePenalty), $"presence_penalty must be a number (got {PresencePenalty}).");
        Require(double.IsFinite(FrequencyPenalty), $"frequency_penalty must be a number (got {FrequencyPenalty}).");
        Require(MaxNewTokens is null or >= 0, $"max_new_tokens must be at least 0 (got {MaxNewTokens}).");
        Require(MaxNewTokens is not null || MaxLength is > 0, "set max_new_tokens (or max_length in generation_config.json).");
        Require(SamplesPerPrompt >= 1, $"n (samples per prompt) must be at least 1 (got {SamplesPerPrompt}).");
        Require(StopStrings.All(stop => stop.Length > 0), "a stop string must not be empty.");
        return this;
    }
}
