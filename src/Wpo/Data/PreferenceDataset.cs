namespace Wpo.Data;

/// <summary>One split of tokenized pairs, in training order, and how many rows were read for it (kept + skipped).</summary>
public sealed record PreferenceSplit(string Name, IReadOnlyList<TokenizedPair> Pairs, long RowsRead);

/// <summary>A tokenized preference dataset: its splits and the rows that were skipped while building it.</summary>
public sealed class PreferenceDataset(IReadOnlyList<PreferenceSplit> splits, BadRowLog badRows)
{
    public IReadOnlyList<PreferenceSplit> Splits { get; } = splits;

    public BadRowLog BadRows { get; } = badRows;

    /// <summary>True when this dataset was read from the cache rather than built.</summary>
    public bool FromCache { get; init; }

    public PreferenceSplit this[string name] =>
        Splits.FirstOrDefault(split => split.Name == name)
        ?? throw new WpoException($"the dataset has no split '{name}'; it has {string.Join(", ", Splits.Select(split => split.Name))}.");

    public bool HasSplit(string name) => Splits.Any(split => split.Name == name);
}
