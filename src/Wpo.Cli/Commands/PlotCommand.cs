using System.CommandLine;
using Spectre.Console;
using Wpo.Plots;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo plot RUN_DIR</c>: PNG plots of a run's metrics.jsonl into RUN_DIR/plots, during training or after; prints each file written.</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("RUN_DIR") { Description = "A training run's output_dir (the folder with metrics.jsonl)." };
        var command = new Command("plot", "Draw a run's loss, rewards, accuracy, WPO weights and learning rate as PNG files in RUN_DIR/plots.") { directory };
        command.SetAction(parse =>
        {
            foreach (string path in RunPlots.Write(parse.GetValue(directory)!.FullName)) AnsiConsole.Console.WriteLine(path);
            return 0;
        });
        return command;
    }
}
