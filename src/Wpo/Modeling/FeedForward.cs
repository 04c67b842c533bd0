using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Wpo.Modeling.Lora;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Modeling;

/// <summary>The gated feed-forward block (<c>mlp</c>): <c>down_proj(act(gate_proj(x)) · up_proj(x))</c>.</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "gate_proj")] readonly Linear gateProjection;
    [ComponentName(Name = "up_proj")] readonly Linear upProjection;
    [ComponentName(Name = "down_proj")] readonly Linear downProjection;
    readonly HiddenActivation activation;
    readonly LoraAdapters adapters;

    public FeedForward(ModelConfig config, ScalarType dtype, Device device, LoraAdapters adapters) : base(nameof(FeedForward))
    {
        this.adapters = adapters;
        long hidden = config.HiddenSize, intermediate = config.IntermediateSize;
        gateProjection = nn.Linear(hidden, intermediate, config.MlpBias, device, dtype);
        upProjection = nn.Linear(hidden, intermediate, config.MlpBias, device, dtype);
        downProjection = nn.Linear(intermediate, hidden, config.MlpBias, device, dtype);
        activation = config.Activation;
        RegisterComponents();
    }

    /// <summary><paramref name="x"/> [..., hidden] → [..., hidden].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gate = adapters.Project(gateProjection, x);
        var activated = activation switch
        {
            HiddenActivation.Silu => F.silu(gate),
            HiddenActivation.GeluTanh => F.gelu(gate, GELU.Approximate.tanh),
            _ => F.gelu(gate),
        };
        return adapters.Project(downProjection, activated * adapters.Project(upProjection, x)).MoveToOuterDisposeScope();
    }
}
