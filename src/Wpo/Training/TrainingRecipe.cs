using Wpo.Configuration;
using Wpo.Data;

namespace Wpo.Training;

/// <summary>
/// A recipe YAML (with <c>--key value</c> overrides) read whole: the data settings, the trainer settings, every
/// setting as resolved with its source, and the keys accepted but ignored. A key no reader knows is an error that
/// names the file and the nearest known key.
/// </summary>
public sealed record TrainingRecipe(string Path, DataConfig Data, TrainingConfig Training, IReadOnlyList<ResolvedSetting> Settings, IReadOnlyList<string> IgnoredKeys)
{
    /// <summary>Keys the seed's recipes carry that mean nothing on one machine without a network, with why.</summary>
    public static IReadOnlyDictionary<string, string> Ignored { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["push_to_hub"] = "no network",
        ["hub_model_id"] = "no network",
        ["hub_strategy"] = "no network",
        ["hub_private_repo"] = "no network",
        ["report_to"] = "metrics go to metrics.jsonl",
        ["log_level"] = "progress goes to the console",
        ["log_level_replica"] = "one process",
        ["logging_dir"] = "metrics go to output_dir/metrics.jsonl",
        ["logging_first_step"] = "every logging_steps-th step is logged",
        ["run_name"] = "the output directory names the run",
        ["overwrite_output_dir"] = "a run resumes with resume_from_checkpoint",
        ["gradient_checkpointing_kwargs"] = "checkpointing is never re-entrant here",
        ["dataloader_num_workers"] = "batches are collated in process",
        ["remove_unused_columns"] = "rows are tokenized by the data layer",
        ["ddp_timeout"] = "one process",
        ["model_revision"] = "local directories only",
        ["trust_remote_code"] = "no remote code",
        ["attn_implementation"] = "one attention implementation",
        ["use_flash_attention_2"] = "one attention implementation",
        ["tf32"] = "no effect on CPU",
        ["save_only_model"] = "checkpoints always hold what resuming needs",
    };

    public static TrainingRecipe Load(string path, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var values = RecipeValues.Load(path, overrides);
        DataConfig data = DataConfigReader.From(values);
        TrainingConfig training = TrainingConfigReader.From(values) with { PackedRowLength = data.Packing ? data.MaxLength : null };
        var ignored = Ignored.Where(pair => values.Accept(pair.Key, "ignored: " + pair.Value)).Select(pair => pair.Key).ToList();
        if (values.Unread.FirstOrDefault() is { } unknown)
        {
            string hint = NearestKey.To(unknown, values.ReadKeys) is { } nearest ? $" (did you mean '{nearest}'?)" : "";
            throw new WpoException($"{values.Origin(unknown)}: unknown key '{unknown}'{hint}. README \"Training\" lists every key.");
        }
        return new TrainingRecipe(path, data, training, values.Resolved, ignored);
    }
}
