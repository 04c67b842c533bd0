using Wpo.Data;

namespace Wpo.Evaluation;

/// <summary>Typed fields of FastChat's MT-bench JSONL rows read with <see cref="RowReader"/>; a missing or mistyped field is a <see cref="WpoException"/> naming the file, row and key.</summary>
public static class MtBenchRows
{
    /// <summary>The rows of <paramref name="path"/>, each turned into a value by <paramref name="read"/>.</summary>
    public static List<T> Read<T>(string path, Func<RawRow, T> read) => [.. RowReader.Read(path).Select(read)];

    public static int Int(RawRow row, string key) =>
        Field(row, key) is long value and >= int.MinValue and <= int.MaxValue ? (int)value : throw Bad(row, key, "an integer");

    public static double Number(RawRow row, string key) => Field(row, key) switch
    {
        long value => value,
        double value => value,
        _ => throw Bad(row, key, "a number"),
    };

    public static string Text(RawRow row, string key) => Field(row, key) as string ?? throw Bad(row, key, "a string");

    /// <summary>A list of strings (<c>turns</c>).</summary>
    public static IReadOnlyList<string> Texts(RawRow row, string key) =>
        Field(row, key) is IReadOnlyList<object?> list && list.All(item => item is string)
            ? [.. list.Cast<string>()]
            : throw Bad(row, key, "a list of strings");

    /// <summary>The turns of the first choice of an answer row (<c>choices[0].turns</c>).</summary>
    public static IReadOnlyList<string> FirstChoiceTurns(RawRow row) =>
        Field(row, "choices") is IReadOnlyList<object?> { Count: > 0 } choices && choices[0] is IReadOnlyDictionary<string, object?> choice
            && choice.TryGetValue("turns", out object? turns) && turns is IReadOnlyList<object?> list && list.All(item => item is string)
            ? [.. list.Cast<string>()]
            : throw Bad(row, "choices", "a list whose first choice has a list of string turns");

    static object? Field(RawRow row, string key) =>
        row.Fields.TryGetValue(key, out object? value) ? value : throw new WpoException($"{row.Origin}: no '{key}'.");

    static WpoException Bad(RawRow row, string key, string what) => new($"{row.Origin}: '{key}' is not {what}.");
}
