using System.CommandLine;
using System.CommandLine.Help;

namespace Wpo.Cli.Commands;

/// <summary>The <c>wpo</c> command and its subcommands.</summary>
public static class WpoCommand
{
    /// <summary>
    /// A plain command named "wpo" with help and version options, not a RootCommand: that one takes its name from
    /// the entry assembly, Wpo.Cli, and help would print "Usage: Wpo.Cli".
    /// </summary>
    public static Command Create() => new("wpo", "Weighted Preference Optimization (Zhou et al., EMNLP 2024) and the DPO family for Hugging Face models.")
    {
        new HelpOption(),
        new VersionOption(),
        DemoCommand.Create(),
        InspectCommand.Create(),
        TokenizeCommand.Create(),
        DataCommand.Create(),
        TrainCommand.Create(),
        GenerateCommand.Create(),
        ScoreCommand.Create(),
        PairsCommand.Create(),
        MergeCommand.Create(),
        PlotCommand.Create(),
        BenchCommand.Create(),
        EvalCommand.Create(),
    };
}
