using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// How values print: Python <c>str()</c>/<c>repr()</c> of lists, dicts, tuples, None/True/False and floats.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class ValueFormattingTests
{
    [Theory]
    [InlineData("{{ [1,'a',None,True,1.0, {'k': (1,)}] }}", "[1, 'a', None, True, 1.0, {'k': (1,)}]")]
    [InlineData("{{ (1,2) }}|{{ () }}|{{ (1,) }}|{{ {} }}|{{ [] }}", "(1, 2)|()|(1,)|{}|[]")]
    [InlineData("{{ \"it's\" }}|{{ [\"it's\", 'say \"hi\"', 'both \\' \"'] }}|{{ ['tab\\tnl\\n\\\\'] }}", "it's|[\"it's\", 'say \"hi\"', 'both \\' \"']|['tab\\tnl\\n\\\\']")]
    [InlineData("{{ True }}{{ False }}{{ None }}{{ none }}{{ true }}", "TrueFalseNoneNoneTrue")]
    [InlineData("{{ {'a':1,'b':2}.keys() }}|{{ {'a':1}.items() }}|{{ {'a':1}.values() }}", "dict_keys(['a', 'b'])|dict_items([('a', 1)])|dict_values([1])")]
    [InlineData("{{ [('a', 1), ('b', 2)] }}", "[('a', 1), ('b', 2)]")]
    [InlineData("{{ 1.0 }} {{ 100.0 }} {{ -0.0 }} {{ 1e100 }} {{ 3.14159 }} {{ 2.0 ** 0.5 }} {{ 1/3 }} {{ 10/4 }} {{ 1e15 }} {{ 1e16 }}", "1.0 100.0 -0.0 1e+100 3.14159 1.4142135623730951 0.3333333333333333 2.5 1000000000000000.0 1e+16")]
    [InlineData("{{ 1e16 }} {{ 1e-5 }} {{ 0.1+0.2 }} {{ 123456789.123 }} {{ 0.0001 }} {{ 0.00001234 }} {{ 1e22 }} {{ 12345678901234567.0 }} {{ 1.5e300*1e10 }}", "1e+16 1e-05 0.30000000000000004 123456789.123 0.0001 1.234e-05 1e+22 1.2345678901234568e+16 inf")]
    [InlineData("{{ \"\\x41\\u00e9\\n\\t\\\\ \\q\" }}|{{ 'a' 'b' \"c\" }}|{{ \"\\r\\n\" }}|{{ 'a\\\nb' }}|{{ \"multi\nline\" }}", "Aé\n\t\\ \\q|abc|\r\n|ab|multi\nline")]
    [InlineData("{{ {'a': 1, } }}{{ [1, 2, ] }}{{ f(1, ) if false else 'ok' }}", "{'a': 1}[1, 2]ok")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
