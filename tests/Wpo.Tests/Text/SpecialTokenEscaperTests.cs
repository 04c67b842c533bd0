using Wpo.Text;

namespace Wpo.Tests.Text;

public sealed class SpecialTokenEscaperTests
{
    static readonly string[] Specials = ["<|eot_id|>", "<|eot|>", "</s>"];

    [Fact]
    public void Escape_then_restore_gives_back_the_text_with_each_special_string_protected()
    {
        var escaper = new SpecialTokenEscaper(Specials, ["{{ messages }}"], ["a <|eot_id|> b</s>"]);
        string escaped = escaper.Escape("a <|eot_id|> b</s>");
        Assert.DoesNotContain("<|", escaped);
        Assert.DoesNotContain("</s>", escaped);
        ChatText restored = escaper.Restore("<|eot|>X" + escaped + "<|eot|>");
        Assert.Equal("<|eot|>Xa <|eot_id|> b</s><|eot|>", restored.Text);
        Assert.Equal([(10, 10), (22, 4)], restored.ProtectedSpans);
    }

    [Fact]
    public void Nested_values_are_escaped_and_text_without_specials_is_left_alone()
    {
        var escaper = new SpecialTokenEscaper(Specials, [], []);
        var value = (Dictionary<string, object?>)escaper.EscapeValue(new Dictionary<string, object?> { ["list"] = new List<object?> { "x</s>", 3L }, ["n"] = null })!;
        Assert.DoesNotContain("</s>", (string)((List<object?>)value["list"]!)[0]!);
        Assert.Equal(3L, ((List<object?>)value["list"]!)[1]);
        Assert.Same("plain", escaper.Escape("plain"));
        Assert.Empty(escaper.Restore("plain").ProtectedSpans);
    }

    [Fact]
    public void The_marker_avoids_private_use_characters_already_present()
    {
        var escaper = new SpecialTokenEscaper(Specials, ["\uE000 template"], ["\uE001 content </s>"]);
        string escaped = escaper.Escape("\uE001 content </s>");
        Assert.Equal("\uE001 content \uE0022\uE002", escaped);
        ChatText restored = escaper.Restore("\uE000 " + escaped);
        Assert.Equal("\uE000 \uE001 content </s>", restored.Text);
        Assert.Equal([(12, 4)], restored.ProtectedSpans);
    }

    [Fact]
    public void A_placeholder_cut_by_the_template_is_an_error()
    {
        var escaper = new SpecialTokenEscaper(Specials, [], []);
        string escaped = escaper.Escape("x</s>");
        Assert.Contains("SpecialTokensInContent.Parse", Assert.Throws<WpoException>(() => escaper.Restore(escaped[..^1])).Message);
    }
}
