using System.Globalization;
using System.Text.RegularExpressions;
using Wpo.Scoring;

namespace Wpo.Demo;

/// <summary>
/// <c>arithmetic</c>, the demo task's gold reward: 1 when the answer's number is right (the number after the last
/// <c>Answer:</c>, else the last integer in the text), plus 0.5 when the answer ends with the requested
/// <c>Answer: N</c> line, minus 0.01 per character beyond <see cref="FreeLength"/> (at most 0.5), so that longer
/// answers cost a little and a length bias shows. Scores lie in [-0.5, 1.5]; a prompt that is not a task prompt is a failure.
/// </summary>
public sealed partial class ArithmeticReward : IRuleScorer
{
    public static ArithmeticReward Instance { get; } = new();

    /// <summary>Characters an answer may have before the length term starts: the house style's longest answer.</summary>
    public const int FreeLength = 24;
    public const double CorrectScore = 1, FormatScore = 0.5, LengthCostPerChar = 0.01, MaxLengthCost = 0.5;

    public string Name => "arithmetic";

    public string Description => "the demo task's gold reward: 1 for the right number, 0.5 for ending with 'Answer: N', -0.01 per character beyond 24 (at most -0.5)";

    public ScoreResult Score(ScoreRequest request) => ArithmeticTask.Parse(request.Prompt) is { } problem
        ? new(Score(problem, request.Output))
        : ScoreResult.Failed("not a demo arithmetic prompt ('What is A + B? Reply as 'Answer: N'.')");

    public static double Score(ArithmeticProblem problem, string answer)
    {
        string text = answer.Trim();
        bool formatted = FinalAnswer().IsMatch(text);
        var answered = AnswerNumber().Matches(text);
        var numbers = Integer().Matches(text);
        string? number = answered.Count > 0 ? answered[^1].Groups[1].Value : numbers.Count > 0 ? numbers[^1].Value : null;
        bool correct = number is not null && int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value == problem.Result;
        double lengthCost = Math.Min(MaxLengthCost, LengthCostPerChar * Math.Max(0, text.Length - FreeLength));
        return (correct ? CorrectScore : 0) + (formatted ? FormatScore : 0) - lengthCost;
    }

    [GeneratedRegex(@"(?:^|\n)Answer: -?\d+\.?$")]
    private static partial Regex FinalAnswer();

    [GeneratedRegex(@"Answer:\s*(-?\d+)")]
    private static partial Regex AnswerNumber();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Integer();
}
