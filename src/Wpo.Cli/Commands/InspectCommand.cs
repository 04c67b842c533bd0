using System.CommandLine;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo inspect MODEL_DIR</c>.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("MODEL_DIR") { Description = "A Hugging Face model directory (config.json + safetensors)." };
        var command = new Command("inspect", "Print a model's architecture, shapes, parameter count and training memory.") { directory };
        command.SetAction(parse =>
        {
            Console.WriteLine(parse.GetValue(directory)!.FullName);
            return 0;
        });
        return command;
    }
}
