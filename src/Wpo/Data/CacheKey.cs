using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wpo.Data;

/// <summary>
/// What a tokenized dataset depends on, as text, and its SHA-256: the cache file's name. Data files enter with
/// their full path, size and modification time, so editing or replacing one changes the key.
/// </summary>
public sealed class CacheKey
{
    /// <summary>Raised whenever the cache file's layout or the pipeline's output for the same inputs changes.</summary>
    public const int FormatVersion = 3;

    readonly StringBuilder text = new($"format {FormatVersion}\n");

    public CacheKey Add(string name, object? value)
    {
        text.Append(name).Append(" = ").Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public CacheKey AddFile(string path)
    {
        var info = new FileInfo(path);
        return Add("file", $"{info.FullName} {info.Length} {info.LastWriteTimeUtc.Ticks}");
    }

    public CacheKey AddPlans(IReadOnlyList<SplitPlan> plans)
    {
        foreach (SplitPlan plan in plans)
        {
            Add("split", $"{plan.Name} shuffle={plan.Shuffle}");
            foreach (SplitPart part in plan.Parts)
            {
                Add("part", $"{part.Dataset} take={part.Take?.ToString(CultureInfo.InvariantCulture) ?? "all"}");
                foreach (string file in part.Files) AddFile(file);
            }
        }
        return this;
    }

    public string Text => text.ToString();

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
