using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wpo.Evaluation;

/// <summary>One row of AlpacaEval's <c>model_outputs.json</c>: the instruction's subset, the instruction, the answer and who gave it.</summary>
public sealed record AlpacaOutput(string Dataset, string Instruction, string Output, string Generator);

/// <summary>
/// AlpacaEval's <c>model_outputs.json</c>: a JSON array of objects with the string keys <c>dataset</c>,
/// <c>instruction</c>, <c>output</c> and <c>generator</c>, as the files of <c>results/</c> hold them; written atomically.
/// </summary>
public static class AlpacaOutputsFile
{
    static readonly string[] Keys = ["dataset", "instruction", "output", "generator"];

    /// <summary>Every row in order; a missing key or a value that is not a string is a <see cref="WpoException"/> naming the row.</summary>
    public static IReadOnlyList<AlpacaOutput> Read(string path)
    {
        using (JsonDocument document = EvaluationJson.ParseArray(path, "model outputs"))
        {
            var rows = new List<AlpacaOutput>();
            foreach (JsonElement row in document.RootElement.EnumerateArray())
            {
                int index = rows.Count;
                if (row.ValueKind != JsonValueKind.Object) throw new WpoException($"{path}: row {index} is not a JSON object");
                string[] values = Keys.Select(key => row.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw new WpoException($"{path}: row {index}: '{key}' is missing or not a string")).ToArray();
                rows.Add(new AlpacaOutput(values[0], values[1], values[2], values[3]));
            }
            if (rows.Count == 0) throw new WpoException($"{path}: no model outputs");
            return rows;
        }
    }

    /// <summary>Writes the rows to <paramref name="path"/> (a temporary file renamed when complete).</summary>
    public static void Write(string path, IEnumerable<AlpacaOutput> rows) =>
        EvaluationJson.Write(path, new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
        {
            ["dataset"] = r.Dataset,
            ["instruction"] = r.Instruction,
            ["output"] = r.Output,
            ["generator"] = r.Generator,
        })]));
}
