namespace Wpo.Cli.Eval;

/// <summary>Finds a file of the benchmark data in <c>shared/data</c> without depending on the working directory.</summary>
static class SharedDataFile
{
    /// <summary><paramref name="given"/> when given, else the first <paramref name="relative"/> in the working directory, the CLI's folder or any folder above them.</summary>
    public static string Find(string? given, string relative, string flag)
    {
        if (given is not null) return File.Exists(given) ? Path.GetFullPath(given) : throw new WpoException($"{flag} {given}: no such file.");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string path = Path.Combine(folder.FullName, relative);
                if (File.Exists(path)) return path;
            }
        throw new WpoException($"{relative}: not found in {Directory.GetCurrentDirectory()}, {AppContext.BaseDirectory} or any folder above them; give it with {flag}");
    }
}
