using Wpo.Data;
using Wpo.Objectives;
using Wpo.Training;

namespace Wpo.Cli.Demo;

/// <summary>
/// One training run of the demo (what <c>wpo train</c> runs for a recipe, here built as config objects): its folder
/// name (e.g. <c>offpolicy-d0.50-wpo-sampled</c>), data file, starting model, loss (<c>Wpo</c> false for DPO and SFT),
/// WPO alignment, steps and peak learning rate.
/// </summary>
public sealed record DemoRunSpec(string Name, string Data, string Model, LossOptions Loss, Alignment Alignment, int Steps, double LearningRate);

/// <summary>Runs <see cref="DemoRunSpec"/>s through <see cref="TrainingRun"/>, the library behind <c>wpo train</c>, collecting the logged rows.</summary>
static class DemoTraining
{
    public const int LoggingSteps = 5;

    /// <summary>The recipe a YAML file would give: the data file as the only train split, the model, cosine schedule, no checkpoints.</summary>
    public static TrainingRecipe Recipe(DemoRunSpec spec, string output, int batchPairs, int seed)
    {
        var data = new DataConfig
        {
            TokenizerPath = spec.Model,
            DatasetMixer = [new(spec.Data, 1.0)],
            DatasetSplits = ["train"],
            MaxLength = 160,
            MaxPromptLength = 112,
            PreprocessingNumWorkers = 1,
        };
        var training = new TrainingConfig
        {
            ModelNameOrPath = spec.Model,
            OutputDir = output,
            Loss = spec.Loss,
            Alignment = spec.Alignment,
            Reference = spec.Loss.LossType == LossType.Sft ? ReferenceMode.None : ReferenceMode.Precomputed,
            LearningRate = spec.LearningRate,
            MaxSteps = spec.Steps,
            PerDeviceTrainBatchSize = batchPairs,
            LrSchedulerType = "cosine",
            WarmupRatio = 0.1,
            Seed = seed,
            LoggingSteps = LoggingSteps,
            SaveStrategy = Interval.No,
        };
        return new TrainingRecipe($"the demo's {spec.Name} run", data, training, [], []);
    }

    /// <summary>Trains to the end and returns the logged training rows (the model is saved to <paramref name="output"/>).</summary>
    public static IReadOnlyList<MetricRow> Run(DemoRunSpec spec, string output, int batchPairs, int seed)
    {
        var run = TrainingRun.Prepare(Recipe(spec, output, batchPairs, seed));
        var observer = new Collector();
        run.Train(observer);
        return observer.Rows;
    }

    sealed class Collector : ITrainingObserver
    {
        public List<MetricRow> Rows { get; } = [];

        public void Logged(MetricRow row) => Rows.Add(row);
    }
}
