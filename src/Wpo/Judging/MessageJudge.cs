using Wpo.Generation;
using Wpo.Text;

namespace Wpo.Judging;

/// <summary>
/// An LLM judge that answers whole conversations (a system and a user message, as FastChat's MT-bench judges are
/// asked): an OpenAI-compatible endpoint or a local chat model, at temperature 0.
/// </summary>
public interface IMessageJudge
{
    /// <summary>The judge's name in FastChat's <c>judge</c> field (the endpoint's model, or the model folder's name).</summary>
    string Name { get; }

    /// <summary>The replies, in order; a reply whose request failed has a null content and an error.</summary>
    Task<IReadOnlyList<ChatReply>> ReplyAsync(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, CancellationToken cancel);
}

/// <summary>An endpoint judge: each conversation sent with the client's retries and concurrency bound.</summary>
public sealed class EndpointMessageJudge(ChatCompletionsClient client, ChatCompletionsOptions options) : IMessageJudge
{
    public string Name => options.Model;

    public async Task<IReadOnlyList<ChatReply>> ReplyAsync(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, CancellationToken cancel) =>
        await Task.WhenAll(conversations.Select(messages => client.CompleteAsync(messages, cancel))).ConfigureAwait(false);
}

/// <summary>A local chat model as the judge: greedy replies of at most <paramref name="maxNewTokens"/> tokens, <paramref name="batchSize"/> conversations decoded together.</summary>
public sealed class LocalMessageJudge(LocalChatModel model, int maxNewTokens, int batchSize) : IMessageJudge
{
    public string Name => Path.GetFileName(model.Directory);

    public Task<IReadOnlyList<ChatReply>> ReplyAsync(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, CancellationToken cancel)
    {
        var replies = new List<ChatReply>();
        foreach (var chunk in conversations.Chunk(Math.Max(1, batchSize)))
        {
            cancel.ThrowIfCancellationRequested();
            replies.AddRange(model.Reply([.. chunk.Select(messages => new ChatRequest(messages))], SamplingSettings.Greedy(maxNewTokens)).Select(text => new ChatReply(text, null, 1)));
        }
        return Task.FromResult<IReadOnlyList<ChatReply>>(replies);
    }
}
