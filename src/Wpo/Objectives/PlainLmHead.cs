using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The LM head as a straightforward PyTorch implementation (and the seed's <c>get_batch_logps</c>) writes it:
/// full [rows, seq, vocab] logits, log_softmax, gather, with the WPO alignment term from the full softmax under
/// no_grad. It is the reference for the chunked path in tests and the baseline of <c>wpo bench objective</c>.
/// </summary>
internal static class PlainLmHead
{
    /// <param name="hidden">[rows, seq, H].</param>
    /// <param name="weight">[V, H].</param>
    /// <param name="labels">[rows, seq] int64, aligned with the input ids.</param>
    /// <param name="positions">The labelled positions of <paramref name="labels"/>.</param>
    /// <param name="options">Alignment and soft-cap.</param>
    /// <returns>The labelled positions' scores, and per row the sum of all its logits (see <see cref="RowLogitSums"/>).</returns>
    public static (TokenScores Tokens, Tensor RowLogitSums) Score(Tensor hidden, Tensor weight, Tensor labels, LabelledPositions positions, ScoreOptions options)
    {
        var logits = nn.functional.linear(hidden, weight).to(TokenScores.ComputeType(hidden.dtype));
        if (options.LogitSoftcap is double cap) logits = logits.div(cap).tanh().mul(cap);
        // Position t predicts label t + 1; the last position predicts nothing (−100, gathered as token 0 and dropped).
        var nextLabels = nn.functional.pad(labels.narrow(1, 1, labels.shape[1] - 1), [0, 1], value: LabelledPositions.IgnoreIndex);
        var logSoftmax = logits.log_softmax(-1);
        var tokenLogps = logSoftmax.gather(2, nextLabels.clamp_min(0).unsqueeze(2)).squeeze(2);
        Tensor logDenominators, logitSums;
        using (no_grad())
        {
            logDenominators = options.Alignment switch
            {
                Alignment.Sampled => logits.softmax(-1).pow(2).sum(-1).log(),
                Alignment.Greedy => logSoftmax.amax([-1]),
                _ => zeros_like(tokenLogps),
            };
            logitSums = logits.sum([1, 2]).to(ScalarType.Float64);
        }
        return (new TokenScores(Select(tokenLogps, positions), Select(logDenominators, positions)), logitSums);

        static Tensor Select(Tensor perPosition, LabelledPositions positions) =>
            perPosition.reshape(-1).index_select(0, positions.HiddenIndex);
    }
}
