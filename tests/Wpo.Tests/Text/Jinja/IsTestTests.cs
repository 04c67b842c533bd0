using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// <c>is</c> tests: defined, none, string, mapping, iterable, number, comparisons…
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class IsTestTests
{
    [Theory]
    [InlineData("{{ x is defined }} {{ x is undefined }} {{ none is none }} {{ 'a' is string }} {{ {} is mapping }} {{ 'a' is iterable }} {{ 1 is number }} {{ true is number }} {{ 1 is integer }} {{ true is integer }} {{ 1.0 is float }} {{ [] is sequence }}", "False True True True True True True True True False True True")]
    [InlineData("{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 1 is sameas 1 }} {{ none is sameas none }} {{ 'a' is lower }} {{ 'A' is upper }} {{ 1 is eq 1 }} {{ 2 is gt 1 }} {{ range is callable }} {{ 'x' is in 'xyz' }} {{ true is boolean }} {{ false is false }} {{ x is not defined }}", "True True True True True True True True True True True True True True")]
    [InlineData("{{ x is defined and x }}|{{ x is not defined or y }}|{{ not x is defined }}|{{ 'upper' is filter }}{{ 'odd' is test }}|{{ [1] is iterable }}{{ 1 is iterable }}{{ none is mapping }}", "False|True|True|TrueTrue|TrueFalseFalse")]
    [InlineData("{{ 1 is ne 2 }}{{ 1 is lt 2 }}{{ 1 is lessthan 2 }}{{ 2 is le 2 }}{{ 3 is ge 2 }}{{ 3 is greaterthan 2 }}{{ 'a' is equalto 'a' }}{{ none is undefined }}|{{ [1, 2, 3]|select('==', 2)|list }}{{ [1, 2, 3]|select('>=', 2)|list }}{{ [1, 2, 3]|reject('<', 2)|list }}{{ [1, 2, 3]|select('!=', 2)|list }}", "TrueTrueTrueTrueTrueTrueTrueFalse|[2][2, 3][2, 3][1, 3]")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
