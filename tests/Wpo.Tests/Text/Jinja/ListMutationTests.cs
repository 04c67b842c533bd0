using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// List mutators, which templates sometimes call on lists held in a namespace. transformers' immutable sandbox
/// refuses them (SecurityError); this interpreter allows them, as the project's templates may rely on them.
/// </summary>
public sealed class ListMutationTests
{
    [Theory]
    [InlineData("{% set ns = namespace(l=[]) %}{% for m in ['a', 'b'] %}{% set _ = ns.l.append(m) %}{% endfor %}{{ ns.l }}", "['a', 'b']")]
    [InlineData("{% set l = [1] %}{% set _ = l.extend([2, 3]) %}{% set _ = l.insert(0, 0) %}{{ l.pop() }}{{ l }}", "3[0, 1, 2]")]
    [InlineData("{% set l = ['a', 'b', 'a'] %}{% set _ = l.remove('a') %}{{ l }}{{ l.copy() is sameas l }}", "['b', 'a']False")]
    [InlineData("{% set l = [1, 2] %}{{ l.append(3) }}{{ l }}", "None[1, 2, 3]")]
    public void Mutators_change_the_list(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void Popping_an_empty_list_fails()
    {
        var error = Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render("{{ [].pop() }}"));
        Assert.Equal("pop from empty list", error.Description);
    }
}
