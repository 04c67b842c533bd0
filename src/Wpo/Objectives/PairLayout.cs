using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The batch layout of the reference trainer: chosen and rejected rows run through the model in one concatenated
/// batch, rows 0..B−1 the chosen responses and B..2B−1 the rejected ones, pair i being rows i and B + i.
/// </summary>
internal static class PairLayout
{
    /// <summary>The chosen half of a per-row tensor [2B, …].</summary>
    public static Tensor Chosen(Tensor perRow) => perRow.narrow(0, 0, perRow.shape[0] / 2);

    /// <summary>The rejected half of a per-row tensor [2B, …].</summary>
    public static Tensor Rejected(Tensor perRow) => perRow.narrow(0, perRow.shape[0] / 2, perRow.shape[0] / 2);
}
