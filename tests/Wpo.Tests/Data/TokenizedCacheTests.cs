using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>The cache hits on identical inputs and rebuilds when any key part changes or the file is damaged.</summary>
public class TokenizedCacheTests
{
    sealed class Fixture : IDisposable
    {
        public readonly TemporaryFolder Temp = new();
        public readonly string File;
        public readonly TokenizedCache Cache;
        public int Builds;
        public readonly List<string> Notices = [];

        public Fixture()
        {
            File = PreferenceDatasetBuilderTests.WriteRows(Temp, "train.jsonl", 20, badEvery: 7);
            Cache = new TokenizedCache(Path.Combine(Temp.Path, "cache"));
        }

        public CacheKey Key(string template = "T", int maxLength = 64) =>
            new CacheKey().AddPlans(DatasetMixer.PlanWhole(File)).Add("tokenizer", "fingerprint").Add("template", template).Add("max_length", maxLength);

        public PreferenceDataset Get(CacheKey key) => Cache.GetOrBuild(key, () =>
        {
            Builds++;
            return new PreferenceDatasetBuilder(PreferenceDatasetBuilderTests.Encode, null, BadRowPolicy.Skip, 1, 42).Build(DatasetMixer.PlanWhole(File));
        }, Notices.Add);

        public void Dispose() => Temp.Dispose();
    }

    [Fact]
    public void SecondRunReadsTheCacheWithEverythingIntact()
    {
        using var fixture = new Fixture();
        PreferenceDataset built = fixture.Get(fixture.Key());
        PreferenceDataset cached = fixture.Get(fixture.Key());
        Assert.Equal(1, fixture.Builds);
        Assert.False(built.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal(built.Splits.Select(split => (split.Name, split.RowsRead)), cached.Splits.Select(split => (split.Name, split.RowsRead)));
        var pairs = built["train"].Pairs.Zip(cached["train"].Pairs);
        Assert.All(pairs, pair =>
        {
            Assert.Equal(pair.First.ChosenIds, pair.Second.ChosenIds);
            Assert.Equal(pair.First.RejectedLabels, pair.Second.RejectedLabels);
            Assert.Equal(pair.First.PromptIds, pair.Second.PromptIds);
            Assert.Equal(pair.First.Untruncated, pair.Second.Untruncated);
            Assert.Equal(pair.First.Origin, pair.Second.Origin);
        });
        Assert.Equal(built.BadRows.Rows, cached.BadRows.Rows);
        Assert.Equal(3, cached.BadRows.Count);
        Assert.Empty(fixture.Notices);
        Assert.Single(Directory.GetFiles(fixture.Cache.Directory));
    }

    [Fact]
    public void ChangingTemplateOrSettingsRebuilds()
    {
        using var fixture = new Fixture();
        fixture.Get(fixture.Key());
        fixture.Get(fixture.Key(template: "other"));
        fixture.Get(fixture.Key(maxLength: 128));
        Assert.Equal(3, fixture.Builds);
        fixture.Get(fixture.Key(template: "other"));
        Assert.Equal(3, fixture.Builds);
    }

    [Fact]
    public void EditingTheDataFileRebuilds()
    {
        using var fixture = new Fixture();
        string before = fixture.Key().Hash;
        fixture.Get(fixture.Key());
        File.AppendAllText(fixture.File, """{"prompt": "new", "chosen": "x", "rejected": "y"}""" + "\n");
        Assert.NotEqual(before, fixture.Key().Hash);
        Assert.Equal(18, fixture.Get(fixture.Key())["train"].Pairs.Count);
        Assert.Equal(2, fixture.Builds);

        File.SetLastWriteTimeUtc(fixture.File, DateTime.UtcNow.AddMinutes(5));
        fixture.Get(fixture.Key());
        Assert.Equal(3, fixture.Builds);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void ADamagedCacheFileIsRebuiltWithANotice(string damage)
    {
        using var fixture = new Fixture();
        fixture.Get(fixture.Key());
        string path = fixture.Cache.PathFor(fixture.Key());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "garbage" => [.. bytes[..20], .. Enumerable.Repeat((byte)0xFF, bytes.Length - 20)],
            _ => [],
        });
        PreferenceDataset again = fixture.Get(fixture.Key());
        Assert.Equal(2, fixture.Builds);
        Assert.False(again.FromCache);
        Assert.Contains(path, Assert.Single(fixture.Notices));
        Assert.True(fixture.Get(fixture.Key()).FromCache);
    }

    [Fact]
    public void AnUnwritableCacheGivesANoticeAndKeepsTheBuiltDataset()
    {
        using var fixture = new Fixture();
        // A cache directory under a regular file cannot be created (whoever runs the tests, root included).
        string blocked = Path.Combine(fixture.Temp.File("not-a-directory", "x"), "cache");
        var notices = new List<string>();
        PreferenceDataset dataset = new TokenizedCache(blocked).GetOrBuild(fixture.Key(), () =>
            new PreferenceDatasetBuilder(PreferenceDatasetBuilderTests.Encode, null, BadRowPolicy.Skip, 1, 42).Build(DatasetMixer.PlanWhole(fixture.File)), notices.Add);
        Assert.Equal(17, dataset["train"].Pairs.Count);
        Assert.Contains(blocked, Assert.Single(notices));
    }

    [Fact]
    public void AnyFlippedByteIsCaughtBeforeItsIdsAreUsed()
    {
        using var fixture = new Fixture();
        fixture.Get(fixture.Key());
        string path = fixture.Cache.PathFor(fixture.Key());
        byte[] intact = File.ReadAllBytes(path);
        // Spread over the header, the pairs' ids, the bad-row log and the checksum.
        foreach (int at in Enumerable.Range(0, 24).Select(i => i * (intact.Length - 1) / 23))
        {
            byte[] damaged = (byte[])intact.Clone();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            int builds = fixture.Builds;
            Assert.False(fixture.Get(fixture.Key()).FromCache, $"a flipped byte at {at} of {intact.Length} was read as valid");
            Assert.Equal(builds + 1, fixture.Builds);
            Assert.Equal(intact, File.ReadAllBytes(path));
        }
    }
}
