namespace Wpo.Cli.Demo;

/// <summary>
/// The sizes of one <c>wpo demo</c> experiment (issue 12): the seeds, the SFT stage, the data, the preference runs
/// (all with the same budget) and the evaluation. <see cref="Quick"/> is <c>wpo demo</c>, <see cref="Full"/> is
/// <c>wpo demo --full</c>.
/// </summary>
public sealed record DemoSettings
{
    public string Output { get; init; } = Path.Combine("runs", "demo");
    public IReadOnlyList<int> Seeds { get; init; } = [1];
    /// <summary>Held-out evaluation prompts (the rest of the task's 155 problems train).</summary>
    public int EvalPrompts { get; init; } = 30;
    /// <summary>Training prompts taken from the rest (null: all of them), for the tests' tiny runs.</summary>
    public int? TrainPrompts { get; init; }
    public int DemonstrationsPerPrompt { get; init; } = 4;
    public int SftSteps { get; init; } = 250;
    public double SftLearningRate { get; init; } = 3e-3;
    /// <summary>Behaviour-policy answers per prompt that the off-policy pairs are picked from.</summary>
    public int BehaviourAnswers { get; init; } = 4;
    /// <summary>The off-policy distance knob of the main comparison.</summary>
    public double Distance { get; init; } = 0.5;
    /// <summary>The knob values of the distance sweep (DPO and WPO at each; the main one is always among them).</summary>
    public IReadOnlyList<double> Distances { get; init; } = [0.5, 1.0];
    /// <summary>SFT samples per prompt in the hybrid data (one behaviour answer is added to them).</summary>
    public int HybridSamples { get; init; } = 4;
    public int PreferenceSteps { get; init; } = 30;
    public int BatchPairs { get; init; } = 8;
    public double PreferenceLearningRate { get; init; } = 2e-4;
    public double Beta { get; init; } = 0.1;
    /// <summary>Sampled answers per held-out prompt (for the sampled reward and the KL estimate).</summary>
    public int EvalSamples { get; init; } = 2;
    public int MaxNewTokens { get; init; } = 40;
    /// <summary>Model width (hidden size; the MLP is 2.6875 times as wide), for the tests' tiny runs.</summary>
    public int HiddenSize { get; init; } = 128;
    /// <summary>Decoder layers (the tiny preset's 4), for the tests' tiny runs.</summary>
    public int Layers { get; init; } = 4;

    public static DemoSettings Quick { get; } = new();

    public static DemoSettings Full { get; } = new() { Output = Path.Combine("runs", "demo-full"), Seeds = [1, 2, 3], Distances = [0.0, 0.5, 1.0] };

    public IEnumerable<double> SweepDistances => Distances.Contains(Distance) ? Distances : [Distance, .. Distances];
}
