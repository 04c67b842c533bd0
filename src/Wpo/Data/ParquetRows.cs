using System.Collections;
using Parquet;
using Parquet.Serialization;

namespace Wpo.Data;

/// <summary>Parquet rows (nested lists and structs included), read one row group at a time.</summary>
static class ParquetRows
{
    public static IEnumerable<RawRow> Read(string path)
    {
        int rowGroups = WithReader(path, reader => reader.RowGroupCount);
        long row = 0;
        for (int group = 0; group < rowGroups; group++)
        {
            IList<Dictionary<string, object>> data;
            using (var stream = File.OpenRead(path))
                data = Wrap(path, () => ParquetSerializer.DeserializeUntypedAsync(stream, null, group).GetAwaiter().GetResult().Data);
            foreach (Dictionary<string, object> fields in data)
                yield return new RawRow(ToFields(fields), new RowOrigin(path, row++));
        }
    }

    public static long Count(string path) => WithReader(path, reader => reader.RowGroups.Sum(group => group.RowCount));

    static T WithReader<T>(string path, Func<ParquetReader, T> use) => Wrap(path, () =>
    {
        ParquetReader reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            return use(reader);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    });

    static T Wrap<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        // Parquet.Net reports a damaged file through many exception types (IOException, ArgumentOutOfRangeException,
        // IndexOutOfRangeException, its own ParquetException, Thrift decoding errors); all mean the same to the user.
        catch (Exception e) when (e is not (WpoException or OutOfMemoryException))
        {
            throw new WpoException($"{path}: cannot read as Parquet ({e.Message}).", e);
        }
    }

    static Dictionary<string, object?> ToFields(IDictionary<string, object> fields)
    {
        var result = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in fields) result[key] = ToValue(value);
        return result;
    }

    /// <summary>
    /// Parquet's .NET values as <see cref="RawRow"/> values: integers as long, floats as double, nested as lists and
    /// dictionaries. Anything else (binary without a UTF-8 annotation, dates) stays as it is, so an adapter that needs
    /// text reports a non-string value instead of reading its type name ("System.Byte[]") as the text.
    /// </summary>
    static object? ToValue(object? value) => value switch
    {
        null => null,
        string or bool or long or double => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value),
        float f => (double)f,
        decimal d => (double)d,
        IDictionary<string, object> nested => ToFields(nested),
        IEnumerable list and not byte[] => list.Cast<object?>().Select(ToValue).ToList(),
        _ => value,
    };
}
