using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Demo;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo demo</c>: the paper's experiment in miniature on the embedded arithmetic task, no downloads.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output") { Description = $"The run directory (default {DemoSettings.Quick.Output}, with --full {DemoSettings.Full.Output})." };
        var full = new Option<bool>("--full") { Description = "Three seeds and a three-point distance sweep (about 30 minutes on 2 cores), mean ± sd." };
        var seed = new Option<int?>("--seed") { Description = "The one seed of a quick run (default 1)." };
        var command = new Command("demo", "The WPO paper's experiment in miniature: SFT from scratch on an arithmetic task with a gold reward, off-policy and hybrid pairs, DPO against WPO, held-out scores and plots.")
        {
            output, full, seed,
        };
        command.SetAction(parse =>
        {
            var settings = parse.GetValue(full) ? DemoSettings.Full : DemoSettings.Quick;
            if (parse.GetValue(seed) is int one)
            {
                if (parse.GetValue(full)) throw new WpoException("--seed picks the one seed of a quick run; --full runs seeds 1, 2 and 3.");
                settings = settings with { Seeds = [one] };
            }
            if (parse.GetValue(output) is { } directory) settings = settings with { Output = directory };
            new DemoExperiment(settings, AnsiConsole.Console).Run();
            return 0;
        });
        return command;
    }
}
