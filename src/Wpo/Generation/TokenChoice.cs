using static TorchSharp.torch;

namespace Wpo.Generation;

/// <summary>The next token of each row from its processed logits [R, V]: the argmax, or one draw from the softmax.</summary>
public static class TokenChoice
{
    /// <summary>
    /// Greedy: the argmax of each row. Sampling: row r takes the first token whose cumulative probability (float64,
    /// vocabulary order) exceeds u_r × the total, u_r the next uniform of <paramref name="randoms"/>[r], so tokens
    /// removed by a warper (probability 0) are never drawn and each row's draw depends on its own stream only.
    /// </summary>
    public static Tensor Choose(Tensor logits, bool greedy, IReadOnlyList<RowRandom>? randoms)
    {
        using var scope = NewDisposeScope();
        if (greedy) return logits.argmax(-1).MoveToOuterDisposeScope();
        if (randoms is null || randoms.Count != logits.shape[0])
            throw new ArgumentException($"sampling {logits.shape[0]} rows needs one random stream per row.", nameof(randoms));
        long vocabulary = logits.shape[^1];
        var cumulative = logits.to(ScalarType.Float64).softmax(-1).cumsum(-1);
        var uniforms = tensor(randoms.Select(random => random.NextDouble()).ToArray(), ScalarType.Float64, logits.device).unsqueeze(-1);
        var total = cumulative.narrow(-1, vocabulary - 1, 1);
        // Strictly below the total, so the draw lands at or before the last token with a probability above 0.
        var targets = minimum(uniforms * total, total * (1 - Math.Pow(2, -52)));
        return searchsorted(cumulative, targets, right: true).squeeze(-1).MoveToOuterDisposeScope();
    }
}
