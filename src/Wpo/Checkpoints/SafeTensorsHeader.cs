using System.Text.Json;

namespace Wpo.Checkpoints;

/// <summary>
/// Parses and validates the JSON header of a SafeTensors file against the length of its data section,
/// with the rules of the reference implementation: known dtypes, byte counts equal to shape × dtype size,
/// unique names, and tensors that cover the data section exactly (no overlap, no hole, nothing after the last).
/// </summary>
static class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";

    /// <summary>The reference implementation's limit; it guards against reading a huge length from a corrupt file.</summary>
    public const long MaxBytes = 100_000_000;

    public static (Dictionary<string, TensorEntry> Tensors, Dictionary<string, string> Metadata) Parse(string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new SafeTensorsFormatException($"{path}: the header is not valid JSON ({e.Message})."); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException($"{path}: the header must be a JSON object, not {document.RootElement.ValueKind}.");
            var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
            Dictionary<string, string>? metadata = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (metadata != null) throw new SafeTensorsFormatException($"{path}: {MetadataKey} appears twice in the header.");
                    metadata = ParseMetadata(path, property.Value);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                    throw new SafeTensorsFormatException($"{path}: tensor '{property.Name}' appears twice in the header.");
                tensors[property.Name] = ParseEntry(path, property.Name, property.Value, dataLength);
            }
            CheckCoverage(path, tensors.Values, dataLength);
            return (tensors, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
        }
    }

    static Dictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException($"{path}: {MetadataKey} must be an object of strings.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                ? item.Value.GetString()!
                : throw new SafeTensorsFormatException($"{path}: {MetadataKey} value '{item.Name}' must be a string, not {item.Value.ValueKind}.");
        return metadata;
    }

    static TensorEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        string where = $"{path}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException($"{where} needs 'dtype' (string), 'shape' (array) and 'data_offsets' (array).");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDType.TryParse(dtypeName, out var dtype))
            throw new SafeTensorsFormatException($"{where} has unknown dtype '{dtypeName}'; supported: {string.Join(", ", SafeTensorsDType.Names)}.");
        long[] shape = NonNegativeIntegers(shapeElement, $"{where} has an invalid shape dimension");
        long[] offsets = NonNegativeIntegers(offsetsElement, $"{where} has an invalid data offset");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw new SafeTensorsFormatException($"{where}: data_offsets must be [begin, end] with begin <= end, not [{string.Join(", ", offsets)}].");
        if (offsets[1] > dataLength)
            throw new SafeTensorsFormatException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] run past the end of the data ({dataLength} bytes); the file is truncated or the offsets are wrong.");
        var entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try { expected = checked(entry.ElementCount * SafeTensorsDType.SizeOf(dtype)); }
        catch (OverflowException) { throw new SafeTensorsFormatException($"{where}: shape [{string.Join(", ", shape)}] is too large."); }
        if (expected != entry.ByteCount)
            throw new SafeTensorsFormatException($"{where}: {entry.ByteCount} bytes stored but shape [{string.Join(", ", shape)}] × {dtypeName} needs {expected}.");
        return entry;
    }

    static long[] NonNegativeIntegers(JsonElement array, string error) =>
        array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long v) && v >= 0
            ? v
            : throw new SafeTensorsFormatException($"{error}: {item.GetRawText()}.")).ToArray();

    /// <summary>Every data byte belongs to exactly one tensor, as the format requires (it rules out hidden payloads).</summary>
    static void CheckCoverage(string path, IEnumerable<TensorEntry> entries, long dataLength)
    {
        long covered = 0;
        TensorEntry? previous = null;
        foreach (var entry in entries.Where(e => e.ByteCount > 0).OrderBy(e => e.Begin))
        {
            if (previous != null && entry.Begin < covered)
                throw new SafeTensorsFormatException($"{path}: tensors '{previous.Name}' [{previous.Begin}, {previous.End}) and '{entry.Name}' [{entry.Begin}, {entry.End}) overlap.");
            if (entry.Begin > covered)
                throw new SafeTensorsFormatException($"{path}: data bytes [{covered}, {entry.Begin}) before tensor '{entry.Name}' belong to no tensor.");
            covered = entry.End;
            previous = entry;
        }
        if (covered != dataLength)
            throw new SafeTensorsFormatException($"{path}: data bytes [{covered}, {dataLength}) after {(previous == null ? "the header" : $"tensor '{previous.Name}'")} belong to no tensor.");
    }
}
