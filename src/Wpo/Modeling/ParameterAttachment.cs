using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Replaces the placeholder parameters of a model built on the meta device with real tensors, by Hugging Face name
/// (<c>model.layers.0.mlp.up_proj.weight</c> → module <c>model.layers.0.mlp.up_proj</c>, parameter <c>weight</c>).
/// </summary>
internal sealed class ParameterAttachment(nn.Module model)
{
    readonly Dictionary<string, nn.Module> modules = model.named_modules().ToDictionary(entry => entry.name, entry => entry.module);

    /// <summary>Makes <paramref name="value"/> (already in the model's dtype and device) the parameter <paramref name="name"/>.</summary>
    public void Attach(string name, Tensor value)
    {
        int dot = name.LastIndexOf('.');
        var owner = modules[name[..dot]];
        var parameter = new Parameter(value.detach());
        switch (owner, name[(dot + 1)..])
        {
            case (Linear linear, "weight"): linear.weight = parameter; break;
            case (Linear linear, "bias"): linear.bias = parameter; break;
            case (WeightModule module, "weight"): module.weight = parameter; break;
            default: throw new InvalidOperationException($"No rule attaches parameter '{name}' to a {owner.GetType().Name}.");
        }
    }
}
