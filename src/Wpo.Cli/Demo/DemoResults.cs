using System.Text.Json.Serialization;
using Wpo.Training;

namespace Wpo.Cli.Demo;

/// <summary>
/// One evaluated model of one seed: its data set (<c>sft</c> for the SFT model), method and scores; <c>Distance</c> is
/// the off-policy knob of its data (null for SFT and hybrid data), <c>Weights</c> the mean WPO pair weight at each
/// logged step (empty for DPO and SFT).
/// </summary>
public sealed record DemoRunResult(int Seed, string Data, string Method, double? Distance, int Pairs, DemoScores Scores, IReadOnlyList<DemoWeightPoint> Weights)
{
    public double? MeanWeight => Weights.Count == 0 ? null : Weights.Average(w => w.Weight);

    public static IReadOnlyList<DemoWeightPoint> WeightsOf(IReadOnlyList<MetricRow> rows) =>
        [.. rows.Where(row => row.Has("wpo/weight_mean")).Select(row => new DemoWeightPoint(row.Step, row["wpo/weight_mean"]))];
}

/// <summary>The mean WPO pair weight logged at one training step (written to results.json as <c>Step</c>, <c>Weight</c>).</summary>
public sealed record DemoWeightPoint(int Step, double Weight);

/// <summary>The off-policy knob of one seed: the SFT model's mean log-prob per behaviour answer at a distance.</summary>
public sealed record DemoKnobPoint(int Seed, double Distance, double SftLogProb);

/// <summary>
/// Everything a demo measured, across its seeds, and where it wrote it (<c>Output</c>, left out of results.json so that
/// the file depends on the seeds and settings only).
/// </summary>
public sealed record DemoReport([property: JsonIgnore] string Output, IReadOnlyList<DemoRunResult> Runs, IReadOnlyList<DemoKnobPoint> Knob, double Distance)
{
    public const string Sft = "sft", Dpo = "dpo";

    public static string Wpo(Objectives.Alignment alignment) => "wpo-" + alignment.ToString().ToLowerInvariant();

    public IReadOnlyList<int> Seeds => [.. Runs.Select(r => r.Seed).Distinct()];
}
