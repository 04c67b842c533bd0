using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// Arithmetic with Python's int/float rules, string formatting with <c>%</c>, comparisons, membership and conditionals.
/// Expected outputs were produced by Python Jinja2 3.1.
/// </summary>
public sealed class OperatorTests
{
    [Theory]
    [InlineData("{{ 7//2 }} {{ -7//2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 7/2 }} {{ 4/2 }} {{ 7.5//2 }} {{ -7.5 % 2 }} {{ 2**-1 }} {{ 10**15 }} {{ 2**3**2 }}", "3 -4 2 -2 3.5 2.0 3.0 0.5 0.5 1000000000000000 64")]
    [InlineData("{{ 'abc' * 2 }}{{ [1] * 3 }}{{ 3 * 'x' }}{{ 'a' ~ 1 ~ none ~ true }}{{ 1 + true }}{{ [1] + [2] }}", "abcabc[1, 1, 1]xxxa1NoneTrue2[1, 2]")]
    [InlineData("{{ -2 ** 2 }}{{ (-2) ** 2 }}{{ -1 }}{{ +1 }}{{ 3 - 1 }}{{ 1 - 0.5 }}", "44-1120.5")]
    [InlineData("{{ 1_000 + 0x10 + 0o10 + 0b11 }} {{ 1.5e3 }} {{ 1E2 }}", "1027 1500.0 100.0")]
    [InlineData("{{ '%s and %d and %.2f and %5s|%-5s|%05d|%x|%r' % ('a', 3, 2.5, 'r', 'l', 42, 255, 'q') }}", "a and 3 and 2.50 and     r|l    |00042|ff|'q'")]
    [InlineData("{{ '%(a)s-%(b)d' % {'a': 'x', 'b': 2} }}|{{ '%e|%g|%g|%g' % (12345.678, 0.00001234, 123456789, 1.5) }}|{{ \"%s\" % none }}{{ \"%d%%\" % 5 }}", "x-2|1.234568e+04|1.234e-05|1.23457e+08|1.5|None5%")]
    [InlineData("{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 'a' in 'abc' }} {{ 'd' not in 'abc' }} {{ 2 in [1,2] }} {{ 'k' in {'k':1} }} {{ 1 == 1.0 }} {{ true == 1 }}", "True False True True True True True True")]
    [InlineData("{{ [1,2] == [1,2] }} {{ {'a':1,'b':2} == {'b':2,'a':1} }} {{ 'a' < 'b' }} {{ [1,2] < [1,3] }} {{ none == none }} {{ (1,2) == [1,2] }} {{ 1 != 2 }} {{ 2 >= 2 }}", "True True True True True False True True")]
    [InlineData("{{ 'yes' if 1 else 'no' }}|{{ 'yes' if 0 else 'no' }}|{{ 'yes' if 0 }}|{{ 0 or 'x' }}|{{ 1 and 'y' }}|{{ not 0 }}|{{ none or [] }}|{{ 1 if x is defined else 2 }}", "yes|no||x|y|True|[]|2")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ 12 // 0.1 }}|{{ 4.5 // 0.01 }}|{{ -1 // -0.99 }}|{{ 2.0 // -1 }}|{{ -0.0 // 2.0 }}|{{ 0.0 // -3.0 }}|{{ -7.5 // 2 }}|{{ 1e300 // 1e-300 }}", "119.0|449.0|1.0|-2.0|-0.0|-0.0|-4.0|inf")]
    [InlineData("{{ 2.0 % -1 }}|{{ -0.0 % 2.0 }}|{{ 0.0 % -3.0 }}|{{ 12 % 0.1 }}|{{ 7.5 % -2 }}|{{ -1e-300 % 1e300 }}", "-0.0|0.0|-0.0|0.09999999999999934|-0.5|1e+300")]
    public void Float_floor_division_and_modulo_follow_Pythons_divmod(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ '%s' % {'a': 1} }}|{{ '%s' % messages[0] }}|{{ 'a' % {'a': 1} }}|{{ 'a' % [] }}|{{ '%s' % [1, 2] }}|{{ '%(role)s' % messages[0] }}", "{'a': 1}|{'role': 'user'}|a|a|[1, 2]|user")]
    public void Percent_formatting_takes_a_lone_dict_or_list_as_python_does(string template, string expected) =>
        Assert.Equal(expected, Render(template, "{\"messages\": [{\"role\": \"user\"}]}"));

    [Theory]
    [InlineData("{{ '%(a)s %s' % {'a': 1} }}", "not enough arguments for format string")]
    [InlineData("{{ '%s %s' % {'a': 1} }}", "not enough arguments for format string")]
    [InlineData("{{ 'a' % 'b' }}", "not all arguments converted during string formatting")]
    public void Percent_formatting_errors_as_python_does(string template, string description) =>
        Assert.Equal(description, Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render(template)).Description);

    [Fact]
    public async Task Integer_powers_with_huge_exponents_take_no_time()
    {
        Task<string> render = Task.Run(() =>
            Render("{{ 1 ** 1000000000000000000 }}|{{ (-1) ** 999999999999999999 }}|{{ 0 ** 1000000000000000000 }}|{{ 3 ** 39 }}|{{ (-2) ** 63 }}"));
        Assert.Equal("1|-1|0|4052555153018976267|-9223372036854775808",
            await render.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("{{ 0 ** -1 }}")]
    [InlineData("{{ 0.0 ** -2.5 }}")]
    public void Zero_to_a_negative_power_fails_as_in_Python(string template) =>
        Assert.Equal("0.0 cannot be raised to a negative power", Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render(template)).Description);

    [Theory]
    [InlineData("{{ 2 ** 64 }}")]
    [InlineData("{{ (-9223372036854775807 - 1) // -1 }}")]
    public void An_integer_result_that_overflows_64_bits_fails(string template) =>
        Assert.Contains("does not fit in 64 bits", Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render(template)).Message);

    [Theory]
    [InlineData("{{ '%c' % 1114112 }}")]
    [InlineData("{{ '%c' % -1 }}")]
    public void A_character_code_outside_unicode_fails_as_in_Python(string template) =>
        Assert.Equal("%c arg not in range(0x110000)", Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render(template)).Description);

    [Fact]
    public void Character_codes_format_as_their_character() => Assert.Equal("A😀", Render("{{ '%c%c' % (65, 128512) }}"));

    [Theory]
    [InlineData("{{ 'ab' * 10000000000 }}")]
    [InlineData("{{ 10000000000 * [1, 2] }}")]
    [InlineData("{{ (1, 2) * 10000000000 }}")]
    public void A_repetition_too_long_for_memory_is_a_template_error(string template) =>
        Assert.StartsWith("MemoryError", Assert.Throws<Wpo.Text.Jinja.TemplateException>(() => Render(template)).Description);

    [Fact]
    public void The_smallest_long_modulo_minus_one_is_zero() => Assert.Equal("0", Render("{{ (-9223372036854775807 - 1) % -1 }}"));
}
