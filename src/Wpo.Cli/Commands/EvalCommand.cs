using System.CommandLine;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo eval …</c>: benchmark metrics.</summary>
public static class EvalCommand
{
    public static Command Create() => new("eval", "Evaluation metrics: AlpacaEval win rates and length-controlled win rates, MT-bench scores, comparisons.")
    {
        EvalMetricsCommand.Create(),
        EvalAlpacaCommand.Create(),
        EvalMtBenchScoresCommand.Create(),
        EvalMtBenchCommand.Create(),
        EvalMtBenchPairCommand.Create(),
        EvalCompareCommand.Create(),
    };
}
