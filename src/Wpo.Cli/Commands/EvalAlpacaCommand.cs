using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Cli.Eval;
using Wpo.Cli.Generate;
using Wpo.Data;
using Wpo.Evaluation;
using Wpo.Generation;
using Wpo.Judging;
using Wpo.Rewards;
using Wpo.Scoring;
using static TorchSharp.torch;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval alpaca MODEL_DIR_OR_OUTPUTS (--reward-model DIR | --judge-model DIR [--judge-adapter DIR] | --judge-url URL --judge-model NAME) [--reference OUTPUTS.json] [--limit N]</c>:
/// generates the model's answers to AlpacaEval's instructions (resumably, as <c>wpo generate</c>), writes
/// <c>model_outputs.json</c>, judges each against the reference answer, writes <c>annotations.json</c> and
/// <c>metrics.json</c> with its bar chart <c>metrics.png</c> and prints the head-to-head metrics and the
/// length-controlled win rate as <c>wpo eval metrics</c> does.
/// </summary>
public static class EvalAlpacaCommand
{
    /// <summary>AlpacaEval's GPT-4-turbo reference outputs (with the 805 instructions), found by <see cref="SharedDataFile"/>.</summary>
    public const string DefaultReference = "shared/data/alpaca_eval/results/gpt4_1106_preview/model_outputs.json";

    public static Command Create()
    {
        var model = new Argument<string>("MODEL_DIR_OR_OUTPUTS") { Description = "A model directory with its tokenizer, or a model_outputs.json already generated." };
        var reference = new Option<string?>("--reference") { Description = $"The reference outputs (with the instructions); default: ../{DefaultReference}, searched above the working directory and the CLI." };
        var output = new Option<string?>("--output") { Description = "The folder for generations.jsonl, model_outputs.json, annotations.json and metrics.json; default: alpaca_eval/NAME." };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter directory to attach to MODEL_DIR for generation." };
        var name = new Option<string?>("--name") { Description = "The generator name written to the files; default: the model folder's name." };
        var rewardModel = new Option<string?>("--reward-model") { Description = "Judge with a *ForSequenceClassification reward model: preference = 1 + σ(r_model − r_reference)." };
        var judgeUrl = new Option<string?>("--judge-url") { Description = "Judge with AlpacaEval's weighted GPT-4-turbo prompt on an OpenAI-compatible endpoint (base URL)." };
        var judgeModel = new Option<string?>("--judge-model") { Description = "AlpacaEval's weighted prompt on a local chat model directory (exact next-token p(m), p(M)), or with --judge-url the endpoint's model name." };
        var judgeTokenizer = new Option<string?>("--judge-tokenizer") { Description = "The local judge's tokenizer directory, when the model has none (e.g. examples/tokenizer-211 for the golden models)." };
        var judgeAdapter = new Option<string?>("--judge-adapter") { Description = "A PEFT LoRA adapter directory to attach to the local judge model." };
        var keyVariable = new Option<string>("--api-key-env") { Description = "Environment variable holding the endpoint's API key.", DefaultValueFactory = _ => "OPENAI_API_KEY" };
        var concurrency = new Option<int>("--concurrency") { Description = "Judge requests in flight at once.", DefaultValueFactory = _ => 8 };
        var limit = new Option<int?>("--limit") { Description = "Only the first N instructions (a quick look; the metrics are then of N rows)." };
        var difficulty = new Option<string?>("--difficulty") { Description = "The instruction-difficulty table for LC (as wpo eval metrics); default: the approximate table found above the working or program directory." };
        var batchSize = new Option<int>("--batch-size") { Description = "Prompts decoded together, and sequences per reward-model batch.", DefaultValueFactory = _ => 8 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype of the local models.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var sampling = new SamplingOptions();
        var command = new Command("alpaca", "AlpacaEval 2 end to end: generate the model's answers, judge them against the reference, win rate, counts and LC.")
        {
            model, reference, output, adapter, name, rewardModel, judgeUrl, judgeModel, judgeAdapter, judgeTokenizer, keyVariable, concurrency, limit, difficulty, batchSize, dtype,
        };
        foreach (Option option in sampling.All) command.Add(option);
        command.SetAction(parse =>
        {
            var console = AnsiConsole.Console;
            string source = parse.GetValue(model)!;
            string referencePath = SharedDataFile.Find(parse.GetValue(reference), DefaultReference, "--reference");
            var referenceRows = AlpacaOutputsFile.Read(referencePath).Take(parse.GetValue(limit) ?? int.MaxValue).ToList();
            string generator = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)));
            string folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("alpaca_eval", generator));
            Directory.CreateDirectory(folder);
            string? reward = parse.GetValue(rewardModel), url = parse.GetValue(judgeUrl), judge = parse.GetValue(judgeModel), judgeAdapterPath = parse.GetValue(judgeAdapter);
            if (url is not null && judge is null) throw new WpoException("--judge-url needs --judge-model (the endpoint's model name).");
            if ((reward is null) == (judge is null)) throw new WpoException("give one judge: --reward-model DIR, --judge-model DIR (a local chat model), or --judge-url URL with --judge-model NAME.");
            string? judgeTokenizerPath = parse.GetValue(judgeTokenizer);
            if ((judgeAdapterPath ?? judgeTokenizerPath) is not null && (judge is null || url is not null))
                throw new WpoException("--judge-adapter and --judge-tokenizer go with a local judge (--judge-model DIR without --judge-url).");
            ScalarType type = parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;

            IReadOnlyList<AlpacaOutput> outputs = File.Exists(source)
                ? Matched(AlpacaOutputsFile.Read(source), referenceRows, source)
                : Generated(console, source, parse.GetValue(adapter), referencePath, referenceRows, generator, folder, sampling.Read(parse), parse.GetValue(batchSize), parse.GetValue(dtype)!);
            string outputsPath = Path.Combine(folder, "model_outputs.json");
            AlpacaOutputsFile.Write(outputsPath, outputs);
            console.WriteLine($"wrote {outputsPath} ({outputs.Count} outputs)");

            string annotationsPath = Path.Combine(folder, "annotations.json");
            IReadOnlyList<AlpacaAnnotation> annotations;
            if (reward is not null)
            {
                if (!Directory.Exists(reward)) throw new WpoException($"--reward-model {reward}: no such model directory.");
                using var scorer = new RewardModelScorer(reward, type, CPU, parse.GetValue(batchSize));
                annotations = AlpacaJudging.Run(console, referenceRows, outputs, scorer, null, annotationsPath);
            }
            else if (url is null)
            {
                if (!Directory.Exists(judge)) throw new WpoException($"--judge-model {judge}: no such model directory (give --judge-url for an endpoint's model name).");
                foreach (var (flag, path) in new[] { ("--judge-adapter", judgeAdapterPath), ("--judge-tokenizer", judgeTokenizerPath) })
                    if (path is not null && !Directory.Exists(path)) throw new WpoException($"{flag} {path}: no such directory.");
                using var local = new AlpacaLocalJudge(judge!, judgeAdapterPath, judgeTokenizerPath, type, CPU);
                annotations = AlpacaJudging.Run(console, referenceRows, outputs, null, local, annotationsPath);
            }
            else
            {
                var options = AlpacaPairJudge.Configure(new ChatCompletionsOptions
                {
                    Endpoint = ChatCompletionsOptions.EndpointFor(url),
                    Model = judge!,
                    ApiKey = Environment.GetEnvironmentVariable(parse.GetValue(keyVariable)!),
                    Concurrency = Math.Max(1, parse.GetValue(concurrency)),
                });
                using var client = new ChatCompletionsClient(options);
                annotations = AlpacaJudging.Run(console, referenceRows, outputs, null, new AlpacaPairJudge(client, options), annotationsPath);
            }
            console.WriteLine($"wrote {annotationsPath}");

            AlpacaMetricsReport.Run(console, annotations, new LengthControlInputs(parse.GetValue(difficulty), null, null, null), Path.Combine(folder, "metrics.json"), lcOptional: true);
            return 0;
        });
        return command;
    }

    /// <summary>Generates the answers with <c>wpo generate</c>'s run (resumable in FOLDER/generations.jsonl) and pairs them with the reference rows.</summary>
    static List<AlpacaOutput> Generated(IAnsiConsole console, string modelDirectory, string? adapter, string referencePath, IReadOnlyList<AlpacaOutput> referenceRows,
        string generator, string folder, Func<Generation.SamplingSettings, Generation.SamplingSettings> sampling, int batchSize, string dtype)
    {
        string generations = Path.Combine(folder, "generations.jsonl");
        // A file of an earlier run with a larger --limit already holds these answers: it is kept whole and its first lines are used.
        int generated = 0;
        if (File.Exists(generations))
            using (var stream = new FileStream(generations, FileMode.Open, FileAccess.ReadWrite)) generated = OutputLine.ReadComplete(stream, generations).Count;
        if (generated > referenceRows.Count) console.WriteLine($"{generations} holds {generated} answers: using the first {referenceRows.Count}");
        GenerateRun.Run(new GenerateJob(modelDirectory, adapter, null, referencePath, generations, settings => sampling(settings) with { SamplesPerPrompt = 1 },
            batchSize, Math.Max(generated, referenceRows.Count), dtype, null, null, BadRowPolicy.Fail), console, CancellationToken.None);
        var lines = OutputLine.Read(generations).Take(referenceRows.Count).ToList();
        if (lines.Count != referenceRows.Count) throw new WpoException($"{generations}: {lines.Count} lines for {referenceRows.Count} instructions; delete it to generate again.");
        return [.. referenceRows.Zip(lines, (r, line) => r with { Output = line.Text(0), Generator = generator })];
    }

    /// <summary>A given model_outputs.json, in the reference's order; every reference instruction must be in it.</summary>
    static List<AlpacaOutput> Matched(IReadOnlyList<AlpacaOutput> given, IReadOnlyList<AlpacaOutput> referenceRows, string path)
    {
        var byInstruction = given.GroupBy(r => r.Instruction).ToDictionary(g => g.Key, g => g.First());
        return [.. referenceRows.Select((r, i) => byInstruction.TryGetValue(r.Instruction, out var row)
            ? row with { Dataset = r.Dataset }
            : throw new WpoException($"{path}: no output for the reference's instruction {i} ({r.Instruction[..Math.Min(60, r.Instruction.Length)]}…)"))];
    }
}
