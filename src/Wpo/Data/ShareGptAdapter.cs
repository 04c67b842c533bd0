using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// LLaMA-Factory's ShareGPT preference rows (<c>data/llama_factory/README.md</c>): <c>conversations</c> (or
/// <c>messages</c>) of <c>{from, value}</c> — OpenAI-style <c>{role, content}</c> is accepted too — an optional
/// <c>system</c> string, and <c>chosen</c>/<c>rejected</c> answer objects (or strings).
/// </summary>
static class ShareGptAdapter
{
    public static PreferenceRecord Adapt(RawRow row)
    {
        string key = RowFields.Has(row, "conversations") ? "conversations" : "messages";
        var prompt = new List<ChatMessage>();
        if (RowFields.Has(row, "system")) prompt.Add(new ChatMessage("system", RowFields.RequireString(row, "system")));
        var turns = RowFields.Require(row, key) as IReadOnlyList<object?>
            ?? throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{key}' is {RowFields.Kind(row.Fields[key])}, not a list of turns");
        if (turns.Count == 0) throw new BadRowException(BadRowReason.MissingField, row.Origin, $"'{key}' is an empty list");
        for (int i = 0; i < turns.Count; i++) prompt.Add(Turn(row, turns[i], $"{key}[{i}]"));
        return new PreferenceRecord(prompt, [Answer(row, "chosen")], [Answer(row, "rejected")], row.Origin);
    }

    static ChatMessage Answer(RawRow row, string key) =>
        RowFields.Require(row, key) is string text ? new ChatMessage("assistant", text) : Turn(row, row.Fields[key], key);

    static ChatMessage Turn(RawRow row, object? item, string where)
    {
        bool openAiStyle = item is IReadOnlyDictionary<string, object?> fields && fields.ContainsKey("role");
        return openAiStyle
            ? RowFields.Message(row, item, where)
            : RowFields.Message(row, item, where, "from", "value", MapRole);
    }

    /// <summary>ShareGPT speaker tags as chat roles (LLaMA-Factory's defaults: human, gpt, system, observation, function_call).</summary>
    static string MapRole(string from) => from switch
    {
        "human" or "user" => "user",
        "gpt" or "assistant" or "function_call" => "assistant",
        "observation" => "tool",
        _ => from,
    };
}
