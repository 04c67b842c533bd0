using System.Reflection;

namespace Wpo.Tests;

/// <summary>
/// Locates <c>../shared</c> beside the repository: goldens (overridable with WPO_GOLDENS) and real data.
/// A test whose folder is absent skips with a message saying so; where it is present it must pass.
/// </summary>
public static class SharedFolders
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string GoldensRoot =>
        Environment.GetEnvironmentVariable("WPO_GOLDENS") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "goldens"));

    public static string DataRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary><c>examples/tokenizer-211</c>: the demo's byte-level ChatML tokenizer cut to the golden models' 211 ids.</summary>
    public static string Tokenizer211 => Path.Combine(RepositoryRoot, "examples", "tokenizer-211");

    /// <summary>The golden llama model directory (no tokenizer: pair it with <see cref="Tokenizer211"/>).</summary>
    public static string GoldenLlama => Path.Combine(Golden("models"), "llama");

    /// <summary>The golden folder, or a skip of the calling test when it is absent.</summary>
    public static string Golden(string folder) => Require(Path.Combine(GoldensRoot, folder), "golden folder");

    /// <summary>A file or folder under ../shared/data, or a skip of the calling test when it is absent.</summary>
    public static string Data(string relativePath) => Require(Path.Combine(DataRoot, relativePath), "shared data");

    /// <summary>Subfolders of a golden folder, for theories that enumerate every case; empty when absent.</summary>
    public static IEnumerable<string> GoldenSubfolders(string folder) => Subfolders(Path.Combine(GoldensRoot, folder)) ?? [];

    /// <summary>The one case of a golden theory whose folder is absent (see <see cref="CasesIn"/>).</summary>
    public const string AbsentCase = "(golden folder absent)";

    /// <summary>
    /// One theory case per subfolder of a golden folder. When the folder is absent there is a single
    /// <see cref="AbsentCase"/>, and the test skips through <see cref="Golden"/> with a message naming the folder:
    /// a theory without data would only say "No data found", and xunit's own runner counts that as a failure.
    /// The test must ask <see cref="Golden"/> for the folder before using the case.
    /// </summary>
    public static TheoryData<string> GoldenCases(string folder) => CasesIn(Path.Combine(GoldensRoot, folder));

    internal static TheoryData<string> CasesIn(string path) => new(Subfolders(path) ?? [AbsentCase]);

    static IEnumerable<string>? Subfolders(string path) =>
        Directory.Exists(path) ? Directory.GetDirectories(path).Select(sub => Path.GetFileName(sub)).Order(StringComparer.Ordinal) : null;

    /// <summary>The NuGet package folder the tests were built against (for pristine copies of native libraries).</summary>
    public static string NuGetPackageRoot =>
        typeof(SharedFolders).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "NuGetPackageRoot").Value!;

    static string Require(string path, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) Assert.Skip($"{what} absent: {path}");
        return path;
    }

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Wpo.slnx"))) return directory.FullName;
        throw new InvalidOperationException($"Wpo.slnx not found above {AppContext.BaseDirectory}.");
    }
}
