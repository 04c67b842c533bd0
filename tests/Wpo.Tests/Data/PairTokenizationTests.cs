using Wpo.Data;

namespace Wpo.Tests.Data;

/// <summary>TRL 0.9 tokenize_row rules on synthetic ids (the golden tests check them on real tokenizers).</summary>
public class PairTokenizationTests
{
    const int Bos = 1, Eos = 2;

    internal static TokenizedPair Pair(int[] prompt, int[] chosenFull, int[] rejectedFull, int maxLength = 100, int maxPromptLength = 50, TruncationMode mode = TruncationMode.KeepEnd) =>
        PairTokenization.Build(prompt, chosenFull, rejectedFull, Bos, Eos, maxLength, maxPromptLength, mode, new RowOrigin("t", 0));

    [Fact]
    public void AddsBosAndEosAndMasksThePrompt()
    {
        var pair = Pair([10, 11], [10, 11, 20, 21], [10, 11, 30]);
        Assert.Equal([1, 10, 11], pair.PromptIds);
        Assert.Equal([1, 10, 11, 20, 21, 2], pair.ChosenIds);
        Assert.Equal([-100, -100, -100, 20, 21, 2], pair.ChosenLabels);
        Assert.Equal([1, 10, 11, 30, 2], pair.RejectedIds);
        Assert.Equal([-100, -100, -100, 30, 2], pair.RejectedLabels);
        Assert.Equal(new PairLengths(3, 3, 2), pair.Untruncated);
        Assert.False(pair.PromptTruncated || pair.AnswerTruncated);
    }

    [Fact]
    public void NoDoubleBosOrEos()
    {
        var pair = Pair([Bos, 10], [Bos, 10, 20, Eos], [Bos, 10, 30, Eos]);
        Assert.Equal([Bos, 10, 20, Eos], pair.ChosenIds);
        Assert.Equal([Bos, 10], pair.PromptIds);
    }

    [Fact]
    public void MergeAtTheBoundaryMovesItOneTokenLeft()
    {
        // "ab" + "c" encodes as [a, bc]: the prompt's last token merged with the answer.
        var pair = Pair([10, 11], [10, 99, 20], [10, 11, 30]);
        Assert.Equal(2, pair.ChosenPromptLength);           // BOS + 10
        Assert.Equal([1, 10, 99, 20, 2], pair.ChosenIds);
        Assert.Equal([-100, -100, 99, 20, 2], pair.ChosenLabels);
        Assert.Equal(3, pair.RejectedPromptLength);
        Assert.Equal([1, 10], pair.PromptIds);               // the shorter of the two prompt parts
    }

    [Fact]
    public void PromptsDifferingInMoreThanTheLastTokenAreABadRow()
    {
        var error = Assert.Throws<BadRowException>(() => Pair([10, 11, 12], [97, 98, 99, 20], [10, 11, 12, 30]));
        Assert.Equal(BadRowReason.PromptMismatch, error.Reason);
    }

    [Theory]
    [InlineData(TruncationMode.KeepEnd, new[] { 14, 15 })]
    [InlineData(TruncationMode.KeepStart, new[] { 1, 10 })]
    public void LongPromptKeepsItsEndOrStart(TruncationMode mode, int[] keptPrompt)
    {
        int[] prompt = [10, 11, 12, 13, 14, 15];
        var pair = Pair(prompt, [.. prompt, 20], [.. prompt, 30], maxLength: 6, maxPromptLength: 2, mode: mode);
        Assert.Equal(keptPrompt, pair.ChosenIds[..2]);
        Assert.Equal([.. keptPrompt, 20, 2], pair.ChosenIds);
        Assert.Equal(keptPrompt, pair.PromptIds);
        Assert.True(pair.PromptTruncated);
        Assert.False(pair.AnswerTruncated);
    }

    [Fact]
    public void LongAnswersAreCutToMaxLengthMinusMaxPromptLength()
    {
        int[] answer = Enumerable.Range(20, 10).ToArray();
        var pair = Pair([10], [10, .. answer], [10, 30], maxLength: 8, maxPromptLength: 4);
        Assert.Equal([1, 10, 20, 21, 22, 23], pair.ChosenIds);  // 8 − 4 = 4 answer tokens, EOS cut off
        Assert.Equal([1, 10, 30, 2], pair.RejectedIds);       // shorter than the cut: unchanged
        Assert.True(pair.AnswerTruncated);
        Assert.Equal(11, pair.Untruncated.Chosen);
    }

    [Fact]
    public void NullBosAndEosAddNothing()
    {
        var pair = PairTokenization.Build([10], [10, 20], [10, 30], null, null, 10, 5, TruncationMode.KeepEnd, new RowOrigin("t", 0));
        Assert.Equal([10, 20], pair.ChosenIds);
        Assert.Equal(1, pair.ChosenPromptLength);
    }
}
