namespace Wpo.Text;

/// <summary>
/// One turn of a conversation as chat templates see it: <c>message['role']</c>, <c>message['content']</c>, and
/// optional extra fields some templates read (<c>name</c>, <c>tool_calls</c>, <c>reasoning_content</c>…), whose
/// values are strings, numbers, bools, null, lists or dictionaries.
/// </summary>
public sealed record ChatMessage(string Role, string Content)
{
    public IReadOnlyDictionary<string, object?>? Extra { get; init; }
}
