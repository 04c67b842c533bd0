using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Root-mean-square norm over the last dimension, computed in fp32 and cast back. Llama scales by
/// <c>weight</c> after the cast; Gemma scales by <c>1 + weight</c> before it (weights stored as offsets from 1).
/// </summary>
public sealed class RmsNorm : WeightModule
{
    readonly double eps;
    readonly bool addOne;

    public RmsNorm(long size, double eps, bool addOne, ScalarType dtype, Device device)
        : base(nameof(RmsNorm), new(empty(size, dtype, device)))
    {
        this.eps = eps;
        this.addOne = addOne;
    }

    /// <summary><paramref name="x"/> [..., size] → same shape and dtype.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var wide = x.to(Precision.Wide(x.dtype));
        var normalized = wide * (wide.pow(2).mean([-1], keepdim: true) + eps).rsqrt();
        var result = addOne
            ? (normalized * (weight.to(wide.dtype) + 1)).to(x.dtype)
            : weight * normalized.to(x.dtype);
        return result.MoveToOuterDisposeScope();
    }
}
