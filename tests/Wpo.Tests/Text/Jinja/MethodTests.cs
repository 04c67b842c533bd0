using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Python str, dict, list and tuple methods called from templates.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class MethodTests
{
    [Theory]
    [InlineData("{{ '  x  '.strip() }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'a b c'.split(' ', 1) }}|{{ 'a b c'.rsplit(' ', 1) }}|{{ '  a b  c  '.rsplit(None, 1) }}", "x|['a', 'b', '', 'c']|['a', 'b']|['a', 'b c']|['a b', 'c']|['  a b', 'c']")]
    [InlineData("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith(('x','c')) }}|{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}|{{ 'a-b'.replace('-', '+') }}|{{ \"they're\".title() }}|{{ 'xxhixx'.lstrip('x') }}{{ 'xxhixx'.rstrip('x') }}|{{ '\\nhi\\n'.strip('\\n') }}", "TrueTrue|ABab|a+b|They'Re|hixxxxhi|hi")]
    [InlineData("{{ 'hello'.find('l') }}{{ 'hello'.rfind('l') }}{{ 'hello'.count('l') }}{{ 'hello'.find('z') }}|{{ '-'.join(['a','b']) }}|{{ 'a\\nb\\r\\nc'.splitlines() }}|{{ '5'.zfill(3) }}{{ 'ab'.ljust(4, '.') }}{{ 'ab'.rjust(4) }}|{{ 'a=b=c'.partition('=') }}", "232-1|a-b|['a', 'b', 'c']|005ab..  ab|('a', '=', 'b=c')")]
    [InlineData("{{ 'prefix-x'.removeprefix('prefix-') }}{{ 'x.txt'.removesuffix('.txt') }}|{{ '{} and {name}'.format(1, name='n') }}|{{ 'abc'.isalpha() }}{{ '12'.isdigit() }}{{ ' '.isspace() }}|{{ 'hello'.capitalize() }}", "xx|1 and n|TrueTrueTrue|Hello")]
    [InlineData("{% set content = '<think>\\nreason\\n</think>\\n\\nanswer' %}{{ content.split('</think>')[-1].lstrip('\\n') }}|{{ content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}", "answer|reason")]
    [InlineData("{{ {'a':1}.get('a') }}{{ {'a':1}.get('b') }}{{ {'a':1}.get('b', 2) }}|{{ {'a':1,'b':2}.values()|list }}|{{ {'a':1}.items()|list }}|{{ {'items': 1}.items() }}", "1None2|[1, 2]|[('a', 1)]|dict_items([('items', 1)])")]
    [InlineData("{% for k, v in {'name': 'f', 'return': 'r', 'x': 1}.items() if k != 'return' %}{{ k }}={{ v }};{% endfor %}", "name=f;x=1;")]
    [InlineData("{{ [1, 2, 1].index(2) }}{{ [1, 2, 1].count(1) }}{{ (1, 2).index(2) }}", "121")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
