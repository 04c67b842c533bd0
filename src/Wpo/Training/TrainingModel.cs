using TorchSharp;
using Wpo.Modeling;

namespace Wpo.Training;

/// <summary>
/// The model a recipe trains, read from its <c>config.json</c> alone: the directory, the architecture, the dtype it
/// trains in and the memory its state needs. No weights are read.
/// </summary>
public sealed record TrainingModel(string Directory, ModelConfig Config, torch.ScalarType DType)
{
    public long ParameterCount => CausalLM.ParameterCount(Config);

    /// <summary>The model-state bytes (weights, masters, gradients, moments) the dtype needs, activations excluded.</summary>
    public TrainingMemory Memory => DType == torch.ScalarType.BFloat16
        ? TrainingMemory.MixedBf16(ParameterCount)
        : TrainingMemory.Uniform(DType.ToString().ToLowerInvariant(), DType == torch.ScalarType.Float64 ? 8 : 4, ParameterCount);

    public static TrainingModel Read(TrainingRecipe recipe)
    {
        TrainingConfig config = recipe.Training;
        string directory = config.ModelNameOrPath ?? throw new WpoException($"{recipe.Path}: model_name_or_path is not set.");
        if (!File.Exists(Path.Combine(directory, ModelConfig.FileName)))
            throw new WpoException($"{recipe.Path}: model_name_or_path '{directory}' has no {ModelConfig.FileName} (download the model there, or correct the path).");
        return new TrainingModel(directory, ModelConfig.Load(directory), DTypeOf(config));
    }

    /// <summary><c>bf16: true</c> wins; else <c>torch_dtype</c>; the default (null/auto) trains in float32.</summary>
    static torch.ScalarType DTypeOf(TrainingConfig config) => config.Bf16 ? torch.ScalarType.BFloat16 : config.TorchDType switch
    {
        "bfloat16" => torch.ScalarType.BFloat16,
        "float64" => torch.ScalarType.Float64,
        "float16" => throw new WpoException("torch_dtype float16 is not supported (it overflows in the log-ratios); use bfloat16 or float32."),
        _ => torch.ScalarType.Float32,
    };
}
