using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Evaluation;
using Wpo.Generation;
using Wpo.Judging;
using Wpo.Tests.Cli;
using Wpo.Tests.Judging;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Evaluation;

/// <summary>
/// <c>wpo eval mt-bench</c> and <c>mt-bench-pair</c> end to end on the golden llama model: answers and judgements in
/// FastChat's JSONL layout (keys and types of the real granite files), turn 2 answered after the model's own turn 1,
/// a local golden judge and a judge endpoint on 127.0.0.1 (ratings, a failed request, garbage), resume, and the
/// pairwise swap on an endpoint with a consistent and a position-biased verdict.
/// </summary>
[Collection(nameof(ConsoleOutput))]
public sealed class MtBenchCommandTests
{


    static string Granite(string file) => SharedFolders.Data("mt_bench/instructlab_granite/" + file);

    /// <summary>A JSON value's keys (in order) and value kinds, arrays by their first element.</summary>
    static string Shape(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().Select(p => $"{p.Name}:{Shape(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + (element.GetArrayLength() > 0 ? Shape(element[0]) : "") + "]",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => element.ValueKind.ToString(),
    };

    static string FirstShape(string path) => Shape(JsonDocument.Parse(File.ReadLines(path).First()).RootElement);

    static JsonElement[] Rows(string path) => [.. File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    static string[] Run(string folder, params string[] extra) =>
        ["eval", "mt-bench", SharedFolders.GoldenLlama, "--tokenizer", SharedFolders.Tokenizer211, "--output", folder, "--limit", "2", "--max-new-tokens", "6", .. extra];

    [Fact]
    public void A_golden_model_judged_by_a_golden_model_writes_fastchat_files_and_resumes()
    {
        using var folder = new TemporaryFolder();
        string[] args = Run(folder.Path, "--judge-model", SharedFolders.GoldenLlama, "--judge-tokenizer", SharedFolders.Tokenizer211, "--judge-max-tokens", "6");
        var (code, output, error) = CliRun.Wpo(args);
        Assert.True(code == 0, error + output);
        string answers = Path.Combine(folder.Path, "model_answer", "llama.jsonl"), judgements = Path.Combine(folder.Path, "model_judgment", "llama_single.jsonl");
        Assert.Equal(FirstShape(Granite("granite-7b-lab_answers.jsonl")), FirstShape(answers));
        Assert.Equal(FirstShape(Granite("gpt-4_single.jsonl")), FirstShape(judgements));
        var answerRows = Rows(answers);
        Assert.Equal([81, 82], answerRows.Select(r => r.GetProperty("question_id").GetInt32()));
        Assert.All(answerRows, r => Assert.Equal(22, r.GetProperty("answer_id").GetString()!.Length));
        var judged = Rows(judgements);
        Assert.Equal(["81/1/single-v1", "81/2/single-v1-multi-turn", "82/1/single-v1", "82/2/single-v1-multi-turn"],
            judged.Select(r => $"{r.GetProperty("question_id")}/{r.GetProperty("turn")}/{r.GetProperty("judge")[1]}").Order());
        Assert.All(judged, r => Assert.Equal("llama", r.GetProperty("judge")[0].GetString()));
        Assert.All(judged, r => Assert.Equal(MtBenchJudgment.ParseRating(r.GetProperty("judgment").GetString()!), r.GetProperty("score").GetDouble()));
        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "mt_bench_scores.json")))!;
        Assert.Equal(4, (int)scores["mt_bench_rated"]! + (int)scores["mt_bench_parse_failures"]!);

        // Turn 2 was answered after the model's own turn 1: the same draw from that conversation gives the same text.
        var question = MtBenchQuestion.Read(SharedFolders.Data("mt_bench/mt_bench/question.jsonl"))[0];
        string[] turns = [.. answerRows[0].GetProperty("choices")[0].GetProperty("turns").EnumerateArray().Select(t => t.GetString()!)];
        using (var model = new LocalChatModel(SharedFolders.GoldenLlama, null, SharedFolders.Tokenizer211, ScalarType.Float32))
        {
            var settings = model.Defaults with { DoSample = true, Temperature = 0.7, MaxNewTokens = 6, StopStrings = [], SamplesPerPrompt = 1, Seed = 42 };
            ChatMessage[] conversation = [new("user", question.Turns[0]), new("assistant", turns[0]), new("user", question.Turns[1])];
            Assert.Equal(turns[1], model.Reply([new ChatRequest(conversation, question.QuestionId, 1)], settings)[0]);
            Assert.Equal(turns[0], model.Reply([new ChatRequest(conversation[..1], question.QuestionId, 0)], settings)[0]);
        }

        // A rerun asks nothing; with one judgement gone and a torn line it asks only that one.
        (code, output, error) = CliRun.Wpo(args);
        Assert.True(code == 0, error + output);
        Assert.Contains("answering 0", output);
        Assert.Contains("asking llama for 0", output);
        string[] lines = File.ReadAllLines(judgements);
        File.WriteAllText(judgements, string.Join("\n", lines[..3]) + "\n{\"question_id\": 8");
        (code, output, error) = CliRun.Wpo(args);
        Assert.True(code == 0, error + output);
        Assert.Contains("asking llama for 1", output);
        Assert.Equal(4, File.ReadAllLines(judgements).Length);
        Assert.Equal(2, File.ReadAllLines(answers).Length);
    }

    [Fact]
    public void An_endpoint_judge_gets_fastchats_requests_and_its_failures_are_asked_again()
    {
        using var folder = new TemporaryFolder();
        var question = MtBenchQuestion.Read(SharedFolders.Data("mt_bench/mt_bench/question.jsonl"))[0];
        CannedReply First(int _, JsonObject body)
        {
            string user = (string)body["messages"]![1]!["content"]!;
            bool firstQuestion = user.Contains(question.Turns[0], StringComparison.Ordinal), multiTurn = user.Contains("Conversation with User", StringComparison.Ordinal);
            return (firstQuestion, multiTurn) switch
            {
                (true, false) => CannedReply.Completion("Helpful. Rating: [[7]]"),
                (true, true) => new CannedReply(400, """{"error": "bad request"}"""),
                (false, false) => CannedReply.Completion("no rating in this reply"),
                (false, true) => CannedReply.Completion("Rating: [[9]]"),
            };
        }
        string[] args;
        using (var server = new CannedChatServer(First))
        {
            args = Run(folder.Path, "--judge-url", server.BaseUrl, "--judge-model", "gpt-4");
            var (code, output, error) = CliRun.Wpo(args);
            Assert.True(code == 1, error + output);
            Assert.Contains("1 matches not judged", output);
            Assert.Equal(4, server.Requests.Count);
            Assert.All(server.Requests, body =>
            {
                Assert.Equal("gpt-4", (string)body["model"]!);
                Assert.Equal(0, (double)body["temperature"]!);
                Assert.Equal(2048, (int)body["max_tokens"]!);
                Assert.Equal(["system", "user"], body["messages"]!.AsArray().Select(m => (string)m!["role"]!));
            });
        }
        string judgements = Path.Combine(folder.Path, "model_judgment", "gpt-4_single.jsonl");
        Assert.Equal(3, File.ReadAllLines(judgements).Length);
        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "mt_bench_scores.json")))!;
        Assert.Equal(8.0, (double)scores["mt_bench_score"]!);
        Assert.Equal(1, (int)scores["mt_bench_parse_failures"]!);

        using (var server = new CannedChatServer((_, _) => CannedReply.Completion("[[5]]")))
        {
            args[Array.IndexOf(args, "--judge-url") + 1] = server.BaseUrl;
            var (code, output, error) = CliRun.Wpo(args);
            Assert.True(code == 0, error + output);
            Assert.Single(server.Requests);
            Assert.Contains("Conversation with User", (string)server.Requests[0]["messages"]![1]!["content"]!);
        }
        scores = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "mt_bench_scores.json")))!;
        Assert.Equal(7.0, (double)scores["mt_bench_score"]!);
        Assert.Equal(3, (int)scores["mt_bench_rated"]!);
    }

    [Fact]
    public void Pairwise_judging_swaps_the_order_and_counts_fastchats_wins_losses_and_ties()
    {
        using var folder = new TemporaryFolder();
        string granite = Granite("granite-7b-lab_answers.jsonl");
        string other = folder.File("other.jsonl", string.Concat(MtBenchAnswer.Read(granite).Select(a =>
            (a with { ModelId = "other", Turns = [.. a.Turns.Select((_, t) => $"I do not know ({a.QuestionId}, {t}).")] }).ToJson().ToJsonString() + "\n")));
        var questions = MtBenchQuestion.Read(SharedFolders.Data("mt_bench/mt_bench/question.jsonl"));
        CannedReply Verdict(int _, JsonObject body)
        {
            string user = (string)body["messages"]![1]!["content"]!;
            bool multiTurn = user.Contains("Conversation with User", StringComparison.Ordinal);
            if (user.Contains(questions[0].Turns[0], StringComparison.Ordinal))
            {
                // Always prefers granite: a consistent verdict in both orders.
                bool otherIsA = user.IndexOf("I do not know", StringComparison.Ordinal) < user.IndexOf("The Start of Assistant B", StringComparison.Ordinal);
                return CannedReply.Completion(otherIsA ? "[[B]]" : "[[A]]");
            }
            return CannedReply.Completion(multiTurn ? "garbage" : "[[A]]"); // position bias on turn 1, no verdict on turn 2
        }
        using var server = new CannedChatServer(Verdict);
        var (code, output, error) = CliRun.Wpo("eval", "mt-bench-pair", granite, other, "--limit", "2", "--output", folder.Path, "--judge-url", server.BaseUrl, "--judge-model", "gpt-4");
        Assert.True(code == 0, error + output);
        Assert.Equal(8, server.Requests.Count);
        var rows = Rows(Path.Combine(folder.Path, "model_judgment", "gpt-4_pair.jsonl"));
        Assert.Equal(4, rows.Length);
        Assert.Equal("{question_id:Number,model_1:String,model_2:String,g1_winner:String,g2_winner:String,judge:[String],g1_user_prompt:String,g1_judgment:String," +
            "g2_user_prompt:String,g2_judgment:String,turn:Number,tstamp:Number}", Shape(rows[0]));
        var byMatch = rows.ToDictionary(r => $"{r.GetProperty("question_id")}/{r.GetProperty("turn")}", r => $"{r.GetProperty("g1_winner")} {r.GetProperty("g2_winner")} {r.GetProperty("judge")[1]}");
        Assert.Equal("model_1 model_1 pair-v2", byMatch["81/1"]);
        Assert.Equal("model_1 model_1 pair-v2-multi-turn", byMatch["81/2"]);
        Assert.Equal("model_1 model_2 pair-v2", byMatch["82/1"]);
        Assert.Equal("error error pair-v2-multi-turn", byMatch["82/2"]);
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "mt_bench_pair.json")))!;
        Assert.Equal("instructlab/granite-7b-lab", (string)result["model_1"]!);
        Assert.Equal((2, 0, 1, 1), ((int)result["win"]!, (int)result["loss"]!, (int)result["tie"]!, (int)result["errors"]!));
        Assert.Equal(2.5 / 3, (double)result["win_rate_adjusted"]!, 1e-12);
    }
}
