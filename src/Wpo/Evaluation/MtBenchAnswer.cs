using Wpo.Data;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Wpo.Evaluation;

/// <summary>
/// One model's answer to an MT-bench question in FastChat's <c>model_answer/MODEL.jsonl</c> layout: question_id,
/// answer_id (a 22-character shortuuid), model_id, choices [{index, turns}], tstamp (Unix seconds).
/// </summary>
public sealed record MtBenchAnswer(int QuestionId, string AnswerId, string ModelId, IReadOnlyList<string> Turns, double Tstamp)
{
    const string ShortUuidAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>A new answer with a fresh answer_id and the current time.</summary>
    public static MtBenchAnswer Create(int questionId, string modelId, IReadOnlyList<string> turns) =>
        new(questionId, RandomNumberGenerator.GetString(ShortUuidAlphabet, 22), modelId, turns, Now());

    /// <summary>Unix time in seconds, as Python's <c>time.time()</c>.</summary>
    public static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public JsonObject ToJson() => new()
    {
        ["question_id"] = QuestionId,
        ["answer_id"] = AnswerId,
        ["model_id"] = ModelId,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["turns"] = new JsonArray([.. Turns.Select(t => (JsonNode)JsonValue.Create(t))]) }),
        ["tstamp"] = Tstamp,
    };

    /// <summary>The answers of a FastChat answer file (the first choice of each); a bad row is a <see cref="WpoException"/> naming it.</summary>
    public static IReadOnlyList<MtBenchAnswer> Read(string path) => MtBenchRows.Read(path, From);

    /// <summary>One answer row (its first choice).</summary>
    public static MtBenchAnswer From(RawRow row) => new(MtBenchRows.Int(row, "question_id"), MtBenchRows.Text(row, "answer_id"),
        MtBenchRows.Text(row, "model_id"), MtBenchRows.FirstChoiceTurns(row), MtBenchRows.Number(row, "tstamp"));
}
