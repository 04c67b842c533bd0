using System.Collections.Concurrent;
using System.Text.Json;
using Wpo.Text;

namespace Wpo.Tests.Text;

/// <summary>The tokenizer folders under goldens/tokenizers, each loaded once for all tests, and their cases.</summary>
public static class GoldenTokenizers
{
    public sealed record Case(int Line, string Text, int[] Ids, int[] IdsWithSpecialTokens, string Decoded);

    static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Loaded = new();

    /// <summary>Every folder name under goldens/tokenizers (one "(absent)" row when there are none, which then skips).</summary>
    public static TheoryData<string> Folders()
    {
        List<string> folders = [.. SharedFolders.GoldenSubfolders("tokenizers")];
        return new TheoryData<string>(folders.Count > 0 ? folders : ["(absent)"]);
    }

    public static string Directory(string folder) => SharedFolders.Golden(Path.Combine("tokenizers", folder));

    public static Tokenizer Load(string folder) =>
        Loaded.GetOrAdd(Directory(folder), directory => new Lazy<Tokenizer>(() => Tokenizer.Load(directory))).Value;

    public static IReadOnlyList<Case> Cases(string folder) =>
        [.. File.ReadLines(Path.Combine(Directory(folder), "cases.jsonl")).Select((line, index) => (line, index)).Where(x => x.line.Length > 0).Select(x =>
        {
            using JsonDocument row = JsonDocument.Parse(x.line);
            JsonElement r = row.RootElement;
            return new Case(x.index + 1, r.GetProperty("text").GetString()!,
                [.. r.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())],
                [.. r.GetProperty("ids_with_special_tokens").EnumerateArray().Select(i => i.GetInt32())],
                r.GetProperty("decoded").GetString()!);
        })];

    /// <summary>A failure message listing the first mismatching cases, or null when all match.</summary>
    public static string? Mismatches<T>(string folder, IReadOnlyList<Case> cases, Func<Case, T> expected, Func<Case, T> actual, Func<T, string> show)
    {
        var failures = cases.Where(c => show(expected(c)) != show(actual(c))).ToList();
        if (failures.Count == 0) return null;
        return $"{folder}: {failures.Count} of {cases.Count} cases differ; first ones:\n" + string.Join("\n", failures.Take(5).Select(c =>
            $"  line {c.Line} text {JsonSerializer.Serialize(c.Text.Length > 80 ? c.Text[..80] + "…" : c.Text)}\n    expected {Shorten(show(expected(c)))}\n    actual   {Shorten(show(actual(c)))}"));
    }

    static string Shorten(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
