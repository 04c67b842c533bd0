namespace Wpo.Data;

/// <summary>A raw row together with the schema its file was read with.</summary>
public readonly record struct SchemaRow(RawRow Row, DataSchema Schema);

/// <summary>
/// Streams rows of data files with their schema (detected from each file's first row unless forced) and turns
/// them into records, sending bad rows to a <see cref="BadRowLog"/> or stopping, by <see cref="BadRowPolicy"/>.
/// </summary>
public static class RecordReader
{
    public static IEnumerable<SchemaRow> ReadRows(IEnumerable<string> files, DataSchema? schema)
    {
        foreach (string file in files)
        {
            DataSchema? fileSchema = schema;
            foreach (RawRow row in RowReader.Read(file))
            {
                fileSchema ??= SchemaDetector.Detect(row);
                yield return new SchemaRow(row, fileSchema.Value);
            }
        }
    }

    public static IEnumerable<PreferenceRecord> ReadPreferences(string dataset, DataSchema? schema, BadRowPolicy policy, BadRowLog log) =>
        Adapt(DatasetFiles(dataset), schema, policy, log, row => PreferenceAdapters.Adapt(row.Schema, row.Row));

    public static IEnumerable<KtoRecord> ReadKto(string dataset, BadRowPolicy policy, BadRowLog log) =>
        Adapt(DatasetFiles(dataset), DataSchema.Kto, policy, log, row => KtoAdapter.Adapt(row.Row));

    static IEnumerable<string> DatasetFiles(string dataset) => DatasetSource.Open(dataset).Splits.Values.SelectMany(files => files);

    static IEnumerable<T> Adapt<T>(IEnumerable<string> files, DataSchema? schema, BadRowPolicy policy, BadRowLog log, Func<SchemaRow, T> adapt)
        where T : class
    {
        foreach (SchemaRow row in ReadRows(files, schema))
        {
            T? record = null;
            try
            {
                record = adapt(row);
            }
            catch (BadRowException e) when (policy == BadRowPolicy.Skip)
            {
                log.Add(e);
            }
            if (record is not null) yield return record;
        }
    }
}
