using System.Text.Json;
using TorchSharp;
using Wpo.Data;
using Wpo.Objectives;
using Wpo.Training;

namespace Wpo.Tests.Training;

/// <summary>One case of ../shared/goldens/training: its model directory, pairs, settings as a TrainingConfig, batch plan and expected steps.</summary>
internal sealed class TrainingGoldenCase
{
    public required string Directory { get; init; }
    public required IReadOnlyList<TokenizedPair> Pairs { get; init; }
    public required TrainingConfig Config { get; init; }
    public required BatchPlan Plan { get; init; }
    public required int ExpectedWarmupSteps { get; init; }
    public required double[] ReferenceLogps { get; init; }
    public required IReadOnlyList<Dictionary<string, double>> Steps { get; init; }
    public long PadId { get; init; }

    public string ModelDirectory => Path.Combine(Directory, "model");

    public string ExpectedTensors => Path.Combine(Directory, "expected.safetensors");

    public static TrainingGoldenCase Load(string directory)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        JsonElement root = expected.RootElement, settings = root.GetProperty("settings");
        double Number(string key) => settings.GetProperty(key).GetDouble();
        int Int(string key) => settings.GetProperty(key).GetInt32();
        string? alignment = settings.GetProperty("alignment").GetString();
        var config = new TrainingConfig
        {
            Loss = new LossOptions
            {
                LossType = Enum.Parse<LossType>(settings.GetProperty("loss_type").GetString()!, ignoreCase: true),
                Beta = Number("beta"),
                LabelSmoothing = Number("label_smoothing"),
                Wpo = settings.GetProperty("wpo").GetBoolean(),
                ClampWeightAtOne = settings.GetProperty("clamp").GetBoolean(),
            },
            Alignment = alignment is null ? Alignment.None : Enum.Parse<Alignment>(alignment, ignoreCase: true),
            LrSchedulerType = settings.GetProperty("schedule").GetString()!,
            WarmupRatio = Number("warmup_ratio"),
            WarmupSteps = Int("warmup_steps"),
            WeightDecay = Number("weight_decay"),
            MaxGradNorm = Number("max_grad_norm"),
            LearningRate = Number("learning_rate"),
            PerDeviceTrainBatchSize = Int("per_device_train_batch_size"),
            GradientAccumulationSteps = Int("gradient_accumulation_steps"),
            NumTrainEpochs = Number("num_train_epochs"),
            AdamBeta1 = Number("adam_beta1"),
            AdamBeta2 = Number("adam_beta2"),
            AdamEpsilon = Number("adam_epsilon"),
            LoggingSteps = 1,
        };
        var plan = root.GetProperty("batch_plan").EnumerateArray()
            .Select(step => (IReadOnlyList<int[]>)[.. step.EnumerateArray().Select(micro => micro.EnumerateArray().Select(i => i.GetInt32()).ToArray())])
            .ToList();
        int total = root.GetProperty("total_steps").GetInt32();
        var steps = root.GetProperty("steps").EnumerateArray()
            .Select(step => step.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetDouble()))
            .ToList();
        return new TrainingGoldenCase
        {
            Directory = directory,
            Pairs = ReadPairs(Path.Combine(directory, "pairs.json")),
            Config = config,
            Plan = BatchPlan.Explicit(plan, total / (int)config.NumTrainEpochs),
            ExpectedWarmupSteps = root.GetProperty("warmup_steps").GetInt32(),
            ReferenceLogps = Flatten(root.GetProperty("reference_logps")),
            Steps = steps,
            PadId = Int("pad_token_id"),
        };
    }

    static double[] Flatten(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element.GetDouble()],
        JsonValueKind.Array => [.. element.EnumerateArray().SelectMany(Flatten)],
        JsonValueKind.Object => [.. element.EnumerateObject().SelectMany(property => Flatten(property.Value))],
        _ => [],
    };

    static IReadOnlyList<TokenizedPair> ReadPairs(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select((row, i) =>
        {
            int[] Ids(string key) => [.. row.GetProperty(key).EnumerateArray().Select(id => id.GetInt32())];
            int[] chosen = Ids("chosen_input_ids"), rejected = Ids("rejected_input_ids");
            int chosenPrompt = Ids("chosen_labels").TakeWhile(label => label == TokenizedPair.IgnoredLabel).Count();
            int rejectedPrompt = Ids("rejected_labels").TakeWhile(label => label == TokenizedPair.IgnoredLabel).Count();
            return new TokenizedPair(chosen[..chosenPrompt], chosen, chosenPrompt, rejected, rejectedPrompt,
                new PairLengths(chosenPrompt, chosen.Length - chosenPrompt, rejected.Length - rejectedPrompt), new RowOrigin(path, i));
        })];
    }
}
