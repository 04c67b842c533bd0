namespace Wpo.Data;

/// <summary>
/// Chooses the adapter for a file from its first row's keys (and, where keys alone are ambiguous, the kind of value
/// under <c>chosen</c>). An explicit schema (<c>--schema</c>, config <c>dataset_schema</c>) skips detection.
/// </summary>
public static class SchemaDetector
{
    public static DataSchema Detect(RawRow first)
    {
        IReadOnlyDictionary<string, object?> fields = first.Fields;
        bool Has(string key) => fields.ContainsKey(key);

        if (Has("label") && (Has("messages") || Has("completion"))) return DataSchema.Kto;
        if (Has("question") && Has("response_j") && Has("response_k")) return DataSchema.StackExchangePaired;
        if (Has("chosen") && Has("rejected"))
        {
            // A null chosen answer is that row's problem (a missing field), not the file's: judge by the rejected one.
            object? answer = fields["chosen"] ?? fields["rejected"];
            if (Has("conversations") || (Has("messages") && answer is IReadOnlyDictionary<string, object?>)) return DataSchema.ShareGpt;
            if (answer is IReadOnlyList<object?>) return DataSchema.UltraFeedback;
            if (answer is string text)
            {
                if (Has("prompt")) return DataSchema.PlainStrings;
                if (text.Contains("\n\nAssistant:", StringComparison.Ordinal)) return DataSchema.HhTranscripts;
            }
        }
        throw new WpoException(
            $"{first.Origin.File}: cannot tell the schema from the first row's keys ({string.Join(", ", fields.Keys)}); " +
            $"pass --schema (config: dataset_schema) with one of {string.Join(", ", DataSchemaNames.All)}.");
    }
}
