using System.Text.RegularExpressions;
using Wpo.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Loads a Hugging Face model directory: builds the model on the meta device (no memory, no random init), checks
/// every checkpoint tensor against it, then reads the tensors one at a time, converts them to the requested dtype
/// and device, and attaches them.
/// </summary>
public static partial class ModelLoader
{
    const int MaxListed = 20;

    public static CausalLM Load(string directory, ScalarType dtype, Device device)
    {
        var config = ModelConfig.Load(directory);
        var model = new CausalLM(config, dtype, META);
        Fill(model, directory, config, dtype, device, name => IsIgnored(name, config));
        return model;
    }

    /// <summary>
    /// Checks the checkpoint of <paramref name="directory"/> against every parameter of <paramref name="model"/> (built on
    /// the meta device) and attaches its tensors in <paramref name="dtype"/> on <paramref name="device"/>; checkpoint
    /// tensors the model lacks are an error unless <paramref name="ignored"/>.
    /// </summary>
    internal static void Fill(nn.Module model, string directory, ModelConfig config, ScalarType dtype, Device device, Func<string, bool> ignored)
    {
        var checkpoint = SafeTensorsCheckpoint.Open(directory);
        var expected = model.named_parameters().Select(p => (p.name, p.parameter.shape)).ToList();
        Check(directory, config, checkpoint, expected, dtype, ignored);
        var attachment = new ParameterAttachment(model);
        foreach (var (name, _) in expected)
        {
            using var scope = NewDisposeScope();
            attachment.Attach(name, checkpoint.Read(name).to(dtype, device));
        }
    }

    /// <summary>Throws one <see cref="CheckpointMismatchException"/> listing every missing, mis-shaped, non-float and unexpected tensor.</summary>
    static void Check(string directory, ModelConfig config, SafeTensorsCheckpoint checkpoint, IReadOnlyList<(string Name, long[] Shape)> expected,
        ScalarType dtype, Func<string, bool> ignored)
    {
        string wanted = SafeTensorsDType.NameOf(dtype);
        var problems = new List<string>();
        foreach (var (name, shape) in expected)
        {
            if (!checkpoint.Contains(name))
            {
                problems.Add($"missing: {name} {Format(shape)} (loaded as {wanted})");
                continue;
            }
            var entry = checkpoint.Entry(name);
            if (!entry.Shape.SequenceEqual(shape))
                problems.Add($"wrong shape: {name} expected {Format(shape)}, found {Format(entry.Shape)}");
            if (!Precision.IsFloat(entry.DType))
                problems.Add($"wrong dtype: {name} expected a floating-point type (loaded as {wanted}), found {SafeTensorsDType.NameOf(entry.DType)}");
        }
        var known = expected.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in checkpoint.Names.Order(StringComparer.Ordinal))
            if (!known.Contains(name) && !ignored(name))
                problems.Add($"unexpected: {name} {Format(checkpoint.Entry(name).Shape)} {SafeTensorsDType.NameOf(checkpoint.Entry(name).DType)}");
        if (problems.Count == 0) return;
        var listed = problems.Take(MaxListed).Select(p => "  " + p);
        string more = problems.Count > MaxListed ? $"{Environment.NewLine}  … and {problems.Count - MaxListed} more" : "";
        throw new CheckpointMismatchException(
            $"{directory}: the checkpoint does not match the {config.ModelType} model its {ModelConfig.FileName} describes " +
            $"({config.NumHiddenLayers} layers, hidden {config.HiddenSize}, vocab {config.VocabSize}; {expected.Count} parameters expected):" +
            Environment.NewLine + string.Join(Environment.NewLine, listed) + more);
    }

    /// <summary>
    /// Tensors transformers also skips: rotary inv_freq buffers that old checkpoints saved, and a tied model's
    /// lm_head.weight (the embedding matrix is the head).
    /// </summary>
    static bool IsIgnored(string name, ModelConfig config) =>
        IsRotaryBuffer(name) || (config.TieWordEmbeddings && name == "lm_head.weight");

    internal static bool IsRotaryBuffer(string name) => RotaryBuffer().IsMatch(name);

    [GeneratedRegex(@"\.rotary_emb\.inv_freq$")]
    private static partial Regex RotaryBuffer();

    internal static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
