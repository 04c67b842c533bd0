using Wpo.Objectives;

namespace Wpo.Cli.Demo;

/// <summary>
/// The embedded default run: a small llama-shaped model (random initialisation) over a byte-level tokenizer, first
/// fine-tuned on the chosen answers (standing in for the SFT model WPO starts from), then trained with WPO against
/// that SFT model as the frozen reference.
/// </summary>
public sealed record DemoSettings
{
    public string Output { get; init; } = Path.Combine("runs", "demo");
    public int SftSteps { get; init; } = 300;
    public int PreferenceSteps { get; init; } = 30;
    public int BatchPairs { get; init; } = 8;
    public double SftLearningRate { get; init; } = 3e-3;
    public double PreferenceLearningRate { get; init; } = 1e-4;
    public int Seed { get; init; } = 42;
    /// <summary>Steps per logged row; null: about six rows per stage.</summary>
    public int? LogEvery { get; init; }
    public LossOptions Loss { get; init; } = new() { LossType = LossType.Sigmoid, Beta = 0.1 };
    public Alignment Alignment { get; init; } = Alignment.Sampled;
}
