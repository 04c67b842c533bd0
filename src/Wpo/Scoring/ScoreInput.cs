using System.Text.Json.Nodes;
using Wpo.Data;
using Wpo.Generation;

namespace Wpo.Scoring;

/// <summary>
/// What <c>wpo score</c> reads: a <c>wpo generate</c> file as it is, or any preference file the data layer reads,
/// each row becoming a line with two outputs (chosen, then rejected; <c>source</c> says which) and the row as
/// <c>original</c>, so <c>wpo pairs</c> can rebuild pairs from the new scores.
/// </summary>
public static class ScoreInput
{
    public static IEnumerable<OutputLine> Read(string path) =>
        OutputLine.IsOutputFile(path) ? OutputLine.Read(path) : FromPreferences(path);

    static IEnumerable<OutputLine> FromPreferences(string path)
    {
        long index = 0;
        foreach (PreferenceRecord record in RecordReader.ReadPreferences(path, null, BadRowPolicy.Fail, new BadRowLog()))
        {
            var line = new JsonObject
            {
                ["index"] = index++,
                ["prompt"] = record.Prompt[^1].Content,
                ["messages"] = OutputLine.ToJson(record.Prompt),
                ["outputs"] = new JsonArray(Output(record.Chosen, "chosen"), Output(record.Rejected, "rejected")),
                ["original"] = new JsonObject
                {
                    ["chosen"] = OutputLine.ToJson(record.Prompt.Concat(record.Chosen)),
                    ["rejected"] = OutputLine.ToJson(record.Prompt.Concat(record.Rejected)),
                },
            };
            yield return OutputLine.From(line, record.Origin.ToString());
        }
    }

    static JsonObject Output(IReadOnlyList<Text.ChatMessage> answer, string source) =>
        new() { ["text"] = answer[^1].Content, ["source"] = source };
}
