using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Wpo.Cli.Eval;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval metrics ANNOTATIONS.json</c>: AlpacaEval's head-to-head metrics of an annotations file, the
/// length-controlled win rate of AlpacaEval's GLM refit on it (optionally regularised toward the baseline with gamed
/// rows) and, with <c>--weights</c>, the LC from stored GLM weights; writes them as JSON with a bar chart PNG beside it.
/// </summary>
public static class EvalMetricsCommand
{
    public static Command Create()
    {
        var annotations = new Argument<FileInfo>("ANNOTATIONS") { Description = "AlpacaEval's annotations.json (output_1 = baseline, output_2 = model)." };
        var weights = new Option<FileInfo?>("--weights") { Description = "AlpacaEval GLM weights (metrics/weights/…/length_controlled_v1/baseline_B.csv) holding the model's row: prints the LC win rate." };
        var difficulty = new Option<FileInfo?>("--difficulty") { Description = "The instruction-difficulty table (index,instruction_difficulty); default: the approximate table, shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv found above the working or program directory." };
        var gamed = new Option<FileInfo?>("--gamed") { Description = "AlpacaEval's gamed rows (CSV with preference in [0, 1], std_delta_len, instruction_difficulty): regularise the fit toward the baseline (length_controlled_v1)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics JSON instead of the table." };
        var against = new Option<string?>("--against") { Description = "LC against this other model of the weights file instead of the annotations' baseline (AlpacaEval's predict_winrate)." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the metrics JSON (and its bar chart, same name .png); default: metrics.json beside ANNOTATIONS." };
        var command = new Command("metrics", "AlpacaEval win rate, standard error, counts, discrete win rate, average length and the length-controlled win rate (GLM refit; with --weights also from stored weights).")
        {
            annotations, weights, difficulty, gamed, against, output, json,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(annotations)!.FullName;
            bool quiet = parse.GetValue(json);
            var inputs = new LengthControlInputs(parse.GetValue(difficulty)?.FullName, parse.GetValue(gamed)?.FullName, parse.GetValue(weights)?.FullName, parse.GetValue(against));
            string outputPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "metrics.json");
            var document = AlpacaMetricsReport.Run(quiet ? null : AnsiConsole.Console, AnnotationsReader.Read(path), inputs, outputPath, lcOptional: false);
            if (quiet) Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
