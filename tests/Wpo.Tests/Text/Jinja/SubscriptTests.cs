using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Attribute and item access, negative indices and slices on strings and lists (by code point, as Python).
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class SubscriptTests
{
    [Theory]
    [InlineData("{{ 'hello'[1:-1] }}|{{ 'hello'[-1] }}|{{ 'hello'[::2] }}|{{ [1,2,3,4,5][-2:] }}|{{ [1,2,3,4,5][:-2] }}|{{ [1,2,3,4,5][::-2] }}", "ell|o|hlo|[4, 5]|[1, 2, 3]|[5, 3, 1]")]
    [InlineData("{{ 'hello'[10:] }}|{{ [1,2][5] }}|{{ 'abc'[-10:2] }}|{{ [1,2,3][3:0:-1] }}|{{ [1,2,3][::-1] }}|{{ 'abc'[::-1] }}", "||ab|[3, 2]|[3, 2, 1]|cba")]
    [InlineData("{{ (1, 2)[0] }}{{ [[1]][0][0] }}{{ {'a': {'b': 'c'}}.a.b }}{{ {'a': {'b': 'c'}}['a']['b'] }}{% set x = [1,2,3] %}{{ x[1:] }}{{ x.1 }}", "11cc[2, 3]2")]
    [InlineData("{{ 'é☕日本語'|length }}{{ '😀ab'|length }}{{ '😀ab'[1] }}{{ '😀ab'[::-1] }}{{ '😀ab'|list }}", "53aba😀['😀', 'a', 'b']")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ messages[0].content }}|{{ messages[0]['role'] }}|{{ messages[0].missing }}|{{ messages | length }}|{{ messages[-1].role }}", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}", "hi|user||2|assistant")]
    public void Renders_context_like_Jinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, Render(template, contextJson));
}
