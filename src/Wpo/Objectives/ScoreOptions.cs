namespace Wpo.Objectives;

/// <summary>How <see cref="SequenceScores.Compute"/> turns final hidden states into per-row log-probabilities.</summary>
public sealed record ScoreOptions
{
    /// <summary>
    /// Labelled positions per chunk of the LM head: the chunk's raw logits take chunk × vocab × (input dtype size)
    /// bytes, plus a 128-row float32 work block. On the Llama-3-8B head (vocab 128,256, hidden 4,096, bf16, 2 CPU
    /// cores) the matmuls run equally fast from 256 rows up, and larger chunks recompute less in backward (the last
    /// chunk is not recomputed): 1,024 rows cost ~330 MB. README "The WPO objective" has the measurements.
    /// </summary>
    public const int DefaultChunkSize = 1024;

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
