using System.CommandLine;
using Wpo.Cli.Bench;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo bench …</c>: measurements of speed and memory, one subcommand per component.</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Measure speed and memory of a component.")
    {
        ForwardBench.Create(),
        ObjectiveBenchmark.Create(),
        TokenizeBenchmark.Create(),
        DataBench.Create(),
        TrainStepBench.Create(),
        GenerateBench.Create(),
        RewardBench.Create(),
    };
}
