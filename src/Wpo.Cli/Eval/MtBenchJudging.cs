using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Data;
using Wpo.Evaluation;
using Wpo.Judging;
using Wpo.Text;

namespace Wpo.Cli.Eval;

/// <summary>
/// The judging loop of <c>wpo eval mt-bench</c> and <c>mt-bench-pair</c>: the pending matches in chunks, each
/// match's conversations sent to the judge together, a row appended to the judgement file for each match whose
/// requests all got a reply; a match whose request failed (after the client's retries) is left out, so a rerun
/// asks it again.
/// </summary>
static class MtBenchJudging
{
    /// <summary>Judges <paramref name="pending"/>; returns how many matches had a failed request.</summary>
    public static int Run<T>(IAnsiConsole console, IMessageJudge judge, MtBenchJournal journal, IReadOnlyList<T> pending, int chunkSize,
        Func<T, IReadOnlyList<IReadOnlyList<ChatMessage>>> conversations, Func<T, IReadOnlyList<string>, JsonObject> row, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        int done = 0, failed = 0;
        foreach (var chunk in pending.Chunk(Math.Max(1, chunkSize)))
        {
            var asked = chunk.Select(conversations).ToList();
            var replies = judge.ReplyAsync([.. asked.SelectMany(c => c)], cancel).GetAwaiter().GetResult();
            int next = 0;
            for (int m = 0; m < chunk.Length; m++)
            {
                var mine = replies.Skip(next).Take(asked[m].Count).ToList();
                next += asked[m].Count;
                if (mine.FirstOrDefault(r => r.Content is null) is { } error)
                {
                    failed++;
                    console.MarkupLineInterpolated($"[yellow]judge request failed[/] ({error.Error}); left for a rerun");
                    continue;
                }
                journal.Write(row(chunk[m], [.. mine.Select(r => r.Content!)]));
            }
            done += chunk.Length;
            console.WriteLine($"judged {done}/{pending.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        return failed;
    }

    /// <summary>FastChat's <c>judge</c> field: [judge model, prompt name].</summary>
    public static JsonArray JudgeField(IMessageJudge judge, string promptName) => [judge.Name, promptName];

    /// <summary>A resumed row must be this judge's: its <c>judge</c> field's first element is the judge's name.</summary>
    public static void RequireJudge(RawRow row, IMessageJudge judge)
    {
        string? name = row.Fields.TryGetValue("judge", out object? value) && value is IReadOnlyList<object?> { Count: 2 } pair ? pair[0] as string : null;
        if (name is null) throw new WpoException($"{row.Origin}: 'judge' is not a [judge, prompt] pair.");
        if (name != judge.Name) throw new WpoException($"{row.Origin}: judged by {name}, now {judge.Name}; give another --output or delete the file to judge again.");
    }

    /// <summary>The (question, turn) key of a judgement row.</summary>
    public static (int QuestionId, int Turn) Key(RawRow row) => (MtBenchRows.Int(row, "question_id"), MtBenchRows.Int(row, "turn"));
}
