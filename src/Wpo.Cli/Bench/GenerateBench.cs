using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Wpo.Generation;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench generate [MODEL_DIR | --config tiny]</c>: decoding tokens/s of <see cref="SequenceGenerator"/> with
/// the KV cache and without it (every step runs the whole sequence again), at several batch sizes, in the same run.
/// Prompts are random ids of one length; no EOS ends a row, so every row generates exactly --new-tokens, sampled
/// with the paper's temperature 0.7 and top-p 0.95 (and transformers' top-k 50).
/// </summary>
public static class GenerateBench
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("MODEL_DIR") { Description = "A Hugging Face model directory; without it a named config is initialised randomly.", Arity = ArgumentArity.ZeroOrOne };
        var preset = new Option<string>("--config") { Description = $"Named config when no MODEL_DIR: {string.Join(", ", ModelPresets.Names)}.", DefaultValueFactory = _ => "tiny" };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Tokens per prompt.", DefaultValueFactory = _ => 32 };
        var newTokens = new Option<int>("--new-tokens") { Description = "Tokens generated per row.", DefaultValueFactory = _ => 32 };
        var batches = new Option<int[]>("--batch-sizes") { Description = "Rows decoded together, one measurement each.", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("generate", "Generation tokens/s with and without the KV cache at several batch sizes.")
        {
            directory, preset, promptTokens, newTokens, batches, dtype, json,
        };
        command.SetAction(parse =>
        {
            var report = Run(parse.GetValue(directory)?.FullName, parse.GetValue(preset)!, parse.GetValue(promptTokens), parse.GetValue(newTokens),
                parse.GetValue(batches)!, parse.GetValue(dtype)!);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            else report.Write(AnsiConsole.Console);
            return 0;
        });
        return command;
    }

    public static GenerateBenchReport Run(string? directory, string preset, int promptTokens, int newTokens, IReadOnlyList<int> batchSizes, string dtypeName)
    {
        if (promptTokens < 1 || newTokens < 1 || batchSizes.Count == 0 || batchSizes.Any(b => b < 1))
            throw new WpoException("bench generate needs --prompt-tokens ≥ 1, --new-tokens ≥ 1 and batch sizes ≥ 1.");
        var dtype = dtypeName == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = directory is null ? CausalLM.Create(ModelPresets.Get(preset), dtype, CPU, seed: 0) : CausalLM.Load(directory, dtype, CPU);
        model.eval();
        var settings = new SamplingSettings { DoSample = true, Temperature = 0.7, TopP = 0.95, MaxNewTokens = newTokens, Seed = 1 };
        var random = new Random(1);
        List<GenerationRequest> Prompts(int rows) => Enumerable.Range(0, rows)
            .Select(row => new GenerationRequest(Enumerable.Range(0, promptTokens).Select(_ => random.Next(model.Config.VocabSize)).ToArray(), row))
            .ToList();
        double Seconds(bool cache, int rows)
        {
            var generator = new SequenceGenerator(model, settings) { UseCache = cache };
            var requests = Prompts(rows);
            var clock = Stopwatch.StartNew();
            generator.Generate(requests);
            return clock.Elapsed.TotalSeconds;
        }
        Seconds(cache: true, 1);
        var rows = batchSizes.Select(batch => new GenerateBenchRow(batch, batch * newTokens / Seconds(cache: true, batch), batch * newTokens / Seconds(cache: false, batch))).ToList();
        return new GenerateBenchReport(directory ?? preset, dtypeName, CausalLM.ParameterCount(model.Config), promptTokens, newTokens, get_num_threads(), rows);
    }
}

/// <summary>Generated tokens per second at one batch size, with and without the KV cache (prefill included).</summary>
public sealed record GenerateBenchRow(int BatchSize, double CachedTokensPerSecond, double UncachedTokensPerSecond);

/// <summary>The results of <c>wpo bench generate</c>.</summary>
public sealed record GenerateBenchReport(string Model, string DType, long Parameters, int PromptTokens, int NewTokens, int Threads, IReadOnlyList<GenerateBenchRow> Rows)
{
    public void Write(IAnsiConsole console)
    {
        var table = new Table()
            .Title($"bench generate: {Model}, {Parameters / 1e6:F1} M parameters, {DType}, prompts of {PromptTokens} tokens, {NewTokens} new tokens per row, {Threads} threads")
            .AddColumns("batch", "tokens/s with KV cache", "tokens/s without", "cache speed-up");
        foreach (var column in table.Columns) column.RightAligned();
        foreach (var row in Rows)
            table.AddRow($"{row.BatchSize}", BenchFormat.Number(row.CachedTokensPerSecond), BenchFormat.Number(row.UncachedTokensPerSecond),
                $"{BenchFormat.Number(row.CachedTokensPerSecond / row.UncachedTokensPerSecond)}×");
        table.Caption("Generated tokens per second of wall time, prompt encoding included; sampling at temperature 0.7, top-k 50, top-p 0.95.");
        console.Write(table);
    }
}
