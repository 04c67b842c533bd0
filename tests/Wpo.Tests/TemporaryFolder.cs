namespace Wpo.Tests;

/// <summary>A fresh folder under the system temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wpo-test-").FullName;

    /// <summary>The path of <paramref name="relative"/> in the folder, its parent folders created; with <paramref name="contents"/>, the file is written.</summary>
    public string File(string relative, string? contents = null)
    {
        string path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (contents is not null) System.IO.File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>File names in the folder, sorted, hidden temporaries included.</summary>
    public string[] FileNames() =>
        Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
