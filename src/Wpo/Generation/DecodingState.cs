using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Generation;

/// <summary>
/// What a <see cref="SequenceGenerator"/> carries from step to step: the next forward's input (the left-padded
/// prompts, then the last tokens with the cache, or every token without it), its padding mask, the KV cache, and
/// the token counts the penalties need. It owns these tensors until disposed.
/// </summary>
sealed class DecodingState : IDisposable
{
    readonly CausalLM model;
    readonly KvCache? cache;
    Tensor input;
    Tensor? mask;
    Tensor? tokenCounts;
    Tensor? generatedCounts;

    public DecodingState(CausalLM model, IReadOnlyList<GenerationRequest> requests, SamplingSettings settings, bool useCache)
    {
        this.model = model;
        int rows = requests.Count, longest = requests.Max(r => r.PromptIds.Count);
        var ids = new long[rows * longest];
        var real = new long[rows * longest];
        for (int r = 0; r < rows; r++)
        {
            int padding = longest - requests[r].PromptIds.Count;
            for (int t = 0; t < requests[r].PromptIds.Count; t++)
            {
                ids[r * longest + padding + t] = requests[r].PromptIds[t];
                real[r * longest + padding + t] = 1;
            }
        }
        using var scope = NewDisposeScope();
        input = tensor(ids, [rows, longest]).to(model.Device).DetachFromDisposeScope();
        var realTokens = tensor(real, [rows, longest]).to(model.Device);
        // Without padding no mask at all: the attention then takes the plain causal path, exactly as for one prompt.
        mask = requests.Any(r => r.PromptIds.Count < longest) ? realTokens.DetachFromDisposeScope() : null;
        long vocabulary = model.Config.VocabSize;
        if (settings.RepetitionPenalty != 1.0)
            tokenCounts = zeros([rows, vocabulary], ScalarType.Int64, model.Device).scatter_add(1, input, realTokens).DetachFromDisposeScope();
        if (settings.PresencePenalty != 0 || settings.FrequencyPenalty != 0)
            generatedCounts = zeros([rows, vocabulary], ScalarType.Float32, model.Device).DetachFromDisposeScope();
        cache = useCache ? KvCache.For(model) : null;
    }

    /// <summary>[R, V] bool: the tokens of each row so far, prompt and generated (padding not counted); null without a repetition penalty.</summary>
    public Tensor? Seen => tokenCounts?.gt(0);

    /// <summary>[R, V]: how often each token was generated in each row; null without a presence or frequency penalty.</summary>
    public Tensor? GeneratedCounts => generatedCounts;

    /// <summary>The next-token logits [R, V] after everything so far, from the last position only.</summary>
    public Tensor NextLogits()
    {
        using var scope = NewDisposeScope();
        var hidden = model.Hidden(input, attentionMask: mask, cache: cache);
        return model.Logits(hidden.select(1, -1)).MoveToOuterDisposeScope();
    }

    /// <summary>Records the tokens [R] just chosen: they are the next input, and count as seen and generated.</summary>
    public void Append(Tensor next)
    {
        using var scope = NewDisposeScope();
        var column = next.view(-1, 1).to(ScalarType.Int64);
        tokenCounts?.scatter_add_(1, column, ones_like(column));
        generatedCounts?.scatter_add_(1, column, ones([column.shape[0], 1], ScalarType.Float32, column.device));
        Tensor grown;
        if (cache is not null)
        {
            // The cache keeps the prompt's padding mask and counts the new tokens as real.
            grown = column.alias().DetachFromDisposeScope();
            Replace(ref mask, null);
        }
        else
        {
            grown = cat([input, column], 1).DetachFromDisposeScope();
            if (mask is not null) Replace(ref mask, cat([mask, ones_like(column)], 1).DetachFromDisposeScope());
        }
        input.Dispose();
        input = grown;
    }

    /// <summary>Keeps the batch rows at <paramref name="rows"/> [R'] int64 (the sequences still running), in that order.</summary>
    public void KeepRows(Tensor rows)
    {
        using var scope = NewDisposeScope();
        rows = rows.to(input.device);
        cache?.KeepRows(rows);
        input = KvCache.SelectRows(input, rows)!;
        mask = KvCache.SelectRows(mask, rows);
        tokenCounts = KvCache.SelectRows(tokenCounts, rows);
        generatedCounts = KvCache.SelectRows(generatedCounts, rows);
    }

    static void Replace(ref Tensor? field, Tensor? value)
    {
        field?.Dispose();
        field = value;
    }

    public void Dispose()
    {
        cache?.Dispose();
        input.Dispose();
        mask?.Dispose();
        tokenCounts?.Dispose();
        generatedCounts?.Dispose();
    }
}
