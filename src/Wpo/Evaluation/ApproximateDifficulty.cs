namespace Wpo.Evaluation;

/// <summary>
/// Where the approximate instruction-difficulty table is, wherever <c>wpo</c> runs from: the first
/// <see cref="RelativePath"/> found under the working directory or the program's directory or any folder above them.
/// </summary>
public static class ApproximateDifficulty
{
    /// <summary>The table's path below a folder that holds <c>shared/</c> (the folder above a repository checkout).</summary>
    public const string RelativePath = "shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv";

    /// <summary>The table's full path, or a <see cref="WpoException"/> naming what was looked for and where.</summary>
    public static string Locate() => Locate(Environment.CurrentDirectory, AppContext.BaseDirectory);

    /// <summary>The first <see cref="RelativePath"/> under <paramref name="starts"/> or their ancestors.</summary>
    public static string Locate(params string[] starts)
    {
        foreach (string start in starts)
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (Path.Combine(folder.FullName, RelativePath) is var candidate && File.Exists(candidate))
                    return candidate;
        throw new WpoException($"no {RelativePath} under {string.Join(" or ", starts)} or any folder above; give the difficulty table with --difficulty");
    }
}
