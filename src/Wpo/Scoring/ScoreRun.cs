using System.Text;
using System.Text.Json.Nodes;

namespace Wpo.Scoring;

/// <summary>Lines and outputs scored so far, for a progress display.</summary>
public readonly record struct ScoreProgress(int Lines, int Outputs, int Failures);

/// <summary>
/// What a score run did: lines and outputs in the file, how many were scored by this run (the rest came from an
/// earlier, interrupted one), and per line index the outputs left without a score.
/// </summary>
public sealed record ScoreSummary(int Lines, int Outputs, int ScoredNow, IReadOnlyList<(long Index, int Failed, string FirstError)> FailedRows);

/// <summary>
/// Scores every output of a file and writes the lines with <c>score</c> added to each output (and <c>score_error</c>,
/// <c>judgement</c> where a judge gave them) and <c>scorer</c> to each line. Lines go to <c>OUT.partial</c> as they
/// are done, a chunk at a time, flushed to disk; when all are there it is renamed to <c>OUT</c>. A rerun after an
/// interruption keeps the partial file's complete lines (a torn last line is cut) and scores only the rest; it must be
/// the same scorer and input.
/// </summary>
public static class ScoreRun
{
    public static string PartialPath(string output) => output + ".partial";

    /// <remarks><c>chunkOutputs</c>: outputs handed to the scorer at a time (lines are whole: a chunk may hold more).</remarks>
    public static ScoreSummary Run(string input, string output, IOutputScorer scorer, int chunkOutputs,
        Action<ScoreProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkOutputs, 1);
        JsonObject description = scorer.Describe();
        if (File.Exists(output))
            throw new WpoException($"{output}: already exists (a finished score run); delete it or choose another --output.");
        string partial = PartialPath(output);
        List<OutputLine> done = Resume(partial, description);
        var failed = new List<(long, int, string)>();
        int lines = 0, outputs = 0, scoredNow = 0, failures = 0;
        foreach (OutputLine line in done)
        {
            Count(line, failed, ref failures);
            outputs += line.Outputs.Count;
            lines++;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var journal = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var chunk = new List<OutputLine>();
            int chunkSize = 0;
            int position = 0;
            foreach (OutputLine line in ScoreInput.Read(input))
            {
                if (position++ < done.Count)
                {
                    if (position == done.Count) CheckSame(partial, done[^1], line);
                    continue;
                }
                chunk.Add(line);
                chunkSize += line.Outputs.Count;
                if (chunkSize < chunkOutputs) continue;
                Flush();
            }
            if (chunk.Count > 0) Flush();

            void Flush()
            {
                cancel.ThrowIfCancellationRequested();
                var requests = chunk.SelectMany(line => Enumerable.Range(0, line.Outputs.Count)
                    .Select(i => new ScoreRequest(line.Prompt, line.Messages, line.Text(i), line.Reference))).ToList();
                IReadOnlyList<ScoreResult> results = scorer.ScoreAsync(requests, cancel).GetAwaiter().GetResult();
                if (results.Count != requests.Count) throw new InvalidOperationException($"the scorer gave {results.Count} results for {requests.Count} outputs.");
                var text = new StringBuilder();
                int next = 0;
                foreach (OutputLine line in chunk)
                {
                    for (int i = 0; i < line.Outputs.Count; i++) Apply((JsonObject)line.Outputs[i]!, results[next++]);
                    line.Json["scorer"] = description.DeepClone();
                    Count(line, failed, ref failures);
                    text.Append(line.ToJsonLine()).Append('\n');
                }
                journal.Write(Encoding.UTF8.GetBytes(text.ToString()));
                journal.Flush(flushToDisk: true);
                lines += chunk.Count;
                outputs += requests.Count;
                scoredNow += requests.Count;
                chunk.Clear();
                chunkSize = 0;
                progress?.Invoke(new ScoreProgress(lines, outputs, failures));
            }
        }
        File.Move(partial, output);
        return new ScoreSummary(lines, outputs, scoredNow, failed);
    }

    static void Apply(JsonObject output, ScoreResult result)
    {
        output["score"] = result.Score;
        output.Remove("score_error");
        output.Remove("judgement");
        if (result.Error is not null) output["score_error"] = result.Error;
        if (result.Reply is not null) output["judgement"] = result.Reply;
    }

    static void Count(OutputLine line, List<(long, int, string)> failed, ref int failures)
    {
        var errors = line.Outputs.Select(o => o!["score"] is null ? o["score_error"]?.GetValue<string>() ?? "no score" : null).Where(e => e is not null).ToList();
        if (errors.Count == 0) return;
        failures += errors.Count;
        failed.Add((line.Json["index"]?.GetValue<long>() ?? -1, errors.Count, errors[0]!));
    }

    /// <summary>
    /// The complete lines of an interrupted run's partial file (a last line without its newline is cut off), checked to
    /// come from the same scorer.
    /// </summary>
    static List<OutputLine> Resume(string partial, JsonObject description)
    {
        var done = new List<OutputLine>();
        if (!File.Exists(partial)) return done;
        byte[] bytes = File.ReadAllBytes(partial);
        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        string[] texts = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < texts.Length; i++)
        {
            OutputLine line = OutputLine.Parse(texts[i], $"{partial} line {i + 1}");
            if (!JsonNode.DeepEquals(line.Json["scorer"], description))
                throw new WpoException(
                    $"{partial} line {i + 1}: written by another scorer ({line.Json["scorer"]?.ToJsonString() ?? "none"}, now {description.ToJsonString()}); delete it to start again.");
            done.Add(line);
        }
        if (complete < bytes.Length)
            using (var file = new FileStream(partial, FileMode.Open, FileAccess.Write)) file.SetLength(complete);
        return done;
    }

    /// <summary>The input line of the partial file's last line must have its prompt: the same input, not another.</summary>
    static void CheckSame(string partial, OutputLine resumed, OutputLine input)
    {
        if (resumed.Prompt != input.Prompt)
            throw new WpoException($"{partial}: its last line is not {input.Where} (another prompt): it was scored from another input; delete it to start again.");
    }
}
