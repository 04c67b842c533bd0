using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Pairs;
using Wpo.Text;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo pairs SCORED --rule paper|v2|maxmin --output PAIRS.jsonl</c>: preference pairs from scored outputs, in the
/// ultrafeedback_binarized schema, and a summary (prompts in, pairs out, dropped by reason, ties broken by rule).
/// </summary>
public static class PairsCommand
{
    public static Command Create()
    {
        var scored = new Argument<string>("SCORED") { Description = "A wpo score file." };
        var rule = new Option<string>("--rule") { Description = "paper (top vs a random output ≥ margin lower), v2 (top vs minimum, ties by length), maxmin.", Required = true };
        rule.AcceptOnlyFromAmong("paper", "v2", "maxmin");
        var output = new Option<string>("--output") { Description = "Pairs (JSONL, ultrafeedback_binarized schema), written atomically.", Required = true };
        var threshold = new Option<double?>("--threshold") { Description = "The chosen output must score at least this." };
        var margin = new Option<double?>("--margin") { Description = "How much lower the rejected must score (paper: default 1; v2, maxmin: default any gap)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the paper rule's draws.", DefaultValueFactory = _ => 42 };
        var fallback = new Option<bool>("--fallback") { Description = "Give a dropped prompt its original pair (the line's 'original')." };
        var extra = new Option<string?>("--extra-outputs") { Description = "A scored file whose outputs join the candidates of the same prompt (e.g. a strong model's answers)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "The policy's tokenizer directory: lengths in its tokens (default: each output's token_count)." };
        var command = new Command("pairs", "Build preference pairs from scored outputs (the paper's, the v2 or the max/min rule).")
        {
            scored, rule, output, threshold, margin, seed, fallback, extra, tokenizer,
        };
        command.SetAction(parse =>
        {
            var options = new PairOptions(PairOptions.ParseRule(parse.GetValue(rule)!), parse.GetValue(threshold), parse.GetValue(margin), parse.GetValue(seed), parse.GetValue(fallback));
            if (options.Margin is < 0) throw new WpoException($"--margin must not be negative (got {options.Margin}).");
            Func<string, int>? length = null;
            if (parse.GetValue(tokenizer) is { } directory)
            {
                if (!Directory.Exists(directory)) throw new WpoException($"--tokenizer {directory}: no such directory.");
                var loaded = Tokenizer.Load(directory);
                length = text => loaded.Encode(text).Length;
            }
            string path = parse.GetValue(output)!;
            PairSummary summary = PairBuilder.Build(parse.GetValue(scored)!, path, options, parse.GetValue(extra), length);
            Report(AnsiConsole.Console, path, options, summary);
            return 0;
        });
        return command;
    }

    static void Report(IAnsiConsole console, string path, PairOptions options, PairSummary summary)
    {
        console.WriteLine($"{path}: {summary.PairsOut} pairs from {summary.PromptsIn} prompts (rule {options.Rule.ToString().ToLowerInvariant()}, {summary.Fallbacks} original pairs by --fallback)");
        if (summary.ExtraOutputs > 0) console.WriteLine($"extra outputs: {summary.ExtraOutputs} joined {summary.PromptsWithExtras} prompts");
        if (summary.Unscored > 0) console.WriteLine($"{summary.Unscored} outputs without a score left out");
        var table = new Table().AddColumns("", "prompts");
        foreach (var (reason, count) in summary.Dropped) table.AddRow(Markup.Escape($"dropped: {reason}"), count.ToString(CultureInfo.InvariantCulture));
        foreach (var (tie, count) in summary.Ties) table.AddRow(Markup.Escape(tie), count.ToString(CultureInfo.InvariantCulture));
        if (table.Rows.Count > 0) console.Write(table);
        else console.WriteLine("no prompt dropped, no tie broken");
    }
}
