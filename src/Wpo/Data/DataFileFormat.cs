namespace Wpo.Data;

/// <summary>The file formats a dataset can come in; gzip is recognised by the <c>.gz</c> suffix on top of a JSON format.</summary>
public enum DataFileFormat
{
    /// <summary>JSON Lines (one object per line) or a JSON array of objects: told apart by the first character.</summary>
    Json,
    Parquet,
}

/// <summary>Which data files the readers accept, judged from the name.</summary>
public static class DataFiles
{
    static readonly string[] JsonSuffixes = [".jsonl", ".json", ".jsonl.gz", ".json.gz", ".ndjson", ".ndjson.gz"];

    public static bool IsDataFile(string path) => TryGetFormat(path, out _);

    public static bool TryGetFormat(string path, out DataFileFormat format)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        format = name.EndsWith(".parquet", StringComparison.Ordinal) ? DataFileFormat.Parquet : DataFileFormat.Json;
        return format == DataFileFormat.Parquet || JsonSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>The file name without its data suffixes: <c>test.jsonl.gz</c> → <c>test</c>.</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string suffix in new[] { ".gz", ".parquet", ".jsonl", ".json", ".ndjson" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) name = name[..^suffix.Length];
        return name;
    }

    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
