using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Whitespace control as transformers configures Jinja: trim_blocks, lstrip_blocks, <c>-</c> and <c>+</c> on tags, comments and raw blocks.
/// Expected outputs were produced by Python Jinja2 3.1 with the same settings.
/// </summary>
public sealed class WhitespaceControlTests
{
    [Theory]
    [InlineData("{% if true %}\n  yes\n{% endif %}\n  {% if true %}\n    indented\n  {% endif %}\nend", "  yes\n    indented\nend")]
    [InlineData("\t{% if true %}\ntab\n\t{%- endif %}", "tab")]
    [InlineData("{{ 'a' }}\n  {% if true %}\nb\n  {% endif %}", "a\nb\n")]
    [InlineData("{% for i in [1,2] %}\n  - {{ i }}\n{% endfor %}", "  - 1\n  - 2\n")]
    [InlineData("  {{ 'var' }}\n  {% set q = 1 %}", "  var\n")]
    [InlineData("  {% if true %}x{% endif %}  {% if true %}y{% endif %}", "x  y")]
    [InlineData("{% if true %}   \nnext{% endif %}", "   \nnext")]
    [InlineData("text with trailing newline", "text with trailing newline")]
    [InlineData("a  {%- if true -%}  b  {%- endif -%}  c", "abc")]
    [InlineData("a  {{- 'x' -}}  b {{ 'y' }}  \n  {{ 'z' }}", "axb y  \n  z")]
    [InlineData("line1\n    {%+ if true %}kept{% endif %}\n  {% if true +%}\nnext\n{% endif %}", "line1\n    kept\nnext\n")]
    [InlineData("{%- for i in [1,2] -%}\n  {{ i }}\n{%- endfor %}\n\ntrailing", "12\ntrailing")]
    [InlineData("a {% if true -%}\n   b {%- endif %} c", "a b c")]
    [InlineData("{%- if true %}\n{{ 'v' }}\n{% endif -%}\n   end", "v\nend")]
    [InlineData("  {# comment #}\nx {# c2 -#}   \ny\n  {#- c3 #}z", "x yz")]
    [InlineData("a\n  {#- x #}\nb", "ab")]
    [InlineData("{# multi\nline #}\nafter", "after")]
    [InlineData("x {#- c -#} y", "xy")]
    [InlineData("x{# c #}\ny", "xy")]
    [InlineData("{% raw %}{{ not rendered }}{% endraw %}|{%- raw -%}  {{ x }}  {%- endraw -%}  |", "{{ not rendered }}|{{ x }}|")]
    [InlineData("  {% raw %}\n  raw {{ x }}\n  {% endraw %}\nafter", "\n  raw {{ x }}\nafter")]
    [InlineData("{% raw -%}\n   x\n{%- endraw %}", "x")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
