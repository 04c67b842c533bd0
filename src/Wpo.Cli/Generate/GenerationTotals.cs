using System.Globalization;
using Spectre.Console;
using Wpo.Generation;

namespace Wpo.Cli.Generate;

/// <summary>What a <c>wpo generate</c> run produced: outputs, tokens and finish reasons, for its closing line.</summary>
sealed class GenerationTotals
{
    readonly Dictionary<FinishReason, int> reasons = Enum.GetValues<FinishReason>().ToDictionary(reason => reason, _ => 0);
    int outputs;
    long tokens;

    public void Add(IEnumerable<GeneratedSequence> sequences)
    {
        foreach (GeneratedSequence sequence in sequences)
        {
            outputs++;
            tokens += sequence.Tokens.Count;
            reasons[sequence.Reason]++;
        }
    }

    public void Write(IAnsiConsole console, int prompts, TimeSpan elapsed, string output)
    {
        string finished = string.Join(", ", reasons.Select(pair => $"{FinishReasonNames.NameOf(pair.Key)} {pair.Value}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{prompts} prompts, {outputs} outputs ({finished}), {tokens} tokens in {elapsed.TotalSeconds:F1} s ({tokens / Math.Max(elapsed.TotalSeconds, 1e-9):F0} tokens/s); written to {output}"));
    }
}
