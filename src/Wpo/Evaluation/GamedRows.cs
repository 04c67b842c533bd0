namespace Wpo.Evaluation;

/// <summary>
/// One row of AlpacaEval's <c>df_gamed.csv</c> (its dataset hub): the baseline's own answers made verbose or concise,
/// judged against the baseline. Preference in [0, 1] (model side), the standardised length difference and the
/// instruction's difficulty; these rows have <c>not_gamed_baseline</c> = false, so they pull the length and
/// difficulty weights toward the baseline's.
/// </summary>
public sealed record GamedRow(double? Preference, double StdDeltaLen, double InstructionDifficulty)
{
    /// <summary>
    /// Reads a gamed table: a CSV with at least the columns <c>preference</c>, <c>std_delta_len</c> and
    /// <c>instruction_difficulty</c> (others, such as <c>model</c> and <c>index</c>, are ignored); an empty preference is missing, any
    /// other must be a number in [0, 1].
    /// </summary>
    public static IReadOnlyList<GamedRow> Read(string path)
    {
        var lines = CsvLines.Read(path);
        int Column(string name) => Array.IndexOf(lines[0].Fields, name) is var at and >= 0
            ? at
            : throw new WpoException($"{path}: no column '{name}' in the header (a gamed table needs preference, std_delta_len, instruction_difficulty)");
        int preference = Column("preference"), length = Column("std_delta_len"), difficulty = Column("instruction_difficulty");
        return lines.Skip(1).Select(line => new GamedRow(
            line.Fields[preference] is "" or "nan" or "NaN" ? null : PreferenceOf(path, line, preference),
            line.Number(path, length),
            line.Number(path, difficulty))).ToList();
    }

    static double PreferenceOf(string path, CsvLine line, int column) => line.Number(path, column) is var value and >= 0 and <= 1
        ? value
        : throw new WpoException($"{path}: line {line.LineNumber}: preference {line.Fields[column]} is not in [0, 1] (a gamed table's preferences are on the model's side, 0 to 1)");
}
