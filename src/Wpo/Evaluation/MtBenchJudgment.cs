using System.Globalization;
using System.Text.RegularExpressions;

namespace Wpo.Evaluation;

/// <summary>The verdict of FastChat's pairwise MT-bench judge.</summary>
public enum PairVerdict
{
    /// <summary><c>[[A]]</c>: the first assistant is better.</summary>
    A,
    /// <summary><c>[[B]]</c>: the second assistant is better.</summary>
    B,
    /// <summary><c>[[C]]</c>: a tie.</summary>
    Tie,
    /// <summary>None of the three: FastChat's "error", counted as a parse failure.</summary>
    Error,
}

/// <summary>
/// FastChat's parsers of MT-bench judge replies (<c>fastchat/llm_judge/common.py</c>): the single-answer rating and
/// the pairwise verdict.
/// </summary>
public static partial class MtBenchJudgment
{
    /// <summary>The rating FastChat reports when a reply has none.</summary>
    public const double NoRating = -1;

    [GeneratedRegex(@"\[\[(\d+\.?\d*)\]\]")]
    private static partial Regex Rating();

    [GeneratedRegex(@"\[(\d+\.?\d*)\]")]
    private static partial Regex RatingBackup();

    /// <summary>
    /// The single-answer rating: the first <c>[[N]]</c> (an integer or a decimal), else the first <c>[N]</c>, else
    /// <see cref="NoRating"/>. <c>\d</c> matches any Unicode decimal digit, as in Python's <c>re</c>.
    /// </summary>
    public static double ParseRating(string judgment)
    {
        var match = Rating().Match(judgment);
        if (!match.Success) match = RatingBackup().Match(judgment);
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double rating)
            ? rating
            : NoRating;
    }

    /// <summary>The pairwise verdict, checked in FastChat's order: <c>[[A]]</c>, then <c>[[B]]</c>, then <c>[[C]]</c>.</summary>
    public static PairVerdict ParseVerdict(string judgment) =>
        judgment.Contains("[[A]]", StringComparison.Ordinal) ? PairVerdict.A
        : judgment.Contains("[[B]]", StringComparison.Ordinal) ? PairVerdict.B
        : judgment.Contains("[[C]]", StringComparison.Ordinal) ? PairVerdict.Tie
        : PairVerdict.Error;
}
