using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Demo;
using Wpo.Objectives;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo demo</c>: SFT then WPO training of a small model on the embedded default, no downloads.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new DemoSettings();
        var output = new Option<string>("--output") { Description = "Where the demo writes its tokenizer, data and trained model.", DefaultValueFactory = _ => defaults.Output };
        var sftSteps = new Option<int>("--sft-steps") { Description = "SFT steps before preference training.", DefaultValueFactory = _ => defaults.SftSteps };
        var steps = new Option<int>("--steps") { Description = "Preference-optimisation steps.", DefaultValueFactory = _ => defaults.PreferenceSteps };
        var loss = new Option<LossType>("--loss") { Description = "sigmoid (DPO), ipo, hinge or simpo.", DefaultValueFactory = _ => defaults.Loss.LossType };
        var beta = new Option<double>("--beta") { Description = "β of the preference loss.", DefaultValueFactory = _ => defaults.Loss.Beta };
        var alignment = new Option<Alignment>("--alignment") { Description = "WPO weight alignment: sampled (paper Eq. 2), greedy or none.", DefaultValueFactory = _ => defaults.Alignment };
        var noWpo = new Option<bool>("--no-wpo") { Description = "Unweighted loss (plain DPO), for comparison." };
        var seed = new Option<int>("--seed") { Description = "Seed of the model initialisation and the batch order.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("demo", "Train a small model with WPO on the embedded default (byte-level tokenizer, 32 preference pairs): SFT, then WPO, then save.")
        {
            output, sftSteps, steps, loss, beta, alignment, noWpo, seed,
        };
        command.SetAction(parse =>
        {
            var settings = defaults with
            {
                Output = parse.GetValue(output)!,
                SftSteps = Positive(parse.GetValue(sftSteps), "--sft-steps"),
                PreferenceSteps = Positive(parse.GetValue(steps), "--steps"),
                Seed = parse.GetValue(seed),
                Alignment = parse.GetValue(alignment),
                Loss = defaults.Loss with { LossType = parse.GetValue(loss), Beta = parse.GetValue(beta), Wpo = !parse.GetValue(noWpo) },
            };
            new DemoRun(settings, AnsiConsole.Console).Run();
            return 0;
        });
        return command;
    }

    static int Positive(int value, string option) => value > 0 ? value : throw new WpoException($"{option} must be positive, not {value}.");
}
