using static TorchSharp.torch;

namespace Wpo.Generation;

/// <summary>
/// The logits processors of one decoding step, on next-token logits [R, V], each as transformers'
/// <c>generation/logits_process.py</c> computes it, and <see cref="Apply"/> in transformers' order: the repetition
/// penalty, then (not in transformers: the OpenAI/vLLM definition) presence and frequency penalties, then, when
/// sampling, temperature, top-k, top-p and min-p. Filtered tokens get −∞; at least one token is always kept.
/// </summary>
public static class LogitsProcessors
{
    /// <summary>
    /// <see cref="SamplingSettings"/>' processors in order. <paramref name="seen"/> [R, V] bool marks the tokens of
    /// each row so far (prompt and generated; needed with a repetition penalty), <paramref name="generatedCounts"/>
    /// [R, V] how often each was generated (needed with a presence or frequency penalty).
    /// </summary>
    public static Tensor Apply(Tensor logits, SamplingSettings settings, Tensor? seen, Tensor? generatedCounts)
    {
        using var scope = NewDisposeScope();
        if (settings.RepetitionPenalty != 1.0)
            logits = RepetitionPenalty(logits, seen ?? throw new ArgumentNullException(nameof(seen)), settings.RepetitionPenalty);
        if (settings.PresencePenalty != 0 || settings.FrequencyPenalty != 0)
            logits = PresenceAndFrequencyPenalties(logits, generatedCounts ?? throw new ArgumentNullException(nameof(generatedCounts)),
                settings.PresencePenalty, settings.FrequencyPenalty);
        if (!settings.IsGreedy)
        {
            if (settings.Temperature != 1.0) logits = Temperature(logits, settings.Temperature);
            if (settings.TopK != 0) logits = TopK(logits, settings.TopK);
            if (settings.TopP < 1.0) logits = TopP(logits, settings.TopP);
            if (settings.MinP is double minP) logits = MinP(logits, minP);
        }
        return logits.alias().MoveToOuterDisposeScope();
    }

    /// <summary><c>RepetitionPenaltyLogitsProcessor</c>: where <paramref name="seen"/>, a logit z becomes z / p if z &gt; 0, else z · p.</summary>
    public static Tensor RepetitionPenalty(Tensor logits, Tensor seen, double penalty)
    {
        using var scope = NewDisposeScope();
        var penalised = where(logits.lt(0), logits * penalty, logits / penalty);
        return where(seen, penalised, logits).MoveToOuterDisposeScope();
    }

    /// <summary>vLLM's (OpenAI's) penalties: z − frequency · count − presence · [count &gt; 0], over generated tokens.</summary>
    public static Tensor PresenceAndFrequencyPenalties(Tensor logits, Tensor generatedCounts, double presence, double frequency)
    {
        using var scope = NewDisposeScope();
        var counts = generatedCounts.to(logits.dtype);
        return (logits - counts * frequency - counts.gt(0).to(logits.dtype) * presence).MoveToOuterDisposeScope();
    }

    /// <summary><c>TemperatureLogitsWarper</c>: z / T.</summary>
    public static Tensor Temperature(Tensor logits, double temperature) => logits / temperature;

    /// <summary><c>TopKLogitsWarper</c>: tokens below the k-th largest logit are removed (ties with it stay).</summary>
    public static Tensor TopK(Tensor logits, int k)
    {
        using var scope = NewDisposeScope();
        k = (int)Math.Min(Math.Max(k, 1), logits.shape[^1]);
        var (largest, _) = logits.topk(k, dim: -1);
        return logits.masked_fill(logits.lt(largest.narrow(-1, k - 1, 1)), double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>TopPLogitsWarper</c>: in ascending order of logits, tokens whose cumulative probability is at most 1 − p are
    /// removed, always keeping the most likely one.
    /// </summary>
    public static Tensor TopP(Tensor logits, double topP)
    {
        using var scope = NewDisposeScope();
        long vocabulary = logits.shape[^1];
        var (sorted, order) = logits.sort(-1, descending: false);
        var remove = sorted.softmax(-1).cumsum(-1).le(1 - topP);
        remove = cat([remove.narrow(-1, 0, vocabulary - 1), zeros_like(remove.narrow(-1, vocabulary - 1, 1))], -1);
        return logits.masked_fill(remove.scatter(-1, order, remove), double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary><c>MinPLogitsWarper</c>: tokens whose probability is below min_p × the largest probability are removed.</summary>
    public static Tensor MinP(Tensor logits, double minP)
    {
        using var scope = NewDisposeScope();
        var probabilities = logits.softmax(-1);
        var (top, _) = probabilities.max(-1, keepdim: true);
        // The top token is never below min_p × itself (min_p ≤ 1), so transformers' min_tokens_to_keep = 1 holds.
        return logits.masked_fill(probabilities.lt(top * minP), double.NegativeInfinity).MoveToOuterDisposeScope();
    }
}
