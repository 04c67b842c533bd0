namespace Wpo.Configuration;

/// <summary>The known key a misspelt one most likely meant (edit distance), for "did you mean" hints.</summary>
public static class NearestKey
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="key"/>, or null when none is close (more than a third of the key changed).</summary>
    public static string? To(string key, IEnumerable<string> known)
    {
        var best = known.Select(candidate => (candidate, distance: Distance(key, candidate)))
            .OrderBy(pair => pair.distance).ThenBy(pair => pair.candidate, StringComparer.Ordinal).FirstOrDefault();
        return best.candidate is not null && best.distance <= Math.Max(2, key.Length / 3) ? best.candidate : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
