using System.Globalization;
using System.Text.RegularExpressions;
using Wpo.Scoring;

namespace Wpo.Judging;

/// <summary>
/// Reads the score out of a judge's reply: the last <c>Score: N</c> (also <c>score = N</c>, <c>score is N</c>,
/// <c>**Score:** N</c>, <c>Score: N/6</c>, any case), else a last line that is only a number; it must lie on the scale.
/// </summary>
public static partial class JudgeReply
{
    /// <summary>The score, or null and the reason it could not be read.</summary>
    public static (double? Score, string? Error) Parse(string? reply, JudgeScale scale)
    {
        if (string.IsNullOrWhiteSpace(reply)) return (null, "empty reply");
        string? number = ScoreLabel().Matches(reply).LastOrDefault()?.Groups["value"].Value;
        if (number is null)
        {
            string lastLine = reply.TrimEnd().Split('\n')[^1].Trim().Trim('*', '.', ' ');
            if (BareNumber().Match(lastLine) is { Success: true } bare) number = bare.Groups["value"].Value;
        }
        if (number is null) return (null, "no 'Score: N' in the reply");
        double score = double.Parse(number, CultureInfo.InvariantCulture);
        if (score < scale.Min || score > scale.Max) return (null, string.Create(CultureInfo.InvariantCulture, $"score {score} is outside {scale}"));
        return (score, null);
    }

    /// <summary>The reply as a score result: its score, or the parse failure, with the reply kept either way.</summary>
    public static ScoreResult ToResult(string reply, JudgeScale scale) =>
        Parse(reply, scale) is { Score: double score } ? new ScoreResult(score, null, reply) : ScoreResult.Failed(Parse(reply, scale).Error!, reply);

    [GeneratedRegex(@"\bscore\b\s*\**\s*(?:[:=]|\bis\b)\s*\**\s*(?<value>[+-]?\d+(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex ScoreLabel();

    [GeneratedRegex(@"^(?<value>[+-]?\d+(?:\.\d+)?)(?:\s*/\s*\d+)?$")]
    private static partial Regex BareNumber();
}
