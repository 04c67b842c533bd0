namespace Wpo.Scoring;

/// <summary><c>length</c>: the output's length in characters (Unicode code points), a length-bias baseline.</summary>
public sealed class LengthRule : IRuleScorer
{
    public static LengthRule Instance { get; } = new();

    public string Name => "length";

    public string Description => "the output's length in characters (code points)";

    public ScoreResult Score(ScoreRequest request) => new(request.Output.EnumerateRunes().Count());
}
