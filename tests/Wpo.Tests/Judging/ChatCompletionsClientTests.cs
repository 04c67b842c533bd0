using System.Text.Json.Nodes;
using Wpo.Judging;
using Wpo.Text;

namespace Wpo.Tests.Judging;

/// <summary>The OpenAI-compatible client against a real HTTP server on 127.0.0.1: replies, retries, timeouts, garbage, the concurrency bound.</summary>
public sealed class ChatCompletionsClientTests
{
    static readonly ChatMessage[] Question = [new("user", "Rate this.")];

    static ChatCompletionsOptions Options(CannedChatServer server, int concurrency = 4, int attempts = 4, double timeoutSeconds = 10) => new()
    {
        Endpoint = ChatCompletionsOptions.EndpointFor(server.BaseUrl),
        Model = "judge-test",
        ApiKey = "sk-test",
        Concurrency = concurrency,
        MaxAttempts = attempts,
        FirstBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    [Fact]
    public async Task A_good_reply_gives_its_content_and_the_request_names_the_model()
    {
        using var server = new CannedChatServer((_, _) => CannedReply.Completion("Fine.\nScore: 5"));
        using var client = new ChatCompletionsClient(Options(server));
        ChatReply reply = await client.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Equal("Fine.\nScore: 5", reply.Content);
        Assert.Equal(1, reply.Attempts);
        JsonObject request = Assert.Single(server.Requests);
        Assert.Equal("judge-test", request["model"]!.GetValue<string>());
        Assert.Equal("Rate this.", request["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried_until_success()
    {
        using var server = new CannedChatServer((n, _) => n switch
        {
            0 => new CannedReply(429, """{"error":{"message":"rate limited"}}""", RetryAfter: 0),
            1 => new CannedReply(500, "internal error"),
            2 => new CannedReply(503, "overloaded"),
            _ => CannedReply.Completion("Score: 3"),
        });
        using var client = new ChatCompletionsClient(Options(server));
        ChatReply reply = await client.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Equal("Score: 3", reply.Content);
        Assert.Equal(4, reply.Attempts);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Giving_up_after_the_last_try_is_a_failure_naming_the_last_error()
    {
        using var server = new CannedChatServer((_, _) => new CannedReply(502, "bad gateway"));
        using var client = new ChatCompletionsClient(Options(server, attempts: 3));
        ChatReply reply = await client.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Null(reply.Content);
        Assert.Contains("gave up after 3 tries: HTTP 502", reply.Error);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_reply_too_slow_is_tried_again()
    {
        using var server = new CannedChatServer((n, _) => n == 0
            ? CannedReply.Completion("late") with { Delay = TimeSpan.FromSeconds(3) }
            : CannedReply.Completion("Score: 2"));
        using var client = new ChatCompletionsClient(Options(server, timeoutSeconds: 0.5));
        ChatReply reply = await client.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Equal("Score: 2", reply.Content);
        Assert.Equal(2, reply.Attempts);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"choices": []}""")]
    [InlineData("""{"choices": [{"message": {"role": "assistant"}}]}""")]
    public async Task Garbage_is_that_request_s_failure_not_retried(string body)
    {
        using var server = new CannedChatServer((_, _) => new CannedReply(200, body));
        using var client = new ChatCompletionsClient(Options(server));
        ChatReply reply = await client.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Null(reply.Content);
        Assert.Contains("not a chat completion", reply.Error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried_and_a_refused_key_stops_everything()
    {
        using var bad = new CannedChatServer((_, _) => new CannedReply(400, "context too long"));
        using var badClient = new ChatCompletionsClient(Options(bad));
        ChatReply reply = await badClient.CompleteAsync(Question, TestContext.Current.CancellationToken);
        Assert.Contains("HTTP 400", reply.Error);
        Assert.Single(bad.Requests);

        using var refused = new CannedChatServer((_, _) => new CannedReply(401, "invalid api key"));
        using var refusedClient = new ChatCompletionsClient(Options(refused));
        var error = await Assert.ThrowsAsync<WpoException>(() => refusedClient.CompleteAsync(Question, TestContext.Current.CancellationToken));
        Assert.Contains("HTTP 401", error.Message);
    }

    [Fact]
    public async Task No_more_requests_are_in_flight_than_the_bound()
    {
        using var server = new CannedChatServer((_, _) => CannedReply.Completion("Score: 4") with { Delay = TimeSpan.FromMilliseconds(100) });
        using var client = new ChatCompletionsClient(Options(server, concurrency: 3));
        ChatReply[] replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.CompleteAsync(Question, TestContext.Current.CancellationToken)));
        Assert.All(replies, reply => Assert.Equal("Score: 4", reply.Content));
        Assert.InRange(server.MaxInFlight, 2, 3);
    }

    [Theory]
    [InlineData("http://localhost:8000/v1", "http://localhost:8000/v1/chat/completions")]
    [InlineData("http://localhost:8000/v1/", "http://localhost:8000/v1/chat/completions")]
    [InlineData("https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/chat/completions")]
    public void Base_urls_become_the_chat_completions_endpoint(string url, string endpoint) =>
        Assert.Equal(endpoint, ChatCompletionsOptions.EndpointFor(url).ToString());

    [Fact]
    public void A_url_that_is_not_http_is_refused() =>
        Assert.Throws<WpoException>(() => ChatCompletionsOptions.EndpointFor("localhost:8000"));
}
