using System.Text;
using System.Text.Json.Nodes;
using Wpo.Generation;

namespace Wpo.Tests.Generation;

/// <summary>
/// Reading a file written a line at a time, one line at a time: the torn last line is cut wherever it falls against
/// the 64 KiB blocks the last newline is searched in, and every complete line comes back in order.
/// </summary>
public sealed class OutputLineTests
{
    static string Line(int index, int textLength) => new JsonObject
    {
        ["index"] = index,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"q{index}" }),
        ["outputs"] = new JsonArray(new JsonObject { ["text"] = new string('x', textLength) }),
    }.ToJsonString();

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, 40)]
    [InlineData(70_000, 200_000)]
    [InlineData(65_400, 65_536)]
    [InlineData(200_000, 0)]
    public void Complete_lines_are_read_one_at_a_time_and_the_torn_tail_is_cut(int textLength, int tornLength)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("lines.jsonl");
        string complete = string.Concat(Enumerable.Range(0, 3).Select(i => Line(i, textLength) + "\n"));
        string torn = Line(3, tornLength + 100)[..tornLength];
        File.WriteAllText(path, complete + torn);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            OutputLine[] lines = [.. OutputLine.ReadCompleteLines(stream, path)];
            Assert.Equal([0, 1, 2], lines.Select(line => line.Json["index"]!.GetValue<int>()));
            Assert.All(lines, line => Assert.Equal(textLength, line.Text(0).Length));
            Assert.Equal($"{path} line 3", lines[2].Where);
        }
        Assert.Equal(Encoding.UTF8.GetBytes(complete), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_without_a_newline_is_emptied()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("lines.jsonl", new string('{', 100_000));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.Empty(OutputLine.ReadCompleteLines(stream, path));
        Assert.Equal(0, stream.Length);
    }
}
