using System.Text.Json.Nodes;
using Wpo.Modeling;
using Wpo.Scoring;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Judging;

/// <summary>
/// A chat model directory as the judge: the judge prompt as one user message in the model's chat template with the
/// generation prompt, a greedy reply with the KV cache (cut at the first of the model's EOS tokens), and the score read
/// from it. One output at a time.
/// </summary>
public sealed class LocalJudge : IOutputScorer, IDisposable
{
    readonly CausalLM model;
    readonly Tokenizer tokenizer;
    readonly string directory;
    readonly string? adapter;
    readonly string? tokenizerDirectory;
    readonly JudgePrompt prompt;
    readonly JudgeScale scale;
    readonly int maxNewTokens;
    readonly HashSet<long> eosIds;
    readonly long? stopId;

    /// <remarks>
    /// <paramref name="adapter"/>: a PEFT adapter directory attached to the model; <paramref name="tokenizerDirectory"/>:
    /// the tokenizer and chat template, when not the model directory's.
    /// </remarks>
    public LocalJudge(string directory, string? adapter, string? tokenizerDirectory, ScalarType dtype, Device device, JudgePrompt prompt, JudgeScale scale, int maxNewTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        this.directory = Path.GetFullPath(directory);
        this.adapter = adapter is null ? null : Path.GetFullPath(adapter);
        this.tokenizerDirectory = tokenizerDirectory is null ? null : Path.GetFullPath(tokenizerDirectory);
        this.prompt = prompt;
        this.scale = scale;
        this.maxNewTokens = maxNewTokens;
        tokenizer = Tokenizer.Load(tokenizerDirectory ?? directory);
        model = adapter is null ? CausalLM.Load(directory, dtype, device) : CausalLM.Load(directory, adapter, dtype, device);
        model.eval();
        eosIds = [.. model.Config.EosTokenIds];
        // Decoding stops early at the tokenizer's EOS (a chat model's end of turn); any other EOS id cuts the reply.
        stopId = tokenizer.EosId is int eos ? eos : eosIds.Count > 0 ? eosIds.First() : null;
        if (stopId is long stop) eosIds.Add(stop);
    }

    public JsonObject Describe()
    {
        var description = new JsonObject
        {
            ["kind"] = "judge",
            ["model"] = directory,
            ["dtype"] = TorchDTypeName.Of(model.DType),
            ["prompt"] = prompt.Fingerprint,
            ["scale"] = scale.ToString(),
            ["max_new_tokens"] = maxNewTokens,
        };
        if (adapter is not null) description["adapter"] = adapter;
        if (tokenizerDirectory is not null) description["tokenizer"] = tokenizerDirectory;
        return description;
    }

    /// <summary>The judge's greedy reply to the prompt filled with <paramref name="request"/>.</summary>
    public string Reply(ScoreRequest request)
    {
        int[] ids = tokenizer.Encode(tokenizer.ApplyChatTemplate([new ChatMessage("user", prompt.Format(request.Prompt, request.Output))], addGenerationPrompt: true));
        using var input = tensor(ids.Select(id => (long)id).ToArray(), [1, ids.Length]);
        using var generated = GreedyDecoder.Generate(model, input, maxNewTokens, stopId);
        var reply = generated.data<long>().ToArray().TakeWhile(id => !eosIds.Contains(id)).Select(id => (int)id);
        return tokenizer.Decode(reply, skipSpecialTokens: true);
    }

    public Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel) =>
        Task.FromResult<IReadOnlyList<ScoreResult>>([.. requests.Select(request =>
        {
            cancel.ThrowIfCancellationRequested();
            return JudgeReply.ToResult(Reply(request), scale);
        })]);

    public void Dispose() => model.Dispose();
}
