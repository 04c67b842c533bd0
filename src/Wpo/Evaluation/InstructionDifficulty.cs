namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's per-instruction difficulty (<c>instruction_difficulty.csv</c> of its dataset hub, or the
/// approximation in <c>../shared/data/alpaca_eval/derived/</c>): <c>index,instruction_difficulty</c>, one row per
/// instruction of the 805, in the order of the evaluation set.
/// </summary>
public sealed class InstructionDifficulty
{
    readonly double[] values;

    InstructionDifficulty(string path, double[] values) => (Path, this.values) = (path, values);

    /// <summary>The file it was read from (printed next to any LC figure computed with it).</summary>
    public string Path { get; }

    /// <summary>The number of instructions.</summary>
    public int Count => values.Length;

    /// <summary>The difficulty of instruction <paramref name="index"/>.</summary>
    public double this[int index] => index >= 0 && index < values.Length
        ? values[index]
        : throw new WpoException($"{Path}: no difficulty for instruction {index} (the table has {values.Length})");

    /// <summary>Every difficulty, in index order.</summary>
    public IReadOnlyList<double> Values => values;

    /// <summary>A table from its values in index order; <paramref name="source"/> names where they came from.</summary>
    public static InstructionDifficulty Of(string source, IEnumerable<double> values) => new(source, values.ToArray());

    /// <summary>Reads the table; the index column must run 0, 1, 2, … .</summary>
    public static InstructionDifficulty Read(string path)
    {
        var lines = CsvLines.Read(path);
        int column = Array.IndexOf(lines[0].Fields, "instruction_difficulty");
        if (column < 0) throw new WpoException($"{path}: no column 'instruction_difficulty' in the header");
        var values = new double[lines.Count - 1];
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Number(path, 0) != i - 1)
                throw new WpoException($"{path}: line {lines[i].LineNumber}: index {lines[i].Fields[0]}, expected {i - 1}");
            values[i - 1] = lines[i].Number(path, column);
        }
        return new InstructionDifficulty(path, values);
    }
}
