using Wpo.Plots;
using Wpo.Training;

namespace Wpo.Tests.Plots;

/// <summary>The PNG plots of a run's metrics.jsonl, also while the run is still writing it.</summary>
public sealed class RunPlotsTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    static string Row(int step, bool wpo, string prefix = "") =>
        $$"""{"step":{{step}},"epoch":{{step / 10.0}},"{{prefix}}loss":{{0.7 - step * 0.01}},"{{prefix}}rewards/chosen":{{step * 0.01}},"{{prefix}}rewards/rejected":{{-step * 0.02}},"{{prefix}}rewards/margins":{{step * 0.03}},"{{prefix}}rewards/accuracies":0.5"""
        + (prefix == "" ? $",\"learning_rate\":{1e-6 * step},\"grad_norm\":1.5" : "")
        + (wpo ? $",\"{prefix}wpo/weight_mean\":0.2,\"{prefix}wpo/weight_min\":0.01,\"{prefix}wpo/weight_max\":0.6" : "") + "}";

    static string Run(TemporaryFolder folder, bool wpo, string tail = "")
    {
        var lines = Enumerable.Range(1, 6).Select(step => Row(step, wpo)).Append(Row(6, wpo, "eval_"));
        folder.File(MetricsLog.FileName, string.Join("\n", lines) + "\n" + tail);
        return folder.Path;
    }

    [Fact]
    public void A_wpo_run_gets_five_png_plots_and_a_dpo_run_no_weights_plot()
    {
        using var wpo = new TemporaryFolder();
        var written = RunPlots.Write(Run(wpo, wpo: true));
        Assert.Equal(["loss.png", "margins.png", "accuracy.png", "weights.png", "learning_rate.png"], written.Select(Path.GetFileName));
        Assert.All(written, path =>
        {
            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 10_000, $"{path}: {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
        });

        using var dpo = new TemporaryFolder();
        Assert.DoesNotContain("weights.png", RunPlots.Write(Run(dpo, wpo: false)).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(dpo.Path, RunPlots.FolderName, "weights.png")));
    }

    [Fact]
    public void A_half_written_last_line_is_left_out_and_a_broken_line_before_it_is_an_error_naming_it()
    {
        using var running = new TemporaryFolder();
        Run(running, wpo: true, tail: """{"step":7,"epoch":0.7,"lo""");
        Assert.Equal(7, MetricsLog.Read(running.Path).Count);
        Assert.Equal(5, RunPlots.Write(running.Path).Count);

        using var broken = new TemporaryFolder();
        broken.File(MetricsLog.FileName, Row(1, true) + "\nnot json\n" + Row(2, true) + "\n");
        var error = Assert.Throws<WpoException>(() => MetricsLog.Read(broken.Path));
        Assert.Contains("metrics.jsonl: line 2 is not a metrics row", error.Message);
    }

    [Fact]
    public void A_folder_without_metrics_or_with_no_rows_is_an_error_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        Assert.Contains("metrics.jsonl: no such file", Assert.Throws<WpoException>(() => RunPlots.Write(folder.Path)).Message);
        folder.File(MetricsLog.FileName, "");
        Assert.Contains("metrics.jsonl: no metrics rows yet", Assert.Throws<WpoException>(() => RunPlots.Write(folder.Path)).Message);
    }
}
