using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Modeling.Lora;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo inspect MODEL_DIR</c>: architecture, shapes, parameter count and the memory full fine-tuning needs,
/// from config.json and the safetensors headers (no weights are loaded).
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("MODEL_DIR") { Description = "A Hugging Face model directory (config.json + safetensors)." };
        var loraRank = new Option<int>("--lora-r") { Description = "The LoRA rank of the LoRA memory rows.", DefaultValueFactory = _ => 16 };
        var command = new Command("inspect", "Print a model's architecture, shapes, parameter count and training memory.") { directory, loraRank };
        command.SetAction(parse =>
        {
            int rank = parse.GetValue(loraRank);
            if (rank < 1) throw new WpoException($"--lora-r is {rank}; the rank must be at least 1.");
            Write(AnsiConsole.Console, ModelInspection.Of(parse.GetValue(directory)!.FullName), rank);
            return 0;
        });
        return command;
    }

    public static void Write(IAnsiConsole console, ModelInspection inspection, int loraRank = 16)
    {
        var config = inspection.Config;
        console.MarkupLineInterpolated($"[bold]{config.ArchitectureName}[/] ({config.ModelType}) in {inspection.Directory}");
        if (inspection.WeightsNote is not null) console.MarkupLineInterpolated($"[yellow]note:[/] {inspection.WeightsNote}");
        console.Write(Architecture(inspection));
        console.Write(Shapes(config));
        console.Write(Memory(inspection));
        console.Write(LoraMemory(inspection, loraRank));
    }

    static Table Architecture(ModelInspection inspection)
    {
        var config = inspection.Config;
        var table = new Table().Title("Architecture").AddColumns("", "").HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("layers", $"{config.NumHiddenLayers}");
        Row("hidden size", $"{config.HiddenSize}");
        Row("attention heads / kv heads / head dim", $"{config.NumAttentionHeads} / {config.NumKeyValueHeads} / {config.HeadDim}");
        Row("intermediate size", $"{config.IntermediateSize} ({ActivationName(config.Activation)})");
        Row("vocabulary", $"{config.VocabSize}");
        Row("rope", $"θ = {config.RopeTheta}{(config.RopeScaling is { } scaling ? $", {scaling}" : "")}");
        Row("sliding window", SlidingWindow(config));
        Row("attention scale", $"{config.AttentionScale:G6}{(config.QueryPreAttnScalar is { } scalar ? $" (query_pre_attn_scalar {scalar})" : "")}");
        Row("soft-capping", config.AttnLogitSoftcapping is null && config.FinalLogitSoftcapping is null
            ? "none"
            : $"attention {config.AttnLogitSoftcapping?.ToString() ?? "none"}, final logits {config.FinalLogitSoftcapping?.ToString() ?? "none"}");
        Row("norms", (config.GemmaNorms ? "RMSNorm × (1 + w), embeddings × √hidden" : "RMSNorm × w") + (config.SandwichNorms ? ", sandwich (pre/post feed-forward)" : ""));
        Row("biases", string.Join(", ", new[] { config.QkvBias ? "q/k/v" : null, config.OutputBias ? "o" : null, config.MlpBias ? "mlp" : null }.OfType<string>().DefaultIfEmpty("none")));
        Row("tied embeddings", config.TieWordEmbeddings ? "yes (no lm_head.weight)" : "no");
        Row("stored dtype", SafeTensorsDType.NameOf(inspection.StoredDType));
        Row("parameters (config)", Count(inspection.ConfigParameters));
        Row("parameters (headers)", inspection.HeaderParameters is { } fromHeaders
            ? Count(fromHeaders) + (fromHeaders == inspection.ConfigParameters ? " (agree)" : " (DIFFER from the config)")
            : "not read");
        return table;
    }

    static string ActivationName(HiddenActivation activation) => activation switch
    {
        HiddenActivation.Silu => "silu",
        HiddenActivation.GeluTanh => "gelu_pytorch_tanh",
        _ => "gelu",
    };

    static string SlidingWindow(ModelConfig config)
    {
        int sliding = Enumerable.Range(0, config.NumHiddenLayers).Count(config.IsSlidingLayer);
        return config.SlidingWindow is { } window && sliding > 0
            ? $"{window} on {sliding} of {config.NumHiddenLayers} layers"
            : "none";
    }

    /// <summary>The shapes outside the layers, and those of layer 0 (every layer has the same).</summary>
    static Table Shapes(ModelConfig config)
    {
        var table = new Table().Title("Parameter shapes").AddColumns("name", "shape", "parameters");
        table.Columns[0].NoWrap();
        table.Columns[2].RightAligned();
        foreach (var (name, shape) in CausalLM.ParameterShapes(config).Where(p => !p.Name.StartsWith("model.layers.", StringComparison.Ordinal) || p.Name.StartsWith("model.layers.0.", StringComparison.Ordinal)))
        {
            string shown = name.StartsWith("model.layers.0.", StringComparison.Ordinal) ? $"model.layers.*.{name["model.layers.0.".Length..]}" : name;
            table.AddRow(Markup.Escape(shown), Markup.Escape($"[{string.Join(", ", shape)}]"), shape.Aggregate(1L, (a, b) => a * b).ToString("N0", CultureInfo.InvariantCulture));
        }
        table.Caption($"model.layers.* repeats for {config.NumHiddenLayers} layers");
        return table;
    }

    static Table Memory(ModelInspection inspection)
    {
        long parameters = inspection.ConfigParameters;
        var table = new Table()
            .Title("Full fine-tuning with AdamW: model state (activations come on top)")
            .AddColumns("precision", "weights", "fp32 master", "gradients", "AdamW m + v", "total");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var memory in new[] { TrainingMemory.MixedBf16(parameters), TrainingMemory.Fp32(parameters) })
            table.AddRow(Markup.Escape(memory.Regime), Bytes(memory.Weights), memory.MasterWeights == 0 ? "-" : Bytes(memory.MasterWeights),
                Bytes(memory.Gradients), Bytes(memory.OptimizerStates), Bytes(memory.Total));
        table.Caption("bf16 mixed: bf16 weights and gradients, fp32 master weights and moments. "
                      + $"Weights as stored ({SafeTensorsDType.NameOf(inspection.StoredDType)}, for inference): {Bytes(inspection.WeightBytes)}.");
        return table;
    }

    /// <summary>LoRA training's model state: a frozen bf16 base and fp32 adapters with their gradients and moments.</summary>
    static Table LoraMemory(ModelInspection inspection, int rank)
    {
        var table = new Table()
            .Title($"LoRA r = {rank} with AdamW, bf16 base: model state (activations come on top)")
            .AddColumns("targets", "adapter parameters", "weights", "gradients", "AdamW m + v", "total");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var targets in new[] { LoraConfig.Projections, LoraConfig.DefaultTargets })
        {
            long adapters = new LoraConfig { Rank = rank, TargetModules = targets }.ParameterCount(inspection.Config);
            var memory = TrainingMemory.Lora("bf16 base", 2, inspection.ConfigParameters, adapters);
            string name = targets.Count == LoraConfig.Projections.Count ? LoraConfig.AllLinear : string.Join(", ", targets) + " (PEFT's default)";
            table.AddRow(Markup.Escape(name), Count(adapters), Bytes(memory.Weights), Bytes(memory.Gradients), Bytes(memory.OptimizerStates), Bytes(memory.Total));
        }
        table.Caption("bf16 base weights (frozen: no master copy, no gradients); fp32 adapters, gradients and moments.");
        return table;
    }

    static string Count(long parameters) => parameters switch
    {
        >= 1_000_000_000 => FormattableString.Invariant($"{parameters:N0} ({parameters / 1e9:F2} B)"),
        >= 1_000_000 => FormattableString.Invariant($"{parameters:N0} ({parameters / 1e6:F1} M)"),
        _ => FormattableString.Invariant($"{parameters:N0}"),
    };

    static string Bytes(long bytes) => ByteSize.Format(bytes);
}
