using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>Mixing, shuffling and bad-row handling of the builder, with a stand-in encoder (one id per character).</summary>
public class PreferenceDatasetBuilderTests
{
    internal static TokenizedPair Encode(PreferenceRecord record)
    {
        int[] Ids(string text) => text.Select(c => (int)c).ToArray();
        string prompt = string.Concat(record.Prompt.Select(message => message.Content));
        return PairTokenization.Build(Ids(prompt), Ids(prompt + record.Chosen[0].Content), Ids(prompt + record.Rejected[0].Content),
            1, 2, 64, 32, TruncationMode.KeepEnd, record.Origin);
    }

    internal static string WriteRows(TemporaryFolder temp, string name, int count, int badEvery = 0) =>
        temp.File(name, string.Concat(Enumerable.Range(0, count).Select(i =>
            $$"""{"prompt": "{{name}} {{i}}", "chosen": "good", "rejected": "{{(badEvery > 0 && i % badEvery == 0 ? "good" : "bad")}}"}""" + "\n")));

    static PreferenceDatasetBuilder Builder(BadRowPolicy policy = BadRowPolicy.Skip, int seed = 42) => new(Encode, null, policy, workers: 2, seed);

    [Fact]
    public void MixerTakesTheFirstFractionOfEachTrainSplitAndAllOfTest()
    {
        using var temp = new TemporaryFolder();
        WriteRows(temp, "a/train.jsonl", 10);
        WriteRows(temp, "a/test.jsonl", 4);
        string b = WriteRows(temp, "b.jsonl", 8);
        var config = new DataConfig
        {
            DatasetMixer = [new(Path.Combine(temp.Path, "a"), 0.5), new(b, 0.25)],
            DatasetSplits = ["train", "test"],
        };
        var plans = DatasetMixer.Plan(config, "c.yaml");
        Assert.Equal(["train", "test"], plans.Select(plan => plan.Name));
        Assert.Equal([5L, 2L], plans[0].Parts.Select(part => part.Take));

        PreferenceDataset dataset = Builder().Build(plans);
        var train = dataset["train"];
        Assert.Equal(7, train.Pairs.Count);
        var expected = Enumerable.Range(0, 5).Select(i => ("train.jsonl", (long)i)).Concat([("b.jsonl", 0L), ("b.jsonl", 1L)]);
        Assert.Equal(expected.Order(), train.Pairs.Select(pair => (Path.GetFileName(pair.Origin.File), pair.Origin.Row)).Order());
        Assert.NotEqual(expected, train.Pairs.Select(pair => (Path.GetFileName(pair.Origin.File), pair.Origin.Row)));
        Assert.Equal(4, dataset["test"].Pairs.Count);
    }

    [Fact]
    public void TheShuffleIsFixedBySeed()
    {
        using var temp = new TemporaryFolder();
        string file = WriteRows(temp, "train.jsonl", 50);
        var plans = new[] { new SplitPlan("train", [new SplitPart(file, [file], null)], Shuffle: true) };
        long[] Order(int seed) => Builder(seed: seed).Build(plans)["train"].Pairs.Select(pair => pair.Origin.Row).ToArray();
        Assert.Equal(Order(42), Order(42));
        Assert.NotEqual(Order(42), Order(7));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), Order(42).Order());
    }

    [Fact]
    public void BadRowsAreCountedAcrossChunksOrFatal()
    {
        using var temp = new TemporaryFolder();
        string file = WriteRows(temp, "train.jsonl", 600, badEvery: 100);
        var plans = DatasetMixer.PlanWhole(file);
        PreferenceDataset dataset = Builder().Build(plans);
        Assert.Equal(594, dataset["train"].Pairs.Count);
        Assert.Equal(600, dataset["train"].RowsRead);
        Assert.Equal([0L, 100, 200, 300, 400, 500], dataset.BadRows.Rows.Select(row => row.Origin.Row));
        Assert.All(dataset.BadRows.Rows, row => Assert.Equal(BadRowReason.IdenticalResponses, row.Reason));
        Assert.Equal(Enumerable.Range(0, 600).Where(i => i % 100 != 0).Select(i => (long)i), dataset["train"].Pairs.Select(pair => pair.Origin.Row));

        var error = Assert.Throws<BadRowException>(() => Builder(BadRowPolicy.Fail).Build(plans));
        Assert.Contains("train.jsonl row 0", error.Message);
    }

    [Fact]
    public void AFatalRowErrorNamesTheFirstFailingRowWhicheverWorkerFailsFirst()
    {
        using var temp = new TemporaryFolder();
        var plans = DatasetMixer.PlanWhole(WriteRows(temp, "train.jsonl", 40));
        // A template error on every row; row 0's worker is the slowest to report it.
        TokenizedPair Fail(PreferenceRecord record)
        {
            if (record.Origin.Row == 0) Thread.Sleep(200);
            throw new WpoException($"{record.Origin}: template error");
        }
        var error = Assert.Throws<WpoException>(() => new PreferenceDatasetBuilder(Fail, null, BadRowPolicy.Skip, workers: 4, 42).Build(plans));
        Assert.Equal($"{plans[0].Parts[0].Files[0]} row 0: template error", error.Message);
    }

    [Fact]
    public void MixerRefusesToReadOneFileForBothTrainAndTest()
    {
        // test.jsonl is the test split by its name and, as a single file, serves the train split too.
        using var temp = new TemporaryFolder();
        string file = WriteRows(temp, "test.jsonl", 4);
        var error = Assert.Throws<WpoException>(() => DatasetMixer.Plan(new DataConfig { DatasetMixer = [new(file, 0.5)] }, "c.yaml"));
        Assert.Contains("c.yaml", error.Message);
        Assert.Contains(file, error.Message);
        Assert.Contains("dataset_splits", error.Message);
        Assert.Equal(["train"], DatasetMixer.Plan(new DataConfig { DatasetMixer = [new(file, 0.5)], DatasetSplits = ["train"] }, "c.yaml").Select(plan => plan.Name));
    }

    [Fact]
    public void MixerRejectsFractionsOutsideZeroToOneAndUnknownSplitKinds()
    {
        using var temp = new TemporaryFolder();
        string file = WriteRows(temp, "train.jsonl", 3);
        foreach (double fraction in new[] { 1.5, -0.5, double.NaN })
        {
            var wrong = Assert.Throws<WpoException>(() => DatasetMixer.Plan(new DataConfig { DatasetMixer = [new(file, fraction)] }, "c.yaml"));
            Assert.Contains("c.yaml", wrong.Message);
        }
        var error = Assert.Throws<WpoException>(() => DatasetMixer.Plan(new DataConfig { DatasetMixer = [new(file, 1.0)], DatasetSplits = ["validation"] }, "c.yaml"));
        Assert.Contains("validation", error.Message);
        Assert.Contains("dataset_mixer", Assert.Throws<WpoException>(() => DatasetMixer.Plan(new DataConfig(), "c.yaml")).Message);
    }

    [Fact]
    public void MixerNamesTheConfigAndTheEntryOfAMissingDataset()
    {
        var error = Assert.Throws<WpoException>(() => DatasetMixer.Plan(new DataConfig { DatasetMixer = [new("data/nowhere", 1.0)] }, "c.yaml"));
        Assert.StartsWith("c.yaml: dataset_mixer entry 'data/nowhere' is no dataset file or directory", error.Message);
        Assert.Contains(Environment.CurrentDirectory, error.Message);
    }
}
