using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Modeling.Lora;

/// <summary>
/// One adapted projection: <c>W·x + B·A·dropout(x) · scaling</c>, as PEFT's <c>lora.Linear.forward</c> computes it.
/// A [r, in] and B [out, r] are registered under the base projection as <c>lora_A</c> and <c>lora_B</c>, so their
/// names are PEFT's (<c>model.layers.0.self_attn.q_proj.lora_A.weight</c>). They are held in the wide dtype (fp32 for
/// a bf16 model): x is cast to it, the sum is taken there and the result cast back, as PEFT does.
/// </summary>
internal sealed class LoraAdapter
{
    public LoraAdapter(Linear projection, Linear a, Linear b, double scaling, double dropout)
    {
        Projection = projection;
        A = a;
        B = b;
        Scaling = scaling;
        Dropout = dropout;
        projection.register_module("lora_A", a);
        projection.register_module("lora_B", b);
    }

    public Linear Projection { get; }
    public Linear A { get; }
    public Linear B { get; }
    public double Scaling { get; }
    public double Dropout { get; }

    /// <summary>The projection of <paramref name="x"/> with the adapter's update added.</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var result = Projection.call(x);
        var input = x.to(A.weight.dtype);
        if (Dropout > 0) input = F.dropout(input, Dropout, A.training);
        var update = B.call(A.call(input)) * Scaling;
        return (result + update).to(result.dtype).MoveToOuterDisposeScope();
    }

    /// <summary><c>scaling · B·A</c> [out, in] in the adapter's dtype: what merging adds to the projection's weight.</summary>
    public Tensor Delta() => B.weight.matmul(A.weight) * Scaling;
}
