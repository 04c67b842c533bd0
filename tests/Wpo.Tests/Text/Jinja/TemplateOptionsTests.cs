using Wpo.Text.Jinja;

namespace Wpo.Tests.Text.Jinja;

/// <summary>Each lexer switch on its own, against Python Jinja2 3.1's output for the same source.</summary>
public sealed class TemplateOptionsTests
{
    const string Source = "  {% if true %}\n  x\n  {# c #}\n{% endif %}\n";

    [Theory]
    [InlineData(false, false, false, "  \n  x\n  \n")]
    [InlineData(false, false, true, "  \n  x\n  \n\n")]
    [InlineData(true, false, false, "    x\n  ")]
    [InlineData(false, true, false, "\n  x\n\n")]
    [InlineData(true, true, false, "  x\n")]
    public void Options_match_Jinja2(bool trimBlocks, bool lstripBlocks, bool keepTrailingNewline, string expected)
    {
        var options = new TemplateOptions(trimBlocks, lstripBlocks, keepTrailingNewline);
        Assert.Equal(expected, JinjaTemplate.Parse(Source, options).Render(new Dictionary<string, object?>(), () => DateTime.Now).Text);
    }

    [Fact]
    public void Transformers_options_trim_and_lstrip_blocks()
    {
        Assert.Equal(new TemplateOptions(TrimBlocks: true, LstripBlocks: true, KeepTrailingNewline: false), TemplateOptions.Transformers);
    }

    [Theory]
    [InlineData("a\r\nb\rc\n", "a\nb\nc")]
    [InlineData("{{ 'x' }}\r\n\r\n", "x\n")]
    public void Newlines_are_normalised_and_one_trailing_newline_dropped(string source, string expected)
    {
        Assert.Equal(expected, JinjaTemplate.Parse(source, TemplateOptions.Transformers).Render(new Dictionary<string, object?>(), () => DateTime.Now).Text);
    }
}
