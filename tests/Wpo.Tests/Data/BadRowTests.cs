using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>Every bad-row kind: skipped and counted by reason (default), or fatal with the row named.</summary>
public class BadRowTests
{
    const string Good = """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "yes"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "no"}]}""";

    public static TheoryData<string, BadRowReason> Rows => new()
    {
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "  "}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "no"}]}""", BadRowReason.EmptyResponse },
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": 42}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "no"}]}""", BadRowReason.NonStringContent },
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "yes"}]}""", BadRowReason.MissingField },
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "no"}]}""", BadRowReason.MissingField },
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "yes"}], "rejected": [{"role": "user", "content": "other"}, {"role": "assistant", "content": "no"}]}""", BadRowReason.PromptMismatch },
        { """{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "same"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "same"}]}""", BadRowReason.IdenticalResponses },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void SkippedAndCountedByDefault(string badRow, BadRowReason reason)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("rows.jsonl", $"{Good}\n{badRow}\n{Good}\n{badRow}\n");
        var log = new BadRowLog();
        var records = RecordReader.ReadPreferences(path, DataSchema.UltraFeedback, BadRowPolicy.Skip, log).ToList();
        Assert.Equal([0L, 2L], records.Select(record => record.Origin.Row));
        Assert.Equal(new Dictionary<BadRowReason, int> { [reason] = 2 }, log.CountsByReason);
        Assert.Contains($"{BadRowLog.Describe(reason)}: rows.jsonl rows 1, 3", log.Summary());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void FatalUnderStrict(string badRow, BadRowReason reason)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("rows.jsonl", $"{Good}\n{badRow}\n");
        var error = Assert.Throws<BadRowException>(() => RecordReader.ReadPreferences(path, DataSchema.UltraFeedback, BadRowPolicy.Fail, new BadRowLog()).ToList());
        Assert.Equal(reason, error.Reason);
        Assert.Contains("rows.jsonl row 1", error.Message);
    }

    [Theory]
    [InlineData("""{"prompt": "q", "chosen": null, "rejected": "no"}""", DataSchema.PlainStrings)]
    [InlineData("""{"chosen": null, "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "no"}]}""", DataSchema.UltraFeedback)]
    [InlineData("""{"chosen": null, "rejected": "\n\nHuman: q\n\nAssistant: no"}""", DataSchema.HhTranscripts)]
    public void ANullAnswerInTheFirstRowIsABadRowNotAnUnknownSchema(string first, DataSchema schema)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("rows.jsonl", $"{first}\n");
        Assert.Equal(schema, RecordReader.ReadRows([path], null).First().Schema);
        var log = new BadRowLog();
        RecordReader.ReadPreferences(path, null, BadRowPolicy.Skip, log).ToList();
        Assert.Equal((BadRowReason.MissingField, 0L), (log.Rows[0].Reason, log.Rows[0].Origin.Row));
    }

    [Fact]
    public void PromptOverBudgetIsSkippedUnlessKept()
    {
        var pair = PairTokenizationTests.Pair([3, 4, 5, 6, 7, 8], [3, 4, 5, 6, 7, 8, 9], [3, 4, 5, 6, 7, 8, 10]);
        Assert.Equal(7, pair.Untruncated.Prompt); // with BOS
        var origin = new RowOrigin("x.jsonl", 9);
        var error = Assert.Throws<BadRowException>(() => PromptBudget.Check(pair with { Origin = origin }, maxLength: 6, keepOverBudgetPrompts: false));
        Assert.Equal(BadRowReason.PromptOverBudget, error.Reason);
        Assert.Contains("x.jsonl row 9", error.Message);
        Assert.Same(pair, PromptBudget.Check(pair, maxLength: 6, keepOverBudgetPrompts: true));
        Assert.Same(pair, PromptBudget.Check(pair, maxLength: 7, keepOverBudgetPrompts: false));
    }

    [Fact]
    public void ShareGptNonStringValueAndHhMissingAssistant()
    {
        using var temp = new TemporaryFolder();
        string share = temp.File("share.json", """[{"conversations": [{"from": "human", "value": ["x"]}], "chosen": {"from": "gpt", "value": "a"}, "rejected": {"from": "gpt", "value": "b"}}]""");
        var log = new BadRowLog();
        Assert.Empty(RecordReader.ReadPreferences(share, DataSchema.ShareGpt, BadRowPolicy.Skip, log));
        Assert.Equal(BadRowReason.NonStringContent, Assert.Single(log.Rows).Reason);

        string hh = temp.File("hh.jsonl", """{"chosen": "\n\nHuman: hi", "rejected": "\n\nHuman: hi\n\nAssistant: no"}""");
        log = new BadRowLog();
        Assert.Empty(RecordReader.ReadPreferences(hh, DataSchema.HhTranscripts, BadRowPolicy.Skip, log));
        Assert.Equal(BadRowReason.MissingField, Assert.Single(log.Rows).Reason);
    }

    [Fact]
    public void SummaryListsAFewRowNumbersThenHowManyMore()
    {
        var log = new BadRowLog();
        log.AddRange(Enumerable.Range(0, 15).Select(i => new BadRow(BadRowReason.EmptyResponse, new RowOrigin("/d/f.jsonl", 14 - i), "empty")));
        string summary = log.Summary(rowsShown: 3);
        Assert.Contains("15 skipped: empty response: f.jsonl rows 0, 1, 2 and 12 more", summary);
        log.AddRange([new BadRow(BadRowReason.IdenticalResponses, new RowOrigin("/d/f.jsonl", 7), "same")]);
        Assert.Contains("1 skipped: chosen equals rejected: f.jsonl row 7\n", log.Summary().ReplaceLineEndings("\n"));
    }
}
