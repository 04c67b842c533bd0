namespace Wpo.Cli.Demo;

/// <summary>
/// The files embedded in the CLI for <c>wpo demo</c>, written for this project: a byte-level BPE tokenizer (the 256
/// byte symbols and three ChatML control tokens, no merges) with a ChatML chat template, and 32 preference pairs in
/// the ultrafeedback_binarized schema (a question, a correct chosen answer, a wrong or unhelpful rejected answer).
/// </summary>
public static class DemoResources
{
    public const string PairsFile = "demo_pairs.jsonl";
    static readonly (string Resource, string File)[] Files =
    [
        ("tokenizer.json", "tokenizer.json"),
        ("tokenizer_config.json", "tokenizer_config.json"),
        ("pairs.jsonl", PairsFile),
    ];

    /// <summary>Writes the embedded files into <paramref name="directory"/> (created if needed).</summary>
    public static void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var assembly = typeof(DemoResources).Assembly;
        foreach (var (resource, file) in Files)
        {
            using var source = assembly.GetManifestResourceStream($"Wpo.Cli.Demo.{resource}")
                ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build.");
            using var target = File.Create(Path.Combine(directory, file));
            source.CopyTo(target);
        }
    }
}
