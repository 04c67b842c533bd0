using Wpo.Demo;
using Wpo.Modeling;

namespace Wpo.Cli.Demo;

/// <summary>A model's scores on the held-out prompts.</summary>
/// <param name="GreedyReward">Mean gold reward of the greedy answers.</param>
/// <param name="SampledReward">Mean gold reward of the sampled answers (temperature 1, the whole distribution).</param>
/// <param name="WinRate">Against the SFT model's greedy answers by gold reward, per prompt: a win 1, a tie ½.</param>
/// <param name="Kl">KL(policy ‖ SFT) per answer, estimated on the sampled answers as the mean of log π(y|x) − log π_SFT(y|x).</param>
public sealed record DemoScores(double GreedyReward, double SampledReward, double WinRate, double Kl);

/// <summary>Scores models on the held-out prompts against the SFT model, by the gold reward.</summary>
sealed class DemoEvaluation(DemoAnswers answers, CausalLM sft, IReadOnlyList<ArithmeticProblem> problems, int samples, int batchSize, int seed)
{
    readonly double[] sftGreedy = Rewards(problems, answers.Generate(sft, problems, answers.Sampling(false, seed), 1));

    public DemoScores Score(CausalLM policy)
    {
        double[] greedy = Rewards(problems, answers.Generate(policy, problems, answers.Sampling(false, seed), 1));
        string[] sampled = answers.Generate(policy, problems, answers.Sampling(true, seed), samples);
        double[] policyLogps = answers.LogProbs(policy, problems, sampled, batchSize);
        double[] sftLogps = answers.LogProbs(sft, problems, sampled, batchSize);
        double winRate = greedy.Zip(sftGreedy, (a, b) => a > b ? 1 : a == b ? 0.5 : 0).Average();
        return new DemoScores(greedy.Average(), Rewards(problems, sampled).Average(), winRate, policyLogps.Zip(sftLogps, (p, q) => p - q).Average());
    }

    /// <summary>Gold rewards of answers given in problem order, the same number per problem.</summary>
    static double[] Rewards(IReadOnlyList<ArithmeticProblem> problems, IReadOnlyList<string> texts) =>
        [.. texts.Select((text, i) => ArithmeticReward.Score(problems[i * problems.Count / texts.Count], text))];
}
