using System.Globalization;
using System.Text.Json.Nodes;
using Wpo.Evaluation;

namespace Wpo.Judging;

/// <summary>
/// One pairwise judgement of (output_1 = reference, output_2 = model): the preference on that order (null when the
/// judge gave none, with <see cref="Error"/> saying why), whether the judge saw the outputs switched, and the judge's
/// raw completion in the order it saw them, as AlpacaEval keeps it.
/// </summary>
public sealed record PairJudgement(double? Preference, bool Switched, JsonObject? RawCompletion, string? Error);

/// <summary>
/// AlpacaEval's weighted GPT-4-turbo annotator on an OpenAI-compatible endpoint: the comparison prompt with the two
/// outputs in the per-instruction random order (<see cref="AlpacaOutputOrder"/>), a one-token reply at temperature 1
/// with the top 5 log-probabilities, the preference weighted by p(m) / (p(m) + p(M)) (<see cref="LogprobPreference"/>)
/// and the switch undone. An endpoint that returns no log-probabilities is read from the reply's text ("m" or "M").
/// </summary>
public sealed class AlpacaPairJudge(ChatCompletionsClient client, ChatCompletionsOptions options, int seed = AlpacaOutputOrder.DefaultSeed) : IAlpacaPairJudge
{
    /// <summary>The request settings of AlpacaEval's <c>weighted_alpaca_eval_gpt4_turbo</c> on top of <paramref name="options"/>.</summary>
    public static ChatCompletionsOptions Configure(ChatCompletionsOptions options) =>
        options with { MaxTokens = 1, Temperature = 1, TopLogprobs = 5 };

    /// <summary>The judge as AlpacaEval names it in <c>annotator</c>, with the endpoint's model.</summary>
    public string Annotator => $"weighted_alpaca_eval_gpt4_turbo ({options.Model})";

    public async Task<PairJudgement> JudgeAsync(string instruction, string output1, string output2, CancellationToken cancel)
    {
        bool switched = AlpacaOutputOrder.IsSwitched(instruction, seed);
        var messages = switched ? AlpacaComparisonPrompt.Messages(instruction, output2, output1) : AlpacaComparisonPrompt.Messages(instruction, output1, output2);
        ChatReply reply = await client.CompleteAsync(messages, cancel).ConfigureAwait(false);
        if (reply.Content is null) return new PairJudgement(null, switched, null, reply.Error);
        var raw = new JsonObject { ["text"] = reply.Content };
        if (reply.TopLogprobs is { } top)
            raw["top_logprobs"] = new JsonArray([.. top.Select(t => (JsonNode)new JsonObject { ["token"] = t.Token, ["logprob"] = t.Logprob })]);
        double? asSeen = reply.TopLogprobs is { } logprobs ? LogprobPreference.Of(logprobs) : LogprobPreference.OfText(reply.Content);
        if (asSeen is not double preference)
            return new PairJudgement(null, switched, raw, string.Create(CultureInfo.InvariantCulture,
                $"neither 'm' nor 'M' in the judge's {(reply.TopLogprobs is null ? "reply" : "top log-probabilities")} ({reply.Content.Trim()})"));
        return new PairJudgement(AlpacaOutputOrder.Undo(preference, switched), switched, raw, null);
    }
}
