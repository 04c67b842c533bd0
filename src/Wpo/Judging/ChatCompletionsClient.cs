using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wpo.Text;

namespace Wpo.Judging;

/// <summary>
/// A reply's content, or why there is none, and the tries it took; with <see cref="ChatCompletionsOptions.TopLogprobs"/>,
/// the top log-probabilities of the reply's first token when the endpoint returned them.
/// </summary>
public sealed record ChatReply(string? Content, string? Error, int Attempts, IReadOnlyList<(string Token, double Logprob)>? TopLogprobs = null);

/// <summary>
/// An OpenAI-compatible chat-completions client (OpenAI, vLLM, llama.cpp, TGI…): at most
/// <see cref="ChatCompletionsOptions.Concurrency"/> requests in flight, each tried again with exponential backoff on
/// 429, 408, 5xx, timeouts and connection failures. A reply that is not a chat completion and other 4xx answers are
/// that request's failure; 401, 403 and 404 stop everything (every request would fail the same way).
/// </summary>
public sealed class ChatCompletionsClient : IDisposable
{
    readonly ChatCompletionsOptions options;
    readonly HttpClient http;
    readonly SemaphoreSlim gate;

    public ChatCompletionsClient(ChatCompletionsOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        this.options = options;
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        gate = new SemaphoreSlim(options.Concurrency);
    }

    public async Task<ChatReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancel)
    {
        var request = new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
            ["temperature"] = options.Temperature,
            ["max_tokens"] = options.MaxTokens,
        };
        if (options.TopLogprobs is int top)
        {
            request["logprobs"] = true;
            request["top_logprobs"] = top;
        }
        string body = request.ToJsonString();
        string lastError = "";
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            await gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(options.Timeout);
                using var message = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (options.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using HttpResponseMessage response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return ReadContent(text) is { } content
                        ? new ChatReply(content, null, attempt, options.TopLogprobs is null ? null : ReadTopLogprobs(text))
                        : new ChatReply(null, $"the reply is not a chat completion: {Clip(text)}", attempt);
                int status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                    throw new WpoException($"{options.Endpoint}: HTTP {status} {response.ReasonPhrase} ({Clip(text)}); check the URL, --judge-model and the API key.");
                lastError = $"HTTP {status} {response.ReasonPhrase}: {Clip(text)}";
                if (!(status is 408 or 429 || status >= 500)) return new ChatReply(null, lastError, attempt);
                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                lastError = $"no reply within {options.Timeout.TotalSeconds:F0} s";
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }
            finally
            {
                gate.Release();
            }
            if (attempt == options.MaxAttempts) return new ChatReply(null, $"gave up after {attempt} tries: {lastError}", attempt);
            await Task.Delay(retryAfter ?? Backoff(attempt), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>The wait after try <paramref name="attempt"/>: the first backoff doubled per earlier retry, at most the maximum.</summary>
    TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(options.MaxBackoff.Ticks, options.FirstBackoff.Ticks * Math.Pow(2, attempt - 1)));

    /// <summary>A Retry-After header in seconds or as a date, capped at the maximum backoff.</summary>
    TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is DateTimeOffset date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, options.MaxBackoff.Ticks)) : null;
    }

    /// <summary><c>choices[0].message.content</c>, or null when the text is not a chat completion.</summary>
    static string? ReadContent(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["choices"] is JsonArray { Count: > 0 } choices
                && choices[0]?["message"]?["content"] is JsonValue content && content.TryGetValue(out string? value) ? value : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary><c>choices[0].logprobs.content[0].top_logprobs</c> as (token, logprob) pairs, or null when the reply has none.</summary>
    static List<(string, double)>? ReadTopLogprobs(string text)
    {
        try
        {
            if (JsonNode.Parse(text)?["choices"]?[0]?["logprobs"]?["content"] is not JsonArray { Count: > 0 } content
                || content[0]?["top_logprobs"] is not JsonArray top) return null;
            var pairs = new List<(string, double)>();
            foreach (JsonNode? entry in top)
                if (entry?["token"] is JsonValue token && token.TryGetValue(out string? name)
                    && entry["logprob"] is JsonValue logprob && logprob.TryGetValue(out double value))
                    pairs.Add((name, value));
            return pairs;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    static string Clip(string text)
    {
        string line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : string.Create(CultureInfo.InvariantCulture, $"{line[..200]}… ({line.Length} characters)");
    }

    public void Dispose()
    {
        http.Dispose();
        gate.Dispose();
    }
}
