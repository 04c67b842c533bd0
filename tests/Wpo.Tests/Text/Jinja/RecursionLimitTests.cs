using Wpo.Text.Jinja;
using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Where Python raises RecursionError, this interpreter raises a <see cref="TemplateException"/>: a stack overflow
/// would end the whole process. Self-containing values print and serialise as Python prints and serialises them.
/// </summary>
public sealed class RecursionLimitTests
{
    const string DeepList = "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = [ns.l] %}{% endfor %}";
    const string SelfContainingList = "{% set l = [] %}{% set _ = l.append(l) %}";

    static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    [Fact]
    public void Deeply_nested_blocks_fail_to_parse()
    {
        string template = Repeat("{% if true %}", 100_000) + "x" + Repeat("{% endif %}", 100_000);
        var error = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(template, TemplateOptions.Transformers));
        Assert.Equal("blocks nested too deeply", error.Description);
    }

    [Fact]
    public void A_long_chain_of_conditional_expressions_fails_to_parse() =>
        Assert.Equal("expression nested too deeply", Assert.Throws<TemplateException>(() => Render("{{ " + Repeat("1 if false else ", 200) + "2 }}")).Description);

    [Theory]
    [InlineData("+ 1")]
    [InlineData("| string")]
    public void A_long_operator_or_filter_chain_fails_to_render(string link) =>
        Assert.Equal("maximum recursion depth exceeded", Assert.Throws<TemplateException>(() => Render("{{ 1 " + Repeat(link + " ", 200_000) + "}}")).Description);

    [Fact]
    public void Block_nesting_past_the_capture_limit_is_a_template_error() =>
        Assert.Contains("maximum recursion depth exceeded",
            Assert.Throws<TemplateException>(() => Render(Repeat("{% filter upper %}", 101) + "x" + Repeat("{% endfilter %}", 101))).Description);

    [Theory]
    [InlineData("{{ ns.l }}", "maximum recursion depth exceeded while getting the repr of an object")]
    [InlineData("{{ ns.l | tojson }}", "maximum recursion depth exceeded while encoding a JSON object")]
    [InlineData("{{ ns.l == [ns.l] }}", "maximum recursion depth exceeded in comparison")]
    public void Deeply_nested_values_fail_to_print_serialise_or_compare(string use, string description) =>
        Assert.Equal(description, Assert.Throws<TemplateException>(() => Render(DeepList + use)).Description);

    [Fact]
    public void Self_containing_values_print_as_python_prints_them()
    {
        Assert.Equal("[[...]]", Render(SelfContainingList + "{{ l }}"));
        Assert.Equal("<Namespace {'a': <Namespace {...}>}>", Render("{% set ns = namespace() %}{% set ns.a = ns %}{{ ns }}"));
        Assert.Equal("Circular reference detected", Assert.Throws<TemplateException>(() => Render(SelfContainingList + "{{ l | tojson }}")).Description);
    }
}
