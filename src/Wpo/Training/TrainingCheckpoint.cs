using System.Globalization;
using System.Text.Json;
using TorchSharp;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Modeling.Lora;

namespace Wpo.Training;

/// <summary>
/// <c>output_dir/checkpoint-N</c>: the model as a Hugging Face directory (with LoRA: the adapter directory),
/// <c>optimizer.safetensors</c> (fp32 master weights, AdamW moments and the CPU generator's state) and <c>trainer_state.json</c> (<see cref="TrainerState"/>). Written into a hidden
/// folder and renamed when complete, so a run killed while saving leaves the previous checkpoints intact; the
/// oldest beyond <c>save_total_limit</c> are deleted after the rename. Hidden folders a killed run left behind are
/// removed at the next save.
/// </summary>
public static class TrainingCheckpoint
{
    public const string Prefix = "checkpoint-";
    public const string OptimizerFileName = "optimizer.safetensors";
    const string StepCountKey = "step_count";

    /// <summary>The CPU generator's state (LoRA dropout draws from it), so a resumed run draws the same masks.</summary>
    const string RandomStateKey = "rng_state";

    /// <summary>
    /// Writes checkpoint-N. With LoRA adapters the model part is the PEFT adapter directory (<see cref="SaveModel"/>),
    /// and <paramref name="baseModel"/> is its <c>base_model_name_or_path</c>.
    /// </summary>
    public static string Write(string outputDir, CausalLM policy, string baseModel, MasterWeightAdamW optimizer, TrainerState state, int? totalLimit, IEnumerable<string> extraFiles)
    {
        string final = Path.Combine(outputDir, Prefix + state.GlobalStep.ToString(CultureInfo.InvariantCulture));
        string partial = Path.Combine(outputDir, "." + Path.GetFileName(final) + ".partial");
        foreach (string stale in Directory.Exists(outputDir) ? Directory.EnumerateDirectories(outputDir, "." + Prefix + "*") : [])
            Directory.Delete(stale, recursive: true);
        SaveModel(policy, partial, baseModel);
        using var randomState = torch.random.get_rng_state();
        SafeTensorsWriter.Write(Path.Combine(partial, OptimizerFileName), optimizer.State().Append((RandomStateKey, randomState)),
            new Dictionary<string, string> { [StepCountKey] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture) });
        File.WriteAllText(Path.Combine(partial, TrainerState.FileName), JsonSerializer.Serialize(state, Json));
        foreach (string file in extraFiles) File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
        if (Directory.Exists(final)) Remove(final);
        Directory.Move(partial, final);
        if (totalLimit is int limit)
            foreach (string old in All(outputDir).SkipLast(limit)) Remove(old);
        return final;
    }

    /// <summary>The model as a Hugging Face directory, or, with LoRA adapters, as a PEFT adapter directory on <paramref name="baseModel"/>.</summary>
    public static void SaveModel(CausalLM policy, string directory, string baseModel)
    {
        if (policy.Adapters.Attached) PeftAdapter.Save(policy, directory, baseModel);
        else policy.Save(directory);
    }

    /// <summary>Renamed out of sight first, so that a run killed while deleting leaves no half-deleted checkpoint that looks complete.</summary>
    static void Remove(string checkpoint)
    {
        string hidden = Path.Combine(Path.GetDirectoryName(checkpoint)!, "." + Path.GetFileName(checkpoint) + ".deleting");
        Directory.Move(checkpoint, hidden);
        Directory.Delete(hidden, recursive: true);
    }

    /// <summary>The complete checkpoints in <paramref name="outputDir"/>, oldest first.</summary>
    public static IReadOnlyList<string> All(string outputDir) => !Directory.Exists(outputDir)
        ? []
        : [.. Directory.EnumerateDirectories(outputDir, Prefix + "*")
            .Select(path => (Path: path, Step: int.TryParse(Path.GetFileName(path)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int step) ? step : -1))
            .Where(entry => entry.Step >= 0 && File.Exists(Path.Combine(entry.Path, TrainerState.FileName)))
            .OrderBy(entry => entry.Step)
            .Select(entry => entry.Path)];

    public static TrainerState ReadState(string checkpoint)
    {
        string path = Path.Combine(checkpoint, TrainerState.FileName);
        if (!File.Exists(path)) throw new WpoException($"{checkpoint}: not a checkpoint ({TrainerState.FileName} is missing).");
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json) ?? throw new WpoException($"{path}: empty.");
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path}: not a trainer state ({e.Message}).", e);
        }
    }

    /// <summary>Loads the optimizer state (and with it the model's weights, from the fp32 masters).</summary>
    public static void Restore(string checkpoint, MasterWeightAdamW optimizer)
    {
        string path = Path.Combine(checkpoint, OptimizerFileName);
        if (!File.Exists(path)) throw new WpoException($"{checkpoint}: {OptimizerFileName} is missing; the checkpoint cannot resume a run.");
        var file = SafeTensorsFile.Open(path);
        optimizer.Load(name => file.Tensors.ContainsKey(name) ? file.Read(name) : null, long.Parse(file.Metadata[StepCountKey], CultureInfo.InvariantCulture));
        if (file.Tensors.ContainsKey(RandomStateKey))
        {
            using var randomState = file.Read(RandomStateKey);
            torch.random.set_rng_state(randomState);
        }
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
