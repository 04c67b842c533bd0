using Wpo.Configuration;

namespace Wpo.Evaluation;

/// <summary>One model's length-controlled GLM weights (AlpacaEval's <c>length_controlled_v1</c> formula).</summary>
/// <param name="Length">The weight of tanh(standardised length difference, baseline − model).</param>
/// <param name="Difficulty">The weight of the instruction difficulty.</param>
/// <param name="Bias">The weight of <c>not_gamed_baseline</c>: the model's bias against the baseline.</param>
public sealed record GlmWeights(double Length, double Difficulty, double Bias)
{
    /// <summary>The columns AlpacaEval writes, in its order (the patsy term names).</summary>
    public static readonly string[] Columns = ["np.tanh(std_delta_len)", "instruction_difficulty", "not_gamed_baseline.astype(float)"];

    /// <summary>
    /// A weights file as AlpacaEval saves it (<c>metrics/weights/ANNOTATOR/length_controlled_v1/baseline_B.csv</c>):
    /// a header row with an empty first cell and <see cref="Columns"/>, then one row per model. A later row of the
    /// same model wins, as pandas' <c>duplicated(keep="last")</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, GlmWeights> ReadTable(string path)
    {
        var lines = CsvLines.Read(path);
        var header = lines[0].Fields;
        int Column(string name) => Array.IndexOf(header, name) is var at and > 0
            ? at
            : throw new WpoException($"{path}: no column '{name}' in the header (expected {string.Join(", ", Columns)})");
        int length = Column(Columns[0]), difficulty = Column(Columns[1]), bias = Column(Columns[2]);
        var table = new Dictionary<string, GlmWeights>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
            table[line.Fields[0]] = new GlmWeights(line.Number(path, length), line.Number(path, difficulty), line.Number(path, bias));
        return table;
    }

    /// <summary>The weights of a model in a table, or a <see cref="WpoException"/> naming the nearest model there.</summary>
    public static GlmWeights Of(IReadOnlyDictionary<string, GlmWeights> table, string model, string path) =>
        table.TryGetValue(model, out var weights)
            ? weights
            : throw new WpoException($"{path}: no weights for model '{model}'{(NearestKey.To(model, table.Keys) is { } nearest ? $" (did you mean '{nearest}'?)" : "")}");
}
