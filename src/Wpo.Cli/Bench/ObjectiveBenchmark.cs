using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench objective</c>: the WPO objective alone (final hidden states → LM head → weighted sigmoid loss →
/// backward into the hidden states and the head), one configuration per process so that the peak resident size
/// belongs to it.
/// </summary>
public static class ObjectiveBenchmark
{
    public static Command Create()
    {
        var objective = new Option<string>("--objective") { Description = "chunked (the training path) or plain (full logits, log_softmax, gather).", DefaultValueFactory = _ => "chunked" };
        objective.AcceptOnlyFromAmong("chunked", "plain");
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size V of the LM head.", DefaultValueFactory = _ => 128_256 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H.", DefaultValueFactory = _ => 4_096 };
        var tokens = new Option<int>("--tokens") { Description = "Positions in the batch: one pair, chosen and rejected rows of tokens/2 each, every next token labelled.", DefaultValueFactory = _ => 2_048 };
        var dtype = new Option<string>("--dtype") { Description = "bf16 or fp32 hidden states and head.", DefaultValueFactory = _ => "bf16" };
        dtype.AcceptOnlyFromAmong("bf16", "fp32");
        var chunk = new Option<int>("--chunk") { Description = "Labelled positions per chunk (chunked only).", DefaultValueFactory = _ => ScoreOptions.DefaultChunkSize };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        RequireAtLeast(vocab, 2);
        RequireAtLeast(hidden, 1);
        RequireAtLeast(tokens, 4);
        RequireAtLeast(chunk, 1);
        Require(tokens, value => value % 2 == 0 ? null : "--tokens must be even: one chosen and one rejected row of tokens/2 each.");
        var command = new Command("objective", "Time and peak memory of the WPO objective: hidden states → weighted loss → backward.")
        {
            objective, vocab, hidden, tokens, dtype, chunk, json,
        };
        command.SetAction(parse =>
        {
            var settings = new ObjectiveBenchmarkSettings(parse.GetValue(objective) == "chunked", parse.GetValue(vocab), parse.GetValue(hidden),
                parse.GetValue(tokens), parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32, parse.GetValue(chunk));
            var measurement = Measure(settings);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(measurement, JsonOptions));
            else Print(measurement);
            return 0;
        });
        return command;
    }

    static void RequireAtLeast(Option<int> option, int minimum) =>
        Require(option, value => value >= minimum ? null : $"{option.Name} must be at least {minimum}.");

    /// <summary>Adds the error <paramref name="check"/> returns for the option's value, if any.</summary>
    static void Require(Option<int> option, Func<int, string?> check) => option.Validators.Add(result =>
    {
        // Validators run even when the text is not an int ('abc', or past int.MaxValue): System.CommandLine reports
        // that itself, and GetValueOrDefault would throw an InvalidOperationException that aborts the process.
        if (result.Tokens.Count == 1 && !int.TryParse(result.Tokens[0].Value, out _)) return;
        if (check(result.GetValueOrDefault<int>()) is string error) result.AddError(error);
    });

    static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Builds the inputs and their gradient buffers, warms the kernels up on a few tokens, gives freed memory back and
    /// resets the peak, takes the resident size as the baseline, then times one forward + backward and reads the peak.
    /// </summary>
    internal static ObjectiveMeasurement Measure(ObjectiveBenchmarkSettings settings)
    {
        manual_seed(0);
        var inputs = ObjectiveInputs.Create(settings);
        var scoreOptions = new ScoreOptions { Chunked = settings.Chunked, ChunkSize = settings.Chunk };
        var lossOptions = new LossOptions { Beta = 0.01 };
        RunOnce(inputs.Warmup(), scoreOptions, lossOptions);
        inputs.ZeroGradients();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        bool peakReset = ProcessMemory.TryResetPeak();
        long baseline = ProcessMemory.ResidentBytes;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        double loss = RunOnce(inputs, scoreOptions, lossOptions);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        long peak = ProcessMemory.PeakResidentBytes;
        return new ObjectiveMeasurement(settings.Chunked ? "chunked" : "plain", settings.Vocab, settings.Hidden, settings.Tokens,
            settings.DType == ScalarType.BFloat16 ? "bf16" : "fp32", settings.Chunked ? settings.Chunk : null, get_num_threads(), CpuAllocator.Mode,
            seconds, cpuSeconds, peak, baseline, peak - baseline, inputs.HeldBytes, peakReset, loss);
    }

    static double RunOnce(ObjectiveInputs inputs, ScoreOptions scoreOptions, LossOptions lossOptions)
    {
        using var scope = NewDisposeScope();
        var scores = SequenceScores.Compute(inputs.Hidden, inputs.LmHeadWeight, inputs.Labels, scoreOptions);
        var result = PreferenceLoss.Compute(scores, inputs.ReferenceLogps, lossOptions);
        result.Loss.backward();
        return result.Loss.item<double>();
    }

    static void Print(ObjectiveMeasurement m)
    {
        static string GiB(long bytes) => $"{bytes / (double)(1L << 30):F3} GiB";
        var table = new Table().AddColumn("objective").AddColumn(m.Objective);
        table.AddRow("vocab × hidden, tokens, dtype", $"{m.Vocab:N0} × {m.Hidden:N0}, {m.Tokens:N0}, {m.Dtype}");
        if (m.Chunk is int chunk) table.AddRow("chunk", $"{chunk}");
        table.AddRow("threads, allocator", $"{m.Threads}, {m.Allocator}");
        table.AddRow("seconds (forward + backward)", $"{m.Seconds:F2}");
        table.AddRow("CPU seconds, all threads", $"{m.CpuSeconds:F2}");
        table.AddRow("peak resident", GiB(m.PeakResidentBytes));
        table.AddRow("baseline resident (inputs, weights, gradients, runtime)", GiB(m.BaselineResidentBytes));
        table.AddRow("transient (peak − baseline)", GiB(m.TransientBytes));
        table.AddRow("held by inputs, weights, gradients", GiB(m.HeldBytes));
        table.AddRow("loss", $"{m.Loss:G6}");
        AnsiConsole.Write(table);
        if (!m.PeakReset)
            AnsiConsole.MarkupLine("[yellow]warning:[/] the kernel refused to reset the peak (/proc/self/clear_refs); the peak may predate the baseline.");
    }
}
