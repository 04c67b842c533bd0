using System.Text.Json.Nodes;
using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The cases of Fixtures/glm_crosscheck.json (scripts/glm_crosscheck.py: scikit-learn driven as AlpacaEval drives it).</summary>
static class GlmCrosscheck
{
    public static JsonArray Cases() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SharedFolders.RepositoryRoot, "tests/Wpo.Tests/Evaluation/Fixtures/glm_crosscheck.json")))!["cases"]!.AsArray();

    public static TheoryData<string> Names() => new(Cases().Select(c => c!["name"]!.GetValue<string>()));

    public static JsonNode Case(string name) => Cases().Single(c => c!["name"]!.GetValue<string>() == name)!;

    /// <summary>The annotations of a case: a real file, or synthetic rows of answers of the recorded lengths.</summary>
    public static IReadOnlyList<AlpacaAnnotation> Annotations(JsonNode c) =>
        c["annotations_file"] is { } file
            ? AnnotationsReader.Read(SharedFolders.Data(file.GetValue<string>()))
            : c["annotations"]!.AsArray().Select((row, i) => new AlpacaAnnotation(i, $"instruction {i}",
                new string('a', row!["len_1"]!.GetValue<int>()), row["generator_1"]!.GetValue<string>(),
                new string('b', row["len_2"]!.GetValue<int>()), row["generator_2"]!.GetValue<string>(),
                row["preference"]?.GetValue<double>())).ToList();

    public static InstructionDifficulty Difficulty(JsonNode c) =>
        c["difficulty"] is JsonArray values
            ? InstructionDifficulty.Of("synthetic", values.Select(v => v!.GetValue<double>()))
            : InstructionDifficulty.Read(SharedFolders.Data(AlpacaLeaderboard.DifficultyFile));

    public static IReadOnlyList<GamedRow>? Gamed(JsonNode c)
    {
        if (c["gamed"] is not JsonObject gamed) return null;
        var preference = gamed["preference"]!.AsArray();
        var length = gamed["std_delta_len"]!.AsArray();
        var difficulty = gamed["instruction_difficulty"]!.AsArray();
        return preference.Select((p, i) => new GamedRow(p?.GetValue<double>(), length[i]!.GetValue<double>(), difficulty[i]!.GetValue<double>())).ToList();
    }
}
