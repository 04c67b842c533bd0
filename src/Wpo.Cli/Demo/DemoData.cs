using System.Globalization;
using System.Text.Json.Nodes;
using Wpo.Data;
using Wpo.Demo;
using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Pairs;
using Wpo.Scoring;

namespace Wpo.Cli.Demo;

/// <summary>A preference data set of one seed: its file, how it was made, its pair count.</summary>
public sealed record DemoDataSet(string Name, string File, int Pairs);

/// <summary>
/// The data files of one seed, written into its directory: the SFT demonstrations; off-policy pairs from the
/// behaviour policy at a distance (its answers scored by the gold rule with <c>wpo score</c>'s library and paired by
/// the paper's rule); hybrid pairs from the SFT model's own samples plus one behaviour answer per prompt (paper and v2 rules).
/// </summary>
sealed class DemoData(DemoSettings settings, DemoAnswers answers, string directory, int seed)
{
    /// <summary>SFT rows in the ultrafeedback schema: chosen a demonstration, rejected another (SFT reads the chosen side only).</summary>
    public string WriteDemonstrations(IReadOnlyList<ArithmeticProblem> problems)
    {
        var random = new Random(seed);
        string path = Path.Combine(directory, "sft_demonstrations.jsonl");
        var rows = problems.SelectMany(problem => Enumerable.Range(0, settings.DemonstrationsPerPrompt).Select(_ => new JsonObject
        {
            ["prompt"] = problem.Prompt,
            ["chosen"] = Conversation(problem, ArithmeticAnswers.Demonstration(problem, random)),
            ["rejected"] = Conversation(problem, ArithmeticAnswers.Demonstration(problem, random)),
        }.ToJsonString(OutputLine.LineOptions)));
        File.WriteAllLines(path, rows);
        return path;
    }

    /// <summary>The behaviour policy's answers at <paramref name="distance"/>, <paramref name="perProblem"/> per problem, in problem order.</summary>
    public string[] BehaviourAnswers(IReadOnlyList<ArithmeticProblem> problems, double distance, int perProblem)
    {
        var policy = new BehaviourPolicy(distance);
        var random = new Random(unchecked(seed * 7919 + (int)Math.Round(distance * 1000) + perProblem * 104729));
        return [.. problems.SelectMany(problem => Enumerable.Range(0, perProblem).Select(_ => policy.Answer(problem, random)))];
    }

    /// <summary>Off-policy pairs: the behaviour policy's answers at <paramref name="distance"/>, scored, paired by the paper's rule.</summary>
    public DemoDataSet OffPolicy(IReadOnlyList<ArithmeticProblem> problems, double distance)
    {
        string name = OffPolicyName(distance);
        string scored = Scored(name, problems, BehaviourAnswers(problems, distance, settings.BehaviourAnswers), settings.BehaviourAnswers, Behaviour(distance));
        return Paired(name, scored, new PairOptions(PairRule.Paper, Seed: seed), extras: null);
    }

    /// <summary>Hybrid pairs: the SFT model's samples with one behaviour answer (at the main distance) added to each prompt's candidates.</summary>
    public IReadOnlyList<DemoDataSet> Hybrid(CausalLM sft, IReadOnlyList<ArithmeticProblem> problems)
    {
        SamplingSettings sampling = answers.Sampling(sample: true, seed);
        string[] samples = answers.Generate(sft, problems, sampling, settings.HybridSamples);
        string scored = Scored("sft-samples", problems, samples, settings.HybridSamples, GenerationRecords.Settings(sampling, "sft", null, "float32"));
        string behaviour = Scored("behaviour-one", problems, BehaviourAnswers(problems, settings.Distance, 1), 1, Behaviour(settings.Distance));
        return
        [
            Paired("hybrid-paper", scored, new PairOptions(PairRule.Paper, Seed: seed), behaviour),
            Paired("hybrid-v2", scored, new PairOptions(PairRule.V2, Seed: seed), behaviour),
        ];
    }

    /// <summary>The off-policy data set's name at a distance; its pairs file is <c>NAME.pairs.jsonl</c>.</summary>
    public static string OffPolicyName(double distance) => "offpolicy-d" + distance.ToString("0.00", CultureInfo.InvariantCulture);

    static JsonObject Behaviour(double distance) => new() { ["policy"] = "behaviour", ["distance"] = distance };

    string Scored(string name, IReadOnlyList<ArithmeticProblem> problems, IReadOnlyList<string> texts, int perProblem, JsonObject about)
    {
        string outputs = Path.Combine(directory, name + ".outputs.jsonl");
        string scored = Path.Combine(directory, name + ".scored.jsonl");
        answers.WriteOutputs(outputs, problems, texts, perProblem, about);
        ScoreRun.Run(outputs, scored, RuleScorers.Scorer(ArithmeticReward.Instance), chunkOutputs: 1024);
        return scored;
    }

    DemoDataSet Paired(string name, string scored, PairOptions options, string? extras)
    {
        string path = Path.Combine(directory, name + ".pairs.jsonl");
        PairSummary summary = PairBuilder.Build(scored, path, options, extras, text => answers.Tokenizer.Encode(text).Length);
        if (summary.PairsOut == 0) throw new WpoException($"{path}: no prompt yielded a pair (every candidate scored the same); use more answers per prompt.");
        return new DemoDataSet(name, path, summary.PairsOut);
    }

    static JsonArray Conversation(ArithmeticProblem problem, string answer) =>
        OutputLine.ToJson([.. DemoAnswers.Turns(problem), new Text.ChatMessage("assistant", answer)]);
}
