using TorchSharp;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Tests.Objectives;
using Wpo.Training;

namespace Wpo.Tests.Training;

/// <summary>
/// The trainer against ../shared/goldens/training: the seed's training loop in PyTorch float64, step by step, on every
/// case the folder holds.
/// </summary>
[Trait("Category", "Golden")]
public sealed class TrainerGoldenTests
{
    public static TheoryData<string> Cases => SharedFolders.GoldenCases("training");

    /// <summary>Each case with and without activation checkpointing.</summary>
    public static TheoryData<string, bool> CasesByCheckpointing()
    {
        var cases = new TheoryData<string, bool>();
        foreach (string name in SharedFolders.GoldenCases("training").Select(row => row.Data))
            foreach (bool checkpointing in new[] { false, true })
                cases.Add(name, checkpointing);
        return cases;
    }

    [Theory]
    [MemberData(nameof(CasesByCheckpointing))]
    public void Float64_reproduces_every_step_and_the_final_parameters(string name, bool gradientCheckpointing)
    {
        var golden = TrainingGoldenCase.Load(SharedFolders.Golden(Path.Combine("training", name)));
        using var model = CausalLM.Load(golden.ModelDirectory, torch.float64, torch.CPU);
        model.GradientCheckpointing = gradientCheckpointing;
        var rows = Train(golden, model);

        Assert.Equal(golden.Steps.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal((int)golden.Steps[i]["step"], rows[i].Step);
            foreach (var (key, value) in golden.Steps[i].Where(pair => pair.Key != "step"))
                Close.Value($"{name} step {i + 1} {key}", value, rows[i][key], 1e-6, floor: 1e-3);
            Assert.Equal(golden.Steps[i].Keys.Where(key => key != "step").Order(), rows[i].Values.Select(pair => pair.Key).Where(key => key is not ("tokens_per_second" or "elapsed_seconds")).Order());
        }

        var expected = SafeTensorsFile.Open(golden.ExpectedTensors);
        foreach (var (parameterName, parameter) in model.NamedParameters())
            Close.ByScale($"{name} {parameterName}", expected.Read(parameterName), parameter, 1e-6);
        using var probe = expected.Read("probe_input_ids").to(torch.int64);
        using var logits = model.Forward(probe);
        Close.ByScale($"{name} probe logits", expected.Read("probe_logits"), logits, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_reproduces_the_loss_curve(string name)
    {
        var golden = TrainingGoldenCase.Load(SharedFolders.Golden(Path.Combine("training", name)));
        using var model = CausalLM.Load(golden.ModelDirectory, torch.float32, torch.CPU);
        var rows = Train(golden, model);
        Close.Values($"{name} float32 loss", [.. golden.Steps.Select(step => step["loss"])], [.. rows.Select(row => row["loss"])], 1e-3);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_step_plan_and_reference_match_the_golden(string name)
    {
        var golden = TrainingGoldenCase.Load(SharedFolders.Golden(Path.Combine("training", name)));
        using var model = CausalLM.Load(golden.ModelDirectory, torch.float64, torch.CPU);
        var trainer = new Trainer(model, golden.Pairs, golden.PadId, golden.Plan, golden.Config, ReferenceScores.None);
        Assert.Equal(golden.ExpectedWarmupSteps, trainer.WarmupSteps);
        var reference = ReferenceLogProbs.Compute(model, golden.Pairs, batchSize: 5, golden.PadId);
        using var logps = reference.For([.. Enumerable.Range(0, golden.Pairs.Count)], torch.CPU);
        double[] both = Close.Doubles(logps);
        double[] interleaved = [.. Enumerable.Range(0, golden.Pairs.Count).SelectMany(i => new[] { both[i], both[golden.Pairs.Count + i] })];
        Close.Values($"{name} reference log-probs", golden.ReferenceLogps, interleaved, 1e-6);
    }

    static IReadOnlyList<int[]> FirstEpoch(BatchPlan plan) => [.. plan.Steps.Where(step => step.Epoch == 0).SelectMany(step => step.MicroBatches)];

    static IReadOnlyList<MetricRow> Train(TrainingGoldenCase golden, CausalLM model)
    {
        using var folder = new TemporaryFolder();
        var reference = ReferenceLogProbs.Compute(model, golden.Pairs, FirstEpoch(golden.Plan), golden.PadId);
        var trainer = new Trainer(model, golden.Pairs, golden.PadId, golden.Plan, golden.Config, ReferenceScores.Precomputed(reference));
        using var optimizer = new MasterWeightAdamW(model, AdamWSettings.From(golden.Config));
        var state = new TrainerState();
        using (var log = MetricsLog.Open(folder.Path, []))
            Assert.Equal(TrainingOutcome.Completed, trainer.Run(optimizer, state, log));
        var rows = MetricsLog.Read(folder.Path);
        Assert.Equal(state.LogHistory, rows.Select(row => row.ToJson()));
        return rows;
    }
}
