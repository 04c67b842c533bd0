namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's <c>logprob_parser</c> as the weighted GPT-4-turbo annotator configures it (numerator token "m",
/// denominator tokens "m" and "M", not binarised): from the top log-probabilities of the judge's first token,
/// preference = 2 − p(m) / (p(m) + p(M)), a token absent from the list counting as probability 0; NaN (no
/// preference) when neither is there.
/// </summary>
public static class LogprobPreference
{
    /// <summary>The identifier of the first output in AlpacaEval's comparison prompt.</summary>
    public const string First = "m";

    /// <summary>The identifier of the second output.</summary>
    public const string Second = "M";

    /// <summary>The weighted preference (in [1, 2]) of the top log-probabilities, or null when neither identifier is among them.</summary>
    public static double? Of(IEnumerable<(string Token, double Logprob)> topLogprobs)
    {
        double? first = null, second = null;
        foreach (var (token, logprob) in topLogprobs)
        {
            if (token == First) first ??= logprob;
            else if (token == Second) second ??= logprob;
        }
        if (first is null && second is null) return null;
        double a = first ?? double.NegativeInfinity, b = second ?? double.NegativeInfinity;
        double top = Math.Max(a, b);
        double probabilityFirst = Math.Exp(a - top) / (Math.Exp(a - top) + Math.Exp(b - top));
        return 2 - probabilityFirst;
    }

    /// <summary>The preference of a reply without log-probabilities: "m" = 1, "M" = 2 (stripped), anything else none.</summary>
    public static double? OfText(string? reply) => reply?.Trim() switch
    {
        First => 1,
        Second => 2,
        _ => null,
    };
}
