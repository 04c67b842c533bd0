using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Text;

namespace Wpo.Generation;

/// <summary>
/// One line of a <c>wpo generate</c> file (or of a scored one): <c>index</c>, <c>prompt</c>, <c>messages</c> (the
/// conversation before the answer), <c>outputs</c> (each with <c>text</c>, and <c>token_count</c>, <c>score</c> when
/// known) and optional <c>original</c> (the preference row the prompt came from). Every other field is kept as it is.
/// The one reader of these files: <c>wpo generate</c>'s resumption, <c>wpo score</c> (its input and its partial file)
/// and <c>wpo pairs</c> all read lines through it.
/// </summary>
public sealed class OutputLine
{
    OutputLine(JsonObject json, string where, IReadOnlyList<ChatMessage> messages, JsonArray outputs)
    {
        Json = json;
        Where = where;
        Messages = messages;
        Outputs = outputs;
    }

    /// <summary>The whole line; scorers add fields to it and to its outputs.</summary>
    public JsonObject Json { get; }

    /// <summary>The file and line number, for messages.</summary>
    public string Where { get; }

    public IReadOnlyList<ChatMessage> Messages { get; }

    public JsonArray Outputs { get; }

    /// <summary><c>prompt</c>, or the last message's content when the line has none.</summary>
    public string Prompt => Json["prompt"] is JsonValue prompt && prompt.TryGetValue(out string? text) ? text : Messages[^1].Content;

    /// <summary>The <c>text</c> of output <paramref name="i"/>.</summary>
    public string Text(int i) => Outputs[i]!["text"]!.GetValue<string>();

    /// <summary>
    /// What an output can be checked against: the line's <c>reference</c> string, else the last turn of the original
    /// pair's chosen answer; null when the line has neither.
    /// </summary>
    public string? Reference => Json["reference"] switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => Json["original"]?["chosen"] is JsonArray { Count: > 0 } chosen && chosen[^1]?["content"] is JsonValue content && content.TryGetValue(out string? answer) ? answer : null,
    };

    /// <summary>Whether the file at <paramref name="path"/> is JSON Lines whose first line has <c>outputs</c> (a generate file).</summary>
    public static bool IsOutputFile(string path)
    {
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) return false;
        using var reader = new StreamReader(path);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                return JsonNode.Parse(line) is JsonObject first && first.ContainsKey("outputs");
            }
            catch (JsonException)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The lines of a generate or scored file, each checked (an error names the file and line).</summary>
    public static IEnumerable<OutputLine> Read(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: file not found.");
        using var reader = new StreamReader(path);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, $"{path} line {number}");
        }
    }

    /// <summary>
    /// The complete lines of a file written a line at a time (a <c>wpo generate</c> output, a score run's partial file):
    /// a last line without its newline was cut off by an interruption and is removed from the file, and the stream is
    /// left at its end, ready to append.
    /// </summary>
    public static List<OutputLine> ReadComplete(FileStream stream, string path)
    {
        List<OutputLine> lines = [.. ReadCompleteLines(stream, path)];
        stream.Seek(0, SeekOrigin.End);
        return lines;
    }

    /// <summary>
    /// <see cref="ReadComplete"/> one line at a time, for files too large to hold: the torn last line is cut off at
    /// once, and the lines are read as they are enumerated; seek <paramref name="stream"/> to its end after them to append.
    /// </summary>
    public static IEnumerable<OutputLine> ReadCompleteLines(FileStream stream, string path)
    {
        stream.SetLength(CompleteLength(stream));
        stream.Seek(0, SeekOrigin.Begin);
        return Lines(stream, path);

        static IEnumerable<OutputLine> Lines(FileStream stream, string path)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            long number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line)) yield return Parse(line, $"{path} line {number}");
            }
        }
    }

    /// <summary>The length of <paramref name="stream"/> up to and with its last newline (0 without one), found from the end backwards.</summary>
    static long CompleteLength(FileStream stream)
    {
        var block = new byte[64 * 1024];
        for (long end = stream.Length; end > 0;)
        {
            int size = (int)Math.Min(block.Length, end);
            stream.Seek(end - size, SeekOrigin.Begin);
            stream.ReadExactly(block, 0, size);
            int newline = Array.LastIndexOf(block, (byte)'\n', size - 1);
            if (newline >= 0) return end - size + newline + 1;
            end -= size;
        }
        return 0;
    }

    /// <summary>One line; <paramref name="where"/> names it in errors.</summary>
    public static OutputLine Parse(string line, string where)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new WpoException($"{where}: not valid JSON ({e.Message}).", e);
        }
        return From(node as JsonObject ?? throw new WpoException($"{where}: a line must be a JSON object."), where);
    }

    /// <summary>Checks <paramref name="json"/> has <c>messages</c> and <c>outputs</c> with a <c>text</c> each.</summary>
    public static OutputLine From(JsonObject json, string where)
    {
        if (json["messages"] is not JsonArray { Count: > 0 } messageArray)
            throw new WpoException($"{where}: no 'messages' (the conversation the outputs answer).");
        var messages = new List<ChatMessage>(messageArray.Count);
        for (int i = 0; i < messageArray.Count; i++)
        {
            if (messageArray[i] is not JsonObject message || String(message, "role") is not { } role || String(message, "content") is not { } content)
                throw new WpoException($"{where}: 'messages[{i}]' must be an object with string 'role' and 'content'.");
            messages.Add(new ChatMessage(role, content));
        }
        if (json["outputs"] is not JsonArray outputs) throw new WpoException($"{where}: no 'outputs' list.");
        for (int i = 0; i < outputs.Count; i++)
            if (outputs[i] is not JsonObject output || String(output, "text") is null)
                throw new WpoException($"{where}: 'outputs[{i}]' must be an object with a string 'text'.");
        return new OutputLine(json, where, messages, outputs);
    }

    /// <summary>The line as one line of JSON (no indentation, non-ASCII kept).</summary>
    public string ToJsonLine() => Json.ToJsonString(LineOptions);

    /// <summary>How every line of these files is written: one line, non-ASCII kept as it is.</summary>
    public static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Messages as JSON objects with <c>role</c> and <c>content</c>.</summary>
    public static JsonArray ToJson(IEnumerable<ChatMessage> messages) =>
        new([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]);

    static string? String(JsonObject json, string key) => json[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
