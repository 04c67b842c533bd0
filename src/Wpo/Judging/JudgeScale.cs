using System.Globalization;

namespace Wpo.Judging;

/// <summary>The scores a judge may give, inclusive (the built-in prompt's 1–6 by default).</summary>
public readonly record struct JudgeScale(double Min, double Max)
{
    public static JudgeScale Default { get; } = new(1, 6);

    /// <summary><c>MIN-MAX</c>, e.g. <c>1-10</c>.</summary>
    public static JudgeScale Parse(string text, string flag)
    {
        string[] parts = text.Split('-', 2);
        if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out double min)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double max) && min < max)
            return new JudgeScale(min, max);
        throw new WpoException($"{flag} {text}: expected MIN-MAX with MIN < MAX, e.g. 1-6.");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
