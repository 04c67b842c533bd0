using ScottPlot;
using Wpo.Checkpoints;
using Wpo.Training;

namespace Wpo.Plots;

/// <summary>
/// The PNG plots of a run: loss, rewards, accuracy, WPO weights and learning rate against the step, drawn from
/// <c>RUN_DIR/metrics.jsonl</c> into <c>RUN_DIR/plots/</c>. Works on a run that is still training; each file is
/// replaced whole, so a viewer never shows half a picture.
/// </summary>
public static class RunPlots
{
    public const string FolderName = "plots";
    const int Width = 900;
    const int Height = 540;

    /// <summary>Writes the plots; returns the paths written. A chart with no metrics in the run (weights.png for plain DPO) is not written, and an old copy of it is removed.</summary>
    public static IReadOnlyList<string> Write(string runDirectory)
    {
        IReadOnlyList<MetricRow> rows = MetricsLog.Read(runDirectory);
        if (rows.Count == 0)
            throw new WpoException($"{Path.Combine(runDirectory, MetricsLog.FileName)}: no metrics rows yet (the first is written after logging_steps steps).");
        string folder = Path.Combine(runDirectory, FolderName);
        var written = new List<string>();
        foreach (RunChart chart in RunChart.All)
        {
            string path = Path.Combine(folder, chart.FileName);
            using Plot? plot = chart.Draw(rows);
            if (plot is null)
            {
                File.Delete(path);
                continue;
            }
            using var file = AtomicFile.Finished(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
            file.Commit();
            written.Add(path);
        }
        return written;
    }
}
