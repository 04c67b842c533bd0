using System.Text.Json.Nodes;

namespace Wpo.Evaluation;

/// <summary>One judged row as AlpacaEval writes it: the annotation, its subset, the judge's name, the cost and time per example and the raw completion.</summary>
public sealed record AnnotationRecord(AlpacaAnnotation Annotation, string Dataset, string Annotator, double PricePerExample, double TimePerExample, JsonObject? RawCompletion);

/// <summary>
/// Writes AlpacaEval's <c>annotations.json</c> with the keys and types of the files in <c>results/</c>:
/// <c>instruction</c>, <c>output_1</c>, <c>generator_1</c>, <c>dataset</c>, <c>output_2</c>, <c>generator_2</c>,
/// <c>annotator</c> (strings), <c>preference</c> (a number, null when the judge gave none),
/// <c>price_per_example</c>, <c>time_per_example</c> (numbers) and <c>raw_completion</c> (an object or null).
/// </summary>
public static class AnnotationsWriter
{
    public static JsonObject ToJson(AnnotationRecord record)
    {
        var a = record.Annotation;
        return new JsonObject
        {
            ["instruction"] = a.Instruction,
            ["output_1"] = a.Output1,
            ["generator_1"] = a.Generator1,
            ["dataset"] = record.Dataset,
            ["output_2"] = a.Output2,
            ["generator_2"] = a.Generator2,
            ["annotator"] = record.Annotator,
            ["preference"] = a.Preference,
            ["price_per_example"] = record.PricePerExample,
            ["time_per_example"] = record.TimePerExample,
            ["raw_completion"] = record.RawCompletion?.DeepClone(),
        };
    }

    /// <summary>Writes the rows to <paramref name="path"/> (a temporary file renamed when complete).</summary>
    public static void Write(string path, IEnumerable<AnnotationRecord> records) =>
        EvaluationJson.Write(path, new JsonArray([.. records.Select(r => (JsonNode)ToJson(r))]));
}
