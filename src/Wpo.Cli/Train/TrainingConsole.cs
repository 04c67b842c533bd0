using System.Globalization;
using Spectre.Console;
using Wpo.Training;

namespace Wpo.Cli.Train;

/// <summary>
/// Runs a <see cref="TrainingRun"/> on the console: on a terminal, progress bars for the reference pass and the
/// steps (loss, reward margin, accuracy, mean pair weight, tokens/s, time left); otherwise one line per logged row,
/// so logs and CI read it.
/// </summary>
static class TrainingConsole
{
    public static TrainingOutcome Train(IAnsiConsole console, TrainingRun run, CancellationToken cancel)
    {
        if (!console.Profile.Capabilities.Interactive)
            return run.Train(new LineObserver(console), null, cancel);
        TrainingOutcome outcome = TrainingOutcome.Completed;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var reference = context.AddTask("reference log-probs", maxValue: run.Pairs.Count, autoStart: run.Config.Reference == ReferenceMode.Precomputed);
                var steps = context.AddTask("steps", maxValue: run.Plan.TotalSteps, autoStart: false);
                outcome = run.Train(new BarObserver(console, steps), (done, _) => reference.Value = done, cancel);
                reference.StopTask();
            });
        return outcome;
    }

    static string Summary(IReadOnlyDictionary<string, double> metrics, double tokensPerSecond)
    {
        var parts = new List<string> { Format("loss", metrics, "loss", "F4") };
        if (metrics.ContainsKey("rewards/margins")) parts.Add(Format("margin", metrics, "rewards/margins", "F3"));
        if (metrics.ContainsKey("rewards/accuracies")) parts.Add(Format("acc", metrics, "rewards/accuracies", "F2"));
        if (metrics.ContainsKey("wpo/weight_mean")) parts.Add(Format("weight", metrics, "wpo/weight_mean", "G3"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tokensPerSecond:F0} tok/s"));
        return string.Join("  ", parts);
    }

    static string Format(string label, IReadOnlyDictionary<string, double> metrics, string key, string format) =>
        $"{label} {metrics[key].ToString(format, CultureInfo.InvariantCulture)}";

    sealed class BarObserver(IAnsiConsole console, ProgressTask steps) : ITrainingObserver
    {
        public void Started(int startStep, int totalSteps)
        {
            steps.Value = startStep;
            steps.StartTask();
        }

        public void Stepped(int step, IReadOnlyDictionary<string, double> metrics, double tokensPerSecond)
        {
            steps.Value = step;
            steps.Description = Markup.Escape($"step {step}/{steps.MaxValue:F0}  {Summary(metrics, tokensPerSecond)}");
        }

        public void Notice(string message) => console.MarkupLineInterpolated($"[grey]{message}[/]");
    }

    sealed class LineObserver(IAnsiConsole console) : ITrainingObserver
    {
        public void Logged(MetricRow row)
        {
            var metrics = row.Values.ToDictionary(pair => pair.Key, pair => pair.Value);
            console.WriteLine(metrics.ContainsKey("loss")
                ? string.Create(CultureInfo.InvariantCulture, $"step {row.Step} (epoch {row.Epoch:F2})  {Summary(metrics, metrics.GetValueOrDefault("tokens_per_second"))}")
                : $"step {row.Step}  {row}");
        }

        public void Notice(string message) => console.WriteLine(message);
    }
}
