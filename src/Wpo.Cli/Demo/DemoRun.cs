using System.Globalization;
using Spectre.Console;
using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;
using Wpo.Text;
using Wpo.Training;

namespace Wpo.Cli.Demo;

/// <summary>Metrics averaged over one logging window (as the reference trainer logs them), at its last step.</summary>
public sealed record LoggedStep(int Step, IReadOnlyDictionary<string, double> Metrics);

public sealed record DemoReport(IReadOnlyList<LoggedStep> Sft, IReadOnlyList<LoggedStep> Preference, int Pairs, string Output);

/// <summary>
/// <c>wpo demo</c>: the whole path on the embedded default — tokenizer and chat template, preference data formatted
/// and tokenized as the seed does, a model built from a config, SFT on the chosen answers, reference log-probs
/// computed once, WPO training with the chunked LM head, greedy samples, and a Hugging Face directory saved.
/// </summary>
public sealed class DemoRun(DemoSettings settings, IAnsiConsole console)
{
    static readonly string[] SamplePrompts = ["What is the capital of France?", "How many legs does a spider have?"];

    public DemoReport Run()
    {
        // Refused here rather than when the preference stage starts, after minutes of SFT.
        settings.Loss.Validate();
        if (settings.Loss.LossType == LossType.Sft)
            throw new WpoException("the demo's preference stage needs a preference loss (sigmoid, ipo, hinge or simpo), not sft, which is already its first stage.");
        torch.manual_seed(settings.Seed);
        DemoResources.WriteTo(settings.Output);
        var data = new DataConfig
        {
            TokenizerPath = settings.Output,
            DatasetMixer = [new(Path.Combine(settings.Output, DemoResources.PairsFile), 1.0)],
            DatasetSplits = ["train"],
            MaxLength = 256,
            MaxPromptLength = 128,
            PreprocessingNumWorkers = 1,
        };
        var pipeline = PreferencePipeline.Create(data);
        var pairs = pipeline.Build(DatasetMixer.Plan(data, "the demo"), useCache: false)["train"].Pairs;
        var config = DemoModel.Config(pipeline.Tokenizer);
        using var model = CausalLM.Create(config, torch.float32, torch.CPU, settings.Seed);
        console.MarkupLineInterpolated($"[bold]wpo demo[/]: {pairs.Count} preference pairs, byte-level tokenizer ({pipeline.Tokenizer.VocabularySize} tokens), llama-shaped model of {CausalLM.ParameterCount(config) / 1e6:F1} M parameters, float32 on CPU.");

        console.MarkupLine("\n[bold]1. SFT[/] on the chosen answers: the model WPO starts from, and its frozen reference.");
        var sft = Train(model, pairs, pipeline.PadId, new LossOptions { LossType = LossType.Sft, Wpo = false },
            new ScoreOptions { Alignment = Alignment.None }, reference: null, settings.SftSteps, settings.SftLearningRate);
        ShowSamples(model, pipeline);

        console.MarkupLine("\n[bold]2. Reference log-probs[/] of every pair under the SFT model, computed once.");
        var reference = ReferenceLogProbs.Compute(model, pairs, settings.BatchPairs, pipeline.PadId);

        string lossType = settings.Loss.LossType.ToString().ToLowerInvariant();
        string objective = settings.Loss.Wpo ? $"WPO ({lossType}, {settings.Alignment.ToString().ToLowerInvariant()} alignment)" : $"{lossType} without WPO weights";
        console.MarkupLineInterpolated($"\n[bold]3. {objective}[/], β = {settings.Loss.Beta}, against the reference.");
        var preference = Train(model, pairs, pipeline.PadId, settings.Loss,
            new ScoreOptions { Alignment = settings.Loss.Wpo ? settings.Alignment : Alignment.None }, reference, settings.PreferenceSteps, settings.PreferenceLearningRate);
        ShowSamples(model, pipeline);

        model.Save(settings.Output);
        console.MarkupLineInterpolated($"\nSaved the trained model with its tokenizer to [bold]{settings.Output}[/] (try: wpo inspect {settings.Output}).");
        return new DemoReport(sft, preference, pairs.Count, settings.Output);
    }

    List<LoggedStep> Train(CausalLM model, IReadOnlyList<TokenizedPair> pairs, long padId, LossOptions loss, ScoreOptions scores, ReferenceLogProbs? reference, int steps, double peakLearningRate)
    {
        using var optimizer = torch.optim.AdamW(model.parameters(), peakLearningRate, weight_decay: 0);
        var step = new PreferenceStep(model, optimizer, loss, scores);
        var batcher = new PreferenceBatcher(pairs, settings.BatchPairs, settings.Seed);
        int warmup = LearningRateSchedule.WarmupSteps(0.1, steps);
        int logEvery = settings.LogEvery ?? Math.Max(1, steps / 6);
        var logged = new List<LoggedStep>();
        var window = new List<StepResult>();
        var table = LogTable(loss);
        model.train();
        foreach (var (indices, index) in Batches(batcher, steps).Select((indices, index) => (indices, index)))
        {
            var batch = PreferenceBatch.Collate(indices.Select(i => pairs[i]).ToList(), padId);
            using var referenceLogps = reference?.For(indices, model.Device);
            double learningRate = peakLearningRate * LearningRateSchedule.Factor("cosine", index, steps, warmup);
            window.Add(step.Run(batch, referenceLogps, learningRate));
            if ((index + 1) % logEvery != 0 && index + 1 != steps) continue;
            var average = Average(window);
            logged.Add(new LoggedStep(index + 1, average));
            AddRow(table, index + 1, average, loss);
            window.Clear();
        }
        console.Write(table);
        return logged;
    }

    /// <summary>Batch indices for <paramref name="steps"/> steps, epoch after epoch.</summary>
    static IEnumerable<int[]> Batches(PreferenceBatcher batcher, int steps) =>
        Enumerable.Range(0, int.MaxValue).SelectMany(epoch => batcher.BatchIndices(epoch)).Take(steps);

    static Dictionary<string, double> Average(List<StepResult> window)
    {
        var average = window[0].Metrics.Keys.ToDictionary(key => key, key => window.Average(r => r.Metrics[key]), StringComparer.Ordinal);
        average["grad_norm"] = window.Average(r => r.GradNorm);
        average["learning_rate"] = window[^1].LearningRate;
        return average;
    }

    /// <summary>Logged metrics (the reference trainer's names) and the short headers that keep the table within 80 columns.</summary>
    static readonly (string Metric, string Header, string Format)[] AllColumns =
    [
        ("loss", "loss", "0.000"), ("rewards/accuracies", "acc", "0.00"), ("rewards/margins", "margin", "0.000"),
        ("logps/chosen", "logp w", "0.0"), ("logps/rejected", "logp l", "0.0"), ("wpo/weight_mean", "weight", "0.000"),
        ("grad_norm", "|grad|", "0.000"), ("learning_rate", "lr", "0.0e+0"),
    ];

    static (string Metric, string Header, string Format)[] Columns(LossOptions loss) =>
        AllColumns.Where(c => loss.LossType == LossType.Sft
                ? !c.Metric.StartsWith("rewards/", StringComparison.Ordinal) && !c.Metric.StartsWith("wpo/", StringComparison.Ordinal)
                : loss.Wpo || !c.Metric.StartsWith("wpo/", StringComparison.Ordinal))
            .ToArray();

    static Table LogTable(LossOptions loss)
    {
        var columns = Columns(loss);
        var table = new Table().Border(TableBorder.Simple).AddColumn("step")
            .Caption(string.Join(", ", columns.Where(c => c.Header != c.Metric).Select(c => $"{c.Header} = {c.Metric}")));
        foreach (var column in columns) table.AddColumn(new TableColumn(column.Header).RightAligned());
        return table;
    }

    static void AddRow(Table table, int step, IReadOnlyDictionary<string, double> metrics, LossOptions loss) =>
        table.AddRow([step.ToString(CultureInfo.InvariantCulture),
            .. Columns(loss).Select(c => metrics[c.Metric].ToString(c.Format, CultureInfo.InvariantCulture))]);

    void ShowSamples(CausalLM model, PreferencePipeline pipeline)
    {
        var tokenizer = pipeline.Tokenizer;
        model.eval();
        foreach (string prompt in SamplePrompts)
        {
            using var scope = torch.NewDisposeScope();
            int[] ids = tokenizer.Encode(pipeline.Encoder.Formatter.GenerationPrompt([new ChatMessage("user", prompt)]));
            var generated = GreedyDecoder.Generate(model, torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]), 48, tokenizer.EosId);
            string answer = tokenizer.Decode(generated[0].data<long>().Select(i => (int)i), skipSpecialTokens: true).Trim();
            console.MarkupLineInterpolated($"  [grey]greedy[/] {prompt} → [italic]{answer}[/]");
        }
        model.train();
    }
}
