using System.Text.Json.Nodes;
using Wpo.Data;
using Wpo.Pairs;
using Wpo.Tests.Scoring;

namespace Wpo.Tests.Pairs;

/// <summary>
/// <c>wpo pairs</c> from scored files: the ultrafeedback_binarized rows the data layer reads unchanged, the summary,
/// the fallback to the original pair, extra outputs, unscored outputs and lengths.
/// </summary>
public sealed class PairBuilderTests
{
    static string Scored(TemporaryFolder folder, string name, params JsonObject[] lines)
    {
        string path = folder.File(name);
        File.WriteAllText(path, string.Concat(lines.Select(line => line.ToJsonString() + "\n")));
        return path;
    }

    [Fact]
    public void V2_pairs_are_read_by_the_data_layer_as_ultrafeedback_rows()
    {
        using var folder = new TemporaryFolder();
        string scored = Scored(folder, "scored.jsonl",
            GeneratedFiles.Line(0, [("short best", 2, 5), ("long best answer", 9, 5), ("worst", 4, 1)]),
            GeneratedFiles.Line(1, [("a", 3, 2), ("b", 3, 4)]));
        string output = folder.File("pairs.jsonl");
        PairSummary summary = PairBuilder.Build(scored, output, new PairOptions(PairRule.V2));

        Assert.Equal((2, 2, 0), (summary.PromptsIn, summary.PairsOut, summary.Fallbacks));
        Assert.Equal(1, summary.Ties["top tie → shortest"]);
        Assert.Equal(DataSchema.UltraFeedback, SchemaDetector.Detect(RowReader.Read(output).First()));
        PreferenceRecord[] records = [.. RecordReader.ReadPreferences(output, null, BadRowPolicy.Fail, new BadRowLog())];
        Assert.Equal(2, records.Length);
        Assert.Equal(("user", "question 0"), (records[0].Prompt.Single().Role, records[0].Prompt.Single().Content));
        Assert.Equal(("assistant", "short best"), (records[0].Chosen.Single().Role, records[0].Chosen.Single().Content));
        Assert.Equal("worst", records[0].Rejected.Single().Content);
        Assert.Equal(("b", "a"), (records[1].Chosen.Single().Content, records[1].Rejected.Single().Content));
        JsonObject row = JsonNode.Parse(File.ReadLines(output).First())!.AsObject();
        Assert.Equal((5.0, 1.0), (row["score_chosen"]!.GetValue<double>(), row["score_rejected"]!.GetValue<double>()));
        Assert.Equal("question 0", row["prompt"]!.GetValue<string>());
    }

    [Fact]
    public void A_dropped_prompt_keeps_its_original_pair_only_with_fallback()
    {
        using var folder = new TemporaryFolder();
        string scored = Scored(folder, "scored.jsonl",
            GeneratedFiles.Line(0, [("x", 1, 3), ("y", 1, 3)]),
            GeneratedFiles.Line(1, [("good", 1, 6), ("bad", 1, 2)]));
        PairSummary dropped = PairBuilder.Build(scored, folder.File("a.jsonl"), new PairOptions(PairRule.Paper));
        Assert.Equal((2, 1, 0), (dropped.PromptsIn, dropped.PairsOut, dropped.Fallbacks));
        Assert.Equal(1, dropped.Dropped[PairSelector.NoneLower]);

        string output = folder.File("b.jsonl");
        PairSummary kept = PairBuilder.Build(scored, output, new PairOptions(PairRule.Paper, Fallback: true));
        Assert.Equal((2, 1), (kept.PairsOut, kept.Fallbacks));
        Assert.Empty(kept.Dropped);
        PreferenceRecord original = RecordReader.ReadPreferences(output, null, BadRowPolicy.Fail, new BadRowLog()).First();
        Assert.Equal(("original good 0", "original bad 0"), (original.Chosen.Single().Content, original.Rejected.Single().Content));
        Assert.Equal(8.0, JsonNode.Parse(File.ReadLines(output).First())!["score_chosen"]!.GetValue<double>());
    }

    [Fact]
    public void Extra_outputs_join_the_candidates_of_the_same_prompt()
    {
        using var folder = new TemporaryFolder();
        string scored = Scored(folder, "scored.jsonl",
            GeneratedFiles.Line(0, [("policy a", 3, 3), ("policy b", 3, 2)]),
            GeneratedFiles.Line(1, [("policy c", 3, 4), ("policy d", 3, 1)]));
        string extra = Scored(folder, "extra.jsonl", GeneratedFiles.Line(0, [("strong model answer", 5, 6)]));
        string output = folder.File("pairs.jsonl");
        PairSummary summary = PairBuilder.Build(scored, output, new PairOptions(PairRule.MaxMin), extra);
        Assert.Equal((1, 1, 2), (summary.PromptsWithExtras, summary.ExtraOutputs, summary.PairsOut));
        PreferenceRecord[] records = [.. RecordReader.ReadPreferences(output, null, BadRowPolicy.Fail, new BadRowLog())];
        Assert.Equal(("strong model answer", "policy b"), (records[0].Chosen.Single().Content, records[0].Rejected.Single().Content));
        Assert.Equal(("policy c", "policy d"), (records[1].Chosen.Single().Content, records[1].Rejected.Single().Content));
    }

    [Fact]
    public void Unscored_outputs_are_left_out_and_counted()
    {
        using var folder = new TemporaryFolder();
        JsonObject line = GeneratedFiles.Line(0, [("a", 1, 5), ("b", 1, null), ("c", 1, 1)]);
        ((JsonObject)((JsonArray)line["outputs"]!)[1]!)["score"] = null;
        string output = folder.File("pairs.jsonl");
        PairSummary summary = PairBuilder.Build(Scored(folder, "scored.jsonl", line), output, new PairOptions(PairRule.V2));
        Assert.Equal((1, 1), (summary.Unscored, summary.PairsOut));

        var unscored = Assert.Throws<WpoException>(() =>
            PairBuilder.Build(Scored(folder, "raw.jsonl", GeneratedFiles.Line(0, [("a", 1, null)], scored: false)), output, new PairOptions(PairRule.V2)));
        Assert.Contains("score the file with wpo score first", unscored.Message);
    }

    [Fact]
    public void V2_lengths_come_from_the_tokenizer_when_given_else_token_count_else_an_error()
    {
        using var folder = new TemporaryFolder();
        // token_count says "bb" is shorter; the tokenizer (characters here) says "a" is.
        string scored = Scored(folder, "scored.jsonl", GeneratedFiles.Line(0, [("a", 9, 5), ("bb", 2, 5), ("c", 1, 1)]));
        string output = folder.File("pairs.jsonl");
        PairBuilder.Build(scored, output, new PairOptions(PairRule.V2));
        Assert.Equal("bb", RecordReader.ReadPreferences(output, null, BadRowPolicy.Fail, new BadRowLog()).Single().Chosen.Single().Content);
        PairBuilder.Build(scored, output, new PairOptions(PairRule.V2), tokenLength: text => text.Length);
        Assert.Equal("a", RecordReader.ReadPreferences(output, null, BadRowPolicy.Fail, new BadRowLog()).Single().Chosen.Single().Content);

        JsonObject bare = GeneratedFiles.Line(0, [("a", 1, 5), ("b", 1, 1)]);
        foreach (JsonNode? o in (JsonArray)bare["outputs"]!) o!.AsObject().Remove("token_count");
        var error = Assert.Throws<WpoException>(() => PairBuilder.Build(Scored(folder, "bare.jsonl", bare), output, new PairOptions(PairRule.V2)));
        Assert.Contains("--tokenizer", error.Message);
        PairBuilder.Build(Scored(folder, "bare.jsonl", bare), output, new PairOptions(PairRule.MaxMin));
    }

    [Fact]
    public void The_paper_rule_is_repeatable_for_a_seed()
    {
        using var folder = new TemporaryFolder();
        string scored = Scored(folder, "scored.jsonl", [.. Enumerable.Range(0, 20).Select(i =>
            GeneratedFiles.Line(i, [("top", 1, 6), ("r1", 1, 1), ("r2", 1, 2), ("r3", 1, 3), ("r4", 1, 4)]))]);
        string a = folder.File("a.jsonl"), b = folder.File("b.jsonl"), c = folder.File("c.jsonl");
        PairBuilder.Build(scored, a, new PairOptions(PairRule.Paper, Seed: 3));
        PairBuilder.Build(scored, b, new PairOptions(PairRule.Paper, Seed: 3));
        PairBuilder.Build(scored, c, new PairOptions(PairRule.Paper, Seed: 4));
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
        Assert.NotEqual(File.ReadAllText(a), File.ReadAllText(c));
    }
}
