using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wpo.Configuration;

namespace Wpo.Scoring;

/// <summary>The rule scorers by name: the built-in <c>length</c>, <c>exact-match</c> and the demo task's <c>arithmetic</c>, and any a program registers.</summary>
public static class RuleScorers
{
    static readonly ConcurrentDictionary<string, IRuleScorer> rules = new(StringComparer.Ordinal)
    {
        [LengthRule.Instance.Name] = LengthRule.Instance,
        [ExactMatchRule.Instance.Name] = ExactMatchRule.Instance,
        [Demo.ArithmeticReward.Instance.Name] = Demo.ArithmeticReward.Instance,
    };

    public static IEnumerable<IRuleScorer> All => rules.Values.OrderBy(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>Adds <paramref name="rule"/> under its name (replacing one of the same name).</summary>
    public static void Register(IRuleScorer rule) => rules[rule.Name] = rule;

    /// <summary>The rule named <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static IRuleScorer Find(string name)
    {
        if (rules.TryGetValue(name, out IRuleScorer? rule)) return rule;
        string hint = NearestKey.To(name, rules.Keys) is { } near ? $" (did you mean {near}?)" : "";
        throw new WpoException($"--rule {name}: no such rule{hint}; known: {string.Join(", ", All.Select(r => r.Name))}.");
    }

    /// <summary>A rule as an <see cref="IOutputScorer"/>.</summary>
    public static IOutputScorer Scorer(IRuleScorer rule) => new RuleScorer(rule);

    sealed class RuleScorer(IRuleScorer rule) : IOutputScorer
    {
        public JsonObject Describe() => new() { ["kind"] = "rule", ["rule"] = rule.Name };

        public Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel) =>
            Task.FromResult<IReadOnlyList<ScoreResult>>([.. requests.Select(rule.Score)]);
    }
}
