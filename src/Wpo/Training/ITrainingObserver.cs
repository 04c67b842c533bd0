namespace Wpo.Training;

/// <summary>What a run reports as it goes (the CLI draws a progress bar from it).</summary>
public interface ITrainingObserver
{
    void Started(int startStep, int totalSteps) { }

    /// <summary>After each optimizer step: its 1-based number, its metrics (means over micro-batches) and tokens/s.</summary>
    void Stepped(int step, IReadOnlyDictionary<string, double> metrics, double tokensPerSecond) { }

    /// <summary>A row written to metrics.jsonl (training or evaluation).</summary>
    void Logged(MetricRow row) { }

    /// <summary>A one-line notice: a checkpoint written, evaluation started, an interruption.</summary>
    void Notice(string message) { }
}
