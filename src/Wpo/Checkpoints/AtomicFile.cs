namespace Wpo.Checkpoints;

/// <summary>
/// A file written under a temporary name in its final folder and renamed over the final name only once it is
/// complete and on disk, so a reader never sees half a file and a failed write leaves the previous one intact.
/// Disposing without <see cref="Commit"/> deletes the temporary file. File-system failures (a full disk, a
/// folder without write permission) become <see cref="WpoException"/>s naming the file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    FileStream? stream;
    bool committed;

    public string Path { get; }
    public string TemporaryPath { get; }
    public Stream Stream => stream ?? throw new InvalidOperationException($"{Path}: the file is already finished.");

    AtomicFile(string path, string temporaryPath, FileStream stream)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        this.stream = stream;
    }

    /// <summary>Starts the temporary file, reserving <paramref name="length"/> bytes so a full disk fails now, not midway.</summary>
    public static AtomicFile Create(string path, long length)
    {
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string temporaryPath = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var stream = Guard(path, "cannot create the file", () =>
        {
            Directory.CreateDirectory(directory);
            return new FileStream(temporaryPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                PreallocationSize = length,
            });
        });
        return new AtomicFile(path, temporaryPath, stream);
    }

    /// <summary>A finished temporary file holding <paramref name="content"/>, ready to <see cref="Commit"/>.</summary>
    public static AtomicFile Finished(string path, byte[] content)
    {
        var file = Create(path, content.Length);
        try
        {
            Guard(path, "cannot write the file", () =>
            {
                file.Stream.Write(content);
                return true;
            });
            file.Finish(content.Length);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Flushes the content to disk and closes the temporary file; checks it has the expected length.</summary>
    public void Finish(long expectedLength)
    {
        var finishing = (FileStream)Stream;
        if (finishing.Position != expectedLength)
            throw new InvalidOperationException($"{Path}: wrote {finishing.Position} bytes, expected {expectedLength}.");
        Guard(Path, "cannot flush the file to disk", () =>
        {
            finishing.Flush(flushToDisk: true);
            finishing.Dispose();
            return true;
        });
        stream = null;
    }

    /// <summary>Replaces the final file with the finished temporary one (a rename within one folder).</summary>
    public void Commit()
    {
        if (stream != null) throw new InvalidOperationException($"{Path}: commit before finish.");
        Guard(Path, "cannot replace the file", () =>
        {
            File.Move(TemporaryPath, Path, overwrite: true);
            return true;
        });
        committed = true;
    }

    public void Dispose()
    {
        stream?.Dispose();
        stream = null;
        if (!committed) File.Delete(TemporaryPath);
    }

    static T Guard<T>(string path, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WpoException($"{path}: {what} ({e.Message}).", e);
        }
    }
}
