using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Generation;

/// <summary>
/// Batched decoding: prompts of any lengths are left-padded into one batch (positions count real tokens only, and
/// padding is masked), encoded once into the <see cref="KvCache"/>, then extended one token per step with the
/// logits processors and <see cref="TokenChoice"/> until every row has ended (EOS id, budget, stop string). Each row
/// draws from its own <see cref="RowRandom"/>, so a row's tokens do not depend on the batch it is in. Without the
/// cache (<see cref="UseCache"/> false, for measurements) each step runs the whole sequence again.
/// </summary>
public sealed class SequenceGenerator(CausalLM model, SamplingSettings settings, Func<IReadOnlyList<int>, string>? decode = null)
{
    readonly StopStrings stops = new(settings.StopStrings);

    public bool UseCache { get; init; } = true;

    /// <summary>Generates every request in one batch; <paramref name="stepped"/> gets the number of tokens each step added.</summary>
    public IReadOnlyList<GeneratedSequence> Generate(IReadOnlyList<GenerationRequest> requests, Action<int>? stepped = null)
    {
        if (stops.Any && decode is null) throw new ArgumentException("stop strings need a decoder.", nameof(decode));
        int rows = requests.Count;
        if (rows == 0) return [];
        var rowTokens = requests.Select(_ => new List<int>()).ToArray();
        var reasons = new FinishReason?[rows];
        var texts = new string?[rows];
        int[] budgets = requests.Select(r => settings.Budget(r.PromptIds.Count)).ToArray();
        for (int r = 0; r < rows; r++)
            if (budgets[r] == 0) reasons[r] = FinishReason.Length;
        RowRandom[]? randoms = settings.IsGreedy ? null : requests.Select(r => new RowRandom(settings.Seed, r.PromptIndex, r.Sample)).ToArray();
        var eos = settings.EosTokenIds.ToHashSet();

        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        using var state = new DecodingState(model, requests, settings, UseCache);
        int longest = budgets.Max();
        for (int step = 0; step < longest && reasons.Any(reason => reason is null); step++)
        {
            using var scope = NewDisposeScope();
            var processed = LogitsProcessors.Apply(state.NextLogits(), settings, state.Seen, state.GeneratedCounts);
            var next = TokenChoice.Choose(processed, settings.IsGreedy, randoms);
            long[] chosen = next.cpu().data<long>().ToArray();
            int added = 0;
            for (int r = 0; r < rows; r++)
            {
                if (reasons[r] is not null) continue;
                rowTokens[r].Add((int)chosen[r]);
                added++;
                if (eos.Contains(chosen[r])) reasons[r] = FinishReason.Eos;
                else if (stops.Any && stops.Find(decode!(rowTokens[r])) is { } cut)
                {
                    reasons[r] = FinishReason.StopString;
                    texts[r] = cut;
                }
                else if (rowTokens[r].Count >= budgets[r]) reasons[r] = FinishReason.Length;
            }
            state.Append(next);
            stepped?.Invoke(added);
        }
        return Enumerable.Range(0, rows).Select(r =>
        {
            FinishReason reason = reasons[r] ?? FinishReason.Length;
            string? text = texts[r] ?? decode?.Invoke(reason == FinishReason.Eos ? rowTokens[r].GetRange(0, rowTokens[r].Count - 1) : rowTokens[r]);
            return new GeneratedSequence(rowTokens[r], reason, text);
        }).ToList();
    }
}
