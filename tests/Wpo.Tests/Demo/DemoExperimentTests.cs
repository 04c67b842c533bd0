using Spectre.Console.Testing;
using TorchSharp;
using Wpo.Cli.Demo;
using Wpo.Modeling;
using Wpo.Tests.Checkpoints;

namespace Wpo.Tests.Demo;

public sealed class DemoExperimentTests
{
    /// <summary>The quick demo's steps at tiny sizes: 16 training and 4 held-out prompts, a one-layer model 32 wide.</summary>
    static DemoSettings Tiny(string output) => DemoSettings.Quick with
    {
        Output = output, Seeds = [1], EvalPrompts = 4, TrainPrompts = 16, DemonstrationsPerPrompt = 1, SftSteps = 30, BehaviourAnswers = 3,
        Distances = [0.0, 1.0], HybridSamples = 2, PreferenceSteps = 2, BatchPairs = 8, EvalSamples = 1, MaxNewTokens = 24, HiddenSize = 32, Layers = 1,
    };

    [Fact]
    public void A_reduced_demo_trains_every_run_scores_them_and_writes_the_table_plots_and_readable_models()
    {
        using var folder = new TemporaryFolder();
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 160;
        var report = new DemoExperiment(Tiny(folder.Path), console).Run();

        // SFT; off-policy at 0.5 (DPO, WPO sampled, greedy, none) and at 0 and 1 (DPO, WPO); hybrid paper and v2 (DPO, WPO).
        Assert.Equal(1 + 4 + 2 * 2 + 2 * 2, report.Runs.Count);
        Assert.All(report.Runs, r => Assert.InRange(r.Scores.GreedyReward, -0.5, 1.5));
        Assert.All(report.Runs.Where(r => r.Method == DemoReport.Sft), r => Assert.Equal((0.5, 0.0), (r.Scores.WinRate, r.Scores.Kl)));
        Assert.All(report.Runs.Where(r => r.Method.StartsWith("wpo", StringComparison.Ordinal)), r => Assert.InRange(r.MeanWeight!.Value, 1e-9, 1));
        Assert.All(report.Runs.Where(r => r.Method == DemoReport.Dpo), r => Assert.Null(r.MeanWeight));
        Assert.Contains(report.Runs, r => r.Data == "hybrid-v2");

        string table = File.ReadAllText(Path.Combine(folder.Path, DemoExperiment.TableFile));
        Assert.Contains("| offpolicy | wpo-sampled |", table);
        Assert.Contains("| 1.00 |", table);
        foreach (string plot in new[] { "reward_vs_kl.png", "pair_weights.png", "distance_vs_gap.png" })
            Assert.True(new FileInfo(Path.Combine(folder.Path, DemoExperiment.PlotsFolder, plot)).Length > 1000, plot);
        using (var model = CausalLM.Load(Path.Combine(folder.Path, "seed-1", "hybrid-paper-wpo-sampled"), torch.float32, torch.CPU))
            Assert.Equal(32, model.Config.HiddenSize);
        using (var published = CausalLM.Load(folder.Path, torch.float32, torch.CPU))
            Assert.Equal(32, published.Config.HiddenSize);
        Assert.True(File.Exists(Path.Combine(folder.Path, DemoResources.PairsFile)));

        // The knob moves the behaviour policy away from the SFT model: its answers become less likely under it.
        foreach (int seed in report.Seeds)
        {
            var points = report.Knob.Where(k => k.Seed == seed).OrderBy(k => k.Distance).Select(k => k.SftLogProb).ToList();
            Assert.Equal(3, points.Count);
            Assert.True(points[0] > points[1] && points[1] > points[2], $"seed {seed}: {string.Join(", ", points)}");
        }
    }
}
