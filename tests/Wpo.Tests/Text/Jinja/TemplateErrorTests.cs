using Wpo.Text.Jinja;
using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>Parse and render errors are <see cref="TemplateException"/>s that name the line and column where Jinja fails.</summary>
public sealed class TemplateErrorTests
{
    [Theory]
    [InlineData("{% if x %}unclosed", 1, 19, "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    [InlineData("line one\n{% endfor %}", 2, 4, "Encountered unknown tag 'endfor'.")]
    [InlineData("{% for x in y %}\n  {% endif %}\n{% endfor %}", 2, 6, "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")]
    [InlineData("{{ 'x' | nosuchfilter }}", 1, 10, "No filter named 'nosuchfilter'.")]
    [InlineData("a\n\n  {{ x is nosuchtest }}", 3, 11, "No test named 'nosuchtest'.")]
    [InlineData("{{ 1 + }}", 1, 8, "unexpected end of print statement")]
    [InlineData("{% break %}", 1, 4, "'break' outside of a loop")]
    [InlineData("{% include 'other.jinja' %}", 1, 4, "The 'include' tag is not supported by this chat-template interpreter.")]
    [InlineData("{{ (1, 2] }}", 1, 9, "unexpected ']', expected ')'")]
    [InlineData("{# never closed", 1, 1, "Missing end of comment tag")]
    [InlineData("x {{ 'never closed", 1, 6, "unterminated string literal")]
    [InlineData("{% macro m(a=1, b) %}{% endmacro %}", 1, 17, "non-default argument follows default argument")]
    public void Parse_errors_name_line_and_column(string template, int line, int column, string description)
    {
        var error = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(template, TemplateOptions.Transformers, "chat.jinja"));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(description, error.Description);
        Assert.Equal($"Chat template error in 'chat.jinja' at line {line}, column {column}: {description}", error.Message);
    }

    [Theory]
    [InlineData("{{ foo.bar }}", 1, 7, "'foo' is undefined")]
    [InlineData("{% set m = {'a': 1} %}\n{{ m.b.c }}", 2, 7, "'dict object' has no attribute 'b'")]
    [InlineData("{{ messages[5].role }}", 1, 15, "list object has no element 5")]
    [InlineData("\n  {{ raise_exception('System role not supported') }}", 2, 21, "System role not supported")]
    [InlineData("{{ 1 + 'a' }}", 1, 6, "unsupported operand type(s) for +: 'int' and 'str'")]
    [InlineData("{{ 'a' + 1 }}", 1, 8, "can only concatenate str (not \"int\") to str")]
    [InlineData("{{ x + 1 }}", 1, 6, "'x' is undefined")]
    [InlineData("{{ 1 / 0 }}", 1, 6, "division by zero")]
    [InlineData("{{ 5 // 0 }}", 1, 6, "integer division or modulo by zero")]
    [InlineData("{% for a, b in [(1, 2, 3)] %}{% endfor %}", 1, 4, "too many values to unpack (expected 2)")]
    [InlineData("{% for x in 5 %}{% endfor %}", 1, 13, "'int' object is not iterable")]
    [InlineData("{{ undefined_thing|tojson }}", 1, 20, "Object of type Undefined is not JSON serializable")]
    [InlineData("{{ [1, 2] | selectattr('a') | length }}", 1, 31, "object of type 'generator' has no len()")]
    [InlineData("{% set x = 1 %}{% set x.attr = 2 %}", 1, 19, "cannot assign attribute 'attr' on 'x', which is not a namespace()")]
    [InlineData("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", 1, 35, "macro 'm' takes not more than 1 argument(s)")]
    [InlineData("{{ range(100001) | length }}", 1, 9, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).")]
    [InlineData("{{ range(-9223372036854775807, 9223372036854775807) | length }}", 1, 9, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).")]
    [InlineData("{{ 'abc'.split('') }}", 1, 15, "empty separator")]
    public void Render_errors_name_line_and_column(string template, int line, int column, string description)
    {
        var parsed = JinjaTemplate.Parse(template, TemplateOptions.Transformers);
        var error = Assert.Throws<TemplateException>(() => parsed.Render(new Dictionary<string, object?> { ["messages"] = new List<object?>() }, () => Now));
        Assert.Equal(description, error.Description);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Null(error.TemplateName);
        Assert.StartsWith($"Chat template error at line {line}, column {column}: ", error.Message);
    }

    [Fact]
    public void Unknown_filters_inside_conditions_fail_only_when_they_run()
    {
        Assert.Equal("fine", Render("{% if false %}{{ x | groupby('a') }}{% else %}fine{% endif %}"));
        Assert.Equal("1", Render("{{ (x | nosuch) if false else 1 }}"));
        var error = Assert.Throws<TemplateException>(() => Render("{% if true %}{{ x | nosuch }}{% endif %}"));
        Assert.Equal((1, 21, "No filter named 'nosuch' found."), (error.Line, error.Column, error.Description));
        var parseError = Assert.Throws<TemplateException>(() => Render("{% if false %}{% for i in x %}{{ i | nosuch }}{% endfor %}{% endif %}"));
        Assert.Equal("No filter named 'nosuch'.", parseError.Description);
    }

    [Fact]
    public void Template_errors_are_WpoExceptions()
    {
        WpoException error = Assert.Throws<TemplateException>(() => Render("{{ raise_exception('stop') }}"));
        Assert.EndsWith(": stop", error.Message);
    }

    [Fact]
    public void Deeply_nested_expressions_fail_cleanly_instead_of_overflowing_the_stack()
    {
        string template = "{{ " + new string('(', 500) + "1" + new string(')', 500) + " }}";
        var error = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(template, TemplateOptions.Transformers));
        Assert.Equal("expression nested too deeply", error.Description);
    }

    [Fact]
    public void Unbounded_macro_recursion_fails_cleanly()
    {
        var error = Assert.Throws<TemplateException>(() => Render("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"));
        Assert.Contains("maximum recursion depth exceeded", error.Description);
    }
}
