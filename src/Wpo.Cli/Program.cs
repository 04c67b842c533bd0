using System.CommandLine;
using Wpo.Cli;
using Wpo.Cli.Commands;

var root = new RootCommand("wpo: Weighted Preference Optimization (Zhou et al., EMNLP 2024) and the DPO family for Hugging Face models.")
{
    DemoCommand.Create(),
    InspectCommand.Create(),
    TokenizeCommand.Create(),
    DataCommand.Create(),
    BenchCommand.Create(),
};
return CommandRunner.Run(root, args);
