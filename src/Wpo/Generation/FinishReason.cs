namespace Wpo.Generation;

/// <summary>Why a generated sequence ended.</summary>
public enum FinishReason
{
    /// <summary>The model emitted one of the end-of-sequence ids (kept as the last token).</summary>
    Eos,

    /// <summary>The token budget (<c>max_new_tokens</c>, or what <c>max_length</c> leaves after the prompt) ran out.</summary>
    Length,

    /// <summary>The decoded text came to contain a stop string; the text is cut where it begins.</summary>
    StopString,
}

/// <summary>The names the output files use: <c>eos</c>, <c>length</c>, <c>stop_string</c>.</summary>
public static class FinishReasonNames
{
    public static string NameOf(FinishReason reason) => reason switch
    {
        FinishReason.Eos => "eos",
        FinishReason.Length => "length",
        FinishReason.StopString => "stop_string",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
