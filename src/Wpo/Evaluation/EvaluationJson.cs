using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Checkpoints;

namespace Wpo.Evaluation;

/// <summary>The metric files the evaluation commands write: one indented JSON object, written atomically, read back for comparison.</summary>
public static class EvaluationJson
{
    /// <summary>Writes <paramref name="json"/> (an object or an array) to <paramref name="path"/> (a temporary file renamed when complete).</summary>
    public static void Write(string path, JsonNode json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        using var file = AtomicFile.Finished(path, bytes);
        file.Commit();
    }

    /// <summary>
    /// A file holding a JSON array (AlpacaEval's <c>annotations.json</c>, <c>model_outputs.json</c>); a missing file,
    /// invalid JSON or another root is a <see cref="WpoException"/> naming the file and <paramref name="what"/> it should hold.
    /// </summary>
    public static JsonDocument ParseArray(string path, string what)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: no such file");
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (document.RootElement.ValueKind == JsonValueKind.Array) return document;
        var kind = document.RootElement.ValueKind;
        document.Dispose();
        throw new WpoException($"{path}: expected a JSON array of {what}, found {kind}");
    }

    /// <summary>The numeric fields of a metric file, in file order; anything but a JSON object is a <see cref="WpoException"/>.</summary>
    public static IReadOnlyList<(string Key, double Value)> ReadNumbers(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: no such file");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject json) throw new WpoException($"{path}: expected a JSON object of metrics");
        return json.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            .Select(p => (p.Key, p.Value!.GetValue<double>())).ToList();
    }
}
