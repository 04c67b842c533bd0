using Wpo.Text;

namespace Wpo.Data;

/// <summary>Typed access to a <see cref="RawRow"/>'s fields for the adapters; a problem becomes a <see cref="BadRowException"/>.</summary>
static class RowFields
{
    public static object Require(RawRow row, string key) =>
        row.Fields.TryGetValue(key, out object? value) && value is not null
            ? value
            : throw new BadRowException(BadRowReason.MissingField, row.Origin, $"no '{key}'");

    public static string RequireString(RawRow row, string key) =>
        Require(row, key) as string
        ?? throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{key}' is {Kind(row.Fields[key])}, not a string");

    public static bool Has(RawRow row, string key) => row.Fields.TryGetValue(key, out object? value) && value is not null;

    /// <summary>
    /// A list of messages stored under <paramref name="key"/>: objects with <paramref name="roleKey"/> and
    /// <paramref name="contentKey"/>; <paramref name="mapRole"/> renames roles (ShareGPT's human/gpt).
    /// </summary>
    public static List<ChatMessage> Messages(RawRow row, string key, string roleKey = "role", string contentKey = "content", Func<string, string>? mapRole = null)
    {
        if (Require(row, key) is not IReadOnlyList<object?> items)
            throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{key}' is {Kind(row.Fields[key])}, not a list of messages");
        if (items.Count == 0) throw new BadRowException(BadRowReason.MissingField, row.Origin, $"'{key}' is an empty list");
        var messages = new List<ChatMessage>(items.Count);
        for (int i = 0; i < items.Count; i++)
            messages.Add(Message(row, items[i], $"{key}[{i}]", roleKey, contentKey, mapRole));
        return messages;
    }

    /// <summary>One message object; <paramref name="where"/> names it in errors (<c>chosen[1]</c>).</summary>
    public static ChatMessage Message(RawRow row, object? item, string where, string roleKey = "role", string contentKey = "content", Func<string, string>? mapRole = null)
    {
        if (item is not IReadOnlyDictionary<string, object?> fields)
            throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{where}' is {Kind(item)}, not a message object");
        if (!fields.TryGetValue(roleKey, out object? role) || role is null)
            throw new BadRowException(BadRowReason.MissingField, row.Origin, $"'{where}' has no '{roleKey}'");
        if (!fields.TryGetValue(contentKey, out object? content) || content is null)
            throw new BadRowException(BadRowReason.MissingField, row.Origin, $"'{where}' has no '{contentKey}'");
        if (role is not string roleText)
            throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{where}.{roleKey}' is {Kind(role)}, not a string");
        if (content is not string text)
            throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{where}.{contentKey}' is {Kind(content)}, not a string");
        return new ChatMessage(mapRole is null ? roleText : mapRole(roleText), text);
    }

    public static bool IsMessageList(object? value) =>
        value is IReadOnlyList<object?> { Count: > 0 } items && items.All(item => item is IReadOnlyDictionary<string, object?>);

    public static string Kind(object? value) => value switch
    {
        null => "null",
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        IReadOnlyList<object?> => "a list",
        IReadOnlyDictionary<string, object?> => "an object",
        _ => value.GetType().Name,
    };
}
