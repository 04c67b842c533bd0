namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// What <c>dict.keys()</c>, <c>.values()</c> and <c>.items()</c> return: a snapshot list that prints as Python's
/// view does (<c>dict_keys(['a'])</c>) and otherwise behaves as a list.
/// </summary>
internal sealed class DictView(string kind, IEnumerable<object?> items) : List<object?>(items)
{
    public string Kind { get; } = kind;
}
