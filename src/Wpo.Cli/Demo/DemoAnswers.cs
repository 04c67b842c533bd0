using TorchSharp;
using Wpo.Data;
using Wpo.Demo;
using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Text;

namespace Wpo.Cli.Demo;

/// <summary>
/// The demo's prompts and answers in the project's formats: task prompts as chat turns, a policy's answers through the
/// generation library, and answers (any writer's) as <c>wpo generate</c> lines that <c>wpo score</c> and
/// <c>wpo pairs</c> read.
/// </summary>
sealed class DemoAnswers(PreferencePipeline pipeline, int maxNewTokens)
{
    public Tokenizer Tokenizer => pipeline.Tokenizer;

    public static IReadOnlyList<ChatMessage> Turns(ArithmeticProblem problem) => [new("user", problem.Prompt)];

    /// <summary>Greedy decoding, or sampling at temperature 1 from the whole distribution seeded by <paramref name="seed"/>.</summary>
    public SamplingSettings Sampling(bool sample, int seed) => new()
    {
        DoSample = sample, Temperature = 1, TopK = 0, MaxNewTokens = maxNewTokens, Seed = seed,
        EosTokenIds = [Tokenizer.EosId ?? throw new WpoException("the demo tokenizer has no EOS token.")],
    };

    /// <summary><paramref name="count"/> answers per problem (sample k of problem i at row i·count + k).</summary>
    public string[] Generate(CausalLM model, IReadOnlyList<ArithmeticProblem> problems, SamplingSettings settings, int count)
    {
        var requests = problems.SelectMany((problem, i) => Enumerable.Range(0, count)
            .Select(k => new GenerationRequest(pipeline.Encoder.EncodeGenerationPrompt(Turns(problem)), i, k))).ToList();
        bool wasTraining = model.training;
        model.eval();
        var outputs = new SequenceGenerator(model, settings).Generate(requests);
        model.train(wasTraining);
        return [.. outputs.Select(o => Tokenizer.Decode(o.Tokens, skipSpecialTokens: true).Trim())];
    }

    /// <summary>Writes the answers (<paramref name="perProblem"/> each, in problem order) as a generate file with <paramref name="settings"/> as its settings.</summary>
    public void WriteOutputs(string path, IReadOnlyList<ArithmeticProblem> problems, IReadOnlyList<string> answers, int perProblem, System.Text.Json.Nodes.JsonObject settings)
    {
        var lines = problems.Select((problem, i) => GenerationRecords.Line(i, new PromptRecord(Turns(problem), null, new RowOrigin(path, i)),
            [.. answers.Skip(i * perProblem).Take(perProblem).Select(a => new GeneratedSequence(Tokenizer.Encode(a), FinishReason.Eos, a))], settings)
            .ToJsonString(OutputLine.LineOptions));
        File.WriteAllLines(path, lines);
    }

    /// <summary>The summed log-prob of each answer given its prompt under <paramref name="model"/> (the answer's tokens and the end of turn, as training scores them).</summary>
    public double[] LogProbs(CausalLM model, IReadOnlyList<ArithmeticProblem> problems, IReadOnlyList<string> answers, int batchSize)
    {
        var pairs = answers.Select((answer, i) =>
        {
            IReadOnlyList<ChatMessage> reply = [new("assistant", answer)];
            return pipeline.Encoder.Encode(new PreferenceRecord(Turns(problems[i * problems.Count / answers.Count]), reply, reply, new RowOrigin("demo answers", i)));
        }).ToList();
        var scores = Training.ReferenceLogProbs.Compute(model, pairs, batchSize, pipeline.PadId);
        using var both = scores.For([.. Enumerable.Range(0, pairs.Count)], torch.CPU);
        return [.. both.data<double>().ToArray().Take(pairs.Count)];
    }
}
