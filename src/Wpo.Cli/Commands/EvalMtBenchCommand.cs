using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Eval;
using Wpo.Evaluation;
using Wpo.Judging;
using static TorchSharp.torch;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval mt-bench MODEL_DIR --judge-model DIR|NAME [--judge-url URL] --output RUN_DIR</c>: FastChat's MT-bench end
/// to end: the model's answers to the two-turn questions (<c>RUN_DIR/model_answer/MODEL.jsonl</c>), single-answer
/// grading with FastChat's judge prompts (<c>RUN_DIR/model_judgment/JUDGE_single.jsonl</c>) and the means per turn,
/// per category and overall (<c>RUN_DIR/mt_bench_scores.json</c>); both files resume.
/// </summary>
public static class EvalMtBenchCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL_DIR") { Description = "The model directory (with its tokenizer unless --tokenizer)." };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter directory to attach to MODEL_DIR." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "The tokenizer and chat template, when not in MODEL_DIR." };
        var name = new Option<string?>("--name") { Description = "The model_id written to the files; default: the model folder's name." };
        var output = new Option<string?>("--output") { Description = "The run folder (model_answer/, model_judgment/, mt_bench_scores.json); default: mt_bench/NAME." };
        var limit = new Option<int?>("--limit") { Description = "Only the first N questions (a quick look)." };
        var files = new MtBenchFileOptions();
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "New tokens per answer turn (FastChat's default).", DefaultValueFactory = _ => MtBenchSampling.MaxNewTokens };
        var seed = new Option<long>("--seed") { Description = "Seed of the sampled categories' draws (each turn's depends on it, the question id and the turn only).", DefaultValueFactory = _ => 42 };
        var batchSize = new Option<int>("--batch-size") { Description = "Questions decoded together, and judge prompts per chunk.", DefaultValueFactory = _ => 8 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype of the local models.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var judgeOptions = new MtBenchJudgeOptions();
        var command = new Command("mt-bench", "MT-bench end to end: the model's two-turn answers, FastChat's single-answer grading, means per turn and category.")
        {
            model, adapter, tokenizer, name, output, limit, maxNewTokens, seed, batchSize, dtype,
        };
        foreach (Option option in files.All.Concat(judgeOptions.All)) command.Add(option);
        command.SetAction(parse =>
        {
            var console = AnsiConsole.Console;
            string directory = parse.GetValue(model)!;
            string modelId = parse.GetValue(name) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
            string folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("mt_bench", modelId));
            var data = files.Read(parse, parse.GetValue(limit));
            if (parse.GetValue(maxNewTokens) < 1) throw new WpoException($"--max-new-tokens must be at least 1 (got {parse.GetValue(maxNewTokens)}).");
            ScalarType type = parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;

            string answersPath = Path.Combine(folder, "model_answer", modelId + ".jsonl");
            IReadOnlyList<MtBenchAnswer> answers;
            using (var chat = new LocalChatModel(directory, parse.GetValue(adapter), parse.GetValue(tokenizer), type))
                answers = MtBenchGeneration.Run(console, chat, data.Questions, modelId, answersPath, parse.GetValue(maxNewTokens), parse.GetValue(seed), parse.GetValue(batchSize), CancellationToken.None);
            console.WriteLine($"wrote {answersPath} ({answers.Count} answers)");

            var resources = new List<IDisposable>();
            try
            {
                IMessageJudge judge = judgeOptions.Create(parse, type, parse.GetValue(batchSize), resources);
                string judgementsPath = Path.Combine(folder, "model_judgment", MtBenchJudgeOptions.FileName(judge) + "_single.jsonl");
                var rows = MtBenchSingleJudging.Run(console, judge, data.Prompts, data.Questions, answers, data.References, judgementsPath, parse.GetValue(batchSize), out int failed, CancellationToken.None);
                console.WriteLine($"wrote {judgementsPath} ({rows.Count} judgements)");
                EvalMtBenchScoresCommand.Report(console, MtBenchScores.Of(rows, data.Categories), Path.Combine(folder, "mt_bench_scores.json"));
                return MtBenchFileOptions.Finish(console, failed);
            }
            finally
            {
                foreach (var resource in resources) resource.Dispose();
            }
        });
        return command;
    }
}
