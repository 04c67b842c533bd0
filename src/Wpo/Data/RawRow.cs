namespace Wpo.Data;

/// <summary>
/// One row of a dataset file before any schema is applied. Values are plain .NET values whatever the file format:
/// <c>string</c>, <c>long</c>, <c>double</c>, <c>bool</c>, <c>null</c>, <see cref="IReadOnlyList{T}"/> of values
/// and <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to value; Parquet values of other types (bytes, dates)
/// are kept as they come.
/// </summary>
public sealed record RawRow(IReadOnlyDictionary<string, object?> Fields, RowOrigin Origin);
