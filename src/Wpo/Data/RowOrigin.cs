namespace Wpo.Data;

/// <summary>Where a dataset row came from: the file and the row's zero-based position in it (as in a Hugging Face dataset).</summary>
public readonly record struct RowOrigin(string File, long Row)
{
    public override string ToString() => $"{File} row {Row}";
}
