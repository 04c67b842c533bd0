using System.Text.Json.Nodes;

namespace Wpo.Tests.Scoring;

/// <summary>Hand-made files in the <c>wpo generate</c> output format, for the score and pairs tests.</summary>
static class GeneratedFiles
{
    /// <summary>
    /// <paramref name="lines"/> prompts ("question i"), each with <paramref name="outputs"/> outputs whose text is
    /// "answer i.j" followed by j exclamation marks (so lengths differ), token counts, an original pair, and
    /// <c>score</c> on each output when <paramref name="scores"/> gives one.
    /// </summary>
    public static string Write(string path, int lines, int outputs, Func<int, int, double?>? scores = null)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < lines; i++) text.Append(Line(i, Enumerable.Range(0, outputs).Select(j => ($"answer {i}.{j}" + new string('!', j), j + 3, scores?.Invoke(i, j)))).ToJsonString()).Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>One line of prompt "question <paramref name="index"/>" with the given outputs (text, token count, score or none).</summary>
    public static JsonObject Line(int index, IEnumerable<(string Text, int Tokens, double? Score)> outputs, bool scored = true)
    {
        string prompt = $"question {index}";
        return new JsonObject
        {
            ["index"] = index,
            ["prompt"] = prompt,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["outputs"] = new JsonArray([.. outputs.Select(o =>
            {
                var output = new JsonObject { ["text"] = o.Text, ["token_count"] = o.Tokens, ["finish_reason"] = "eos" };
                if (scored && o.Score is not null) output["score"] = o.Score;
                return (JsonNode)output;
            })]),
            ["settings"] = new JsonObject { ["temperature"] = 0.7 },
            ["original"] = new JsonObject
            {
                ["chosen"] = Conversation(prompt, $"original good {index}"),
                ["rejected"] = Conversation(prompt, $"original bad {index}"),
                ["score_chosen"] = 8.0,
                ["score_rejected"] = 2.0,
            },
        };
    }

    static JsonArray Conversation(string prompt, string answer) => new(
        new JsonObject { ["role"] = "user", ["content"] = prompt },
        new JsonObject { ["role"] = "assistant", ["content"] = answer });
}
