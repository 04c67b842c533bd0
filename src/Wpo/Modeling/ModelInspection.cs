using Wpo.Checkpoints;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// What a model directory holds, from <c>config.json</c> and the safetensors headers only (no weights are read):
/// the parameter count both ways, the stored dtype and the bytes of the weights.
/// </summary>
/// <param name="Directory">The model directory.</param>
/// <param name="Config">Its config.json.</param>
/// <param name="ConfigParameters">Parameters a model of this config has (<see cref="CausalLM.ParameterCount"/>).</param>
/// <param name="HeaderParameters">Elements of all checkpoint tensors; null when no checkpoint could be opened.</param>
/// <param name="StoredDType">The dtype holding most elements in the checkpoint, else config.json's <c>torch_dtype</c>.</param>
/// <param name="WeightBytes">Bytes of the stored weights (from the headers, else parameters × the dtype's size).</param>
/// <param name="WeightsNote">Why the headers were not read, when they were not.</param>
public sealed record ModelInspection(
    string Directory,
    ModelConfig Config,
    long ConfigParameters,
    long? HeaderParameters,
    ScalarType StoredDType,
    long WeightBytes,
    string? WeightsNote)
{
    public static ModelInspection Of(string directory)
    {
        var config = ModelConfig.Load(directory);
        long parameters = CausalLM.ParameterCount(config);
        var (checkpoint, note) = TryOpen(directory);
        if (checkpoint is null)
        {
            var dtype = ConfigDType(config);
            return new(directory, config, parameters, null, dtype, parameters * SafeTensorsDType.SizeOf(dtype), note);
        }
        var entries = checkpoint.Names.Select(checkpoint.Entry).ToList();
        var stored = entries.GroupBy(e => e.DType).MaxBy(g => g.Sum(e => e.ElementCount))?.Key ?? ConfigDType(config);
        return new(directory, config, parameters, entries.Sum(e => e.ElementCount), stored, entries.Sum(e => e.ByteCount), null);
    }

    static (SafeTensorsCheckpoint?, string?) TryOpen(string directory)
    {
        bool hasWeights = File.Exists(Path.Combine(directory, SafeTensorsCheckpoint.SingleFileName))
                          || File.Exists(Path.Combine(directory, SafeTensorsCheckpoint.IndexFileName));
        if (!hasWeights) return (null, $"no {SafeTensorsCheckpoint.SingleFileName} or {SafeTensorsCheckpoint.IndexFileName}: figures from config.json alone");
        try
        {
            return (SafeTensorsCheckpoint.Open(directory), null);
        }
        catch (SafeTensorsFormatException e)
        {
            return (null, $"weights not read ({e.Message}): figures from config.json alone");
        }
    }

    /// <summary>config.json's <c>torch_dtype</c> (or <c>dtype</c>, its newer name), fp32 when absent.</summary>
    static ScalarType ConfigDType(ModelConfig config) =>
        TorchDTypeName.Parse(config.Json["torch_dtype"]?.ToString()) ?? TorchDTypeName.Parse(config.Json["dtype"]?.ToString()) ?? ScalarType.Float32;
}
