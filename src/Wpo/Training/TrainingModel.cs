using TorchSharp;
using Wpo.Modeling;
using Wpo.Modeling.Lora;

namespace Wpo.Training;

/// <summary>
/// The model a recipe trains, read from its <c>config.json</c> alone: the directory, the architecture, the dtype it
/// trains in and the memory its state needs. No weights are read.
/// </summary>
public sealed record TrainingModel(string Directory, ModelConfig Config, torch.ScalarType DType)
{
    public long ParameterCount => CausalLM.ParameterCount(Config);

    /// <summary>The LoRA adapters trained instead of the weights (<c>use_peft</c>), or null.</summary>
    public LoraConfig? Lora { get; init; }

    /// <summary>
    /// The model-state bytes (weights, masters, gradients, moments) the dtype needs, activations excluded; with LoRA,
    /// the frozen base in the dtype and the adapters' fp32 state.
    /// </summary>
    public TrainingMemory Memory => Lora is { } lora
        ? TrainingMemory.Lora($"{DTypeName} base + fp32 LoRA r={lora.Rank}", DType == torch.ScalarType.BFloat16 ? 2 : DType == torch.ScalarType.Float64 ? 8 : 4, ParameterCount, lora.ParameterCount(Config))
        : DType == torch.ScalarType.BFloat16
            ? TrainingMemory.MixedBf16(ParameterCount)
            : TrainingMemory.Uniform(DTypeName, DType == torch.ScalarType.Float64 ? 8 : 4, ParameterCount);

    string DTypeName => DType == torch.ScalarType.BFloat16 ? "bf16" : DType.ToString().ToLowerInvariant();

    public static TrainingModel Read(TrainingRecipe recipe)
    {
        TrainingConfig config = recipe.Training;
        string directory = config.ModelNameOrPath ?? throw new WpoException($"{recipe.Path}: model_name_or_path is not set.");
        if (!File.Exists(Path.Combine(directory, ModelConfig.FileName)))
            throw new WpoException($"{recipe.Path}: model_name_or_path '{directory}' has no {ModelConfig.FileName} (download the model there, or correct the path).");
        return new TrainingModel(directory, ModelConfig.Load(directory), DTypeOf(config)) { Lora = config.Lora };
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
