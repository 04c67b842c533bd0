using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// Per labelled position (see <see cref="LabelledPositions"/>), what the LM head yields, in the compute dtype
/// (float32, or float64 for float64 inputs).
/// </summary>
/// <param name="Logps">[L]: log πθ(y_t), differentiable with respect to the hidden states and the head weight.</param>
/// <param name="LogAlignmentDenominators">[L], detached: log D_t of the chosen <see cref="Alignment"/> (zero for none).</param>
internal sealed record TokenScores(Tensor Logps, Tensor LogAlignmentDenominators)
{
    /// <summary>float64 inputs are scored in float64 (for gradient checks); everything else in float32.</summary>
    public static ScalarType ComputeType(ScalarType input) => input == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
}
