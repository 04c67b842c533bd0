namespace Wpo.Training;

/// <summary>
/// Where a run stands after its last completed step: what a checkpoint's <c>trainer_state.json</c> holds besides
/// the tensors, so that a resumed run continues exactly (the batch plan is rebuilt from the seed; the position in it
/// is <see cref="GlobalStep"/>).
/// </summary>
public sealed class TrainerState
{
    public const string FileName = "trainer_state.json";

    /// <summary>Optimizer steps completed.</summary>
    public int GlobalStep { get; set; }

    /// <summary>Fractional epochs completed.</summary>
    public double Epoch { get; set; }

    public int TotalSteps { get; set; }

    /// <summary>Seconds spent in training steps (evaluation and saving excluded).</summary>
    public double ElapsedSeconds { get; set; }

    public LoggingWindow Window { get; set; } = new();

    /// <summary>Every row logged so far (training and evaluation), as in metrics.jsonl.</summary>
    public List<string> LogHistory { get; set; } = [];

    /// <summary>The recipe's seed, and a hash of the plan, checked on resume.</summary>
    public int Seed { get; set; }

    public string PlanHash { get; set; } = "";
}
