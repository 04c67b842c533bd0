using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Training;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>
/// <c>wpo bench train</c>: full WPO optimizer steps through the trainer itself (scoring with the chunked head, the
/// weighted loss, backward, clipping, AdamW with fp32 masters in bf16), on random pairs of one length or on a
/// recipe's real pairs, padded or packed. Reports the median step's tokens/s, the model FLOP rate against the
/// machine's matmul rate measured in the same run (MFU), the process's peak resident memory, the batches' padding
/// share, and, with <c>--peer</c>, the seed's formulation in PyTorch at the same shape, run first in its own process.
/// </summary>
public static class TrainStepBench
{
    public static Command Create()
    {
        var preset = new Option<string>("--config") { Description = $"Model shape: {string.Join(", ", ModelPresets.Names)} (random init).", DefaultValueFactory = _ => "tiny" };
        var dtype = new Option<string>("--dtype") { Description = "Compute dtype (bf16: fp32 master weights and moments).", DefaultValueFactory = _ => "bf16" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var pairs = new Option<int?>("--pairs") { Description = "Pairs per step (default 2, or the recipe's per_device_train_batch_size)." };
        var tokens = new Option<int>("--tokens") { Description = "Tokens per sequence of the random pairs (the first quarter is the prompt).", DefaultValueFactory = _ => 256 };
        var steps = new Option<int>("--steps") { Description = "Timed steps after one warm-up step (the median counts).", DefaultValueFactory = _ => 5 };
        var checkpointing = new Option<bool>("--gradient-checkpointing") { Description = "Recompute each layer's activations in backward." };
        var precomputed = new Option<bool>("--precomputed-reference") { Description = "Reference log-probs scored before the steps instead of a frozen model each step." };
        var data = new Option<FileInfo?>("--data") { Description = "A recipe whose train pairs are used instead of random ones (lengths, padding and packing are real)." };
        var packing = new Option<bool?>("--packing") { Description = "Pack the pairs into rows of max_length (default: the recipe's packing)." };
        var peer = new Option<FileInfo?>("--peer") { Description = "Run this peer script (../shared/tools/peer_step_bench.py) at the same shape first." };
        var python = new Option<string>("--python") { Description = "The Python that runs the peer.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var loraRank = new Option<int?>("--lora-r") { Description = "Train LoRA adapters of this rank on every linear layer (alpha 2r) instead of every weight." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("train", "Tokens/s, MFU and peak memory of full WPO training steps, optionally beside the seed's step in PyTorch.")
        {
            preset, dtype, pairs, tokens, steps, checkpointing, precomputed, data, packing, peer, python, loraRank, json,
        };
        command.SetAction(parse =>
        {
            var report = Run(new TrainStepSettings
            {
                Preset = parse.GetValue(preset)!,
                DType = parse.GetValue(dtype)!,
                Pairs = parse.GetValue(pairs),
                Tokens = parse.GetValue(tokens),
                Steps = parse.GetValue(steps),
                GradientCheckpointing = parse.GetValue(checkpointing),
                LoraRank = parse.GetValue(loraRank),
                FrozenReference = !parse.GetValue(precomputed),
                Recipe = parse.GetValue(data)?.FullName,
                Packing = parse.GetValue(packing),
                PeerScript = parse.GetValue(peer)?.FullName,
                Python = parse.GetValue(python)!,
            });
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            else report.Write(AnsiConsole.Console);
            return 0;
        });
        return command;
    }

    public static TrainStepReport Run(TrainStepSettings settings)
    {
        if (settings.Steps < 1 || settings.Tokens < 4 || settings.Pairs < 1 || settings.LoraRank < 1)
            throw new WpoException("bench train needs --steps ≥ 1, --tokens ≥ 4, --pairs ≥ 1 and --lora-r ≥ 1.");
        if (settings.LoraRank is not null && settings.PeerScript is not null)
            throw new WpoException("bench train: --peer measures full fine-tuning only; leave out --lora-r.");
        var config = ModelPresets.Get(settings.Preset);
        var dtype = settings.DType == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        int threads = get_num_threads();
        if (settings.Recipe is not null && settings.PeerScript is not null)
            throw new WpoException("bench train: --peer runs only on random pairs (the peer script builds its own batch); leave out --data.");
        TrainingRecipe? recipe = null;
        IReadOnlyList<TokenizedPair> pairs;
        int batch;
        if (settings.Recipe is { } path)
        {
            (var all, recipe) = BenchPairs.FromRecipe(path, config.VocabSize);
            batch = settings.Pairs ?? recipe.Training.PerDeviceTrainBatchSize;
            pairs = [.. all.Take((settings.Steps + 1) * batch)];
        }
        else
        {
            batch = settings.Pairs ?? 2;
            pairs = BenchPairs.Random(batch, settings.Tokens, config.VocabSize, seed: 0);
        }
        int? rowLength = (settings.Packing ?? recipe?.Data.Packing ?? false) ? recipe?.Data.MaxLength ?? 2 * settings.Tokens : null;

        PeerOutcome? peer = settings.PeerScript is { } script
            ? PeerOutcome.Of(() => PeerStep.Run(script, settings.Python, config, batch, settings.Tokens, settings.Steps, settings.DType, threads))
            : null;
        double matmulGflops = ForwardMeasurements.MatmulGflops(dtype);

        ProcessMemory.TryResetPeak();
        var plan = Plan(pairs.Count, batch, settings.Steps + 1);
        var trainingConfig = new TrainingConfig
        {
            Bf16 = dtype == ScalarType.BFloat16,
            LearningRate = 1e-6,
            PerDeviceTrainBatchSize = batch,
            MaxSteps = plan.TotalSteps,
            LoggingSteps = plan.TotalSteps,
            GradientCheckpointing = settings.GradientCheckpointing,
            PackedRowLength = rowLength,
            Reference = settings.FrozenReference ? ReferenceMode.Model : ReferenceMode.Precomputed,
        };
        const long padId = 0;
        using var policy = CausalLM.Create(config, dtype, CPU, seed: 0);
        policy.GradientCheckpointing = settings.GradientCheckpointing;
        if (settings.LoraRank is int rank) LoraAdapters.Attach(policy, new LoraConfig { Rank = rank, Alpha = 2 * rank, TargetModules = LoraConfig.Projections }, seed: 0);
        using var frozen = settings.FrozenReference && settings.LoraRank is null ? CausalLM.Create(config, dtype, CPU, seed: 0) : null;
        var reference = settings.FrozenReference
            ? ReferenceScores.Frozen(frozen ?? policy)
            : ReferenceScores.Precomputed(ReferenceLogProbs.Compute(policy, pairs, batch, padId));
        var recorder = new StepRecorder();
        var trainer = new Trainer(policy, pairs, padId, plan, trainingConfig, reference) { Observer = recorder };
        string logDirectory = Directory.CreateTempSubdirectory("wpo-bench-train-").FullName;
        try
        {
            using var optimizer = new MasterWeightAdamW(policy, AdamWSettings.From(trainingConfig));
            using var log = MetricsLog.Open(logDirectory, []);
            trainer.Run(optimizer, new TrainerState { TotalSteps = plan.TotalSteps }, log);
        }
        finally
        {
            Directory.Delete(logDirectory, recursive: true);
        }
        return new TrainStepReport(
            settings, batch, threads, CpuAllocator.Mode, CausalLM.ParameterCount(config), ForwardMeasurements.MatmulParameters(config),
            recorder.TimedTokensPerSecond, matmulGflops, ProcessMemory.PeakResidentBytes,
            PaddingShare(plan, pairs, rowLength, padId), peer);
    }

    /// <summary>Step k trains pairs k·batch … k·batch + batch − 1 (wrapping), so a recipe's pairs vary from step to step.</summary>
    static BatchPlan Plan(int count, int batch, int steps) =>
        BatchPlan.Explicit([.. Enumerable.Range(0, steps).Select(step =>
            (IReadOnlyList<int[]>)[[.. Enumerable.Range(step * batch, batch).Select(i => i % count)]])], steps);

    /// <summary>The share of the scored token positions that are padding, over the plan's batches.</summary>
    static double PaddingShare(BatchPlan plan, IReadOnlyList<TokenizedPair> pairs, int? rowLength, long padId)
    {
        long positions = 0, real = 0;
        foreach (int[] indices in plan.Steps.SelectMany(step => step.MicroBatches))
        {
            var group = indices.Select(i => pairs[i]).ToList();
            if (rowLength is int length)
            {
                var packed = SequencePacker.Pack(group, length, padId);
                positions += (long)packed.Rows * packed.Length;
                real += packed.Sequences.Sum(sequence => (long)sequence.Length);
            }
            else
            {
                var padded = PreferenceBatch.Collate(group, padId);
                positions += 2L * padded.PairCount * padded.Length;
                real += padded.RealTokens;
            }
        }
        return 1 - (double)real / positions;
    }

    /// <summary>Tokens/s of each step after the first (the warm-up).</summary>
    sealed class StepRecorder : ITrainingObserver
    {
        readonly List<double> rates = [];

        public IReadOnlyList<double> TimedTokensPerSecond => rates.Skip(1).ToList();

        public void Stepped(int step, IReadOnlyDictionary<string, double> metrics, double tokensPerSecond) => rates.Add(tokensPerSecond);
    }
}
