using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>The token embedding table <c>weight</c> [vocab, hidden]; also the LM head when embeddings are tied.</summary>
public sealed class TokenEmbedding : WeightModule
{
    public TokenEmbedding(long vocabSize, long hiddenSize, ScalarType dtype, Device device)
        : base(nameof(TokenEmbedding), new(empty([vocabSize, hiddenSize], dtype, device))) { }

    /// <summary><paramref name="ids"/> [B, T] int64 → [B, T, hidden].</summary>
    public override Tensor forward(Tensor ids) =>
        weight.index_select(0, ids.flatten()).view([.. ids.shape, weight.shape[1]]);
}
