namespace Wpo.Data;

/// <summary>
/// Tokenized datasets on disk, one file per <see cref="CacheKey"/>, so a second run with the same data files,
/// tokenizer, template and settings starts at once. Files are written atomically (a temporary file then a rename);
/// an unreadable or mismatched file is reported through <c>notice</c> and rebuilt, never trusted; a file that cannot
/// be written is reported the same way and the built dataset is used.
/// </summary>
public sealed class TokenizedCache(string directory)
{
    /// <summary><c>$WPO_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/wpo/data</c>, else <c>~/.cache/wpo/data</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("WPO_CACHE_DIR") is { Length: > 0 } explicitDirectory
            ? explicitDirectory
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "wpo", "data");

    public string Directory { get; } = directory;

    public string PathFor(CacheKey key) => Path.Combine(Directory, $"{key.Hash}.wpodata");

    public PreferenceDataset GetOrBuild(CacheKey key, Func<PreferenceDataset> build, Action<string>? notice = null)
    {
        string path = PathFor(key);
        if (File.Exists(path))
        {
            try
            {
                return TokenizedCacheFile.Read(path, key.Hash);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or OverflowException)
            {
                notice?.Invoke($"cache file {path} is unreadable ({e.Message}); rebuilding it.");
            }
        }
        PreferenceDataset dataset = build();
        try
        {
            Write(path, dataset, key.Hash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full disk costs the next run its head start, not this run its tokenized data.
            notice?.Invoke($"cannot write the cache file {path} ({e.Message}); going on without it.");
        }
        return dataset;
    }

    void Write(string path, PreferenceDataset dataset, string hash)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            TokenizedCacheFile.Write(temporary, dataset, hash);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
