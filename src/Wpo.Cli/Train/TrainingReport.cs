using System.Globalization;
using Spectre.Console;
using Wpo.Configuration;
using Wpo.Modeling;
using Wpo.Training;

namespace Wpo.Cli.Train;

/// <summary>What <c>wpo train</c> prints before and after a run: the resolved settings with their sources, the step plan and the memory estimate.</summary>
sealed class TrainingReport(IAnsiConsole console)
{
    public void Notice(string message) => console.MarkupLineInterpolated($"[grey]{message}[/]");

    /// <summary>Every setting (a dry run), or only those the recipe or the command line set.</summary>
    public void Settings(TrainingRecipe recipe, bool defaults)
    {
        var table = new Table().Title($"Settings ({recipe.Path})").AddColumns("key", "value", "from");
        table.Columns[0].NoWrap();
        var shown = recipe.Settings.Where(setting => defaults || setting.Source != SettingSource.Default);
        foreach (ResolvedSetting setting in shown.OrderBy(setting => setting.Key, StringComparer.Ordinal))
        {
            string source = setting.Source switch
            {
                SettingSource.Flag => "[bold]flag[/]",
                SettingSource.File => "file",
                _ => "[grey]default[/]",
            };
            table.AddRow(Markup.Escape(setting.Key), Markup.Escape(setting.Value), source);
        }
        console.Write(table);
        if (recipe.IgnoredKeys.Count > 0)
            Notice("ignored keys (accepted, no effect here): " + string.Join(", ", recipe.IgnoredKeys.Select(key => $"{key} ({TrainingRecipe.Ignored[key]})")));
    }

    /// <summary>The plan; without <paramref name="run"/> (the data could not be read) the parts that need no data.</summary>
    public void Plan(TrainingRecipe recipe, TrainingModel model, TrainingRun? run)
    {
        TrainingConfig config = recipe.Training;
        var memory = model.Memory;
        var table = new Table().Title("Plan").AddColumns("", "").HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("model", Invariant($"{model.Config.ArchitectureName}, {model.ParameterCount:N0} parameters, in {model.Directory}; trained in {memory.Regime}"));
        Row("objective", Objective(config));
        Row("reference", config.Reference.ToString().ToLowerInvariant());
        Row("effective batch", $"{config.EffectiveBatchSize} pairs ({config.PerDeviceTrainBatchSize} × {config.GradientAccumulationSteps} accumulation steps × 1 process)");
        string length = config.MaxSteps > 0 ? Invariant($"{config.MaxSteps} steps (max_steps)") : Invariant($"{config.NumTrainEpochs:G} epochs");
        string warmup = config.WarmupSteps > 0 ? $"{config.WarmupSteps} steps" : Invariant($"{config.WarmupRatio:P0} of the steps (warmup_ratio)");
        if (run is null)
        {
            Row("length", $"{length}; the step counts need the data");
            Row("warm-up", warmup);
        }
        else
        {
            Row("train pairs", Invariant($"{run.Pairs.Count:N0}") + (config.Evaluates ? Invariant($" (test pairs {run.TestPairs.Count:N0})") : ""));
            Row("steps per epoch", Invariant($"{run.Plan.StepsPerEpoch:N0}"));
            Row("total steps", Invariant($"{run.Plan.TotalSteps:N0} ({length})"));
            Row("warm-up steps", $"{run.WarmupSteps} ({warmup})");
        }
        Row("schedule", $"{config.LrSchedulerType} from peak learning rate {config.LearningRate.ToString("G", CultureInfo.InvariantCulture)}");
        Row("model state", $"{ByteSize.Format(memory.Total)} (weights {ByteSize.Format(memory.Weights)}"
            + (memory.MasterWeights > 0 ? $", fp32 masters {ByteSize.Format(memory.MasterWeights)}" : "")
            + $", gradients {ByteSize.Format(memory.Gradients)}, AdamW moments {ByteSize.Format(memory.OptimizerStates)}; activations come on top)");
        Row("output", config.OutputDir);
        console.Write(table);
    }

    public void Finished(TrainingRun run, TrainingOutcome outcome)
    {
        string output = run.Config.OutputDir;
        if (outcome == TrainingOutcome.Completed)
            console.MarkupLineInterpolated($"[green]trained:[/] model and tokenizer in {output}, metrics in {Path.Combine(output, MetricsLog.FileName)}");
        else
            console.MarkupLineInterpolated($"[yellow]interrupted:[/] the last checkpoint in {output} holds the run; rerun with --resume_from_checkpoint true to continue it exactly.");
    }

    static string Objective(TrainingConfig config)
    {
        var loss = config.Loss;
        string name = Invariant($"{loss.LossType.ToString().ToLowerInvariant()} loss, β {loss.Beta:G}");
        return loss.Wpo ? $"WPO: {name}, weights aligned {config.Alignment.ToString().ToLowerInvariant()}" : $"{name}, unweighted";
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
