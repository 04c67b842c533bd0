using System.Text.Json.Nodes;
using Wpo.Evaluation;
using Wpo.Modeling;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Judging;

/// <summary>
/// A local chat model directory as AlpacaEval's weighted GPT-4-turbo judge: the comparison prompt
/// (<see cref="AlpacaComparisonPrompt"/>, system and user message) in the judge's chat template with the generation
/// prompt, the outputs in the per-instruction random order, and one forward pass (no sampling) giving the exact
/// next-token distribution. p(m) and p(M) are the summed probabilities of every token that, decoded alone as the
/// reply's first token, reads exactly "m" (or "M") — the token strings AlpacaEval's <c>logprob_parser</c> matches;
/// a space-prefixed variant that decodes to " m" does not count, as it would not match there either. The preference
/// is <see cref="LogprobPreference"/>'s 2 − p(m) / (p(m) + p(M)) on the order seen, then the switch is undone.
/// </summary>
public sealed class AlpacaLocalJudge : IAlpacaPairJudge, IDisposable
{
    readonly CausalLM model;
    readonly Tokenizer tokenizer;
    readonly int seed;
    readonly Tensor firstIds, secondIds;

    /// <remarks>
    /// <paramref name="adapter"/>: a PEFT adapter directory attached to the judge model; <paramref name="tokenizerDirectory"/>:
    /// the tokenizer and chat template, when not the model directory's.
    /// </remarks>
    public AlpacaLocalJudge(string directory, string? adapter, string? tokenizerDirectory, ScalarType dtype, Device device, int seed = AlpacaOutputOrder.DefaultSeed)
    {
        string model = Path.GetFullPath(directory);
        Annotator = $"weighted_alpaca_eval_gpt4_turbo (local {model}{(adapter is null ? "" : " + " + Path.GetFullPath(adapter))})";
        tokenizer = Tokenizer.Load(tokenizerDirectory ?? directory);
        if (tokenizer.ChatTemplate is null) throw new WpoException($"{tokenizer.Directory}: the judge's tokenizer has no chat template; the judge needs one.");
        FirstIds = IdentifierIds(tokenizer, LogprobPreference.First);
        SecondIds = IdentifierIds(tokenizer, LogprobPreference.Second);
        this.model = adapter is null ? CausalLM.Load(directory, dtype, device) : CausalLM.Load(directory, adapter, dtype, device);
        this.model.eval();
        this.seed = seed;
        firstIds = tensor(FirstIds.Select(id => (long)id).ToArray(), device: device);
        secondIds = tensor(SecondIds.Select(id => (long)id).ToArray(), device: device);
    }

    public string Annotator { get; }

    /// <summary>The token ids whose text, decoded alone, is exactly "m" (output_1 as seen).</summary>
    public IReadOnlyList<int> FirstIds { get; }

    /// <summary>The token ids whose text, decoded alone, is exactly "M" (output_2 as seen).</summary>
    public IReadOnlyList<int> SecondIds { get; }

    /// <summary>The judge's prompt ids for the outputs in the order given: the comparison prompt in the chat template, ending with the generation prompt.</summary>
    public int[] PromptIds(string instruction, string first, string second) =>
        tokenizer.Encode(tokenizer.ApplyChatTemplate(AlpacaComparisonPrompt.Messages(instruction, first, second), addGenerationPrompt: true));

    /// <summary>log p(m) and log p(M) of the judge's next token after <paramref name="promptIds"/> (fp64 log-softmax of the last position's logits).</summary>
    public (double First, double Second) IdentifierLogprobs(int[] promptIds)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var input = tensor(promptIds.Select(id => (long)id).ToArray(), [1, promptIds.Length], device: model.Device);
        var hidden = model.Hidden(input);
        var logprobs = model.Logits(hidden.narrow(1, promptIds.Length - 1, 1)).reshape(-1).to(ScalarType.Float64).log_softmax(0);
        double Of(Tensor ids) => logprobs.index_select(0, ids).logsumexp(0).cpu().item<double>();
        return (Of(firstIds), Of(secondIds));
    }

    public Task<PairJudgement> JudgeAsync(string instruction, string output1, string output2, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        bool switched = AlpacaOutputOrder.IsSwitched(instruction, seed);
        int[] ids = switched ? PromptIds(instruction, output2, output1) : PromptIds(instruction, output1, output2);
        var (first, second) = IdentifierLogprobs(ids);
        var raw = new JsonObject { ["logprob_m"] = first, ["logprob_M"] = second, ["prompt_tokens"] = ids.Length };
        if (LogprobPreference.Of([(LogprobPreference.First, first), (LogprobPreference.Second, second)]) is not double asSeen || double.IsNaN(asSeen))
            return Task.FromResult(new PairJudgement(null, switched, raw, "p(m) and p(M) both underflow to 0"));
        return Task.FromResult(new PairJudgement(AlpacaOutputOrder.Undo(asSeen, switched), switched, raw, null));
    }

    /// <summary>The non-special ids of <paramref name="tokenizer"/> whose text, decoded alone, is <paramref name="text"/>.</summary>
    static int[] IdentifierIds(Tokenizer tokenizer, string text)
    {
        var ids = Enumerable.Range(0, tokenizer.VocabularySize).Where(id => !tokenizer.IsSpecial(id) && Alone(tokenizer, id) == text).ToArray();
        return ids.Length > 0 ? ids : throw new WpoException($"{tokenizer.Directory}: no token of the tokenizer decodes to '{text}', the judge cannot answer AlpacaEval's prompt.");
    }

    /// <summary>The text of <paramref name="id"/> decoded alone, or null for an id no token has (a gap in the vocabulary).</summary>
    static string? Alone(Tokenizer tokenizer, int id)
    {
        try { return tokenizer.Decode([id]); }
        catch (WpoException) { return null; }
    }

    public void Dispose()
    {
        firstIds.Dispose();
        secondIds.Dispose();
        model.Dispose();
    }
}
