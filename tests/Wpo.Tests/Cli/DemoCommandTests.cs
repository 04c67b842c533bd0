using Spectre.Console.Testing;
using TorchSharp;
using Wpo.Cli.Demo;
using Wpo.Modeling;
using Wpo.Objectives;
using Wpo.Tests.Checkpoints;
using Wpo.Text;

namespace Wpo.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public void A_short_demo_trains_logs_and_saves_a_model_that_reloads_with_its_tokenizer()
    {
        using var folder = new TemporaryFolder();
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 100;
        var report = new DemoRun(new DemoSettings { Output = folder.Path, SftSteps = 20, PreferenceSteps = 10, LogEvery = 5 }, console).Run();

        Assert.Equal(32, report.Pairs);
        Assert.Equal([5, 10, 15, 20], report.Sft.Select(s => s.Step));
        Assert.Equal([5, 10], report.Preference.Select(s => s.Step));
        Assert.True(report.Sft[^1].Metrics["loss"] < report.Sft[0].Metrics["loss"], "SFT did not lower the NLL");
        Assert.InRange(report.Preference[^1].Metrics["wpo/weight_mean"], 1e-6, 1);
        Assert.Contains("greedy", console.Output);

        var tokenizer = Tokenizer.Load(folder.Path);
        using var model = CausalLM.Load(folder.Path, torch.float32, torch.CPU);
        Assert.Equal(tokenizer.VocabularySize, model.Config.VocabSize);
        Assert.True(File.Exists(Path.Combine(folder.Path, DemoResources.PairsFile)));
    }

    [Theory]
    [InlineData(LossType.Sigmoid, 0.0, "beta must be a positive number")]
    [InlineData(LossType.Sft, 0.1, "not sft")]
    public void Bad_loss_settings_are_refused_before_any_training(LossType lossType, double beta, string message)
    {
        using var folder = new TemporaryFolder();
        var console = new TestConsole();
        var settings = new DemoSettings { Output = folder.Path, SftSteps = 2, PreferenceSteps = 2, Loss = new LossOptions { LossType = lossType, Beta = beta } };

        Assert.Contains(message, Assert.Throws<WpoException>(() => new DemoRun(settings, console).Run()).Message);
        Assert.Empty(console.Output);
    }
}
