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
        // Batch row j decodes sequence running[j]; finished sequences leave the batch.
        List<int> running = Enumerable.Range(0, rows).ToList();
        if (running.Any(r => reasons[r] is not null)) running = KeepRunning(state, running, reasons, ref randoms);
        for (int step = 0; step < longest && running.Count > 0; step++)
        {
            using var scope = NewDisposeScope();
            var processed = LogitsProcessors.Apply(state.NextLogits(), settings, state.Seen, state.GeneratedCounts);
            var next = TokenChoice.Choose(processed, settings.IsGreedy, randoms);
            long[] chosen = next.cpu().data<long>().ToArray();
            for (int j = 0; j < running.Count; j++)
            {
                int r = running[j];
                rowTokens[r].Add((int)chosen[j]);
                if (eos.Contains(chosen[j])) reasons[r] = FinishReason.Eos;
                else if (stops.Any && stops.Find(decode!(rowTokens[r])) is { } cut)
                {
                    reasons[r] = FinishReason.StopString;
                    texts[r] = cut;
                }
                else if (rowTokens[r].Count >= budgets[r]) reasons[r] = FinishReason.Length;
            }
            state.Append(next);
            stepped?.Invoke(running.Count);
            if (running.Any(r => reasons[r] is not null)) running = KeepRunning(state, running, reasons, ref randoms);
        }
        return Enumerable.Range(0, rows).Select(r =>
        {
            FinishReason reason = reasons[r] ?? FinishReason.Length;
            string? text = texts[r] ?? decode?.Invoke(reason == FinishReason.Eos ? rowTokens[r].GetRange(0, rowTokens[r].Count - 1) : rowTokens[r]);
            return new GeneratedSequence(rowTokens[r], reason, text);
        }).ToList();
    }

    /// <summary>The sequences still running, with the decoding state and the random streams cut down to them.</summary>
    static List<int> KeepRunning(DecodingState state, List<int> running, FinishReason?[] reasons, ref RowRandom[]? randoms)
    {
        int[] kept = Enumerable.Range(0, running.Count).Where(j => reasons[running[j]] is null).ToArray();
        if (kept.Length > 0)
        {
            using var scope = NewDisposeScope();
            state.KeepRows(tensor(kept.Select(j => (long)j).ToArray()));
        }
        RowRandom[]? streams = randoms;
        if (streams is not null) randoms = kept.Select(j => streams[j]).ToArray();
        return kept.Select(j => running[j]).ToList();
    }
}
