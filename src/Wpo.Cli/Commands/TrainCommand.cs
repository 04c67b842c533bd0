using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Train;
using Wpo.Training;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo train CONFIG [--dry-run] [--key value …]</c>: trains from a recipe YAML (the seed's keys), any key
/// overridden on the command line.
/// </summary>
public static class TrainCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var config = new Argument<FileInfo>("CONFIG") { Description = "A recipe YAML (the seed's keys; README \"Training\" lists them)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the resolved settings, the step plan and the memory estimate; load no weights." };
        var command = new Command("train", "Train a model with WPO (or DPO, IPO, hinge, SimPO) from a recipe; --key value overrides any recipe key.")
        {
            config, dryRun,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            IAnsiConsole output = console ?? AnsiConsole.Console;
            FileInfo file = parse.GetValue(config)!;
            if (!file.Exists) throw new WpoException($"{file.FullName}: recipe not found.");
            var recipe = TrainingRecipe.Load(file.FullName, RecipeOverrides.Parse(parse.UnmatchedTokens));
            bool dry = parse.GetValue(dryRun);
            var report = new TrainingReport(output);
            report.Settings(recipe, defaults: dry);
            var model = TrainingModel.Read(recipe);
            TrainingRun run;
            try
            {
                run = TrainingRun.Prepare(recipe, model, report.Notice);
            }
            catch (WpoException) when (dry)
            {
                report.Plan(recipe, model, null);
                throw;
            }
            report.Plan(recipe, model, run);
            if (dry) return 0;
            using var interrupt = new ConsoleInterrupt(output);
            TrainingOutcome outcome = TrainingConsole.Train(output, run, interrupt.Token);
            report.Finished(run, outcome);
            return outcome == TrainingOutcome.Completed ? 0 : 130;
        });
        return command;
    }
}
