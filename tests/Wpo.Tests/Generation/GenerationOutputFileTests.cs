using System.Text.Json.Nodes;
using Wpo.Generation;
using Wpo.Tests.Scoring;

namespace Wpo.Tests.Generation;

/// <summary>The output file resumes after its last complete line and refuses a file of other settings or rows.</summary>
public sealed class GenerationOutputFileTests
{
    static JsonObject Settings(long seed = 1) => new() { ["model"] = "m", ["seed"] = seed };

    static JsonObject Line(int index, long seed = 1)
    {
        JsonObject line = GeneratedFiles.Line(index, [("an answer", 3, null)]);
        line["settings"] = Settings(seed);
        return line;
    }

    [Fact]
    public void A_cut_off_last_line_is_dropped_and_writing_continues_after_the_complete_ones()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.jsonl");
        using (var file = GenerationOutputFile.Open(path, Settings()))
        {
            Assert.Equal(0, file.Completed);
            file.Write(Line(0));
            file.Write(Line(1));
        }
        File.AppendAllText(path, """{"index": 2, "sett""");
        using (var file = GenerationOutputFile.Open(path, Settings()))
        {
            Assert.Equal(2, file.Completed);
            file.Write(Line(2));
        }
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal(2, (long)JsonNode.Parse(lines[2])!["index"]!);
    }

    [Fact]
    public void Other_settings_are_refused_naming_the_line_and_the_key()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.jsonl");
        using (var file = GenerationOutputFile.Open(path, Settings())) file.Write(Line(0));
        var error = Assert.Throws<WpoException>(() => GenerationOutputFile.Open(path, Settings(seed: 2)));
        Assert.Contains("line 1 was generated with other settings (seed: 1, now 2)", error.Message);
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public void A_file_whose_lines_are_not_this_runs_is_refused()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.jsonl", Line(5).ToJsonString() + "\n");
        Assert.Contains("line 1: 'index' should be 0", Assert.Throws<WpoException>(() => GenerationOutputFile.Open(path, Settings())).Message);
        path = folder.File("other.jsonl", "not json\n");
        Assert.Contains("line 1: not valid JSON", Assert.Throws<WpoException>(() => GenerationOutputFile.Open(path, Settings())).Message);
    }
}
