using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Training;

/// <summary>
/// transformers' weight-decay groups: every parameter decays except biases and the weights of norm layers
/// (<c>get_decay_parameter_names</c>: not in ALL_LAYERNORM_LAYERS, not named "bias").
/// </summary>
public static class DecayGroups
{
    /// <summary>The model's parameters in order, each with whether weight decay applies to it.</summary>
    public static IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter, bool Decays)> Of(CausalLM model)
    {
        var normWeights = model.named_modules().Where(pair => pair.module is RmsNorm).Select(pair => pair.name + ".weight").ToHashSet(StringComparer.Ordinal);
        return [.. model.NamedParameters().Select(pair => (pair.Name, pair.Parameter, !pair.Name.EndsWith("bias", StringComparison.Ordinal) && !normWeights.Contains(pair.Name)))];
    }
}
