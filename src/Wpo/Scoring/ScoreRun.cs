using System.Text;
using System.Text.Json.Nodes;
using Wpo.Generation;

namespace Wpo.Scoring;

/// <summary>Lines (of <paramref name="Total"/> in the input) and outputs scored so far, for a progress display.</summary>
public readonly record struct ScoreProgress(int Lines, int Total, int Outputs, int Failures);

/// <summary>
/// What a score run did: lines and outputs in the file, how many were scored by this run (the rest came from an
/// earlier, interrupted one), and per line index the outputs left without a score.
/// </summary>
public sealed record ScoreSummary(int Lines, int Outputs, int ScoredNow, IReadOnlyList<(long Index, int Failed, string FirstError)> FailedRows);

/// <summary>
/// Scores every output of a file and writes the lines with <c>score</c> added to each output (and <c>score_error</c>,
/// <c>judgement</c> where a judge gave them) and <c>scorer</c> to each line. The input is streamed: read, scored and
/// written a chunk at a time, so memory holds one chunk whatever the file's size (a first pass counts and checks the
/// lines). Lines go to <c>OUT.partial</c> as they are done, flushed to disk; when all are there it is renamed to
/// <c>OUT</c>. A rerun after an interruption keeps the partial file's complete lines (a torn last line is cut) and
/// scores only the rest; it must be the same scorer and input.
/// </summary>
public static class ScoreRun
{
    public static string PartialPath(string output) => output + ".partial";

    /// <remarks>
    /// <c>chunkOutputs</c>: outputs handed to the scorer at a time (lines are whole: a chunk may hold more).
    /// <paramref name="cancel"/> reaches the scorer: a judge abandons the requests of the chunk in progress at once (a
    /// reward model finishes its chunk), the chunk's lines are not written, and the run ends with an
    /// <see cref="OperationCanceledException"/>; the partial file holds only the complete lines of earlier chunks.
    /// </remarks>
    public static ScoreSummary Run(string inputPath, string output, IOutputScorer scorer, int chunkOutputs,
        Action<ScoreProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkOutputs, 1);
        JsonObject description = scorer.Describe();
        if (File.Exists(output))
            throw new WpoException($"{output}: already exists (a finished score run); delete it or choose another --output.");
        string partial = PartialPath(output);
        int total = ScoreInput.Read(inputPath).Count();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var journal = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        using (IEnumerator<OutputLine> input = ScoreInput.Read(inputPath).GetEnumerator())
        {
            var failed = new List<(long, int, string)>();
            int lines = 0, outputs = 0, scoredNow = 0, failures = 0;
            foreach (OutputLine line in Resume(journal, partial, description, input, total))
            {
                Count(line, failed, ref failures);
                outputs += line.Outputs.Count;
                lines++;
            }

            var chunk = new List<OutputLine>();
            int chunkSize = 0;
            while (input.MoveNext())
            {
                chunk.Add(input.Current);
                chunkSize += input.Current.Outputs.Count;
                if (chunkSize < chunkOutputs) continue;
                Flush();
            }
            if (chunk.Count > 0) Flush();
            journal.Dispose(); // closed before the rename
            File.Move(partial, output);
            return new ScoreSummary(lines, outputs, scoredNow, failed);

            void Flush()
            {
                cancel.ThrowIfCancellationRequested();
                var requests = chunk.SelectMany(line => Enumerable.Range(0, line.Outputs.Count)
                    .Select(i => new ScoreRequest(line.Prompt, line.Messages, line.Text(i), line.Reference))).ToList();
                // Results are written only once the whole chunk has them: a cancelled chunk leaves nothing half-written.
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
                progress?.Invoke(new ScoreProgress(lines, total, outputs, failures));
            }
        }
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
    /// The complete lines of an interrupted run's partial file, one at a time (a last line without its newline is cut
    /// off), each checked to come from the same scorer, with <paramref name="input"/> moved past as many lines; the
    /// last must be the input's line at its position. The journal is left at its end, ready to append.
    /// </summary>
    static IEnumerable<OutputLine> Resume(FileStream journal, string partial, JsonObject description, IEnumerator<OutputLine> input, int total)
    {
        OutputLine? last = null;
        foreach (OutputLine line in OutputLine.ReadCompleteLines(journal, partial))
        {
            if (!JsonNode.DeepEquals(line.Json["scorer"], description))
                throw new WpoException(
                    $"{line.Where}: written by another scorer ({line.Json["scorer"]?.ToJsonString() ?? "none"}, now {description.ToJsonString()}); delete it to start again.");
            if (!input.MoveNext())
                throw new WpoException($"{partial}: its last line is not in the input ({total} lines): it was scored from another input; delete it to start again.");
            last = line;
            yield return line;
        }
        if (last is not null && last.Prompt != input.Current.Prompt)
            throw new WpoException($"{partial}: its last line is not {input.Current.Where} (another prompt): it was scored from another input; delete it to start again.");
        journal.Seek(0, SeekOrigin.End);
    }
}
