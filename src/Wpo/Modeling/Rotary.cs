using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Rotary position embeddings (RoPE) as in transformers: inverse frequencies <c>θ^(−2i/d)</c> in fp32 with the
/// <c>rope_scaling</c> rule applied, angles <c>position · inv_freq</c> in fp32, cos and sin cast to the model dtype.
/// A float64 model computes all of it in float64, as a transformers model moved to float64 does (its inv_freq
/// buffer moves with it); the training goldens differ from fp32 angles by ~1e-9 relative in the log-probs.
/// </summary>
public static class Rotary
{
    /// <summary>inv_freq [head_dim / 2], computed with fp32 tensor ops in the same order as transformers (float64 for a float64 model).</summary>
    public static double[] InverseFrequencies(ModelConfig config, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var wide = Precision.Wide(dtype);
        int dim = config.HeadDim;
        var exponents = arange(0, dim, 2, ScalarType.Int64).to(wide) / dim;
        var inverse = 1.0 / pow(tensor(config.RopeTheta, wide), exponents);
        var scaled = config.RopeScaling switch
        {
            null => inverse,
            { Type: RopeScalingType.Linear } linear => inverse / linear.Factor,
            var llama3 => Llama3(inverse, llama3),
        };
        return scaled.to(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>Llama 3.1: long wavelengths slowed by the factor, short ones kept, a linear blend between.</summary>
    static Tensor Llama3(Tensor inverse, RopeScaling scaling)
    {
        double lowFreqWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.LowFreqFactor;
        double highFreqWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.HighFreqFactor;
        var wavelength = 2 * Math.PI / inverse;
        var slowed = where(wavelength.gt(lowFreqWavelength), inverse / scaling.Factor, inverse);
        var smooth = (scaling.OriginalMaxPositionEmbeddings / wavelength - scaling.LowFreqFactor)
                     / (scaling.HighFreqFactor - scaling.LowFreqFactor);
        var blended = (1 - smooth) * slowed / scaling.Factor + smooth * slowed;
        var isMedium = wavelength.ge(highFreqWavelength).logical_and(wavelength.le(lowFreqWavelength));
        return where(isMedium, blended, slowed);
    }

    /// <summary>
    /// cos and sin of the angles, [B, 1, T, head_dim] in <paramref name="dtype"/>, for positions [B, T]
    /// (the two halves of the last dimension repeat, matching <see cref="Apply"/>'s rotate-half layout).
    /// </summary>
    public static (Tensor Cos, Tensor Sin) Angles(double[] inverseFrequencies, Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var wide = Precision.Wide(dtype);
        var inverse = tensor(inverseFrequencies, ScalarType.Float64, positionIds.device).to(wide);
        var angles = positionIds.to(wide).unsqueeze(-1) * inverse;
        var both = cat([angles, angles], -1).unsqueeze(1);
        return (both.cos().to(dtype).MoveToOuterDisposeScope(), both.sin().to(dtype).MoveToOuterDisposeScope());
    }

    /// <summary><paramref name="x"/> [B, heads, T, head_dim] → <c>x · cos + rotate_half(x) · sin</c>.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }
}
