using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>Reading annotations.json: the real files and every kind of bad row, each named in one line.</summary>
public class AnnotationsReaderTests
{
    [Fact]
    public void RealFileHas805RowsInOrder()
    {
        var rows = AnnotationsReader.Read(AlpacaLeaderboard.Annotations("alpaca-7b"));
        Assert.Equal(805, rows.Count);
        Assert.Equal(Enumerable.Range(0, 805), rows.Select(r => r.Index));
        Assert.All(rows, r => Assert.InRange(r.Preference!.Value, 1, 2));
        Assert.StartsWith("What are the names of some famous actors", rows[0].Instruction);
    }

    [Theory]
    [InlineData("{}", "row 0: 'instruction' is missing or not a string")]
    [InlineData("[]", "no annotations")]
    [InlineData("[1]", "row 0: a row must be a JSON object")]
    [InlineData("""[{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c"}]""", "row 0: 'generator_2' is missing")]
    [InlineData("""[{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m"},{"instruction":"i","output_1":1}]""", "row 1: 'output_1' is missing or not a string")]
    [InlineData("""[{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":"2"}]""", "'preference' must be a number or null")]
    [InlineData("""[{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":3}]""", "'preference' 3 is outside [1, 2]")]
    [InlineData("[{", "not valid JSON")]
    public void BadFilesNameTheRowAndTheProblem(string json, string expected)
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "annotations.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<WpoException>(() => AnnotationsReader.Read(path));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void JsonLinesReadTooWithWholeAndTiePreferences()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("annotations.jsonl", """
            {"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":2}

            {"instruction":"j","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":0}
            {"instruction":"k","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":1.25}
            """);
        var rows = AnnotationsReader.Read(path);
        Assert.Equal([2.0, 0.0, 1.25], rows.Select(r => r.Preference!.Value));
        Assert.Equal([0, 1, 2], rows.Select(r => r.Index));
    }

    [Fact]
    public void MissingAndNullPreferencesReadAsMissing()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "annotations.json");
        File.WriteAllText(path, """[{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m","preference":null},{"instruction":"i","output_1":"a","generator_1":"b","output_2":"c","generator_2":"m"}]""");
        Assert.All(AnnotationsReader.Read(path), r => Assert.Null(r.Preference));
    }
}
