using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>Anthropic HH transcripts: the prompt is the common prefix of both transcripts up to its last "\n\nAssistant:".</summary>
public class HhTranscriptAdapterTests
{
    static PreferenceRecord Adapt(string chosen, string rejected) =>
        PreferenceAdapters.Adapt(DataSchema.HhTranscripts, new RawRow(new Dictionary<string, object?> { ["chosen"] = chosen, ["rejected"] = rejected }, new RowOrigin("hh.jsonl", 4)));

    [Theory]
    [InlineData("\n\nHuman: q\n\nAssistant: a\n\nHuman: more\n\nAssistant: b", "\n\nHuman: q\n\nAssistant: c", "a\n\nHuman: more\n\nAssistant: b", "c")]
    [InlineData("\n\nHuman: q\n\nAssistant: c", "\n\nHuman: q\n\nAssistant: a\n\nHuman: more\n\nAssistant: b", "c", "a\n\nHuman: more\n\nAssistant: b")]
    [InlineData("\n\nHuman: q\n\nAssistant: Sure, yes", "\n\nHuman: q\n\nAssistant: Sure, no", "Sure, yes", "Sure, no")]
    public void AnAnswerThatRunsOnIntoMoreTurnsKeepsThePromptBothShare(string chosen, string rejected, string chosenAnswer, string rejectedAnswer)
    {
        PreferenceRecord record = Adapt(chosen, rejected);
        Assert.Equal([new Wpo.Text.ChatMessage("user", "q")], record.Prompt);
        Assert.Equal(chosenAnswer, Assert.Single(record.Chosen).Content);
        Assert.Equal(rejectedAnswer, Assert.Single(record.Rejected).Content);
    }

    [Fact]
    public void SharedTurnsBeforeTheAnswersBecomeThePrompt()
    {
        PreferenceRecord record = Adapt("\n\nHuman: q\n\nAssistant: a\n\nHuman: r\n\nAssistant: yes", "\n\nHuman: q\n\nAssistant: a\n\nHuman: r\n\nAssistant: no");
        Assert.Equal(["user: q", "assistant: a", "user: r"], record.Prompt.Select(message => $"{message.Role}: {message.Content}"));
    }

    [Fact]
    public void TranscriptsThatDifferBeforeTheFirstAnswerAreAPromptMismatch()
    {
        var error = Assert.Throws<BadRowException>(() => Adapt("\n\nHuman: q\n\nAssistant: a", "\n\nHuman: other\n\nAssistant: b"));
        Assert.Equal(BadRowReason.PromptMismatch, error.Reason);
        Assert.Contains("hh.jsonl row 4", error.Message);
        error = Assert.Throws<BadRowException>(() => Adapt("\n\nHuman: q\n\nAssistant: a", "\n\nHuman: q"));
        Assert.Equal(BadRowReason.MissingField, error.Reason);
        Assert.Contains("'rejected'", error.Message);
    }
}
