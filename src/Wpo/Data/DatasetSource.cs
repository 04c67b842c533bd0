namespace Wpo.Data;

/// <summary>
/// The splits of a dataset on disk and their files. A path is one of:
/// <list type="bullet">
/// <item>a data file: one split named by the file's stem (<c>test.jsonl.gz</c> → <c>test</c>);</item>
/// <item>a directory laid out as on the Hugging Face hub: <c>data/&lt;split&gt;-*.parquet</c> (or any supported
/// suffix), or <c>&lt;split&gt;.jsonl</c> and the like at the top; a split's shards are read in name order.</item>
/// </list>
/// </summary>
public sealed class DatasetSource
{
    DatasetSource(string path, bool isFile, IReadOnlyDictionary<string, IReadOnlyList<string>> splits)
    {
        Path = path;
        IsFile = isFile;
        Splits = splits;
    }

    public string Path { get; }

    /// <summary>True when the source is a single file (it then has one split).</summary>
    public bool IsFile { get; }

    /// <summary>Split name → its files, in reading order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Splits { get; }

    public static DatasetSource Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
            return new DatasetSource(full, true, new Dictionary<string, IReadOnlyList<string>> { [DataFiles.Stem(full)] = [full] });
        if (!Directory.Exists(full)) throw new WpoException($"{path}: no such dataset file or directory.");

        var splits = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string folder in new[] { full, System.IO.Path.Combine(full, "data") }.Where(Directory.Exists))
            foreach (string file in Directory.EnumerateFiles(folder).Where(DataFiles.IsDataFile).Order(StringComparer.Ordinal))
            {
                string split = SplitName(DataFiles.Stem(file));
                if (!splits.TryGetValue(split, out var files)) splits[split] = files = [];
                files.Add(file);
            }
        if (splits.Count == 0)
            throw new WpoException($"{path}: no data files (.jsonl, .json, .parquet, optionally .gz) in it or in its data/ folder.");
        return new DatasetSource(full, false, splits.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value));
    }

    /// <summary>
    /// The files of a split. A single-file source serves any split whose name contains "train" (so a recipe's
    /// <c>train_prefs</c> reads it) besides its own stem; a missing split of a directory is an error naming those present.
    /// </summary>
    public IReadOnlyList<string> FilesOf(string split)
    {
        if (Splits.TryGetValue(split, out var files)) return files;
        if (IsFile && split.Contains("train", StringComparison.Ordinal)) return Splits.Values.Single();
        if (IsFile) return [];
        throw new WpoException($"{Path}: no split '{split}'; it has {string.Join(", ", Splits.Keys)}.");
    }

    /// <summary>Hub shard names are <c>&lt;split&gt;-00000-of-00003</c>: the split is what precedes the first dash-digit run.</summary>
    static string SplitName(string stem)
    {
        int dash = stem.IndexOf('-');
        while (dash >= 0 && !(dash + 1 < stem.Length && char.IsAsciiDigit(stem[dash + 1]))) dash = stem.IndexOf('-', dash + 1);
        return dash > 0 ? stem[..dash] : stem;
    }
}
