namespace Wpo.Judging;

/// <summary>
/// How <see cref="ChatCompletionsClient"/> talks to an OpenAI-compatible server: where, which model, the key, the
/// sampling of the reply, and how hard to try.
/// </summary>
public sealed record ChatCompletionsOptions
{
    /// <summary>The chat-completions URL (see <see cref="EndpointFor"/>).</summary>
    public required Uri Endpoint { get; init; }

    public required string Model { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer KEY</c>; none for local servers that need none.</summary>
    public string? ApiKey { get; init; }

    public double Temperature { get; init; }

    public int MaxTokens { get; init; } = 1024;

    /// <summary>When set, asks for <c>logprobs</c> and this many <c>top_logprobs</c> per token (AlpacaEval's weighted judge asks for 5).</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>Requests in flight at once, at most.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Tries per request: 429, 408, 5xx, timeouts and connection failures are tried again.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait before the second try, doubled before each later one (a server's Retry-After wins).</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one try may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The endpoint of a base URL as OpenAI clients take it (<c>http://host:8000/v1</c> → <c>…/v1/chat/completions</c>);
    /// a URL already ending in <c>/chat/completions</c> is kept.
    /// </summary>
    public static Uri EndpointFor(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) || parsed.Scheme is not ("http" or "https"))
            throw new WpoException($"--judge-url {url}: not an http or https URL.");
        string trimmed = url.TrimEnd('/');
        return trimmed.EndsWith("/chat/completions", StringComparison.Ordinal) ? new Uri(trimmed) : new Uri(trimmed + "/chat/completions");
    }
}
