namespace Wpo.Objectives;

/// <summary>How <see cref="SequenceScores.Compute"/> turns final hidden states into per-row log-probabilities.</summary>
public sealed record ScoreOptions
{
    /// <summary>
    /// Labelled positions per chunk of the LM head. Measured on the Llama-3-8B head (vocab 128,256, hidden 4,096,
    /// bf16, 2 CPU cores; README "The WPO objective"): the logits of one chunk take chunk × vocab × 6 bytes.
    /// </summary>
    public const int DefaultChunkSize = 256;

    /// <summary>The alignment denominator of the WPO weight; <see cref="Alignment.None"/> when WPO is off.</summary>
    public Alignment Alignment { get; init; } = Alignment.Sampled;

    /// <summary>
    /// True (the default): walk the labelled positions in chunks and recompute each chunk in backward, so that
    /// [rows, seq, vocab] logits never exist. False: the plain path (full logits, log_softmax, gather), for tests
    /// and benchmarks.
    /// </summary>
    public bool Chunked { get; init; } = true;

    /// <summary>Labelled positions per chunk (chunked path only); must be positive.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>Final logit soft-capping c (Gemma 2: 30): logits become c·tanh(z/c). Null: no capping.</summary>
    public double? LogitSoftcap { get; init; }
}
