using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Train;
using Wpo.Judging;
using Wpo.Rewards;
using Wpo.Scoring;
using static TorchSharp.torch;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo score FILE (--reward-model DIR | --judge-model DIR | --judge-url URL --judge-model NAME | --rule NAME) --output OUT</c>:
/// scores every output of a <c>wpo generate</c> file (or the chosen and rejected answers of a preference file) and
/// writes the lines with the scores; resumable (see <see cref="ScoreRun"/>).
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE") { Description = "A wpo generate file, or any preference file the data layer reads." };
        var output = new Option<string>("--output") { Description = "Scored lines (JSONL); a rerun continues an interrupted run.", Required = true };
        var rewardModel = new Option<string?>("--reward-model") { Description = "A *ForSequenceClassification reward model directory." };
        var judgeModel = new Option<string?>("--judge-model") { Description = "An LLM judge: a chat model directory, or with --judge-url the endpoint's model name." };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter directory to attach to the reward model or the local judge model." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "A tokenizer directory for a local model without one (e.g. examples/tokenizer-211 for the golden models)." };
        var judgeUrl = new Option<string?>("--judge-url") { Description = "An OpenAI-compatible base URL (http://host:8000/v1) or chat-completions URL." };
        var rule = new Option<string?>("--rule") { Description = $"A rule scorer: {string.Join(", ", RuleScorers.All.Select(r => r.Name))}." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per reward-model batch.", DefaultValueFactory = _ => 8 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype of a local model.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var judgePrompt = new Option<string?>("--judge-prompt") { Description = "A judge prompt file with {prompt} and {response} (default: the built-in additive 1–6 prompt)." };
        var judgeRange = new Option<string>("--judge-range") { Description = "Scores the judge may give, MIN-MAX.", DefaultValueFactory = _ => "1-6" };
        var judgeTokens = new Option<int>("--judge-max-tokens") { Description = "Longest judge reply, in tokens.", DefaultValueFactory = _ => 1024 };
        var keyVariable = new Option<string>("--api-key-env") { Description = "Environment variable holding the endpoint's API key.", DefaultValueFactory = _ => "OPENAI_API_KEY" };
        var concurrency = new Option<int>("--concurrency") { Description = "Judge requests in flight at once.", DefaultValueFactory = _ => 8 };
        var attempts = new Option<int>("--max-attempts") { Description = "Tries per judge request (429, 5xx, timeouts are retried with backoff).", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one judge request may take.", DefaultValueFactory = _ => 120 };
        var command = new Command("score", "Score each output with a reward model, an LLM judge or a rule.")
        {
            input, output, rewardModel, judgeModel, adapter, tokenizer, judgeUrl, rule, batchSize, dtype, judgePrompt, judgeRange, judgeTokens, keyVariable, concurrency, attempts, timeout,
        };
        command.SetAction(parse =>
        {
            string file = parse.GetValue(input)!;
            if (!File.Exists(file) && !Directory.Exists(file)) throw new WpoException($"{file}: file not found.");
            int batch = Positive(parse.GetValue(batchSize), "--batch-size");
            ScalarType type = parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
            string? reward = parse.GetValue(rewardModel), judge = parse.GetValue(judgeModel), url = parse.GetValue(judgeUrl), ruleName = parse.GetValue(rule);
            int chosen = new[] { reward is not null, judge is not null, ruleName is not null }.Count(given => given);
            if (url is not null && judge is null) throw new WpoException("--judge-url needs --judge-model (the endpoint's model name).");
            if (chosen != 1) throw new WpoException("give one scorer: --reward-model DIR, --judge-model DIR (or NAME with --judge-url), or --rule NAME.");
            JudgePrompt Prompt() => parse.GetValue(judgePrompt) is { } path ? JudgePrompt.Load(path) : JudgePrompt.BuiltIn;
            JudgeScale scale = JudgeScale.Parse(parse.GetValue(judgeRange)!, "--judge-range");
            string? adapterPath = parse.GetValue(adapter) is { } a ? Existing(a, "--adapter") : null;
            string? tokenizerPath = parse.GetValue(tokenizer) is { } t ? Existing(t, "--tokenizer") : null;
            if (adapterPath is not null && reward is null && (judge is null || url is not null))
                throw new WpoException("--adapter goes with --reward-model DIR or a local judge (--judge-model DIR without --judge-url).");

            var disposables = new List<IDisposable>();
            try
            {
                IOutputScorer scorer;
                int chunk;
                if (reward is not null)
                {
                    var model = new RewardModelScorer(Existing(reward, "--reward-model"), type, CPU, batch, tokenizerPath, adapterPath);
                    disposables.Add(model);
                    (scorer, chunk) = (model, batch * 8);
                }
                else if (url is not null)
                {
                    string variable = parse.GetValue(keyVariable)!;
                    var options = new ChatCompletionsOptions
                    {
                        Endpoint = ChatCompletionsOptions.EndpointFor(url),
                        Model = judge!,
                        ApiKey = Environment.GetEnvironmentVariable(variable),
                        MaxTokens = Positive(parse.GetValue(judgeTokens), "--judge-max-tokens"),
                        Concurrency = Positive(parse.GetValue(concurrency), "--concurrency"),
                        MaxAttempts = Positive(parse.GetValue(attempts), "--max-attempts"),
                        Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout) > 0 ? parse.GetValue(timeout) : throw new WpoException("--timeout must be positive.")),
                    };
                    var client = new ChatCompletionsClient(options);
                    disposables.Add(client);
                    (scorer, chunk) = (new ApiJudge(client, options, Prompt(), scale), options.Concurrency * 4);
                }
                else if (judge is not null)
                {
                    var local = new LocalJudge(Existing(judge, "--judge-model"), adapterPath, tokenizerPath, type, CPU, Prompt(), scale, Positive(parse.GetValue(judgeTokens), "--judge-max-tokens"));
                    disposables.Add(local);
                    (scorer, chunk) = (local, 4);
                }
                else (scorer, chunk) = (RuleScorers.Scorer(RuleScorers.Find(ruleName!)), 256);
                string outputPath = parse.GetValue(output)!;
                using var interrupt = new ConsoleInterrupt(AnsiConsole.Console, "batch");
                try
                {
                    ScoreConsole.Run(AnsiConsole.Console, file, outputPath, scorer, chunk, interrupt.Token);
                }
                catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
                {
                    throw new WpoException($"interrupted: the lines scored so far are kept in {ScoreRun.PartialPath(outputPath)}; rerun the same command to continue.");
                }
                return 0;
            }
            finally
            {
                foreach (IDisposable disposable in disposables) disposable.Dispose();
            }
        });
        return command;
    }

    static int Positive(int value, string flag) => value >= 1 ? value : throw new WpoException($"{flag} must be at least 1 (got {value}).");

    static string Existing(string directory, string flag) =>
        Directory.Exists(directory) ? directory : throw new WpoException($"{flag} {directory}: no such directory.");
}
