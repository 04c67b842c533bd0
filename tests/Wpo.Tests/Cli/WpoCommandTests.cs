using System.CommandLine;
using Wpo.Cli.Commands;

namespace Wpo.Tests.Cli;

public sealed class WpoCommandTests
{
    static string Help(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(0, WpoCommand.Create().Parse([.. args, "--help"]).Invoke(new InvocationConfiguration { Output = output }));
        return output.ToString();
    }

    [Fact]
    public void Help_names_the_executable_wpo_not_the_assembly()
    {
        Assert.Contains("Usage:\n  wpo [command] [options]", Help().ReplaceLineEndings("\n"));
        Assert.Contains("wpo data inspect", Help("data", "inspect"));
        Assert.DoesNotContain("Wpo.Cli", Help("bench", "objective"));
    }

    [Fact]
    public void Every_subcommand_is_reachable()
    {
        string help = Help();
        foreach (string command in new[] { "demo", "inspect", "tokenize", "data", "bench" })
            Assert.Contains($"  {command} ", help);
    }
}
