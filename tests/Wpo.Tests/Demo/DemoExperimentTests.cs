using TorchSharp;
using Wpo.Cli.Demo;
using Wpo.Modeling;

namespace Wpo.Tests.Demo;

[Collection(nameof(OneTorchThread))]
public sealed class DemoExperimentTests(TinyDemo demo) : IClassFixture<TinyDemo>
{
    [Fact]
    public void A_reduced_demo_trains_every_run_scores_them_and_writes_the_table_plots_and_readable_models()
    {
        string output = demo.Folder;
        var report = demo.Report;

        // SFT; off-policy at 0.5 (DPO, WPO sampled, greedy, none) and at 0 and 1 (DPO, WPO); hybrid paper and v2 (DPO, WPO).
        Assert.Equal(1 + 4 + 2 * 2 + 2 * 2, report.Runs.Count);
        Assert.All(report.Runs, r => Assert.InRange(r.Scores.GreedyReward, -0.5, 1.5));
        Assert.All(report.Runs.Where(r => r.Method == DemoReport.Sft), r => Assert.Equal((0.5, 0.0), (r.Scores.WinRate, r.Scores.Kl)));
        Assert.All(report.Runs.Where(r => r.Method.StartsWith("wpo", StringComparison.Ordinal)), r => Assert.InRange(r.MeanWeight!.Value, 1e-9, 1));
        Assert.All(report.Runs.Where(r => r.Method == DemoReport.Dpo), r => Assert.Null(r.MeanWeight));
        Assert.Contains(report.Runs, r => r.Data == "hybrid-v2");

        string table = File.ReadAllText(Path.Combine(output, DemoExperiment.TableFile));
        foreach (var run in report.Runs.Where(r => r.Distance is null || r.Distance == report.Distance))
            Assert.Contains($"| {run.Data} | {run.Method} | {run.Pairs} |", table);
        Assert.Contains("| 1.00 |", table);
        foreach (string plot in new[] { "reward_vs_kl.png", "pair_weights.png", "distance_vs_gap.png" })
            Assert.True(new FileInfo(Path.Combine(output, DemoExperiment.PlotsFolder, plot)).Length > 1000, plot);
        using (var model = CausalLM.Load(Path.Combine(output, "seed-1", "hybrid-paper-wpo-sampled"), torch.float32, torch.CPU))
            Assert.Equal(32, model.Config.HiddenSize);
        using (var published = CausalLM.Load(output, torch.float32, torch.CPU))
            Assert.Equal(32, published.Config.HiddenSize);
        Assert.True(File.Exists(Path.Combine(output, DemoResources.PairsFile)));

        // The knob moves the behaviour policy away from the SFT model: its answers become less likely under it.
        foreach (int seed in report.Seeds)
        {
            var points = report.Knob.Where(k => k.Seed == seed).OrderBy(k => k.Distance).Select(k => k.SftLogProb).ToList();
            Assert.Equal(3, points.Count);
            Assert.True(points[0] > points[1] && points[1] > points[2], $"seed {seed}: {string.Join(", ", points)}");
        }
    }

    [Fact]
    public void The_same_seed_writes_byte_identical_results_and_another_seed_different_ones()
    {
        using var again = new TemporaryFolder();
        using var other = new TemporaryFolder();
        TinyDemo.Run(TinyDemo.Settings(again.Path));
        TinyDemo.Run(TinyDemo.Settings(other.Path, seed: 2));
        foreach (string file in new[] { DemoExperiment.JsonFile, DemoExperiment.TableFile, DemoResources.PairsFile })
        {
            byte[] first = File.ReadAllBytes(Path.Combine(demo.Folder, file));
            Assert.True(first.SequenceEqual(File.ReadAllBytes(Path.Combine(again.Path, file))), $"{file} differs between two runs of seed 1");
            Assert.False(first.SequenceEqual(File.ReadAllBytes(Path.Combine(other.Path, file))), $"{file} is the same for seeds 1 and 2");
        }
    }
}
