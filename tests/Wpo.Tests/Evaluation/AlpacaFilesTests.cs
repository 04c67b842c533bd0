using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The model_outputs.json and annotations.json Wpo writes: the keys and JSON types of AlpacaEval's own files, read by the same readers.</summary>
public class AlpacaFilesTests
{
    static Dictionary<string, JsonValueKind> Shape(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement[0].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind);
    }

    [Fact]
    public void ModelOutputsHaveTheReferenceFilesShape()
    {
        string reference = SharedFolders.Data("alpaca_eval/results/gpt4_1106_preview/model_outputs.json");
        var real = AlpacaOutputsFile.Read(reference);
        Assert.Equal(805, real.Count);
        Assert.Equal("gpt4_1106_preview", real[0].Generator);
        using var folder = new TemporaryFolder();
        string mine = folder.File("model_outputs.json");
        AlpacaOutputsFile.Write(mine, real.Take(3).Select(r => r with { Output = "an answer {with braces} ✓", Generator = "tiny" }));
        Assert.Equal(Shape(reference), Shape(mine));
        var back = AlpacaOutputsFile.Read(mine);
        Assert.Equal(real.Take(3).Select(r => r.Instruction), back.Select(r => r.Instruction));
        Assert.Equal("an answer {with braces} ✓", back[2].Output);
    }

    [Fact]
    public void AnnotationsHaveTheRealFilesShape()
    {
        string realPath = AlpacaLeaderboard.Annotations("alpaca-7b");
        var real = AnnotationsReader.Read(realPath);
        using var folder = new TemporaryFolder();
        string mine = folder.File("annotations.json");
        var raw = new JsonObject { ["text"] = "M", ["top_logprobs"] = new JsonArray(new JsonObject { ["token"] = "M", ["logprob"] = -0.1 }) };
        AnnotationsWriter.Write(mine, real.Take(2).Select((a, i) =>
            new AnnotationRecord(a with { Generator2 = "tiny", Preference = i == 0 ? 1.75 : null }, "helpful_base", "weighted_alpaca_eval_gpt4_turbo (judge)", 0, 0.5, raw)));
        var expected = Shape(realPath);
        var written = Shape(mine);
        Assert.Equal(expected.Keys.Order(), written.Keys.Order());
        Assert.All(expected, pair => Assert.Equal(pair.Value, written[pair.Key]));
        var back = AnnotationsReader.Read(mine);
        Assert.Equal([1.75, null], back.Select(a => a.Preference));
        Assert.Equal(real[1].Output1, back[1].Output1);
    }

    [Fact]
    public void BadModelOutputsNameTheRow()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model_outputs.json", """[{"dataset":"d","instruction":"i","output":3,"generator":"g"}]""");
        var error = Assert.Throws<WpoException>(() => AlpacaOutputsFile.Read(path));
        Assert.Equal($"{path}: row 0: 'output' is missing or not a string", error.Message);
    }
}
