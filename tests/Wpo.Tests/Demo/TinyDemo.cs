using Spectre.Console.Testing;
using Wpo.Cli.Demo;

namespace Wpo.Tests.Demo;

/// <summary>
/// The quick demo's steps at tiny sizes (16 training and 4 held-out prompts, a one-layer model 32 wide, 2 preference
/// steps), run once for a test class in a temporary folder.
/// </summary>
public sealed class TinyDemo : IDisposable
{
    readonly TemporaryFolder folder = new();

    public TinyDemo() => Report = Run(Settings(folder.Path));

    public string Folder => folder.Path;

    public DemoReport Report { get; }

    public static DemoSettings Settings(string output, int seed = 1) => DemoSettings.Quick with
    {
        Output = output, Seeds = [seed], EvalPrompts = 4, TrainPrompts = 16, DemonstrationsPerPrompt = 1, SftSteps = 30, BehaviourAnswers = 3,
        Distances = [0.0, 1.0], HybridSamples = 2, PreferenceSteps = 2, BatchPairs = 8, EvalSamples = 1, MaxNewTokens = 24, HiddenSize = 32, Layers = 1,
    };

    public static DemoReport Run(DemoSettings settings)
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 160;
        return new DemoExperiment(settings, console).Run();
    }

    public void Dispose() => folder.Dispose();
}
