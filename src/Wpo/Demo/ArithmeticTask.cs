using System.Globalization;

namespace Wpo.Demo;

/// <summary>One problem of the demo task: <c>A + B</c> or <c>A - B</c> on one-digit numbers (A ≥ B for a difference).</summary>
public sealed record ArithmeticProblem(int A, char Operator, int B)
{
    /// <summary>The format every prompt asks for; the gold reward checks it.</summary>
    public const string FormatRequest = "Reply as 'Answer: N'.";

    public int Result => Operator == '+' ? A + B : A - B;

    /// <summary>The expression as the prompt and the answers write it, e.g. <c>7 + 5</c>.</summary>
    public string Expression => string.Create(CultureInfo.InvariantCulture, $"{A} {Operator} {B}");

    public string Prompt => $"What is {Expression}? {FormatRequest}";
}

/// <summary>
/// The demo's task (issue 12): every one-digit sum and difference, asked with a format request, split once by a seed
/// into training prompts (the SFT demonstrations and the preference data) and held-out evaluation prompts.
/// </summary>
public static class ArithmeticTask
{
    /// <summary>All 155 problems: the 100 sums A + B and the 55 differences A - B with A ≥ B, A and B in 0..9.</summary>
    public static IReadOnlyList<ArithmeticProblem> All { get; } =
    [
        .. from a in Enumerable.Range(0, 10) from b in Enumerable.Range(0, 10) select new ArithmeticProblem(a, '+', b),
        .. from a in Enumerable.Range(0, 10) from b in Enumerable.Range(0, a + 1) select new ArithmeticProblem(a, '-', b),
    ];

    /// <summary>The problems shuffled by <paramref name="seed"/>: the first <paramref name="evalCount"/> held out, the rest for training.</summary>
    public static (IReadOnlyList<ArithmeticProblem> Train, IReadOnlyList<ArithmeticProblem> Eval) Split(int seed, int evalCount)
    {
        if (evalCount < 1 || evalCount >= All.Count)
            throw new WpoException($"the demo task has {All.Count} problems; held-out prompts must number 1 to {All.Count - 1}, not {evalCount}.");
        var shuffled = All.ToArray();
        new Random(seed).Shuffle(shuffled);
        return (shuffled[evalCount..], shuffled[..evalCount]);
    }

    /// <summary>The problem a prompt asks (as <see cref="ArithmeticProblem.Prompt"/> writes it), or null for any other text.</summary>
    public static ArithmeticProblem? Parse(string prompt)
    {
        const string head = "What is ";
        string tail = $"? {ArithmeticProblem.FormatRequest}";
        if (!prompt.StartsWith(head, StringComparison.Ordinal) || !prompt.EndsWith(tail, StringComparison.Ordinal)) return null;
        string[] parts = prompt[head.Length..^tail.Length].Split(' ');
        if (parts.Length != 3 || parts[1] is not ("+" or "-")) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int b)) return null;
        return new ArithmeticProblem(a, parts[1][0], b);
    }
}
