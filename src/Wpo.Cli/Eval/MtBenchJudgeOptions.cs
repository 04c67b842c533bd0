using System.CommandLine;
using Wpo.Judging;
using static TorchSharp.torch;

namespace Wpo.Cli.Eval;

/// <summary>
/// The judge flags of <c>wpo eval mt-bench</c> and <c>mt-bench-pair</c>: a local chat model directory
/// (<c>--judge-model DIR</c>) or an OpenAI-compatible endpoint (<c>--judge-url URL --judge-model NAME</c>), asked at
/// temperature 0 for at most 2,048 tokens as FastChat asks GPT-4.
/// </summary>
sealed class MtBenchJudgeOptions
{
    /// <summary>FastChat's <c>max_tokens</c> for its OpenAI judges.</summary>
    public const int DefaultMaxTokens = 2048;

    readonly Option<string> model = new("--judge-model") { Description = "The judge: a local chat model directory, or the endpoint's model name with --judge-url.", Required = true };
    readonly Option<string?> url = new("--judge-url") { Description = "An OpenAI-compatible endpoint (base URL) to send the judge prompts to." };
    readonly Option<string> keyVariable = new("--judge-api-key-env") { Description = "Environment variable holding the endpoint's API key.", DefaultValueFactory = _ => "OPENAI_API_KEY" };
    readonly Option<string?> tokenizer = new("--judge-tokenizer") { Description = "The local judge's tokenizer and chat template, when not in its model directory." };
    readonly Option<int> maxTokens = new("--judge-max-tokens") { Description = "Most tokens of a judgement.", DefaultValueFactory = _ => DefaultMaxTokens };
    readonly Option<int> concurrency = new("--concurrency") { Description = "Endpoint requests in flight at once.", DefaultValueFactory = _ => 8 };

    public IEnumerable<Option> All => [model, url, keyVariable, tokenizer, maxTokens, concurrency];

    /// <summary>The judge the flags name (a local one decodes <paramref name="batchSize"/> prompts together); <paramref name="resources"/> gets what must be disposed after judging.</summary>
    public IMessageJudge Create(ParseResult parse, ScalarType dtype, int batchSize, ICollection<IDisposable> resources)
    {
        string name = parse.GetValue(model)!;
        int tokens = parse.GetValue(maxTokens);
        if (tokens < 1) throw new WpoException($"--judge-max-tokens must be at least 1 (got {tokens}).");
        if (parse.GetValue(url) is not { } endpoint)
        {
            var local = new LocalChatModel(name, null, parse.GetValue(tokenizer), dtype);
            resources.Add(local);
            return new LocalMessageJudge(local, tokens, batchSize);
        }
        var options = new ChatCompletionsOptions
        {
            Endpoint = ChatCompletionsOptions.EndpointFor(endpoint),
            Model = name,
            ApiKey = Environment.GetEnvironmentVariable(parse.GetValue(keyVariable)!),
            Temperature = 0,
            MaxTokens = tokens,
            Concurrency = Math.Max(1, parse.GetValue(concurrency)),
        };
        var client = new ChatCompletionsClient(options);
        resources.Add(client);
        return new EndpointMessageJudge(client, options);
    }

    /// <summary>The judge's name as a file name part (<c>JUDGE_single.jsonl</c>): path separators replaced.</summary>
    public static string FileName(IMessageJudge judge) => string.Join("_", judge.Name.Split(Path.GetInvalidFileNameChars().Append('/').ToArray()));
}
