using System.Text.Json.Nodes;
using Wpo.Text;

namespace Wpo.Scoring;

/// <summary>One output to score: the conversation it answers, its text, and a reference answer when the line has one.</summary>
public sealed record ScoreRequest(string Prompt, IReadOnlyList<ChatMessage> Messages, string Output, string? Reference);

/// <summary>A score, or why there is none (<paramref name="Error"/>); <paramref name="Reply"/> is a judge's reply as it came.</summary>
public sealed record ScoreResult(double? Score, string? Error = null, string? Reply = null)
{
    public static ScoreResult Failed(string error, string? reply = null) => new(null, error, reply);
}

/// <summary>Scores outputs: a reward model, an LLM judge or a rule.</summary>
public interface IOutputScorer
{
    /// <summary>What scored (kind, model, prompt…), written to each line as <c>scorer</c>; a resumed run must describe itself the same.</summary>
    JsonObject Describe();

    /// <summary>One result per request, in order; a failure of one output is a result, not an exception.</summary>
    Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel);
}
