namespace Wpo.Generation;

/// <summary>Stop strings: the decoded text of a sequence ends where the earliest of them begins.</summary>
public sealed class StopStrings(IReadOnlyList<string> strings)
{
    public bool Any => strings.Count > 0;

    /// <summary>The text before the earliest occurrence of any stop string, or null when none occurs.</summary>
    public string? Find(string text)
    {
        int earliest = -1;
        foreach (string stop in strings)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
        }
        return earliest < 0 ? null : text[..earliest];
    }
}
