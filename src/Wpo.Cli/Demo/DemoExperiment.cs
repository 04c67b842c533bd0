using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TorchSharp;
using Wpo.Checkpoints;
using Wpo.Data;
using Wpo.Demo;
using Wpo.Modeling;
using Wpo.Objectives;
using Wpo.Text;

namespace Wpo.Cli.Demo;

/// <summary>
/// <c>wpo demo</c>, the paper's experiment in miniature (issue 12), per seed: an SFT policy trained from scratch on
/// imperfect demonstrations of the arithmetic task; off-policy pairs from the behaviour policy at each knob value and
/// hybrid pairs from the SFT model's samples; DPO and WPO runs through the trainer from the same SFT model with the same
/// budget; each model scored on the held-out prompts. Writes <c>results.md</c>, <c>results.json</c> and the plots.
/// </summary>
public sealed class DemoExperiment(DemoSettings settings, IAnsiConsole console)
{
    public const string TableFile = "results.md", JsonFile = "results.json", PlotsFolder = "plots";

    readonly Stopwatch clock = Stopwatch.StartNew();

    public DemoReport Run()
    {
        if (settings.SweepDistances.Any(d => d is < 0 or > 1)) throw new WpoException("the off-policy distances must lie in [0, 1].");
        Directory.CreateDirectory(settings.Output);
        var runs = new List<DemoRunResult>();
        var knob = new List<DemoKnobPoint>();
        foreach (int seed in settings.Seeds) RunSeed(seed, runs, knob);
        Publish(Path.Combine(settings.Output, $"seed-{settings.Seeds[0]}"));
        var report = new DemoReport(settings.Output, runs, knob, settings.Distance);
        string table = DemoTable.Markdown(report);
        Write(TableFile, table);
        Write(JsonFile, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, IncludeFields = true }));
        DemoPlots.Write(report, Path.Combine(settings.Output, PlotsFolder));
        console.WriteLine();
        console.WriteLine(table);
        console.MarkupLineInterpolated($"Wrote {TableFile}, {JsonFile} and {PlotsFolder}/ to [bold]{settings.Output}[/] in {clock.Elapsed.TotalSeconds:F0} s; the first seed's SFT model and main off-policy pairs are at the top (wpo inspect {settings.Output}; wpo train configs/demo-wpo.yaml).");
        return report;
    }

    void RunSeed(int seed, List<DemoRunResult> runs, List<DemoKnobPoint> knob)
    {
        string directory = Path.Combine(settings.Output, $"seed-{seed}");
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        string initial = Path.Combine(directory, "init");
        DemoResources.WriteTo(initial);
        var tokenizer = Tokenizer.Load(initial);
        using (var model = CausalLM.Create(DemoModel.Config(tokenizer, settings.HiddenSize, settings.Layers), torch.float32, torch.CPU, seed)) model.Save(initial);
        var pipeline = PreferencePipeline.Create(new DataConfig { TokenizerPath = initial, MaxLength = 160, MaxPromptLength = 112 });
        var answers = new DemoAnswers(pipeline, settings.MaxNewTokens);
        var data = new DemoData(settings, answers, directory, seed);
        var (rest, eval) = ArithmeticTask.Split(seed, settings.EvalPrompts);
        IReadOnlyList<ArithmeticProblem> train = settings.TrainPrompts is int count ? [.. rest.Take(count)] : rest;
        Say(seed, $"{train.Count} training and {eval.Count} held-out prompts; SFT from scratch on {train.Count * settings.DemonstrationsPerPrompt} imperfect demonstrations, {settings.SftSteps} steps");

        string sftDirectory = Path.Combine(directory, DemoReport.Sft);
        DemoTraining.Run(new DemoRunSpec(DemoReport.Sft, data.WriteDemonstrations(train), initial, new LossOptions { LossType = LossType.Sft, Wpo = false },
            Alignment.None, settings.SftSteps, settings.SftLearningRate), sftDirectory, settings.BatchPairs, seed);
        using var sft = CausalLM.Load(sftDirectory, torch.float32, torch.CPU);
        var evaluation = new DemoEvaluation(answers, sft, eval, settings.EvalSamples, settings.BatchPairs * 2, seed);
        runs.Add(new DemoRunResult(seed, DemoReport.Sft, DemoReport.Sft, null, 0, evaluation.Score(sft), []));
        Say(seed, $"SFT held-out greedy reward {runs[^1].Scores.GreedyReward:F3}; building the preference data");

        var offPolicy = new List<(DemoDataSet Data, double Distance)>();
        foreach (double distance in settings.SweepDistances)
        {
            offPolicy.Add((data.OffPolicy(train, distance), distance));
            string[] behaviour = data.BehaviourAnswers(train, distance, settings.BehaviourAnswers);
            knob.Add(new DemoKnobPoint(seed, distance, answers.LogProbs(sft, train, behaviour, settings.BatchPairs * 2).Average()));
        }
        var hybrid = data.Hybrid(sft, train);

        var plan = new List<(DemoDataSet Data, double? Distance, string Method)>();
        foreach (var (set, distance) in offPolicy)
        {
            IEnumerable<Alignment> alignments = distance == settings.Distance ? [Alignment.Sampled, Alignment.Greedy, Alignment.None] : [Alignment.Sampled];
            plan.Add((set, distance, DemoReport.Dpo));
            plan.AddRange(alignments.Select(a => (set, (double?)distance, DemoReport.Wpo(a))));
        }
        foreach (var set in hybrid) plan.AddRange([(set, null, DemoReport.Dpo), (set, null, DemoReport.Wpo(Alignment.Sampled))]);
        foreach (var (index, (set, distance, method)) in plan.Index())
        {
            string name = $"{set.Name}-{method}";
            Alignment alignment = method == DemoReport.Dpo ? Alignment.None : Enum.Parse<Alignment>(method["wpo-".Length..], ignoreCase: true);
            var loss = new LossOptions { LossType = LossType.Sigmoid, Beta = settings.Beta, Wpo = method != DemoReport.Dpo };
            var rows = DemoTraining.Run(new DemoRunSpec(name, set.File, sftDirectory, loss, alignment, settings.PreferenceSteps, settings.PreferenceLearningRate),
                Path.Combine(directory, name), settings.BatchPairs, seed);
            using var policy = CausalLM.Load(Path.Combine(directory, name), torch.float32, torch.CPU);
            runs.Add(new DemoRunResult(seed, set.Name.StartsWith("offpolicy", StringComparison.Ordinal) ? "offpolicy" : set.Name, method, distance, set.Pairs, evaluation.Score(policy), DemoRunResult.WeightsOf(rows)));
            var scores = runs[^1].Scores;
            Say(seed, $"{index + 1}/{plan.Count} {name} ({set.Pairs} pairs): greedy reward {scores.GreedyReward:F3}, win rate {scores.WinRate:F2}, KL {scores.Kl:F3}");
        }
    }

    /// <summary>
    /// Copies the first seed's SFT model (its files) and main off-policy pairs (as <see cref="DemoResources.PairsFile"/>)
    /// to the top of the run directory, where <c>configs/demo-wpo.yaml</c> and <c>wpo inspect</c> find them.
    /// </summary>
    void Publish(string seedDirectory)
    {
        foreach (string file in Directory.GetFiles(Path.Combine(seedDirectory, DemoReport.Sft)))
            File.Copy(file, Path.Combine(settings.Output, Path.GetFileName(file)), overwrite: true);
        File.Copy(Path.Combine(seedDirectory, DemoData.OffPolicyName(settings.Distance) + ".pairs.jsonl"), Path.Combine(settings.Output, DemoResources.PairsFile), overwrite: true);
    }

    void Say(int seed, string message) =>
        console.MarkupLineInterpolated($"[grey]{clock.Elapsed.TotalSeconds,5:F0} s[/] seed {seed}: {message}");

    void Write(string name, string text)
    {
        using var file = AtomicFile.Finished(Path.Combine(settings.Output, name), System.Text.Encoding.UTF8.GetBytes(text));
        file.Commit();
    }
}
