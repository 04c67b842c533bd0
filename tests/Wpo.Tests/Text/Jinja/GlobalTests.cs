using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Globals: range, dict, namespace and strftime_now (on the injected clock).
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class GlobalTests
{
    [Theory]
    [InlineData("{{ range(3)|list }}{{ range(1,10,3)|list }}{{ range(5,0,-2)|list }}|{{ dict(a=1, b='x') }}|{{ namespace(a=1).a }}", "[0, 1, 2][1, 4, 7][5, 3, 1]|{'a': 1, 'b': 'x'}|1")]
    [InlineData("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M:%S %A %B %j %I%p %a %y') }}", "26 Jul 2024|2024-07-26 09:30:00 Friday July 208 09AM Fri 24")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));
}
