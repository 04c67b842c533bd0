namespace Wpo.Evaluation;

/// <summary>
/// The metrics of one evaluated run: a metric file, or a run folder whose metric files (<c>metrics.json</c> of
/// <c>wpo eval alpaca</c> / <c>wpo eval metrics</c>, <c>mt_bench_scores.json</c> of <c>wpo eval mt-bench</c>) lie in it
/// or in its direct subfolders, their numeric fields together.
/// </summary>
public static class EvaluatedRun
{
    /// <summary>The metric file names a run folder is searched for.</summary>
    public static readonly IReadOnlyList<string> MetricFiles = ["metrics.json", "mt_bench_scores.json"];

    /// <summary>The numeric metrics of <paramref name="path"/> (a file or a run folder), in file order; a metric found in two files is an error naming both.</summary>
    public static IReadOnlyList<(string Key, double Value)> Read(string path)
    {
        if (!Directory.Exists(path)) return EvaluationJson.ReadNumbers(path);
        var files = new[] { path }.Concat(Directory.GetDirectories(path).Order(StringComparer.Ordinal))
            .SelectMany(folder => MetricFiles.Select(name => Path.Combine(folder, name)))
            .Where(File.Exists).ToList();
        if (files.Count == 0)
            throw new WpoException($"{path}: no {string.Join(" or ", MetricFiles)} in the folder or its subfolders");
        var from = new Dictionary<string, string>();
        var metrics = new List<(string Key, double Value)>();
        foreach (string file in files)
            foreach (var (key, value) in EvaluationJson.ReadNumbers(file))
            {
                if (!from.TryAdd(key, file)) throw new WpoException($"{path}: the metric '{key}' is in both {from[key]} and {file}; compare the files instead");
                metrics.Add((key, value));
            }
        return metrics;
    }
}
