using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Wpo.Cli.Commands;
using Wpo.Data;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench data</c>: rows per second of formatting + tokenizing (no reading, no cache) on one thread and on
/// the chosen number of workers, and of a whole uncached build (reading included).
/// </summary>
public static class DataBench
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Preference dataset.", DefaultValueFactory = _ => "../shared/data/llama_factory/dpo_en_demo.json" };
        var repeat = new Option<int>("--repeat") { Description = "Timed passes (the best is reported).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the numbers as JSON." };
        var options = new DataOptions();
        var command = new Command("data", "Rows/s of formatting and tokenizing preference pairs.") { dataset, repeat, json };
        foreach (Option option in options.All) command.Add(option);
        command.SetAction(parse =>
        {
            var defaults = new DataConfig
            {
                TokenizerPath = "../shared/goldens/tokenizers/llama3",
                ChatTemplate = "../shared/goldens/preference_pairs/templates/llama3-8b-instruct.jinja",
                MaxLength = 2048,
                MaxPromptLength = 1800,
                // Every row is timed through the whole encoder, including the few whose prompt exceeds max_length.
                KeepOverBudgetPrompts = true,
            };
            var pipeline = PreferencePipeline.Create(options.Apply(defaults, parse), parse.GetValue(options.Model));
            string path = parse.GetValue(dataset)!;
            // One untimed pass on this thread: a bad row is left out, and an error (a template's) stops the bench
            // with its row named instead of surfacing from the parallel passes as an AggregateException.
            var records = RecordReader.ReadPreferences(path, pipeline.Config.Schema, BadRowPolicy.Skip, new BadRowLog())
                .Where(record => Encodes(record, pipeline)).ToList();
            int passes = Math.Max(1, parse.GetValue(repeat));

            double single = Best(passes, () => Encode(records, pipeline, 1));
            double parallel = Best(passes, () => Encode(records, pipeline, pipeline.Workers));
            var plans = DatasetMixer.PlanWhole(path);
            double build = Best(passes, () => pipeline.Build(plans, useCache: false));
            var result = new
            {
                dataset = path,
                rows = records.Count,
                workers = pipeline.Workers,
                rows_per_second_one_thread = records.Count / single,
                rows_per_second_workers = records.Count / parallel,
                rows_per_second_build_with_reading = records.Count / build,
                peak_resident_mib = ProcessMemory.PeakResidentBytes / (1024.0 * 1024),
            };
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            else
            {
                var table = new Table().AddColumns("measure", "value");
                table.AddRow("rows", $"{result.rows}");
                table.AddRow("format+tokenize, 1 thread", $"{result.rows_per_second_one_thread:F0} rows/s");
                table.AddRow($"format+tokenize, {result.workers} workers", $"{result.rows_per_second_workers:F0} rows/s");
                table.AddRow("read+format+tokenize (uncached build)", $"{result.rows_per_second_build_with_reading:F0} rows/s");
                table.AddRow("peak resident memory", $"{result.peak_resident_mib:F0} MiB");
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return command;
    }

    static bool Encodes(PreferenceRecord record, PreferencePipeline pipeline)
    {
        try
        {
            pipeline.Encoder.Encode(record);
            return true;
        }
        catch (BadRowException)
        {
            return false;
        }
    }

    static void Encode(List<PreferenceRecord> records, PreferencePipeline pipeline, int workers) =>
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => pipeline.Encoder.Encode(records[i]));

    /// <summary>Seconds of the fastest of <paramref name="passes"/> runs, after one untimed warm-up.</summary>
    internal static double Best(int passes, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int i = 0; i < passes; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
