using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Wpo.Data;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo data inspect CONFIG_OR_DATASET [--model DIR]</c>: rows per split, skipped rows by reason, token length
/// percentiles, truncation counts, padding efficiency and three formatted examples with the prompt/answer boundary marked.
/// </summary>
public static class DataInspectCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("CONFIG_OR_DATASET") { Description = "A recipe (.yaml) or a dataset file or folder." };
        var options = new DataOptions();
        var batchSize = new Option<int>("--batch-size") { Description = "Pairs per batch for the padding figures.", DefaultValueFactory = _ => 8 };
        var examples = new Option<int>("--examples") { Description = "Formatted examples to show.", DefaultValueFactory = _ => 3 };
        var noCache = new Option<bool>("--no-cache") { Description = "Tokenize again instead of reading (and writing) the cache." };
        var command = new Command("inspect", "Rows, skipped rows, token lengths, truncation and examples of a preference dataset.") { target, batchSize, examples, noCache };
        foreach (Option option in options.All) command.Add(option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(target)!;
            int pairsPerBatch = parse.GetValue(batchSize);
            if (pairsPerBatch < 1) throw new WpoException($"--batch-size must be at least 1 (got {pairsPerBatch}).");
            int exampleCount = parse.GetValue(examples);
            if (exampleCount < 0) throw new WpoException($"--examples must be at least 0 (got {exampleCount}).");
            bool isConfig = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            DataConfig config = options.Apply(isConfig ? DataConfigReader.Read(path) : new DataConfig(), parse);
            var pipeline = PreferencePipeline.Create(config, parse.GetValue(options.Model));
            var plans = isConfig ? DatasetMixer.Plan(pipeline.Config, path) : DatasetMixer.PlanWhole(path);

            var clock = Stopwatch.StartNew();
            PreferenceDataset dataset = pipeline.Build(plans, useCache: !parse.GetValue(noCache),
                notice: line => AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {line}"));
            Describe(path, pipeline, dataset, clock.Elapsed);
            foreach (PreferenceSplit split in dataset.Splits) Lengths(split, pipeline, pairsPerBatch);
            Examples(dataset, pipeline, exampleCount);
            return 0;
        });
        return command;
    }

    static void Describe(string path, PreferencePipeline pipeline, PreferenceDataset dataset, TimeSpan elapsed)
    {
        DataConfig config = pipeline.Config;
        AnsiConsole.MarkupLineInterpolated($"[bold]{path}[/]");
        AnsiConsole.MarkupLineInterpolated(
            $"max_length {config.MaxLength}, max_prompt_length {config.MaxPromptLength}, truncation_mode {Key(config.TruncationMode)}, prompt_layout {Key(config.PromptLayout)}, special_tokens_in_content {Key(config.SpecialTokensInContent)}");
        long rows = dataset.Splits.Sum(split => split.RowsRead);
        if (dataset.FromCache) AnsiConsole.MarkupLineInterpolated($"read from the cache in {elapsed.TotalSeconds:F2} s");
        else
            AnsiConsole.MarkupLineInterpolated(
                $"formatted and tokenized {rows} rows in {elapsed.TotalSeconds:F2} s ({rows / Math.Max(elapsed.TotalSeconds, 1e-9):F0} rows/s, {pipeline.Workers} workers)");

        var table = new Table().AddColumns("split", "rows read", "pairs kept", "skipped");
        foreach (PreferenceSplit split in dataset.Splits)
            table.AddRow(split.Name, $"{split.RowsRead}", $"{split.Pairs.Count}", $"{split.RowsRead - split.Pairs.Count}");
        AnsiConsole.Write(table);
        foreach (PreferenceSplit split in dataset.Splits.Where(split => split.RowsRead == 0))
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] the {split.Name} split has no rows (are its files empty?)");
        if (dataset.BadRows.Count == 0) AnsiConsole.MarkupLine("no rows skipped");
        else AnsiConsole.Write(new Spectre.Console.Text(dataset.BadRows.Summary()));
    }

    /// <summary>A setting as the config spells it (KeepEnd → keep_end).</summary>
    static string Key(Enum setting) => JsonNamingPolicy.SnakeCaseLower.ConvertName(setting.ToString());

    static void Lengths(PreferenceSplit split, PreferencePipeline pipeline, int batchSize)
    {
        if (split.Pairs.Count == 0) return;
        SplitStatistics stats = SplitStatistics.Of(split);
        var table = new Table { Title = new TableTitle($"{split.Name}: tokens before truncation") }
            .AddColumns("", "min", "p50", "p90", "p95", "p99", "max", "mean");
        foreach (var (name, p) in new[] { ("prompt", stats.Prompt), ("chosen", stats.Chosen), ("rejected", stats.Rejected) })
            table.AddRow(name, $"{p.Min}", $"{p.P50}", $"{p.P90}", $"{p.P95}", $"{p.P99}", $"{p.Max}", $"{p.Mean:F1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"truncated: {stats.PromptsTruncated} prompts, {stats.AnswersTruncated} pairs with a cut answer (of {stats.Pairs})");

        PreferenceBatcher Batcher(bool grouped) => new(split.Pairs, batchSize, seed: 0, groupByLength: grouped);
        double packed = Batcher(false).BatchIndices(0)
            .Select(batch => SequencePacker.Pack(batch.Select(i => split.Pairs[i]).ToList(), pipeline.Config.MaxLength, pipeline.PadId))
            .Aggregate((Tokens: 0L, Positions: 0L), (sum, b) => (sum.Tokens + b.Sequences.Sum(s => (long)s.Length), sum.Positions + (long)b.Rows * b.Length), sum => (double)sum.Tokens / sum.Positions);
        AnsiConsole.MarkupLineInterpolated(
            $"padding efficiency at {batchSize} pairs per batch: padded {Batcher(false).PaddingEfficiency(0):P1}, length-grouped {Batcher(true).PaddingEfficiency(0):P1}, packed into rows of {pipeline.Config.MaxLength} {packed:P1}");
    }

    static void Examples(PreferenceDataset dataset, PreferencePipeline pipeline, int count)
    {
        PreferenceSplit? split = dataset.Splits.FirstOrDefault(s => s.Pairs.Count > 0);
        if (split is null) return;
        foreach (TokenizedPair pair in split.Pairs.Take(count))
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]── {pair.Origin} ──[/]");
            Section($"prompt · {pair.ChosenPromptLength} tokens", pipeline.Tokenizer.Decode(pair.ChosenIds[..pair.ChosenPromptLength]), "grey");
            Section($"chosen · {pair.ChosenIds.Length - pair.ChosenPromptLength} tokens", pipeline.Tokenizer.Decode(pair.ChosenIds[pair.ChosenPromptLength..]), "green");
            Section($"rejected · {pair.RejectedIds.Length - pair.RejectedPromptLength} tokens", pipeline.Tokenizer.Decode(pair.RejectedIds[pair.RejectedPromptLength..]), "red");
        }
    }

    static void Section(string title, string text, string colour)
    {
        AnsiConsole.MarkupLine($"[bold {colour}]▼ {Markup.Escape(title)}[/]");
        // The text as the model sees it, written as is: a console library breaks long lines (at a space it drops),
        // which would misrepresent the very whitespace this view is for.
        AnsiConsole.Console.Profile.Out.Writer.Write(text);
        AnsiConsole.MarkupLine($"[bold {colour}]◀[/]");
    }
}
