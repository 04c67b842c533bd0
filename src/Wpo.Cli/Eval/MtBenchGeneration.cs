using Spectre.Console;
using Wpo.Cli.Generate;
using Wpo.Evaluation;
using Wpo.Generation;
using Wpo.Judging;
using Wpo.Text;

namespace Wpo.Cli.Eval;

/// <summary>
/// FastChat's <c>gen_model_answer.py</c> on a local model: each question's turns answered in order, turn k after the
/// conversation so far (the model's own earlier answers included) in the chat template; greedy where FastChat's
/// category temperature is 0, else sampled at that temperature with the model's other generation_config settings,
/// each turn's draws seeded by (seed, question id, turn). Each answered question is appended to the answer file, so a
/// rerun answers only the questions not in it.
/// </summary>
static class MtBenchGeneration
{
    public static IReadOnlyList<MtBenchAnswer> Run(IAnsiConsole console, LocalChatModel model, IReadOnlyList<MtBenchQuestion> questions, string modelId,
        string path, int maxNewTokens, long seed, int batchSize, CancellationToken cancel)
    {
        using var journal = MtBenchJournal.Open(path);
        var answers = journal.Rows.Select(row =>
        {
            var answer = MtBenchAnswer.From(row);
            return answer.ModelId == modelId ? answer : throw new WpoException($"{row.Origin}: an answer of {answer.ModelId}, not {modelId}; give another --output or --name.");
        }).GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.Last());
        var pending = questions.Where(q => !answers.ContainsKey(q.QuestionId)).ToList();
        console.WriteLine($"{path}: {answers.Count} of {questions.Count} questions already answered; answering {pending.Count} (max_new_tokens {maxNewTokens}, seed {seed}).");
        int done = 0;
        GenerationProgress.Run(console, pending.Count, 0, progress =>
        {
            foreach (var group in pending.GroupBy(q => MtBenchSampling.TemperatureOf(q.Category)))
            {
                var settings = model.Defaults with
                {
                    DoSample = MtBenchSampling.Samples(group.Key),
                    Temperature = MtBenchSampling.Samples(group.Key) ? group.Key : model.Defaults.Temperature,
                    MaxNewTokens = maxNewTokens,
                    StopStrings = [],
                    SamplesPerPrompt = 1,
                    Seed = seed,
                };
                foreach (var chunk in group.Chunk(Math.Max(1, batchSize)))
                {
                    cancel.ThrowIfCancellationRequested();
                    foreach (var answer in Answer(model, chunk, settings, modelId, progress.Tokens))
                    {
                        journal.Write(answer.ToJson());
                        answers[answer.QuestionId] = answer;
                    }
                    done += chunk.Length;
                    progress.Prompts(done);
                }
            }
        });
        return [.. questions.Select(q => answers[q.QuestionId])];
    }

    /// <summary>The answers to a chunk of questions decoded together, turn by turn.</summary>
    static IEnumerable<MtBenchAnswer> Answer(LocalChatModel model, IReadOnlyList<MtBenchQuestion> chunk, SamplingSettings settings, string modelId, Action<int> stepped)
    {
        var conversations = chunk.Select(_ => new List<ChatMessage>()).ToArray();
        var turns = chunk.Select(_ => new List<string>()).ToArray();
        for (int turn = 0; turn < chunk.Max(q => q.Turns.Count); turn++)
        {
            var rows = Enumerable.Range(0, chunk.Count).Where(i => turn < chunk[i].Turns.Count).ToList();
            foreach (int i in rows) conversations[i].Add(new ChatMessage("user", chunk[i].Turns[turn]));
            var replies = model.Reply([.. rows.Select(i => new ChatRequest([.. conversations[i]], chunk[i].QuestionId, turn))], settings, stepped);
            foreach (var (i, reply) in rows.Zip(replies))
            {
                conversations[i].Add(new ChatMessage("assistant", reply));
                turns[i].Add(reply);
            }
        }
        return chunk.Select((q, i) => MtBenchAnswer.Create(q.QuestionId, modelId, turns[i]));
    }
}
