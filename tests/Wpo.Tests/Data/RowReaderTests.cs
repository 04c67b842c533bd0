using System.IO.Compression;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Wpo.Data;

namespace Wpo.Tests.Data;

public class RowReaderTests
{
    const string Line0 = """{"prompt": "p0", "chosen": "a", "rejected": "b", "n": 3, "x": 1.5, "ok": true, "none": null}""";
    const string Line1 = """{"prompt": "p1", "chosen": [{"role": "user", "content": "c"}], "rejected": "d"}""";

    static void AssertTwoRows(string path)
    {
        var rows = RowReader.Read(path).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("p0", rows[0].Fields["prompt"]);
        Assert.Equal(3L, rows[0].Fields["n"]);
        Assert.Equal(1.5, rows[0].Fields["x"]);
        Assert.Equal(true, rows[0].Fields["ok"]);
        Assert.Null(rows[0].Fields["none"]);
        var message = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<object?>>(rows[1].Fields["chosen"])));
        Assert.Equal("c", message["content"]);
        Assert.Equal([0L, 1L], rows.Select(row => row.Origin.Row));
        Assert.Equal(2, RowReader.CountRows(path));
    }

    [Fact]
    public void JsonLinesSkipBlankLines()
    {
        using var temp = new TemporaryFolder();
        AssertTwoRows(temp.File("a.jsonl", $"{Line0}\n\n{Line1}\n"));
    }

    [Fact]
    public void JsonArrayWithLeadingWhitespace()
    {
        using var temp = new TemporaryFolder();
        AssertTwoRows(temp.File("a.json", $"\n  [{Line0},\n{Line1}]"));
    }

    [Theory]
    [InlineData("a.jsonl.gz", false)]
    [InlineData("a.json.gz", true)]
    public void GzipOfEither(string name, bool array)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File(name);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
            writer.Write(array ? $"[{Line0},{Line1}]" : $"{Line0}\n{Line1}\n");
        AssertTwoRows(path);
    }

    public sealed class Message
    {
        [JsonPropertyName("role")] public string? Role { get; set; }
        [JsonPropertyName("content")] public string? Content { get; set; }
    }

    public sealed class UltraFeedbackRow
    {
        [JsonPropertyName("prompt")] public string? Prompt { get; set; }
        [JsonPropertyName("chosen")] public List<Message>? Chosen { get; set; }
        [JsonPropertyName("rejected")] public List<Message>? Rejected { get; set; }
        [JsonPropertyName("score_chosen")] public double ScoreChosen { get; set; }
    }

    internal static void WriteParquet(string path, int rows, int firstIndex = 0)
    {
        var data = Enumerable.Range(firstIndex, rows).Select(i => new UltraFeedbackRow
        {
            Prompt = $"question {i}",
            Chosen = [new() { Role = "user", Content = $"question {i}" }, new() { Role = "assistant", Content = $"good {i}" }],
            Rejected = [new() { Role = "user", Content = $"question {i}" }, new() { Role = "assistant", Content = $"bad {i}" }],
            ScoreChosen = 7.5,
        }).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ParquetSerializer.SerializeAsync(data, path).GetAwaiter().GetResult();
    }

    [Fact]
    public void ParquetWithNestedMessageLists()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("train.parquet");
        WriteParquet(path, 3);
        Assert.Equal(3, RowReader.CountRows(path));
        var rows = RowReader.Read(path).ToList();
        Assert.Equal(DataSchema.UltraFeedback, SchemaDetector.Detect(rows[0]));
        PreferenceRecord record = PreferenceAdapters.Adapt(DataSchema.UltraFeedback, rows[2]);
        Assert.Equal("question 2", Assert.Single(record.Prompt).Content);
        Assert.Equal("good 2", record.Chosen[0].Content);
        Assert.Equal("bad 2", record.Rejected[0].Content);
        Assert.Equal(7.5, rows[0].Fields["score_chosen"]);
    }

    public sealed class BinaryRow
    {
        [JsonPropertyName("prompt")] public byte[]? Prompt { get; set; }
        [JsonPropertyName("chosen")] public string? Chosen { get; set; }
        [JsonPropertyName("rejected")] public string? Rejected { get; set; }
    }

    [Fact]
    public async Task ParquetBinaryIsNotReadAsItsTypeName()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("binary.parquet");
        await ParquetSerializer.SerializeAsync([new BinaryRow { Prompt = "q"u8.ToArray(), Chosen = "a", Rejected = "b" }], path,
            cancellationToken: TestContext.Current.CancellationToken);
        RawRow row = Assert.Single(RowReader.Read(path));
        var error = Assert.Throws<BadRowException>(() => PreferenceAdapters.Adapt(DataSchema.PlainStrings, row));
        Assert.Equal(BadRowReason.NonStringContent, error.Reason);
        Assert.Contains("'prompt'", error.Message);
    }

    [Fact]
    public async Task ParquetRowGroupsAreReadInOrderAndNumberedAcrossGroups()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("groups.parquet");
        var data = Enumerable.Range(0, 10).Select(i => new UltraFeedbackRow { Prompt = $"q{i}" });
        await ParquetSerializer.SerializeAsync(data, path, new Parquet.ParquetOptions { RowGroupSize = 3 },
            cancellationToken: TestContext.Current.CancellationToken);
        var rows = RowReader.Read(path).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"q{i}"), rows.Select(row => row.Fields["prompt"]));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), rows.Select(row => row.Origin.Row));
        Assert.Equal(10, RowReader.CountRows(path));
    }

    [Fact]
    public void HubLayoutDirectoryGroupsShardsBySplit()
    {
        using var temp = new TemporaryFolder();
        WriteParquet(temp.File("data/train_prefs-00000-of-00002.parquet"), 2);
        WriteParquet(temp.File("data/train_prefs-00001-of-00002.parquet"), 3, firstIndex: 2);
        WriteParquet(temp.File("data/test_prefs-00000-of-00001.parquet"), 1);
        temp.File("README.md", "not data");
        DatasetSource source = DatasetSource.Open(temp.Path);
        Assert.Equal(["test_prefs", "train_prefs"], source.Splits.Keys.Order());
        Assert.Equal(2, source.FilesOf("train_prefs").Count);
        var records = RecordReader.ReadRows(source.FilesOf("train_prefs"), null).Select(row => PreferenceAdapters.Adapt(row.Schema, row.Row)).ToList();
        Assert.Equal(["good 0", "good 1", "good 2", "good 3", "good 4"], records.Select(record => record.Chosen[0].Content));
        var error = Assert.Throws<WpoException>(() => source.FilesOf("validation"));
        Assert.Contains("test_prefs, train_prefs", error.Message);
    }

    [Fact]
    public void SplitFilesAtTheTopOfADirectory()
    {
        using var temp = new TemporaryFolder();
        temp.File("train.jsonl", $"{Line0}\n");
        temp.File("test.jsonl", $"{Line1}\n");
        DatasetSource source = DatasetSource.Open(temp.Path);
        Assert.Equal(["test", "train"], source.Splits.Keys.Order());
        Assert.EndsWith("train.jsonl", Assert.Single(source.FilesOf("train")));
    }

    [Fact]
    public void ASingleFileIsOneSplitNamedByItsStemAndServesTrainSplits()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("harmless.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gzip.Write("{}\n"u8);
        DatasetSource source = DatasetSource.Open(path);
        Assert.Equal("harmless", Assert.Single(source.Splits.Keys));
        Assert.Single(source.FilesOf("train_prefs"));
        Assert.Empty(source.FilesOf("test_prefs"));
    }

    [Fact]
    public void MalformedJsonNamesFileAndLine()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("bad.jsonl", $"{Line0}\n{{\"prompt\": \n");
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.Contains("bad.jsonl line 2", error.Message);
    }

    [Theory]
    [InlineData("{\n  \"prompt\": \"q\",\n  \"chosen\": \"a\",\n  \"rejected\": \"b\"\n}\n")]
    [InlineData("{\"prompt\": \"q\",\n \"chosen\": \"a\", \"rejected\": \"b\"}\n")]
    public void APrettyPrintedObjectIsNamedAsSuchNotAsInvalidJson(string text)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("pretty.json", text);
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.StartsWith($"{path} line 1: a JSON object that does not end on its line", error.Message);
        Assert.Contains("JSON array", error.Message);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3000, 2000)]
    public void MalformedJsonArrayNamesTheBrokenRow(int rows, int broken)
    {
        // The reader parses rows a buffer ahead of those it has handed out; the message must still name the broken one.
        using var temp = new TemporaryFolder();
        var lines = Enumerable.Range(0, rows).Select(i => i == broken ? """{"prompt": }""" : Line0);
        string path = temp.File("bad.json", $"[{string.Join(",\n", lines)}]");
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.StartsWith($"{path} row {broken}: not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("damaged.jsonl.gz")]
    [InlineData("damaged.json.gz")]
    [InlineData("plain.jsonl.gz")]
    public void ADamagedGzipFileIsAnErrorNamingIt(string name)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File(name);
        File.WriteAllBytes(path, name.StartsWith("plain", StringComparison.Ordinal)
            ? "{\"prompt\": \"p\"}\n"u8.ToArray()
            : [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, .. "not deflate data at all"u8]);
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.Contains($"{name}: not valid gzip data", error.Message);
    }

    [Fact]
    public void ADamagedParquetFileIsAnErrorNamingIt()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("damaged.parquet");
        WriteParquet(path, 5);
        byte[] bytes = File.ReadAllBytes(path);
        // Keep the magic at both ends and the footer length so the reader gets past its first checks.
        File.WriteAllBytes(path, [.. bytes[..4], .. new byte[bytes.Length - 12], .. bytes[^8..]]);
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.Contains("damaged.parquet: cannot read as Parquet", error.Message);
    }

    [Fact]
    public void ARowThatIsNotAnObjectIsAnError()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("numbers.json", "[1, 2]");
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.Contains("numbers.json row 0", error.Message);
    }

    [Theory]
    [InlineData("lone.jsonl", "{0}\n{1}\n")]
    [InlineData("lone.json", "[{0},\n{1}]")]
    public void ALoneSurrogateIsAnErrorNamingRowAndKey(string name, string layout)
    {
        // Python's json accepts an escaped lone surrogate; .NET cannot make a string of it.
        using var temp = new TemporaryFolder();
        string path = temp.File(name, string.Format(layout, Line0, """{"prompt": "p\ud800", "chosen": "a", "rejected": "b"}"""));
        var error = Assert.Throws<WpoException>(() => RowReader.Read(path).ToList());
        Assert.Contains($"{name} row 1", error.Message);
        Assert.Contains("'prompt'", error.Message);
    }

    [Fact]
    public void UnknownSchemaNamesFileAndKeys()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("odd.jsonl", """{"instruction": "x", "output": "y"}""");
        var error = Assert.Throws<WpoException>(() => RecordReader.ReadRows([path], null).ToList());
        Assert.Contains("odd.jsonl", error.Message);
        Assert.Contains("instruction, output", error.Message);
        Assert.Contains("--schema", error.Message);
    }

    [Theory]
    [InlineData("big.jsonl", false)]
    [InlineData("big.json", true)]
    [InlineData("big.jsonl.gz", false)]
    [InlineData("big.json.gz", true)]
    public void LargeFilesAreStreamed(string name, bool array)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File(name);
        using (Stream file = File.Create(path))
        using (Stream stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file)
        using (var writer = new StreamWriter(stream))
        {
            if (array) writer.Write('[');
            for (int i = 0; i < 20_000; i++)
                writer.WriteLine($$"""{{(array && i > 0 ? "," : "")}}{"prompt": "p{{i}}", "chosen": "c", "rejected": "r"}""");
            writer.WriteLine("this tail is not JSON");
        }
        // The first rows come without the rest being parsed: a reader that loaded the whole file would hit the broken tail.
        var first = RowReader.Read(path).Take(3).Select(row => row.Fields["prompt"]).ToList();
        Assert.Equal(["p0", "p1", "p2"], first);
        Assert.Contains("not valid JSON", Assert.Throws<WpoException>(() => RowReader.CountRows(path)).Message);
    }
}
