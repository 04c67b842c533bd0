namespace Wpo.Training;

/// <summary>
/// The steps since the last logged row: the sums of their metrics, their token count and time. A logged row holds
/// the means over the window (transformers averages the loss over <c>logging_steps</c>, TRL its stored metrics),
/// the last step's grad_norm and learning rate, and the window's tokens/s. Part of a checkpoint, so that a resumed
/// run logs exactly the rows an uninterrupted one would.
/// </summary>
public sealed class LoggingWindow
{
    public List<string> Keys { get; set; } = [];
    public List<double> Sums { get; set; } = [];
    public int Steps { get; set; }
    public long Tokens { get; set; }
    public double Seconds { get; set; }
    public double GradNorm { get; set; }
    public double LearningRate { get; set; }

    public void Add(IReadOnlyDictionary<string, double> metrics, double gradNorm, double learningRate, long tokens, double seconds)
    {
        if (Steps == 0)
        {
            Keys = [.. metrics.Keys];
            Sums = [.. metrics.Keys.Select(_ => 0.0)];
        }
        for (int i = 0; i < Keys.Count; i++) Sums[i] += metrics[Keys[i]];
        Steps++;
        Tokens += tokens;
        Seconds += seconds;
        GradNorm = gradNorm;
        LearningRate = learningRate;
    }

    /// <summary>The row for the window ending at <paramref name="step"/>, and the window emptied.</summary>
    public MetricRow Flush(int step, double epoch, double elapsedSeconds)
    {
        var values = new List<KeyValuePair<string, double>> { new("loss", Sums[Keys.IndexOf("loss")] / Steps), new("grad_norm", GradNorm), new("learning_rate", LearningRate) };
        values.AddRange(Keys.Select((key, i) => new KeyValuePair<string, double>(key, Sums[i] / Steps)).Where(pair => pair.Key != "loss"));
        values.Add(new("tokens_per_second", Seconds > 0 ? Tokens / Seconds : 0));
        values.Add(new("elapsed_seconds", elapsedSeconds));
        Steps = 0;
        Tokens = 0;
        Seconds = 0;
        return new MetricRow(step, epoch, values);
    }
}
