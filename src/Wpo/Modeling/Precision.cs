using TorchSharp;

namespace Wpo.Modeling;

/// <summary>Where a bf16 model computes in fp32, as transformers does: norms, rotary angles, softmax, logits.</summary>
internal static class Precision
{
    /// <summary>fp32 for 16-bit models; the model's own dtype otherwise (fp64 in gradient checks stays fp64).</summary>
    public static torch.ScalarType Wide(torch.ScalarType dtype) =>
        dtype is torch.ScalarType.BFloat16 or torch.ScalarType.Float16 ? torch.ScalarType.Float32 : dtype;

    public static bool IsFloat(torch.ScalarType dtype) =>
        dtype is torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Float32 or torch.ScalarType.Float64;
}
