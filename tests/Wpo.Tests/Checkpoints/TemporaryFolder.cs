namespace Wpo.Tests.Checkpoints;

/// <summary>A fresh folder under the system temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wpo-checkpoints-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>File names in the folder, sorted, hidden temporaries included.</summary>
    public string[] FileNames() =>
        Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
