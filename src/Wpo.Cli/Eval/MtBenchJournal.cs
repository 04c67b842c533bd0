using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Data;

namespace Wpo.Cli.Eval;

/// <summary>
/// A FastChat JSONL file written one complete row at a time and flushed, so a stopped run resumes: opening keeps the
/// complete lines (a cut-off last line is dropped) as <see cref="Rows"/> and appends after them.
/// </summary>
sealed class MtBenchJournal : IDisposable
{
    /// <summary>Quotes escaped as <c>\"</c> and non-ASCII text kept, so the lines read as text; any JSON reader (Python's too) reads them.</summary>
    static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly FileStream stream;

    MtBenchJournal(FileStream stream, IReadOnlyList<RawRow> rows)
    {
        this.stream = stream;
        Rows = rows;
    }

    /// <summary>The rows already in the file when it was opened.</summary>
    public IReadOnlyList<RawRow> Rows { get; }

    public static MtBenchJournal Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            byte[] bytes = File.ReadAllBytes(path);
            int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            if (complete < bytes.Length)
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write)) file.SetLength(complete);
        }
        var rows = File.Exists(path) && new FileInfo(path).Length > 0 ? RowReader.Read(path).ToList() : [];
        return new MtBenchJournal(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), rows);
    }

    /// <summary>Appends <paramref name="row"/> as one line and flushes it to disk.</summary>
    public void Write(JsonObject row)
    {
        stream.Write(Encoding.UTF8.GetBytes(row.ToJsonString(Options) + "\n"));
        stream.Flush(flushToDisk: true);
    }

    public void Dispose() => stream.Dispose();
}
