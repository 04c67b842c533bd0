using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Block tags: for (loop variables, else, filters, unpacking, break/continue, recursion), if, set, namespace, with, macro, call, filter.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class StatementTests
{
    [Theory]
    [InlineData("{% for x in [1,2,3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }};{% endfor %}", "10TrueFalse332;21FalseFalse321;32FalseTrue310;")]
    [InlineData("{% for x in [] %}a{% else %}empty{% endfor %}|{% for x in [1,2,3,4] if x is even %}{{ x }}{{ loop.length }}{% endfor %}|{% for k, v in {'a':1,'b':2}.items() %}{{k}}={{v}},{% endfor %}", "empty|2242|a=1,b=2,")]
    [InlineData("{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}", "0134")]
    [InlineData("{% for a in [1,2] %}{% for b in 'xy' %}{{ loop.depth }}{{ a }}{{ b }}{{ loop.cycle('-','+') }}{% endfor %}{% endfor %}", "11x-11y+12x-12y+")]
    [InlineData("{% for x in [1,1,2] %}{% if loop.changed(x) %}{{ x }}{% endif %}{{ loop.previtem }}{{ loop.nextitem }};{% endfor %}", "11;12;21;")]
    [InlineData("{% for x in [[1,[2,3]],[4,[]]] recursive %}{{ x[0] if x is sequence and x|length == 2 and x[1] is sequence else x }}{% if x is sequence and x|length == 2 and x[1] is sequence and x[1] %}({{ loop(x[1]) }}){% endif %}{% endfor %}", "1(23)4")]
    [InlineData("{% set d = {'z': 1, 'a': 2} %}{% for k in d %}{{ k }}{% endfor %}{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}{% for a, b in [('a', 1), ('b', 2)] %}{{ a }}{{ b }}{% endfor %}{% for c in 'ab' %}{{ c }}{% endfor %}", "zaa2z1a1b2ab")]
    [InlineData("{% if 1 %}a{% elif 2 %}b{% else %}c{% endif %}{% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}{% if 0 %}a{% elif 0 %}b{% else %}c{% endif %}", "abc")]
    [InlineData("{% set x = 1 %}{% for i in [1,2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}", "231")]
    [InlineData("{% for i in range(3) %}{% set inner = i %}{% endfor %}[{{ inner }}]{% if true %}{% set visible = 1 %}{% endif %}{{ visible }}", "[]1")]
    [InlineData("{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]", "3[]")]
    [InlineData("{% set ns = namespace(total=0) %}{% for i in [1,2,3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}|{{ ns }}", "6|<Namespace {'total': 6}>")]
    [InlineData("{% set ns = namespace() %}{% set ns.index = 0 %}{% for m in [1, 2] %}{% set ns.index = ns.index + 1 %}{% endfor %}{{ ns.index }}", "2")]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set t = 1, %}{{ t }}", "12(1,)")]
    [InlineData("{% set block %}  inner {{ 1 + 1 }} {% endset %}[{{ block }}]{% set up | upper %}shout{% endset %}{{ up }}", "[  inner 2 ]SHOUT")]
    [InlineData("{% set x %}\n  body\n{% endset %}{{ x }}|", "  body\n|")]
    [InlineData("{%- set x = 'a' -%}\n{{- x -}}", "a")]
    [InlineData("{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet('Bob') }} {{ greet('Al', greeting='Hi') }} {{ greet(name='X') }}", "Hello, Bob! Hi, Al! Hello, X!")]
    [InlineData("{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inside{% endcall %}{% macro items(n) %}{% for i in range(n) %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(i) items(3) %}[{{ i }}]{% endcall %}", "<inside>[0][1][2]")]
    [InlineData("{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}", "1(2, 3){'k': 4}")]
    [InlineData("{% macro m(a, b) %}[{{ a }}{{ b }}]{% endmacro %}{{ m(1) }}", "[1]")]
    [InlineData("{% filter upper %}hello {{ 'world' }}{% endfilter %}|{% filter trim | upper %}  x  {% endfilter %}|{% filter replace('a', 'o') %}banana{% endfilter %}", "HELLO WORLD|X|bonono")]
    [InlineData("{% print 'a' ~ 'b' %}|{{ 'x', 1 }}", "ab|('x', 1)")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{% for m in messages %}\n{{ m.role }}: {{ m.content }}\n{% endfor %}\n", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}", "user: hi\nassistant: yo\n")]
    public void Renders_context_like_Jinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, Render(template, contextJson));
}
