using Wpo.Text;

namespace Wpo.Tests.Text;

public sealed class ChatTextTests
{
    [Fact]
    public void Concatenation_shifts_the_right_spans()
    {
        var text = ChatText.Plain("ab") + ChatText.Protected("cd") + ChatText.Plain("e") + ChatText.Protected("fg");
        Assert.Equal("abcdefg", text.Text);
        Assert.Equal([(2, 2), (5, 2)], text.ProtectedSpans);
        Assert.True(text.StartsWith("abc"));
        Assert.False(text.StartsWith("b"));
    }

    [Fact]
    public void Substring_clips_and_shifts_the_spans()
    {
        var text = ChatText.Plain("ab") + ChatText.Protected("cd") + ChatText.Plain("e") + ChatText.Protected("fg");
        Assert.Equal([(0, 1), (2, 2)], text.Substring(3).ProtectedSpans);
        Assert.Equal("defg", text.Substring(3).Text);
        Assert.Equal([(0, 2)], text.Substring(5).ProtectedSpans);
        Assert.Empty(text.Substring(7).ProtectedSpans);
        Assert.Throws<ArgumentOutOfRangeException>(() => text.Substring(8));
    }

    [Fact]
    public void Plain_and_empty_texts_protect_nothing()
    {
        Assert.Empty(ChatText.Plain("<|eot_id|>").ProtectedSpans);
        Assert.Empty(ChatText.Protected("").ProtectedSpans);
        Assert.Equal([(0, 3)], ChatText.Protected("abc").ProtectedSpans);
    }
}
