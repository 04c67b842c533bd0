using Wpo.Text;

namespace Wpo.Data;

/// <summary>StackExchange-paired rows: <c>question</c>, <c>response_j</c> (the preferred answer) and <c>response_k</c>.</summary>
static class StackExchangeAdapter
{
    public static PreferenceRecord Adapt(RawRow row) => new(
        [new ChatMessage("user", RowFields.RequireString(row, "question"))],
        [new ChatMessage("assistant", RowFields.RequireString(row, "response_j"))],
        [new ChatMessage("assistant", RowFields.RequireString(row, "response_k"))],
        row.Origin);
}
