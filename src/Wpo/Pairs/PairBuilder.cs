using System.Text;
using System.Text.Json.Nodes;
using Wpo.Checkpoints;
using Wpo.Generation;
using Wpo.Text;

namespace Wpo.Pairs;

/// <summary>
/// Turns scored outputs (<c>wpo score</c>'s lines) into preference pairs in the <c>ultrafeedback_binarized</c> schema
/// (<c>prompt</c>, <c>chosen</c> and <c>rejected</c> as message lists ending in the answer, <c>score_chosen</c>,
/// <c>score_rejected</c>), which <c>wpo train</c> reads as it reads that dataset.
/// </summary>
public static class PairBuilder
{
    /// <remarks>
    /// <c>extraOutputs</c>: a scored file whose outputs join the candidates of the lines with the same prompt;
    /// <c>tokenLength</c>: tokens of an output in the policy's tokenizer, null to use each output's <c>token_count</c>.
    /// </remarks>
    public static PairSummary Build(string scored, string output, PairOptions options, string? extraOutputs = null, Func<string, int>? tokenLength = null)
    {
        var summary = new PairSummary();
        Dictionary<string, List<Candidate>> extras = extraOutputs is null ? [] : Extras(extraOutputs, options, tokenLength, summary);
        var text = new StringBuilder();
        foreach (OutputLine line in OutputLine.Read(scored))
        {
            summary.PromptsIn++;
            List<Candidate> candidates = Candidates(line, options, tokenLength, summary);
            if (extras.TryGetValue(line.Prompt, out List<Candidate>? more))
            {
                candidates.AddRange(more);
                summary.PromptsWithExtras++;
                summary.ExtraOutputs += more.Count;
            }
            long index = line.Json["index"]?.GetValue<long>() ?? summary.PromptsIn - 1;
            var random = new Random(unchecked(options.Seed * 1_000_003 + (int)index));
            PairChoice choice = PairSelector.Select(candidates, options, random);
            foreach (string tie in choice.Ties) PairSummary.Add(summary.Ties, tie);
            JsonObject? row = choice.Dropped is null
                ? Row(line, candidates[choice.Chosen], candidates[choice.Rejected])
                : options.Fallback ? Original(line) : null;
            if (row is null)
            {
                PairSummary.Add(summary.Dropped, choice.Dropped!);
                continue;
            }
            if (choice.Dropped is not null) summary.Fallbacks++;
            summary.PairsOut++;
            text.Append(row.ToJsonString(OutputLine.LineOptions)).Append('\n');
        }
        using var file = AtomicFile.Finished(output, Encoding.UTF8.GetBytes(text.ToString()));
        file.Commit();
        return summary;
    }

    static JsonObject Row(OutputLine line, Candidate chosen, Candidate rejected) => new()
    {
        ["prompt"] = line.Prompt,
        ["chosen"] = Conversation(line.Messages, chosen.Text),
        ["rejected"] = Conversation(line.Messages, rejected.Text),
        ["score_chosen"] = chosen.Score,
        ["score_rejected"] = rejected.Score,
    };

    static JsonArray Conversation(IReadOnlyList<ChatMessage> messages, string answer) =>
        OutputLine.ToJson([.. messages, new ChatMessage("assistant", answer)]);

    /// <summary>The line's original pair as a row (its scores when it has them), or null when it has none.</summary>
    static JsonObject? Original(OutputLine line)
    {
        if (line.Json["original"] is not JsonObject original || original["chosen"] is not JsonArray chosen || original["rejected"] is not JsonArray rejected)
            return null;
        return new JsonObject
        {
            ["prompt"] = line.Prompt,
            ["chosen"] = chosen.DeepClone(),
            ["rejected"] = rejected.DeepClone(),
            ["score_chosen"] = original["score_chosen"]?.DeepClone(),
            ["score_rejected"] = original["score_rejected"]?.DeepClone(),
        };
    }

    /// <summary>The line's scored outputs; unscored ones are counted and left out.</summary>
    static List<Candidate> Candidates(OutputLine line, PairOptions options, Func<string, int>? tokenLength, PairSummary summary)
    {
        var candidates = new List<Candidate>();
        for (int i = 0; i < line.Outputs.Count; i++)
        {
            var output = (JsonObject)line.Outputs[i]!;
            if (!output.ContainsKey("score") && !output.ContainsKey("score_error"))
                throw new WpoException($"{line.Where}: outputs[{i}] has no 'score'; score the file with wpo score first.");
            if (output["score"] is not JsonValue value || !value.TryGetValue(out double score))
            {
                summary.Unscored++;
                continue;
            }
            candidates.Add(new Candidate(line.Text(i), score, Length(line, i, options, tokenLength)));
        }
        return candidates;
    }

    static int? Length(OutputLine line, int i, PairOptions options, Func<string, int>? tokenLength)
    {
        if (tokenLength is not null) return tokenLength(line.Text(i));
        if (line.Outputs[i]!["token_count"] is JsonValue count && count.TryGetValue(out int tokens)) return tokens;
        if (options.Rule != PairRule.V2) return null;
        throw new WpoException($"{line.Where}: outputs[{i}] has no 'token_count'; the v2 rule compares lengths in tokens: give --tokenizer DIR (the policy's).");
    }

    static Dictionary<string, List<Candidate>> Extras(string path, PairOptions options, Func<string, int>? tokenLength, PairSummary summary)
    {
        var extras = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        foreach (OutputLine line in OutputLine.Read(path))
        {
            if (!extras.TryGetValue(line.Prompt, out List<Candidate>? list)) extras[line.Prompt] = list = [];
            list.AddRange(Candidates(line, options, tokenLength, summary));
        }
        return extras;
    }
}
