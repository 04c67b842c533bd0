namespace Wpo.Data;

/// <summary>The row layouts the adapters understand; see <see cref="SchemaDetector"/> for how one is chosen.</summary>
public enum DataSchema
{
    /// <summary>HuggingFaceH4/ultrafeedback_binarized: <c>chosen</c>/<c>rejected</c> message lists, <c>prompt</c> a string or a message list.</summary>
    UltraFeedback,
    /// <summary><c>prompt</c>, <c>chosen</c>, <c>rejected</c> as plain strings (one user turn, one assistant turn).</summary>
    PlainStrings,
    /// <summary>LLaMA-Factory's ShareGPT preference rows: <c>conversations</c> of <c>from/value</c>, <c>chosen</c>/<c>rejected</c> objects.</summary>
    ShareGpt,
    /// <summary>Anthropic HH-RLHF: <c>chosen</c>/<c>rejected</c> transcripts of "\n\nHuman: …\n\nAssistant: …".</summary>
    HhTranscripts,
    /// <summary>StackExchange-paired: <c>question</c>, <c>response_j</c> (preferred), <c>response_k</c>.</summary>
    StackExchangePaired,
    /// <summary>Unpaired KTO rows: <c>messages</c> (the last turn is the completion) or <c>prompt</c>/<c>completion</c>, and <c>label</c>.</summary>
    Kto,
}

/// <summary>The names a config or the command line uses for a <see cref="DataSchema"/>.</summary>
public static class DataSchemaNames
{
    static readonly Dictionary<string, DataSchema> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ultrafeedback"] = DataSchema.UltraFeedback,
        ["strings"] = DataSchema.PlainStrings,
        ["sharegpt"] = DataSchema.ShareGpt,
        ["hh"] = DataSchema.HhTranscripts,
        ["stack_exchange"] = DataSchema.StackExchangePaired,
        ["kto"] = DataSchema.Kto,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static string NameOf(DataSchema schema) => ByName.First(pair => pair.Value == schema).Key;

    public static DataSchema Parse(string name, string where) =>
        ByName.TryGetValue(name, out DataSchema schema)
            ? schema
            : throw new WpoException($"{where}: unknown schema '{name}'; use one of {string.Join(", ", All)}.");
}
