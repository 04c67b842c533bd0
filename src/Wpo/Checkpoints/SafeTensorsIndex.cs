using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wpo.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c>: <c>{"metadata": {"total_size": bytes}, "weight_map": {tensor: shard file}}</c>.
/// </summary>
static class SafeTensorsIndex
{
    public static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(indexPath)); }
        catch (JsonException e) { throw new SafeTensorsFormatException($"{indexPath}: not valid JSON ({e.Message})."); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException($"{indexPath}: no 'weight_map' object.");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in map.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String || Path.GetFileName(item.Value.GetString()) != item.Value.GetString())
                    throw new SafeTensorsFormatException($"{indexPath}: weight_map['{item.Name}'] must be the name of a file beside the index, not {item.Value.GetRawText()}.");
                if (!result.TryAdd(item.Name, item.Value.GetString()!))
                    throw new SafeTensorsFormatException($"{indexPath}: tensor '{item.Name}' appears twice in weight_map.");
            }
            return result;
        }
    }

    /// <summary>The index as <c>save_pretrained</c> writes it: two-space indentation, keys sorted, a final newline.</summary>
    public static byte[] Serialize(long totalSize, IEnumerable<KeyValuePair<string, string>> weightMap)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            writer.WriteNumber("total_size", totalSize);
            writer.WriteEndObject();
            writer.WriteStartObject("weight_map");
            foreach (var (tensor, file) in weightMap.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                writer.WriteString(tensor, file);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        json.WriteByte((byte)'\n');
        return json.ToArray();
    }
}
