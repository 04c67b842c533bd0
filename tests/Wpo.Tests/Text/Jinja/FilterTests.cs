using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// The built-in filters templates use, with Jinja's defaults and quirks.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class FilterTests
{
    [Theory]
    [InlineData("{{ '  a b  '|trim }}|{{ 'xxaxx'|trim('x') }}|{{ 'hello world'|title }}|{{ \"they're bill's-friends (x)\"|title }}|{{ 'hELLO'|capitalize }}|{{ 'a'|upper }}{{ 'B'|lower }}|{{ 'aaa'|replace('a','b',2) }}", "a b|a|Hello World|They're Bill's-Friends (X)|Hello|Ab|bba")]
    [InlineData("{{ 'abc'|center(9) }}|{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar'|truncate(9, true) }}|{{ 'a b c'|wordcount }}|{{ '<a href=\"x\">&</a>'|e }}|{{ 'x'|safe }}|{{ {'a':1}|attr('a') }}", "   abc   |hello...|hello ...|3|&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;|x|")]
    [InlineData("{{ \"a\\nb\\n\\nc\"|indent }}|{{ \"a\\nb\"|indent(2, true) }}|{{ \"a\\n\\nb\"|indent(2, blank=true) }}|{{ \"a\\nb\"|indent('> ') }}|{{ 'x'|indent(first=true) }}|{{ ''|indent }}|{{ 'a\\n'|indent }}|", "a\n    b\n\n    c|  a\n  b|a\n  \n  b|a\n> b|    x||a\n|")]
    [InlineData("{{ 1|string }}{{ none|string }}{{ [1, 'a']|string }}|{{ \"%s-%s\"|format(1, 2) }}|{{ \"A B\"|lower|replace(\" \", \"_\") }}{{ 'abc'[0]|upper }}", "1None[1, 'a']|1-2|a_bA")]
    [InlineData("{{ '42'|int }}{{ '4.7'|int }}{{ 'x'|int }}{{ 3.9|int }}{{ 'x'|int(7) }}{{ '0x1A'|int(0, 16) }}|{{ '1.5'|float }}{{ 'x'|float }}{{ 2|float }}", "42403726|1.50.02.0")]
    [InlineData("{{ '0b11'|int(0, 0) }}|{{ '-0x1f'|int(base=0) }}|{{ '0o17'|int(base=0) }}|{{ '42'|int(base=0) }}|{{ '0X1A'|int(0, 16) }}", "3|-31|15|42|26")]
    [InlineData("{{ -3|abs }}|{{ 2.567|round(2) }}|{{ 2.5|round }}|{{ 3|round }}|{{ 2.1|round(0, 'ceil') }}|{{ 2.9|round(0, 'floor') }}|{{ [1,2,3]|sum }}|{{ [{'v':1},{'v':2}]|sum(attribute='v') }}|{{ [3,1,2]|min }}{{ [3,1,2]|max }}|{{ ['a','B']|max }}", "3|2.57|2.0|3|3.0|2.0|6|3|13|B")]
    [InlineData("{{ 2.675|round(2) }}|{{ 0.125|round(2) }}|{{ 0.375|round(2) }}|{{ -0.4|round }}|{{ 1234.5|round(-1) }}|{{ 1250.0|round(-2) }}|{{ 5|round(-1) }}|{{ 15|round(-1) }}|{{ -25|round(-1) }}|{{ 7|round(2) }}|{{ 1e300|round(2) }}|{{ 0.1|round(400) }}|{{ 5e-324|round(330) }}", "2.67|0.12|0.38|-0.0|1230.0|1200.0|0|20|-20|7|1e+300|0.1|5e-324")]
    [InlineData("{{ [1,2]|join(',') }}|{{ [1, 2] | join }}|{{ ['a', 'b'] | map('upper') | join }}|{{ 'abc'|length }}|{{ [3,1,2]|sort }}|{{ [3,1,2]|sort(reverse=true) }}|{{ ['b','A','a']|sort }}|{{ ['b','A','a']|sort(case_sensitive=true) }}", "1,2|12|AB|3|[1, 2, 3]|[3, 2, 1]|['A', 'a', 'b']|['A', 'a', 'b']")]
    [InlineData("{{ x|default('d') }}|{{ ''|default('d') }}|{{ ''|default('d', true) }}|{{ [1,2,3]|first }}|{{ [1,2,3]|last }}|{{ 'abc'|list }}|{{ {'a':1}|list }}|{{ [1,2,3]|map('string')|join('-') }}", "d||d|1|3|['a', 'b', 'c']|['a']|1-2-3")]
    [InlineData("{{ [{'n':'a'},{'n':'b'}]|map(attribute='n')|list }}|{{ [{'n':'a'},{}]|map(attribute='n', default='z')|list }}|{{ [1,2,3,4]|select('odd')|list }}|{{ [1,2,3,4]|reject('odd')|list }}|{{ [0, 1, '', 'a']|select|list }}", "['a', 'b']|['a', 'z']|[1, 3]|[2, 4]|[1, 'a']")]
    [InlineData("{{ [{'r':'u','c':1},{'r':'a','c':2}]|selectattr('r','equalto','u')|list }}|{{ [{'r':'u'},{'r':'a'}]|rejectattr('r','equalto','u')|list }}|{{ {'b':1,'a':2}|items|list }}|{{ {'b':1,'a':2}|dictsort }}|{{ {'b':1,'a':2}|dictsort(by='value') }}", "[{'r': 'u', 'c': 1}]|[{'r': 'a'}]|[('b', 1), ('a', 2)]|[('a', 2), ('b', 1)]|[('b', 1), ('a', 2)]")]
    [InlineData("{{ [1,2,2,1]|unique|list }}|{{ [1,2,3]|reverse|list }}|{{ 'abc'|reverse }}|{{ [1,2,3,4,5]|batch(2)|list }}|{{ [{'a': 2}, {'a': 1}]|sort(attribute='a') }}", "[1, 2]|[3, 2, 1]|cba|[[1, 2], [3, 4], [5]]|[{'a': 1}, {'a': 2}]")]
    [InlineData("{{ [1,2,3]|count }}{{ x|d('dv') }}{{ '<b>'|escape }}{{ '<i>'|forceescape }}{{ [3, 4]|first|string }}", "3dv&lt;b&gt;&lt;i&gt;3")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ (messages|selectattr('role', 'equalto', 'user')|list)[0].content }}{{ messages|map(attribute='role')|join(',') }}|{% if messages|selectattr('role', 'equalto', 'none') %}generators-are-true{% endif %}", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}", "hiuser,assistant|generators-are-true")]
    public void Renders_context_like_Jinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, Render(template, contextJson));
}
