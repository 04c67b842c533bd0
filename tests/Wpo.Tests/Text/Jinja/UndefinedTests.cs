using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Undefined values print empty, iterate empty and have length 0, as Jinja's default Undefined.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class UndefinedTests
{
    [Theory]
    [InlineData("{{ undefined_thing|length }}{{ undefined_thing|trim }}[{{ undefined_thing }}]{% for x in undefined_thing %}{% endfor %}{{ undefined_thing|list }}", "0[][]")]
    [InlineData("{{ undefined_thing ~ 'x' }}{{ undefined_thing == undefined_thing }}{{ undefined_thing is none }}{{ undefined_thing is defined }}{{ 'a' in undefined_thing }}", "xTrueFalseFalseFalse")]
    [InlineData("{{ none.x }}|{{ [].x }}|{{ 'x'.y }}|{{ {'a':1}['b'] }}|{{ {'a':1}.b is defined }}|{{ []|first }}|{{ undefined_thing|default('fallback') }}", "||||False||fallback")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
