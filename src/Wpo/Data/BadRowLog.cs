using System.Text;

namespace Wpo.Data;

/// <summary>One skipped row: why, where, and the specific problem.</summary>
public sealed record BadRow(BadRowReason Reason, RowOrigin Origin, string Detail);

/// <summary>
/// The rows skipped while building a dataset, by reason, so nothing is dropped silently. Safe to add to from
/// several preprocessing workers; <see cref="Rows"/> is in row order whatever order they were added in.
/// </summary>
public sealed class BadRowLog
{
    readonly List<BadRow> rows = [];
    readonly Lock gate = new();

    public void Add(BadRowException e)
    {
        lock (gate) rows.Add(new BadRow(e.Reason, e.Origin, e.Detail));
    }

    public void AddRange(IEnumerable<BadRow> skipped)
    {
        lock (gate) rows.AddRange(skipped);
    }

    public IReadOnlyList<BadRow> Rows
    {
        get
        {
            lock (gate)
                return rows.OrderBy(row => row.Origin.File, StringComparer.Ordinal).ThenBy(row => row.Origin.Row).ToList();
        }
    }

    public int Count
    {
        get { lock (gate) return rows.Count; }
    }

    public IReadOnlyDictionary<BadRowReason, int> CountsByReason
    {
        get { lock (gate) return rows.GroupBy(row => row.Reason).OrderBy(group => group.Key).ToDictionary(group => group.Key, group => group.Count()); }
    }

    /// <summary>
    /// One line per reason with its count and the row numbers (the first <paramref name="rowsShown"/>, then how many more),
    /// grouped by file. Empty when no row was skipped.
    /// </summary>
    public string Summary(int rowsShown = 12)
    {
        var text = new StringBuilder();
        foreach (var byReason in Rows.GroupBy(row => row.Reason).OrderBy(group => group.Key))
        {
            text.Append($"{byReason.Count(),6} skipped: {Describe(byReason.Key)}:");
            foreach (var byFile in byReason.GroupBy(row => row.Origin.File))
            {
                var numbers = byFile.Select(row => row.Origin.Row).ToList();
                string shown = string.Join(", ", numbers.Take(rowsShown));
                string more = numbers.Count > rowsShown ? $" and {numbers.Count - rowsShown} more" : "";
                text.Append($" {Path.GetFileName(byFile.Key)} {(numbers.Count == 1 ? "row" : "rows")} {shown}{more};");
            }
            text.Length--;
            text.AppendLine();
        }
        return text.ToString();
    }

    public static string Describe(BadRowReason reason) => reason switch
    {
        BadRowReason.MissingField => "missing field",
        BadRowReason.NonStringContent => "content is not a string",
        BadRowReason.EmptyResponse => "empty response",
        BadRowReason.PromptMismatch => "chosen and rejected have different prompts",
        BadRowReason.IdenticalResponses => "chosen equals rejected",
        BadRowReason.PromptOverBudget => "prompt alone exceeds max_length",
        _ => reason.ToString(),
    };
}
