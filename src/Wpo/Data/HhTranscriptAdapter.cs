using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Anthropic HH-RLHF rows: <c>chosen</c> and <c>rejected</c> are whole transcripts "\n\nHuman: …\n\nAssistant: …".
/// The prompt is the two transcripts' common prefix up to and including its last "\n\nAssistant:" (FIDELITY §2).
/// TRL's <c>extract_anthropic_prompt</c> cuts at the chosen transcript's own last marker instead, which differs when
/// one answer runs on into further turns: it would take those turns as prompt and slice the other transcript at the
/// wrong place. The turns become user/assistant messages with surrounding whitespace trimmed.
/// </summary>
static class HhTranscriptAdapter
{
    const string Human = "\n\nHuman:";
    const string Assistant = "\n\nAssistant:";

    public static PreferenceRecord Adapt(RawRow row)
    {
        string chosen = RowFields.RequireString(row, "chosen");
        string rejected = RowFields.RequireString(row, "rejected");
        RequireAssistantTurn(row, "chosen", chosen);
        RequireAssistantTurn(row, "rejected", rejected);
        int shared = chosen.AsSpan().CommonPrefixLength(rejected);
        int last = chosen.AsSpan(0, shared).LastIndexOf(Assistant, StringComparison.Ordinal);
        if (last < 0)
            throw new BadRowException(BadRowReason.PromptMismatch, row.Origin, "'chosen' and 'rejected' differ before their first \"\\n\\nAssistant:\"");
        string prompt = chosen[..(last + Assistant.Length)];
        return new PreferenceRecord(
            Turns(row, chosen[..last]),
            [new ChatMessage("assistant", chosen[prompt.Length..].Trim())],
            [new ChatMessage("assistant", rejected[prompt.Length..].Trim())],
            row.Origin);
    }

    static void RequireAssistantTurn(RawRow row, string key, string transcript)
    {
        if (!transcript.Contains(Assistant, StringComparison.Ordinal))
            throw new BadRowException(BadRowReason.MissingField, row.Origin, $"'{key}' has no \"\\n\\nAssistant:\" turn");
    }

    /// <summary>Splits "\n\nHuman: a\n\nAssistant: b\n\nHuman: c" into user/assistant messages.</summary>
    static List<ChatMessage> Turns(RawRow row, string transcript)
    {
        var turns = new List<ChatMessage>();
        int position = transcript.StartsWith(Human, StringComparison.Ordinal) ? 0 : -1;
        if (position < 0) throw new BadRowException(BadRowReason.MissingField, row.Origin, "the transcript does not begin with \"\\n\\nHuman:\"");
        while (position < transcript.Length)
        {
            bool human = string.CompareOrdinal(transcript, position, Human, 0, Human.Length) == 0;
            int start = position + (human ? Human.Length : Assistant.Length);
            int next = NextMarker(transcript, start);
            turns.Add(new ChatMessage(human ? "user" : "assistant", transcript[start..next].Trim()));
            position = next;
        }
        return turns;
    }

    static int NextMarker(string transcript, int from)
    {
        int human = transcript.IndexOf(Human, from, StringComparison.Ordinal);
        int assistant = transcript.IndexOf(Assistant, from, StringComparison.Ordinal);
        if (human < 0) human = transcript.Length;
        if (assistant < 0) assistant = transcript.Length;
        return Math.Min(human, assistant);
    }
}
