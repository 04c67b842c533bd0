namespace Wpo.Scoring;

/// <summary>
/// <c>exact-match</c>: 1 when the output, trimmed, equals the line's reference answer, trimmed (the line's
/// <c>reference</c>, else its original chosen answer), else 0; a line without a reference is a failure.
/// </summary>
public sealed class ExactMatchRule : IRuleScorer
{
    public static ExactMatchRule Instance { get; } = new();

    public string Name => "exact-match";

    public string Description => "1 if the trimmed output equals the trimmed reference ('reference', else the original chosen answer), else 0";

    public ScoreResult Score(ScoreRequest request) => request.Reference is { } reference
        ? new(string.Equals(request.Output.Trim(), reference.Trim(), StringComparison.Ordinal) ? 1 : 0)
        : ScoreResult.Failed("no reference: the line has neither 'reference' nor 'original.chosen'");
}
