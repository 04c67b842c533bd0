using Wpo.Text;

namespace Wpo.Data;

/// <summary>Rows of plain strings <c>prompt</c>, <c>chosen</c>, <c>rejected</c>: one user turn and one assistant turn each.</summary>
static class PlainStringsAdapter
{
    public static PreferenceRecord Adapt(RawRow row) => new(
        [new ChatMessage("user", RowFields.RequireString(row, "prompt"))],
        [new ChatMessage("assistant", RowFields.RequireString(row, "chosen"))],
        [new ChatMessage("assistant", RowFields.RequireString(row, "rejected"))],
        row.Origin);
}
