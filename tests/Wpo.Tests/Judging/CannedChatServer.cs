using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Wpo.Tests.Judging;

/// <summary>One canned answer: an HTTP status, a body, an optional Retry-After (seconds) and a delay before answering.</summary>
sealed record CannedReply(int Status, string Body, int? RetryAfter = null, TimeSpan Delay = default)
{
    /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
    public static CannedReply Completion(string content) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
    }.ToJsonString());
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: each request is answered on its own task by
/// <c>answer(request number, request body)</c>; it records the requests and the most that were in flight at once.
/// </summary>
sealed class CannedChatServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly Func<int, JsonObject, CannedReply> answer;
    readonly List<JsonObject> requests = [];
    readonly Task loop;
    int inFlight, count;

    public CannedChatServer(Func<int, JsonObject, CannedReply> answer)
    {
        this.answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public string BaseUrl { get; }

    public int MaxInFlight { get; private set; }

    public IReadOnlyList<JsonObject> Requests
    {
        get { lock (requests) return [.. requests]; }
    }

    async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    async Task Answer(HttpListenerContext context)
    {
        int now = Interlocked.Increment(ref inFlight);
        lock (requests) MaxInFlight = Math.Max(MaxInFlight, now);
        try
        {
            string text = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            var body = (JsonObject)JsonNode.Parse(text)!;
            int number;
            lock (requests)
            {
                requests.Add(body);
                number = count++;
            }
            CannedReply reply = answer(number, body);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay);
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is int seconds) context.Response.AddHeader("Retry-After", $"{seconds}");
            byte[] bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up on this request (a timeout test): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
