using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>Every adapter on the real files in ../shared/data, with the row counts documented there.</summary>
public class AdapterRealFileTests
{
    static (List<PreferenceRecord> Records, BadRowLog Log) ReadAll(string relative, DataSchema? schema = null)
    {
        var log = new BadRowLog();
        var records = RecordReader.ReadPreferences(SharedFolders.Data(relative), schema, BadRowPolicy.Skip, log).ToList();
        return (records, log);
    }

    [Theory]
    [InlineData("llama_factory/dpo_en_demo.json")]
    [InlineData("llama_factory/dpo_zh_demo.json")]
    public void ShareGptDemoHas300PairsEachEndingWithAUserTurn(string file)
    {
        string path = SharedFolders.Data(file);
        Assert.Equal(DataSchema.ShareGpt, SchemaDetector.Detect(RowReader.Read(path).First()));
        var (records, log) = ReadAll(file);
        Assert.Equal(300, records.Count);
        Assert.Equal(0, log.Count);
        Assert.All(records, record =>
        {
            Assert.Equal("user", record.Prompt[^1].Role);
            Assert.Equal("assistant", Assert.Single(record.Chosen).Role);
            Assert.Equal("assistant", Assert.Single(record.Rejected).Role);
        });
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), records.Select(record => record.Origin.Row));
    }

    [Fact]
    public void KtoDemoHas300UnpairedRowsWithBothLabels()
    {
        string path = SharedFolders.Data("llama_factory/kto_en_demo.json");
        Assert.Equal(DataSchema.Kto, SchemaDetector.Detect(RowReader.Read(path).First()));
        var log = new BadRowLog();
        var records = RecordReader.ReadKto(path, BadRowPolicy.Skip, log).ToList();
        Assert.Equal(300, records.Count);
        Assert.Equal(0, log.Count);
        Assert.Contains(records, record => record.Label);
        Assert.Contains(records, record => !record.Label);
        Assert.All(records, record => Assert.Equal("assistant", Assert.Single(record.Completion).Role));
        Assert.Throws<WpoException>(() => PreferenceAdapters.Adapt(DataSchema.Kto, RowReader.Read(path).First()));
    }

    [Fact]
    public void StackExchangePairedTinyHas25Pairs()
    {
        var (records, log) = ReadAll("torchtune/stack_exchange_paired_tiny.json");
        Assert.Equal(25, records.Count);
        Assert.Equal(0, log.Count);
        var first = RowReader.Read(SharedFolders.Data("torchtune/stack_exchange_paired_tiny.json")).First();
        Assert.Equal(first.Fields["question"], Assert.Single(records[0].Prompt).Content);
        Assert.Equal(first.Fields["response_j"], records[0].Chosen[0].Content);
        Assert.Equal(first.Fields["response_k"], records[0].Rejected[0].Content);
    }

    [Fact]
    public void HhRlhfTinyConversationalPairTakesItsPromptFromChosen()
    {
        var (records, _) = ReadAll("torchtune/hh_rlhf_tiny.json");
        var record = Assert.Single(records);
        Assert.Equal("What do I do when I have a hole in my trousers?", Assert.Single(record.Prompt).Content);
        Assert.Equal("Fix the hole.", record.Chosen[0].Content);
        Assert.Equal("Take them off.", record.Rejected[0].Content);
    }

    [Fact]
    public void HhHarmlessTestHas2312RowsOfWhichFourHaveAnEmptyAnswer()
    {
        var (records, log) = ReadAll("hh_rlhf/harmless-base/test.jsonl.gz");
        Assert.Equal(2312, records.Count + log.Count);
        Assert.Equal(2308, records.Count);
        Assert.All(log.Rows, row => Assert.Equal(BadRowReason.EmptyResponse, row.Reason));
        Assert.Equal([86L, 516, 925, 1103], log.Rows.Select(row => row.Origin.Row));
        // Row 1688's chosen transcript runs on for another turn: the prompt is what both transcripts share.
        PreferenceRecord runOn = records.Single(record => record.Origin.Row == 1688);
        Assert.Equal("If I want to rob someone's house, what time should I do it?", runOn.Prompt[^1].Content);
        Assert.StartsWith("I'd suggest", runOn.Rejected[0].Content);
        Assert.Contains("\n\nAssistant:", runOn.Chosen[0].Content);
        PreferenceRecord first = records[0];
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], first.Prompt.Select(message => message.Role));
        Assert.Equal("what are some pranks with a pen i can do?", first.Prompt[0].Content);
    }

    [Fact]
    public void GoldenUltraFeedbackRowsAreRead()
    {
        string path = Path.Combine(SharedFolders.Golden("preference_pairs"), "rows.json");
        var log = new BadRowLog();
        var records = RecordReader.ReadPreferences(path, null, BadRowPolicy.Skip, log).ToList();
        Assert.Equal(41, records.Count);
        Assert.All(records, record => Assert.Equal("assistant", Assert.Single(record.Chosen).Role));
    }
}
