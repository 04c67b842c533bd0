using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// A module whose one parameter is <c>weight</c>, replaceable after construction like TorchSharp's
/// <see cref="Linear.weight"/>: models are built on the meta device and the loader attaches real tensors.
/// </summary>
public abstract class WeightModule : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = nameof(weight))]
    Parameter weightParameter;

    protected WeightModule(string name, Parameter weight) : base(name)
    {
        weightParameter = weight;
        RegisterComponents();
    }

#pragma warning disable IDE1006 // Hugging Face and TorchSharp name parameters in lower case.
    public Parameter weight
#pragma warning restore IDE1006
    {
        get => weightParameter;
        set
        {
            if (value.Handle == weightParameter.Handle) return;
            weightParameter.Dispose();
            weightParameter = (Parameter)value.DetachFromDisposeScope();
            ConditionallyRegisterParameter(nameof(weight), weightParameter);
        }
    }
}
