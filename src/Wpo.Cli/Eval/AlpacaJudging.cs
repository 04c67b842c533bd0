using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Evaluation;
using Wpo.Judging;
using Wpo.Rewards;
using Wpo.Scoring;
using Wpo.Text;

namespace Wpo.Cli.Eval;

/// <summary>
/// Judges each model output against the reference output of its instruction (output_1 = reference, output_2 =
/// model) with a reward model (1 + σ(r_model − r_reference)) or AlpacaEval's weighted judge (an endpoint or a local
/// model). Each judged row is appended to the judgement log <c>annotations.jsonl</c> and flushed; the log is kept, so
/// a rerun judges only the rows it lacks: with the same or a larger <c>--limit</c> it continues, with a smaller one it
/// uses the log's first N rows and leaves the others in the log for a later larger run. The rows of this run are
/// written as <c>annotations.json</c> (atomically).
/// </summary>
static class AlpacaJudging
{
    public static IReadOnlyList<AlpacaAnnotation> Run(IAnsiConsole console, IReadOnlyList<AlpacaOutput> reference, IReadOnlyList<AlpacaOutput> model,
        RewardModelScorer? rewardModel, IAlpacaPairJudge? pairJudge, string annotationsPath, CancellationToken cancel = default)
    {
        string annotator = rewardModel is not null ? $"reward_model ({rewardModel.Describe()["model"]})" : pairJudge!.Annotator;
        string journal = LogPath(annotationsPath);
        var (done, logged) = Resume(journal, annotator, model);
        if (logged > 0)
            console.WriteLine(logged > model.Count
                ? $"{journal} holds {logged} judged rows: using the first {model.Count}"
                : $"{journal} holds {logged} judged rows: judging the other {model.Count - logged}");
        var clock = Stopwatch.StartNew();
        if (done.Count < model.Count)
            using (var writer = new FileStream(journal, FileMode.Append, FileAccess.Write, FileShare.Read))
                for (int start = done.Count; start < model.Count; start += 8)
                {
                    var rows = Enumerable.Range(start, Math.Min(8, model.Count - start)).ToList();
                    var judged = Judge(rows.Select(i => (reference[i], model[i])).ToList(), rewardModel, pairJudge, annotator, cancel);
                    var text = new StringBuilder();
                    foreach (var (index, record) in rows.Zip(judged))
                    {
                        done.Add(record with { Annotation = record.Annotation with { Index = index } });
                        text.Append(AnnotationsWriter.ToJson(record).ToJsonString()).Append('\n');
                    }
                    writer.Write(Encoding.UTF8.GetBytes(text.ToString()));
                    writer.Flush(flushToDisk: true);
                    console.WriteLine($"judged {done.Count}/{model.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
                }
        AnnotationsWriter.Write(annotationsPath, done);
        int failed = done.Count(r => r.Annotation.Preference is null);
        if (failed > 0) console.MarkupLineInterpolated($"[yellow]{failed} rows have no preference[/] (preference null; left out of the win rate, as AlpacaEval drops them)");
        return [.. done.Select(r => r.Annotation)];
    }

    static List<AnnotationRecord> Judge(IReadOnlyList<(AlpacaOutput Reference, AlpacaOutput Model)> pairs, RewardModelScorer? rewardModel, IAlpacaPairJudge? pairJudge, string annotator, CancellationToken cancel)
    {
        AnnotationRecord Record((AlpacaOutput Reference, AlpacaOutput Model) pair, double? preference, JsonObject? raw, double seconds) =>
            new(new AlpacaAnnotation(0, pair.Model.Instruction, pair.Reference.Output, pair.Reference.Generator, pair.Model.Output, pair.Model.Generator, preference),
                pair.Reference.Dataset, annotator, 0, seconds, raw);
        var clock = Stopwatch.StartNew();
        if (rewardModel is not null)
        {
            var requests = pairs.SelectMany(p => new[] { p.Reference.Output, p.Model.Output }
                .Select(output => new ScoreRequest(p.Model.Instruction, [new ChatMessage("user", p.Model.Instruction)], output, null))).ToList();
            var scores = rewardModel.ScoreAsync(requests, cancel).GetAwaiter().GetResult();
            double seconds = clock.Elapsed.TotalSeconds / pairs.Count;
            return [.. pairs.Select((p, i) =>
            {
                double r1 = scores[2 * i].Score!.Value, r2 = scores[2 * i + 1].Score!.Value;
                return Record(p, RewardPreference.Of(r2, r1), new JsonObject { ["reward_1"] = r1, ["reward_2"] = r2 }, seconds);
            })];
        }
        var results = Task.WhenAll(pairs.Select(p => pairJudge!.JudgeAsync(p.Model.Instruction, p.Reference.Output, p.Model.Output, cancel))).GetAwaiter().GetResult();
        double each = clock.Elapsed.TotalSeconds / pairs.Count;
        return [.. pairs.Zip(results, (p, r) =>
        {
            var raw = r.RawCompletion ?? new JsonObject();
            raw["is_switched_outputs"] = r.Switched;
            if (r.Error is not null) raw["error"] = r.Error;
            return Record(p, r.Preference, raw, each);
        })];
    }

    /// <summary>The judgement log beside <paramref name="annotationsPath"/>: <c>annotations.jsonl</c>.</summary>
    public static string LogPath(string annotationsPath) => Path.ChangeExtension(annotationsPath, ".jsonl");

    /// <summary>
    /// The log's rows for the first <c>model.Count</c> outputs, checked to be this judge's and these outputs', and the
    /// number of complete rows the log holds (a torn last line, from an interrupted write, is cut off the file).
    /// </summary>
    static (List<AnnotationRecord> Done, int Logged) Resume(string journal, string annotator, IReadOnlyList<AlpacaOutput> model)
    {
        var done = new List<AnnotationRecord>();
        if (!File.Exists(journal)) return (done, 0);
        byte[] bytes = File.ReadAllBytes(journal);
        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        string[] lines = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (string line in lines.Take(model.Count))
        {
            int index = done.Count;
            JsonObject row = JsonNode.Parse(line) as JsonObject ?? throw new WpoException($"{journal} line {index + 1}: not a JSON object; delete it to start again");
            string Text(string key) => row[key]?.GetValue<string>() ?? throw new WpoException($"{journal} line {index + 1}: no '{key}'; delete it to start again");
            if (Text("annotator") != annotator)
                throw new WpoException($"{journal} line {index + 1}: judged by {Text("annotator")}, now {annotator}; delete it to start again");
            if (Text("instruction") != model[index].Instruction || Text("output_2") != model[index].Output)
                throw new WpoException($"{journal} line {index + 1}: not the model output of row {index}; delete it to start again");
            var annotation = new AlpacaAnnotation(index, Text("instruction"), Text("output_1"), Text("generator_1"), Text("output_2"), Text("generator_2"),
                row["preference"]?.GetValue<double>());
            done.Add(new AnnotationRecord(annotation, Text("dataset"), annotator, 0, row["time_per_example"]?.GetValue<double>() ?? 0, row["raw_completion"] as JsonObject));
        }
        if (complete < bytes.Length)
            using (var file = new FileStream(journal, FileMode.Open, FileAccess.Write)) file.SetLength(complete);
        return (done, lines.Length);
    }
}
