using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Wpo.Modeling;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench forward [MODEL_DIR | --config tiny|small]</c>: tokens/s of the forward pass and of forward + backward
/// (next-token cross-entropy), the peak resident memory of each, and the machine's fp32 and bf16 matmul GFLOP/s
/// measured in the same run, so the model's share of the machine's peak is visible. With
/// <c>--gradient-checkpointing</c> the layers are recomputed in backward, which shows in the forward + backward peak.
/// </summary>
public static class ForwardBench
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("MODEL_DIR") { Description = "A Hugging Face model directory; without it a named config is initialised randomly.", Arity = ArgumentArity.ZeroOrOne };
        var preset = new Option<string>("--config") { Description = $"Named config when no MODEL_DIR: {string.Join(", ", ModelPresets.Names)}.", DefaultValueFactory = _ => "tiny" };
        var tokens = new Option<int>("--tokens") { Description = "Tokens per row.", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Rows per step.", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var steps = new Option<int>("--steps") { Description = "Timed steps after one warm-up (the fastest counts).", DefaultValueFactory = _ => 5 };
        var checkpointing = new Option<bool>("--gradient-checkpointing") { Description = "Recompute each layer's activations in backward instead of keeping them." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("forward", "Forward and forward+backward tokens/s and peak memory of a model, beside the machine's matmul GFLOP/s.")
        {
            directory, preset, tokens, batch, dtype, steps, checkpointing, json,
        };
        command.SetAction(parse =>
        {
            var report = Run(parse.GetValue(directory)?.FullName, parse.GetValue(preset)!, parse.GetValue(batch), parse.GetValue(tokens),
                parse.GetValue(dtype)!, parse.GetValue(steps), parse.GetValue(checkpointing));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            else report.Write(AnsiConsole.Console);
            return 0;
        });
        return command;
    }

    public static ForwardBenchReport Run(string? directory, string preset, int batch, int tokens, string dtypeName, int steps, bool gradientCheckpointing)
    {
        if (batch < 1 || tokens < 2 || steps < 1) throw new WpoException("bench forward needs --batch ≥ 1, --tokens ≥ 2 and --steps ≥ 1.");
        var dtype = dtypeName == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = directory is null ? CausalLM.Create(ModelPresets.Get(preset), dtype, CPU, seed: 0) : CausalLM.Load(directory, dtype, CPU);
        model.GradientCheckpointing = gradientCheckpointing;
        double fp32Gflops = ForwardMeasurements.MatmulGflops(ScalarType.Float32);
        double bf16Gflops = ForwardMeasurements.MatmulGflops(ScalarType.BFloat16);
        var config = model.Config;
        using var generator = new Generator(1);
        using var ids = randint(0, config.VocabSize, [batch, tokens], generator: generator);

        ProcessMemory.TryResetPeak();
        double forward = ForwardMeasurements.FastestSeconds(steps, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.Forward(ids);
        });
        long forwardPeak = ProcessMemory.PeakResidentBytes;

        ProcessMemory.TryResetPeak();
        double forwardBackward = ForwardMeasurements.FastestSeconds(steps, () =>
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(ids).narrow(1, 0, tokens - 1);
            F.cross_entropy(logits.reshape(-1, config.VocabSize), ids.narrow(1, 1, tokens - 1).reshape(-1)).backward();
            model.zero_grad();
        });
        long forwardBackwardPeak = ProcessMemory.PeakResidentBytes;

        return new ForwardBenchReport(directory ?? preset, dtypeName, CausalLM.ParameterCount(config), ForwardMeasurements.MatmulParameters(config), batch, tokens, steps, get_num_threads(), CpuAllocator.Mode,
            gradientCheckpointing, forward, forwardBackward, forwardPeak, forwardBackwardPeak, fp32Gflops, bf16Gflops);
    }
}
