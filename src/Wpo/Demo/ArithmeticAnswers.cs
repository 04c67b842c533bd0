using System.Globalization;

namespace Wpo.Demo;

/// <summary>
/// The two programmatic writers of answers to the demo task. <see cref="Demonstration"/> writes the SFT data in the
/// house style (<c>7 + 5 = 12.</c> then <c>Answer: 12</c>), imperfectly: a quarter of the numbers are off by one or
/// two and a quarter of the answers leave out the requested line. <see cref="BehaviourPolicy"/> is the off-policy
/// writer with its own phrasings.
/// </summary>
public static class ArithmeticAnswers
{
    public const double DemonstrationErrorRate = 0.25, DemonstrationUnformattedRate = 0.25;

    /// <summary>The house style with <paramref name="number"/> as the result, with or without the <c>Answer:</c> line.</summary>
    public static string HouseStyle(ArithmeticProblem problem, int number, bool formatted) =>
        string.Create(CultureInfo.InvariantCulture, $"{problem.Expression} = {number}.") + (formatted ? AnswerLine(number) : "");

    public static string Demonstration(ArithmeticProblem problem, Random random) =>
        HouseStyle(problem, Number(problem, DemonstrationErrorRate, random), random.NextDouble() >= DemonstrationUnformattedRate);

    /// <summary>The result, or with probability <paramref name="errorRate"/> a result off by 1 or 2 (mirrored when that would go below 0).</summary>
    public static int Number(ArithmeticProblem problem, double errorRate, Random random)
    {
        if (random.NextDouble() >= errorRate) return problem.Result;
        int offset = random.Next(1, 3) * (random.Next(2) == 0 ? -1 : 1);
        return problem.Result + offset < 0 ? problem.Result - offset : problem.Result + offset;
    }

    public static string AnswerLine(int number) => string.Create(CultureInfo.InvariantCulture, $"\nAnswer: {number}");
}

/// <summary>
/// The behaviour policy that writes the off-policy data: with probability <paramref name="Distance"/> (the knob, 0 to 1)
/// an answer takes one of its own phrasings instead of the SFT house style, so that at 0 it writes like the SFT data
/// and at 1 never does; its numbers are wrong at <paramref name="ErrorRate"/> and it leaves out the requested line at
/// <paramref name="UnformattedRate"/>, whatever the phrasing.
/// </summary>
public sealed record BehaviourPolicy(double Distance, double ErrorRate = 0.35, double UnformattedRate = 0.3)
{
    public string Answer(ArithmeticProblem problem, Random random)
    {
        if (Distance is < 0 or > 1) throw new WpoException($"the off-policy distance must lie in [0, 1], not {Distance.ToString(CultureInfo.InvariantCulture)}.");
        int number = Number(problem, random);
        bool formatted = random.NextDouble() >= UnformattedRate;
        if (random.NextDouble() >= Distance) return ArithmeticAnswers.HouseStyle(problem, number, formatted);
        string word = problem.Operator == '+' ? "plus" : "minus";
        string line = formatted ? ArithmeticAnswers.AnswerLine(number) : "";
        return random.Next(3) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"Sure! {problem.A} {word} {problem.B} makes {number}.") + line,
            1 => string.Create(CultureInfo.InvariantCulture, $"The result is {number}.") + line,
            _ => formatted ? line.TrimStart('\n') : number.ToString(CultureInfo.InvariantCulture),
        };
    }

    int Number(ArithmeticProblem problem, Random random) => ArithmeticAnswers.Number(problem, ErrorRate, random);
}
