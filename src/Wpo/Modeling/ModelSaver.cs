using System.Text;
using System.Text.Json;
using Wpo.Checkpoints;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Saves a model as a Hugging Face directory that this project and transformers' <c>from_pretrained</c> both load:
/// <c>config.json</c> (the original keys, <c>torch_dtype</c> set to the saved dtype) and the parameters under their
/// Hugging Face names, in <c>model.safetensors</c> or in shards with <c>model.safetensors.index.json</c>. A tied
/// model saves no <c>lm_head.weight</c>, as transformers does. LoRA adapters are not saved here (see <see cref="PeftAdapter"/>;
/// merge them first to save the adapted model).
/// </summary>
public static class ModelSaver
{
    /// <summary>transformers' default <c>max_shard_size</c>, "5GB".</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="model">The model to save.</param>
    /// <param name="directory">Created if absent; earlier weight files and config.json there are replaced, each file atomically.</param>
    /// <param name="maxShardBytes">Largest shard, in tensor bytes; one file when everything fits.</param>
    /// <param name="dtype">The dtype to store (default: the model's).</param>
    public static void Save(CausalLM model, string directory, long maxShardBytes = DefaultMaxShardBytes, ScalarType? dtype = null) =>
        Save(model, model.Config, model.DType, directory, maxShardBytes, dtype);

    /// <summary>The same for any model of <paramref name="modelConfig"/> (a reward model) computing in <paramref name="modelDType"/>.</summary>
    internal static void Save(TorchSharp.torch.nn.Module model, ModelConfig modelConfig, ScalarType modelDType, string directory, long maxShardBytes, ScalarType? dtype)
    {
        var stored = dtype ?? modelDType;
        // Serialised and checked before any file is touched: a dtype or a change config.json cannot carry must not
        // replace the previous weights.
        var json = modelConfig.ToJson(TorchDTypeName.Of(stored));
        SavedConfigCheck.Check(modelConfig, json);
        byte[] config = Encoding.UTF8.GetBytes(json.ToJsonString(Indented) + "\n");
        Directory.CreateDirectory(directory);
        // The writer converts and copies to the CPU one parameter at a time: never a second copy of the whole model.
        var parameters = model.named_parameters().Where(p => !LoraAdapters.IsAdapterName(p.name)).Select(p => (p.name, (Tensor)p.parameter));
        SafeTensorsCheckpointWriter.Write(directory, parameters, maxShardBytes, dtype: stored);
        using var configFile = AtomicFile.Finished(Path.Combine(directory, ModelConfig.FileName), config);
        configFile.Commit();
    }
}
