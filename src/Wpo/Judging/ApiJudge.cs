using System.Text.Json.Nodes;
using Wpo.Scoring;
using Wpo.Text;

namespace Wpo.Judging;

/// <summary>
/// An LLM judge behind an OpenAI-compatible endpoint: each output is sent as one user message (the judge prompt
/// filled with the question and the output), all of a chunk at once within the client's concurrency bound, and the
/// score read from the reply.
/// </summary>
public sealed class ApiJudge(ChatCompletionsClient client, ChatCompletionsOptions options, JudgePrompt prompt, JudgeScale scale) : IOutputScorer
{
    public JsonObject Describe() => new()
    {
        ["kind"] = "judge",
        ["url"] = options.Endpoint.ToString(),
        ["model"] = options.Model,
        ["prompt"] = prompt.Fingerprint,
        ["scale"] = scale.ToString(),
    };

    public async Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel) =>
        await Task.WhenAll(requests.Select(request => Judge(request, cancel))).ConfigureAwait(false);

    async Task<ScoreResult> Judge(ScoreRequest request, CancellationToken cancel)
    {
        ChatReply reply = await client.CompleteAsync([new ChatMessage("user", prompt.Format(request.Prompt, request.Output))], cancel).ConfigureAwait(false);
        return reply.Content is { } content ? JudgeReply.ToResult(content, scale) : ScoreResult.Failed(reply.Error!);
    }
}
