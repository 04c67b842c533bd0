namespace Wpo.Evaluation;

/// <summary>
/// One row of AlpacaEval's <c>annotations.json</c>: an instruction, the baseline's answer (<c>output_1</c>,
/// <c>generator_1</c>), the evaluated model's answer (<c>output_2</c>, <c>generator_2</c>) and the judge's
/// preference: 1 = baseline, 2 = model, anything between for a weighted judge, 0 or 1.5 = tie, null = missing.
/// <c>Index</c> is the row's position in the file, which is the instruction's index in AlpacaEval's set.
/// </summary>
public sealed record AlpacaAnnotation(
    int Index,
    string Instruction,
    string Output1,
    string Generator1,
    string Output2,
    string Generator2,
    double? Preference);
