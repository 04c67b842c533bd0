using System.CommandLine;
using Wpo.Cli;
using Wpo.Cli.Bench;
using Wpo.Cli.Commands;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo bench objective</c> refuses bad options at parse time with one message each, never a stack trace.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class ObjectiveBenchCommandTests
{
    static IReadOnlyList<string> ParseErrors(params string[] args) =>
        new RootCommand { ObjectiveBenchmark.Create() }.Parse(["objective", .. args]).Errors.Select(e => e.Message).ToList();

    [Theory]
    [InlineData("--vocab", "abc")]
    [InlineData("--vocab", "99999999999")]
    [InlineData("--hidden", "1.5")]
    [InlineData("--tokens", "abc")]
    [InlineData("--chunk", "x")]
    public void A_value_that_is_not_an_integer_is_one_parse_error(string option, string value)
    {
        var errors = ParseErrors(option, value);

        Assert.Equal($"Cannot parse argument '{value}' for option '{option}' as expected type 'System.Int32'.", Assert.Single(errors));
        Assert.Equal(1, CommandRunner.Run(WpoCommand.Create(), ["bench", "objective", option, value], new StringWriter()));
    }

    [Theory]
    [InlineData("--vocab", "1", "--vocab must be at least 2.")]
    [InlineData("--hidden", "0", "--hidden must be at least 1.")]
    [InlineData("--chunk", "-3", "--chunk must be at least 1.")]
    [InlineData("--tokens", "6", null)]
    [InlineData("--tokens", "7", "--tokens must be even: one chosen and one rejected row of tokens/2 each.")]
    public void Values_out_of_range_are_named(string option, string value, string? expected)
    {
        var errors = ParseErrors(option, value);

        if (expected is null) Assert.Empty(errors);
        else Assert.Equal(expected, Assert.Single(errors));
    }
}
