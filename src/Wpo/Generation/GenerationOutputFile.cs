using System.Text;
using System.Text.Json.Nodes;

namespace Wpo.Generation;

/// <summary>
/// A <c>wpo generate</c> output file, written one complete line per prompt and flushed, so a run stopped at any
/// moment can be resumed: opening an existing file keeps its complete lines (each must carry its position as
/// <c>index</c> and the same settings as this run), drops a cut-off last line, and appends after them.
/// </summary>
public sealed class GenerationOutputFile : IDisposable
{
    readonly StreamWriter writer;

    GenerationOutputFile(StreamWriter writer, int completed)
    {
        this.writer = writer;
        Completed = completed;
    }

    /// <summary>Prompts already in the file when it was opened.</summary>
    public int Completed { get; }

    public static GenerationOutputFile Open(string path, JsonObject settings)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            int completed = KeepCompleteLines(stream, path, settings);
            return new GenerationOutputFile(new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" }, completed);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Checks the complete lines (cutting a torn last one off) and returns how many there are.</summary>
    static int KeepCompleteLines(FileStream stream, string path, JsonObject settings)
    {
        List<OutputLine> lines = OutputLine.ReadComplete(stream, path);
        for (int i = 0; i < lines.Count; i++)
        {
            JsonObject line = lines[i].Json;
            if (line["index"] is not JsonValue index || !index.TryGetValue(out long at) || at != i)
                throw new WpoException($"{lines[i].Where}: 'index' should be {i}; it is not this run's output file.");
            if (Difference(line["settings"] as JsonObject, settings) is { } key)
                throw new WpoException(
                    $"{lines[i].Where} was generated with other settings ({key}: {(line["settings"] as JsonObject)?[key]?.ToJsonString() ?? "absent"}, now " +
                    $"{settings[key]?.ToJsonString() ?? "absent"}); rerun with the same settings to resume, or write to another --output.");
        }
        return lines.Count;
    }

    /// <summary>The first setting whose value differs, or null when all agree.</summary>
    static string? Difference(JsonObject? written, JsonObject settings)
    {
        if (written is null) return "settings";
        static string Text(JsonNode? node) => node?.ToJsonString(OutputLine.LineOptions) ?? "null";
        return settings.Select(pair => pair.Key).Concat(written.Select(pair => pair.Key))
            .FirstOrDefault(key => Text(written[key]) != Text(settings[key]));
    }

    /// <summary>Appends one prompt's line and flushes it to the file.</summary>
    public void Write(JsonObject line)
    {
        writer.WriteLine(line.ToJsonString(OutputLine.LineOptions));
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}
