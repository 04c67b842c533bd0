namespace Wpo.Scoring;

/// <summary>
/// A score computed from the output itself (and the line's reference), with no model: named on the command line
/// (<c>wpo score --rule NAME</c>) and registered in <see cref="RuleScorers"/>.
/// </summary>
public interface IRuleScorer
{
    /// <summary>The name <c>--rule</c> takes.</summary>
    string Name { get; }

    /// <summary>One line for help and the README.</summary>
    string Description { get; }

    /// <summary>The score of one output, or a failed result saying why there is none.</summary>
    ScoreResult Score(ScoreRequest request);
}
