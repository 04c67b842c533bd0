using System.Text.Json.Nodes;
using Wpo.Judging;

namespace Wpo.Tests.Judging;

/// <summary>
/// AlpacaEval's weighted judge against a server on 127.0.0.1: the request AlpacaEval sends, log-probabilities turned
/// into preferences with the order switch undone, text-only replies, garbage and HTTP errors each a row's failure.
/// </summary>
public sealed class AlpacaPairJudgeTests
{
    /// <summary>Prefers whichever output holds "GOOD", with p = 0.9 on its identifier; "garbage" questions get a useless reply.</summary>
    static CannedReply Judge(int _, JsonObject request)
    {
        string user = request["messages"]![1]!["content"]!.GetValue<string>();
        if (user.Contains("garbage", StringComparison.Ordinal)) return Completion("The", [("The", -0.1), ("Both", -2.5)]);
        if (user.Contains("broken", StringComparison.Ordinal)) return new CannedReply(400, "{\"error\":\"bad request\"}");
        string shownFirst = user.Split("\"model_identifier\": \"m\"")[1].Split("\"model_identifier\": \"M\"")[0];
        bool firstIsGood = shownFirst.Contains("GOOD", StringComparison.Ordinal);
        return Completion(firstIsGood ? "m" : "M", [(firstIsGood ? "m" : "M", Math.Log(0.9)), (firstIsGood ? "M" : "m", Math.Log(0.1))]);
    }

    static CannedReply Completion(string content, (string Token, double Logprob)[] top) => new(200, new JsonObject
    {
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["logprobs"] = new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject
                {
                    ["token"] = content,
                    ["logprob"] = top[0].Logprob,
                    ["top_logprobs"] = new JsonArray([.. top.Select(t => (JsonNode)new JsonObject { ["token"] = t.Token, ["logprob"] = t.Logprob })]),
                }),
            },
        }),
    }.ToJsonString());

    /// <summary>A server answering with the given function, a client of it configured as AlpacaEval's judge, and the judge.</summary>
    sealed class Setup : IDisposable
    {
        public Setup(Func<int, JsonObject, CannedReply> answer)
        {
            Server = new CannedChatServer(answer);
            var options = AlpacaPairJudge.Configure(new ChatCompletionsOptions
            {
                Endpoint = ChatCompletionsOptions.EndpointFor(Server.BaseUrl),
                Model = "judge-test",
                MaxAttempts = 2,
                FirstBackoff = TimeSpan.FromMilliseconds(10),
            });
            Client = new ChatCompletionsClient(options);
            Judge = new AlpacaPairJudge(Client, options);
        }

        public CannedChatServer Server { get; }
        public ChatCompletionsClient Client { get; }
        public AlpacaPairJudge Judge { get; }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }

    [Fact]
    public async Task LogprobsGiveWeightedPreferencesWithTheSwitchUndone()
    {
        using var setup = new Setup(Judge);
        var judge = setup.Judge;
        var server = setup.Server;
        var cancel = TestContext.Current.CancellationToken;
        var switches = new List<bool>();
        for (int i = 0; i < 12; i++)
        {
            bool modelIsGood = i % 2 == 0;
            var result = await judge.JudgeAsync($"question {i}", modelIsGood ? "reference" : "reference GOOD", modelIsGood ? "model GOOD" : "model", cancel);
            Assert.Null(result.Error);
            Assert.Equal(modelIsGood ? 1.9 : 1.1, result.Preference!.Value, 9);
            switches.Add(result.Switched);
        }
        Assert.Contains(true, switches);
        Assert.Contains(false, switches);
        JsonObject sent = server.Requests[0];
        Assert.Equal(1, sent["max_tokens"]!.GetValue<int>());
        Assert.Equal(1.0, sent["temperature"]!.GetValue<double>());
        Assert.True(sent["logprobs"]!.GetValue<bool>());
        Assert.Equal(5, sent["top_logprobs"]!.GetValue<int>());
        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task GarbageAndErrorsAreFailuresOfTheirRow()
    {
        using var setup = new Setup(Judge);
        var judge = setup.Judge;
        var cancel = TestContext.Current.CancellationToken;

        var garbage = await judge.JudgeAsync("garbage question", "a", "b", cancel);
        Assert.Null(garbage.Preference);
        Assert.Contains("neither 'm' nor 'M'", garbage.Error);
        Assert.NotNull(garbage.RawCompletion!["top_logprobs"]);

        var broken = await judge.JudgeAsync("broken question", "a", "b", cancel);
        Assert.Null(broken.Preference);
        Assert.Contains("HTTP 400", broken.Error);
    }

    [Fact]
    public async Task TextRepliesWithoutLogprobsAreBinary()
    {
        using var setup = new Setup((_, request) =>
        {
            string user = request["messages"]![1]!["content"]!.GetValue<string>();
            string shownFirst = user.Split("\"model_identifier\": \"M\"")[0];
            return CannedReply.Completion(shownFirst.Contains("model GOOD", StringComparison.Ordinal) ? "m" : "M");
        });
        var judge = setup.Judge;
        var result = await judge.JudgeAsync("question 3", "reference", "model GOOD", TestContext.Current.CancellationToken);
        Assert.Equal(2.0, result.Preference);
    }
}
