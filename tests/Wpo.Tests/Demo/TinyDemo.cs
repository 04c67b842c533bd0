using Spectre.Console.Testing;
using TorchSharp;
using Wpo.Cli.Demo;

namespace Wpo.Tests.Demo;

/// <summary>
/// The reduced demo runs, alone: they set torch to one intra-op thread while they run (on a loaded 2-core machine two
/// spinning threads made a run about five times slower), which no other test may see change under it.
/// </summary>
[CollectionDefinition(nameof(OneTorchThread), DisableParallelization = true)]
public sealed class OneTorchThread;

/// <summary>
/// The quick demo's steps at tiny sizes (16 training and 4 held-out prompts, a one-layer model 32 wide, 2 preference
/// steps), run once for a test class in a temporary folder, with torch on one thread until disposed.
/// </summary>
public sealed class TinyDemo : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly int threads = torch.get_num_threads();

    public TinyDemo()
    {
        torch.set_num_threads(1);
        Report = Run(Settings(folder.Path));
    }

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

    public void Dispose()
    {
        torch.set_num_threads(threads);
        folder.Dispose();
    }
}
