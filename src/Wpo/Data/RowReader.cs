using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Wpo.Data;

/// <summary>
/// Streams the rows of one data file (JSON Lines, a JSON array, gzip of either, or Parquet) without loading the
/// whole file: JSON is parsed one row at a time, Parquet one row group at a time.
/// </summary>
public static class RowReader
{
    public static IEnumerable<RawRow> Read(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: data file not found.");
        if (!DataFiles.TryGetFormat(path, out DataFileFormat format))
            throw new WpoException($"{path}: not a data file this reader knows (.jsonl, .json, .jsonl.gz, .json.gz, .parquet).");
        return format == DataFileFormat.Parquet ? ParquetRows.Read(path) : ReadJson(path);
    }

    /// <summary>The number of rows in the file (Parquet from its footer; JSON by a streaming pass).</summary>
    public static long CountRows(string path)
    {
        if (DataFiles.TryGetFormat(path, out DataFileFormat format) && format == DataFileFormat.Parquet) return ParquetRows.Count(path);
        long count = 0;
        foreach (RawRow _ in Read(path)) count++;
        return count;
    }

    static IEnumerable<RawRow> ReadJson(string path)
    {
        bool isArray = FirstNonWhitespace(path) == '[';
        using Stream stream = Open(path);
        IEnumerable<RawRow> rows = isArray ? ReadJsonArray(stream, path) : ReadJsonLines(stream, path);
        foreach (RawRow row in rows) yield return row;
    }

    static Stream Open(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return DataFiles.IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The first non-whitespace byte (after a UTF-8 byte-order mark), or -1 for an empty file.</summary>
    static int FirstNonWhitespace(string path)
    {
        // Read on its own opening: a gzip stream cannot rewind, and reopening costs one small read.
        using Stream stream = Open(path);
        return Decompressing(path, () =>
        {
            int b;
            do b = stream.ReadByte();
            while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
            return b;
        });
    }

    /// <summary>Runs a read of <paramref name="path"/>; a damaged gzip stream (or a <c>.gz</c> name on plain text) becomes an error naming the file.</summary>
    static T Decompressing<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new WpoException($"{path}: not valid gzip data ({e.Message}).", e);
        }
    }

    static IEnumerable<RawRow> ReadJsonLines(Stream stream, string path)
    {
        using var reader = new StreamReader(stream);
        long row = 0, lineNumber = 0;
        while (Decompressing(path, reader.ReadLine) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException e) when (row == 0 && EndsMidValue(line))
            {
                throw new WpoException(
                    $"{path} line {lineNumber}: a JSON object that does not end on its line; JSON Lines take one whole object " +
                    "per line (a pretty-printed file must be a JSON array of objects).", e);
            }
            catch (JsonException e)
            {
                throw new WpoException($"{path} line {lineNumber}: not valid JSON ({e.Message}).", e);
            }
            yield return ToRow(element, new RowOrigin(path, row++));
        }
    }

    /// <summary>Whether <paramref name="line"/> is valid JSON so far but stops inside an object or array (it goes on on the next lines).</summary>
    static bool EndsMidValue(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line), isFinalBlock: false, state: default);
        try
        {
            while (reader.Read()) { }
        }
        catch (JsonException)
        {
            return false;
        }
        return reader.BytesConsumed > 0 && !(reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray);
    }

    static IEnumerable<RawRow> ReadJsonArray(Stream stream, string path)
    {
        long row = 0;
        using var enumerator = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable().GetEnumerator();
        while (true)
        {
            try
            {
                if (!Decompressing(path, enumerator.MoveNext)) yield break;
            }
            catch (JsonException e)
            {
                throw new WpoException($"{new RowOrigin(path, row + RowsAhead(e))}: not valid JSON ({e.Message}).", e);
            }
            yield return ToRow(enumerator.Current, new RowOrigin(path, row++));
        }
    }

    /// <summary>
    /// The serializer parses a buffer of rows before handing any out, and the path of its error (<c>$[90].prompt</c>)
    /// counts from the first of them: how far past the rows handed out the broken one is.
    /// </summary>
    static long RowsAhead(JsonException e) =>
        e.Path is { } at && at.StartsWith("$[", StringComparison.Ordinal) && long.TryParse(at.AsSpan(2, Math.Max(0, at.IndexOf(']') - 2)), out long ahead)
            ? ahead
            : 0;

    static RawRow ToRow(JsonElement element, RowOrigin origin)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new WpoException($"{origin}: a row must be a JSON object, found {element.ValueKind}.");
        try
        {
            return new RawRow(JsonRowValues.ToFields(element), origin);
        }
        catch (FormatException e)
        {
            throw new WpoException($"{origin}: {e.Message}.", e);
        }
    }
}
